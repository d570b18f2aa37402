"""The coding exercise is a registered question type: an exercise file entry becomes a question
whose key the data decides, checked, described and keyed through the registry like any other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kzlesson import content
from kzlesson.exercises.files import ExerciseError, get_exercise, load_exercises
from kzlesson.paths import data_dir
from kzlesson.quizzes import answerkey, core, registry
from kzlesson.quizzes.types.exercise import as_question, structure_problems
from kzlesson.tables.load import load_table
from kzlesson.teacher.validate import validate_folder

SCHEMA = json.loads((data_dir() / "exercises" / "schema.json").read_text(encoding="utf-8"))


def _on_4_january() -> pd.DataFrame:
    events = load_table("events")
    return events[events["date"] == "2022-01-04"]


def test_it_is_registered_but_not_a_bank_type() -> None:
    assert registry.get("exercise") is not None
    assert "exercise" not in core.TYPES  # the bank's types: exercises have files of their own


def test_its_key_schema_is_the_exercise_files_check() -> None:
    key_schema = {"$defs": SCHEMA["$defs"], **registry.get("exercise").key_schema}
    for item in load_exercises().values():
        assert content.errors(key_schema, item.check) == [], item.id
    wrong = content.errors(key_schema, {"kind": "guess", "table": "events"})
    assert wrong and "guess" in wrong[0].message


def test_a_question_made_from_an_exercise_is_checked_through_the_registry() -> None:
    question = as_question(get_exercise("timeline-ex1"))
    assert question.type == "exercise" and question.id == "timeline-ex1"
    right = core.check(question, _on_4_january())
    assert right.correct is True and right.headline == "✓ Correct"
    assert "matching row" in right.message
    wrong = core.check(question, load_table("events"))
    assert wrong.correct is False and wrong.headline == "✗ Not yet"
    assert "Not asked for" in wrong.message
    odd = core.check(question, object())
    assert odd.correct is False and odd.message  # never raises, says what it wants


def test_the_key_comes_from_the_data_folder_given(data_copy: Path, edit_cell) -> None:
    """Move an event of 4 January to 5 January in a copy: the copy's key has one row fewer."""
    shutil.copytree(data_dir() / "exercises", data_copy / "exercises")
    events = load_table("events")
    row = int(events.index[events["date"] == "2022-01-04"][0]) + 1
    edit_cell(data_copy, "events.csv", row, "date", "2022-01-05")
    item = get_exercise("timeline-ex1", data_copy)
    packaged = core.check(as_question(item), _on_4_january())
    adapted = core.check(as_question(item, data_copy), _on_4_january())
    assert packaged.correct is True and adapted.correct is False
    assert "Not asked for" in adapted.message


def test_an_exercise_that_does_not_fit_the_data_is_an_authors_error(tmp_path: Path) -> None:
    item = get_exercise("timeline-ex1")
    broken = type(item)(**{**item.__dict__, "check": {**item.check, "where": {"dat": "x"}}})
    with pytest.raises(ExerciseError, match="timeline-ex1.*no column 'dat'"):
        as_question(broken)


def test_describe_and_answer_key_text() -> None:
    question = as_question(get_exercise("timeline-ex1"))
    described = core.describe_response(question, _on_4_january())
    assert described.startswith("DataFrame (") and "E0" in described
    saved = {"answer": "3", "result": "too few", "interpretation": None}
    assert core.describe_response(question, saved) == "3"  # a saved attempt shows its answer
    assert core.describe_answer(question) == get_exercise("timeline-ex1").solution
    markdown = "\n".join(answerkey._md_question(question))
    assert "(coding exercise" in markdown and "**Model solution:**" in markdown
    assert "Checked against the data" in markdown and "events" in markdown
    assert "**Then a sentence (complete only with it):**\n- In one sentence: which" in markdown
    data_skill = "\n".join(answerkey._md_question(as_question(get_exercise("timeline-ex2"))))
    assert "Then a sentence" not in data_skill


def test_a_check_field_its_kind_never_reads_is_reported(tmp_path: Path) -> None:
    item = get_exercise("timeline-ex1")  # kind frame
    leftover = type(item)(**{**item.__dict__, "check": {**item.check, "column": "place_id"}})
    assert structure_problems([item]) == []
    (problem,) = structure_problems([leftover])
    assert "timeline-ex1" in problem and "check.column" in problem and "'set'" in problem
    folder = Path(shutil.copytree(data_dir(), tmp_path / "data"))
    path = folder / "exercises" / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    assert "kind: frame" in text
    path.write_text(
        text.replace("    kind: frame\n", "    kind: frame\n    field: date\n", 1), encoding="utf-8"
    )
    report = validate_folder(folder)
    assert any("check.field is read only by kind 'value'" in p for p in report.problems), (
        report.problems
    )
