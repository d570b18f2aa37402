"""The fast check (fastjsonschema) and the full check (jsonschema) agree on every file.

kzlesson checks the quiz bank and exercise files with fastjsonschema first and only imports
jsonschema to explain a failure. If the two ever disagreed, a bad file could slip through or a
good file could be reported with no reason, so these tests mutate every shipped entry in many
ways and require the same verdict from both.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kzlesson import content as jsoncheck
from kzlesson.paths import resolve_dir

DATA = resolve_dir(None)


def _schema(folder: str) -> dict[str, Any]:
    return json.loads((DATA / folder / "schema.json").read_text(encoding="utf-8"))


def _full_verdict(schema: dict[str, Any], instance: Any) -> bool:
    return not list(jsonschema.Draft202012Validator(schema).iter_errors(instance))


def _mutations(entry: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Broken (and a few harmless) variants of one entry, each with a name."""
    for field in list(entry):
        dropped = copy.deepcopy(entry)
        del dropped[field]
        yield f"without {field}", dropped
        for bad in (None, 7, "", [], {}, "x" * 3):
            changed = copy.deepcopy(entry)
            changed[field] = bad
            yield f"{field}={bad!r}", changed
    extra = copy.deepcopy(entry)
    extra["unexpected_field"] = "?"
    yield "extra field", extra
    yield "not a mapping", [entry]


def _quiz_cases() -> Iterator[tuple[str, dict[str, Any], Any]]:
    schema = _schema("quizzes")
    for path in sorted((DATA / "quizzes").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield f"{path.name} as shipped", schema, doc
        for question in doc["questions"][:3]:
            for name, variant in _mutations(question):
                broken = copy.deepcopy(doc)
                broken["questions"][0] = variant
                yield f"{path.name} {question['id']} {name}", schema, broken


def _exercise_cases() -> Iterator[tuple[str, dict[str, Any], Any]]:
    schema = _schema("exercises")
    for path in sorted((DATA / "exercises").glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield f"{path.name} as shipped", schema, entries
        for entry in entries:
            for name, variant in _mutations(entry):
                yield f"{path.name} {entry['id']} {name}", schema, [variant]
            for name, variant in _mutations(entry["check"]):
                changed = copy.deepcopy(entry)
                changed["check"] = variant
                yield f"{path.name} {entry['id']} check {name}", schema, [changed]


CASES: list[tuple[str, Callable[[], Iterator[tuple[str, dict[str, Any], Any]]]]] = [
    ("quizzes", _quiz_cases),
    ("exercises", _exercise_cases),
]


@pytest.mark.parametrize(("kind", "cases"), CASES, ids=[c[0] for c in CASES])
def test_fast_and_full_checks_agree(kind: str, cases: Callable[..., Any]) -> None:
    seen = rejected = 0
    disagreements = []
    for name, schema, instance in cases():
        seen += 1
        fast = jsoncheck.is_valid(schema, instance)
        full = _full_verdict(schema, instance)
        rejected += not full
        if fast != full:
            disagreements.append(f"{name}: fast={fast} full={full}")
    assert not disagreements, "\n".join(disagreements[:20])
    # the mutations must really exercise the failure path, not only valid files
    assert rejected > seen // 2, f"{kind}: only {rejected} of {seen} variants were invalid"


def test_shipped_files_have_no_errors() -> None:
    for folder in ("quizzes", "exercises"):
        schema = _schema(folder)
        for path in sorted((DATA / folder).glob("*.yaml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert jsoncheck.errors(schema, doc) == [], path.name


def test_errors_lists_every_problem_with_its_path() -> None:
    schema = _schema("exercises")
    entries = yaml.safe_load((DATA / "exercises" / "timeline.yaml").read_text(encoding="utf-8"))
    broken = copy.deepcopy(entries[0])
    del broken["prompt"]
    broken["notebook"] = 12
    found = jsoncheck.errors(schema, [broken])
    messages = " | ".join(e.message for e in found)
    assert "'prompt' is a required property" in messages
    assert any(list(e.absolute_path) == [0, "notebook"] for e in found), messages


def test_a_valid_file_does_not_import_jsonschema(tmp_path: Path) -> None:
    """The whole point of the fast path: loading good files stays cheap in a fresh kernel."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kzlesson.quizzes.bank import load_bank\n"
        "from kzlesson.exercises.prompt import load_exercises\n"
        "load_bank(); load_exercises()\n"
        "print('jsonschema' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False", out.stderr


# --- the shared reader and error of content files ------------------------------------------


def test_read_yaml_gives_data_and_lines(tmp_path: Path) -> None:
    path = tmp_path / "start.yaml"
    path.write_text("notebook: start\nquestions:\n  - id: start-01\n", encoding="utf-8")
    parsed = jsoncheck.read_yaml(path, with_lines=True)
    assert parsed.data == {"notebook": "start", "questions": [{"id": "start-01"}]}
    assert parsed.node.value[1][1].start_mark.line + 1 == 3  # the questions list
    assert jsoncheck.read_yaml(path).node is None


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [("a: [unclosed\nb: 1\n", "yaml", 2), (b"\xff\xfe bad", "read", None)],
)
def test_read_yaml_refuses_with_a_reason(
    tmp_path: Path, text: str | bytes, kind: str, line: int | None
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(jsoncheck.UnreadableFile) as caught:
        jsoncheck.read_yaml(path)
    assert (caught.value.kind, caught.value.line) == (kind, line)
    assert caught.value.reason


def test_bank_and_exercise_errors_are_one_class() -> None:
    from kzlesson.exercises.files import ExerciseError
    from kzlesson.quizzes.bank import BankError

    bank = BankError([f"p{n}" for n in range(30)], {"places": "places did not load"})
    assert isinstance(bank, jsoncheck.ContentProblems) and isinstance(bank, ValueError)
    assert str(bank).splitlines()[0] == "31 problem(s) in the question bank:"
    assert "... and 6 more" in str(bank) and bank.bank_problems[-1] == "p29"
    one = ExerciseError("start.yaml: not valid YAML")
    assert isinstance(one, jsoncheck.ContentProblems) and str(one) == "start.yaml: not valid YAML"
    two = ExerciseError(["a", "b"])
    assert str(two) == "2 problem(s) in the exercises:\n  - a\n  - b"
