"""The exercise files (kzlesson/exercises/files.py): a broken file names file, exercise and
field; every problem of every file is listed; good entries survive a broken neighbour."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzlesson.exercises import prompt as ex

EXERCISES = ex.load_exercises()


def _engine_yaml(folder: Path) -> str:
    """The exercise file of the engine_dir fixture (tests/exercises/conftest.py)."""
    return (folder / "exercises" / "start.yaml").read_text(encoding="utf-8")


GOOD_ENTRY = """- id: timeline-ex1
  notebook: timeline
  skill: data-skill
  prompt: Keep the events of 4 January 2022.
  hint: Compare the date column.
  solution: events[events["date"] == "2022-01-04"]
  check: {kind: frame, table: events, where: {date: "2022-01-04"}}
"""


def _broken(tmp_path: Path, text: str, name: str = "timeline.yaml") -> str:
    """Load a folder holding one exercise file; return the error message."""
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(ex.ExerciseError) as info:
        ex.load_exercises(tmp_path)
    return str(info.value)


def test_good_file_loads(tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "timeline.yaml").write_text(GOOD_ENTRY, encoding="utf-8")
    assert list(ex.load_exercises(tmp_path)) == ["timeline-ex1"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("kind: frame", "kind: frames"), ["check.kind", "'frames'"]),
        (("  hint: Compare the date column.\n", ""), ["'hint' is a required property"]),
        (("table: events", "table: event"), ["check.table"]),
        (("check: {", "check: {colour: red, "), ["check", "colour"]),
        (("kind: frame", "kind: value"), ["'id' is a required property"]),
        (("notebook: timeline", "notebook: debate"), ["must match the file name"]),
        (("id: timeline-ex1", "id: timeline-1"), ["field id", "does not match"]),
    ],
)
def test_schema_errors_name_file_exercise_and_field(
    tmp_path: Path, change: tuple[str, str], words: list[str]
) -> None:
    message = _broken(tmp_path, GOOD_ENTRY.replace(*change))
    assert "timeline.yaml" in message
    assert "exercise timeline-" in message
    for word in words:
        assert word in message


def test_duplicate_ids_and_bad_yaml(tmp_path: Path) -> None:
    assert "used twice" in _broken(tmp_path, GOOD_ENTRY + GOOD_ENTRY)
    assert "not valid YAML" in _broken(tmp_path, "- id: [unclosed\n", name="context.yaml")


def test_file_must_hold_a_list(tmp_path: Path) -> None:
    assert "expected a list" in _broken(tmp_path, "id: timeline-ex1\n")


def test_every_broken_entry_of_every_file_is_listed(tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    folder.mkdir()
    second = GOOD_ENTRY.replace("timeline-ex1", "timeline-ex2")
    broken_kind = GOOD_ENTRY.replace("kind: frame", "kind: frames")
    no_hint = second.replace("  hint: Compare the date column.\n", "")
    (folder / "timeline.yaml").write_text(broken_kind + no_hint, encoding="utf-8")
    (folder / "context.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ex.ExerciseError) as info:
        ex.load_exercises(tmp_path)
    problems = info.value.problems
    assert len(problems) == 3, problems
    assert "context.yaml" in problems[0] and "not valid YAML" in problems[0]
    assert "exercise timeline-ex1 (entry 1)" in problems[1] and "'frames'" in problems[1]
    assert "exercise timeline-ex2 (entry 2)" in problems[2] and "'hint'" in problems[2]
    assert str(info.value).startswith("3 problem(s) in the exercises:")
    good, found = ex.read_exercises(tmp_path)
    assert good == {} and found == problems


def test_good_entries_survive_a_broken_neighbour(tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    folder.mkdir()
    broken = GOOD_ENTRY.replace("timeline-ex1", "timeline-ex2").replace("kind: frame", "kind: x")
    (folder / "timeline.yaml").write_text(GOOD_ENTRY + broken, encoding="utf-8")
    good, problems = ex.read_exercises(tmp_path)
    assert list(good) == ["timeline-ex1"]
    assert len(problems) == 1 and "timeline-ex2" in problems[0]
