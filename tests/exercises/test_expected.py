"""The expected answer computed from the data (kzlesson/exercises/expected.py), and the data
problems kzlesson validate reports for exercises."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzlesson.exercises import prompt as ex
from kzlesson.exercises.expected import data_problems, expected

EXERCISES = ex.load_exercises()


def _engine_yaml(folder: Path) -> str:
    """The exercise file of the engine_dir fixture (tests/exercises/conftest.py)."""
    return (folder / "exercises" / "start.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_is_not_trivial(exercise_id: str) -> None:
    """The filter selects some rows, but not the whole table (else wrong answers pass)."""
    exp = expected(EXERCISES[exercise_id])
    assert 0 < len(exp.rows) < len(exp.table), exercise_id


def test_data_problems_lists_every_exercise_and_skips_unloaded_tables(engine_dir: Path) -> None:
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(
        _engine_yaml(engine_dir).replace("where: {date: 2022-01-04}", "where: {dat: x}"), "utf-8"
    )
    items = ex.load_exercises(engine_dir).values()
    problems, skipped = data_problems(items, engine_dir)
    assert skipped == set()
    assert len(problems) == 1 and "no column 'dat'" in problems[0]
    tables = {item.check["table"] for item in items}
    problems, skipped = data_problems(items, engine_dir, unloaded=tables)
    assert problems == [] and skipped == tables


@pytest.mark.parametrize(
    ("change", "named", "suggested"),
    [
        # a mistyped year leaves no events: the nearest dates in the column are offered
        ('where: {date: "2022-01-04"}}', "start-ex1: filter date: '2012-01-04'", "'2011-12-16'"),
        # a paragraph id no glossary row cites: the closest ids are offered
        ("where: {paragraph_ids: P24}}", "start-ex5: filter paragraph_ids: 'P42'", "'P4'"),
    ],
)
def test_a_filter_that_matches_nothing_is_a_data_problem(
    engine_dir: Path, change: str, named: str, suggested: str
) -> None:
    """A misspelt filter value would make every expected answer empty (and an empty answer
    'correct'), so validate names the filter and what the column holds instead."""
    wrong = change.replace("2022-01-04", "2012-01-04").replace("P24", "P42")
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(_engine_yaml(engine_dir).replace(change, wrong), "utf-8")
    problems, _ = data_problems(ex.load_exercises(engine_dir).values(), engine_dir)
    assert len(problems) == 1, problems
    assert named in problems[0] and "matches no rows" in problems[0]
    assert suggested in problems[0].split("in that column:")[1]


def test_every_packaged_exercise_filter_matches_rows() -> None:
    problems, skipped = data_problems(ex.load_exercises().values())
    assert problems == [] and skipped == set()


def test_unknown_column_is_an_author_error(engine_dir: Path) -> None:
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(
        _engine_yaml(engine_dir).replace("where: {date: 2022-01-04}", "where: {dat: x}"), "utf-8"
    )
    with pytest.raises(ex.ExerciseError, match="start-ex2.*no column 'dat'"):
        ex.check("start-ex2", 3, directory=engine_dir)
