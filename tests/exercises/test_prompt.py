"""The pandas exercises: every model solution passes, wrong answers fail with the hint,
odd answers never raise, and broken exercise files give clear errors."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.exercises import prompt as ex
from kzlesson.quizzes.core import Feedback
from kzlesson.tables.load import TABLES, load_table

EXERCISES = ex.load_exercises()
NOTEBOOK_KEYS = ("start", "context", "timeline", "grievances", "debate", "aftermath")


def _tables() -> dict[str, pd.DataFrame]:
    """Every table under the name the notebooks use (events, claims, ...)."""
    return {name: load_table(name) for name in TABLES}


def _solve(item: ex.Exercise) -> object:
    """Evaluate an exercise's model solution with the loaded tables as variables."""
    return eval(item.solution, {"pd": pd, "kz": kz}, _tables())  # noqa: S307 - our own data


def test_there_are_exercises_for_my_notebooks() -> None:
    for key in ("start", "context", "timeline"):
        assert any(item.notebook == key for item in EXERCISES.values()), key


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_model_solution_passes(exercise_id: str) -> None:
    result = kz.exercise(exercise_id, _solve(EXERCISES[exercise_id]))
    assert result.ok, result.message
    assert "✓" in str(result)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_wrong_answers_fail_with_the_hint(exercise_id: str) -> None:
    item = EXERCISES[exercise_id]
    table = load_table(item.check["table"])
    wrong = {
        "empty frame": table.iloc[0:0],
        "full table": table,
        "None": None,
        "a string": "I don't know",
    }
    for label, answer in wrong.items():
        result = kz.exercise(exercise_id, answer)
        assert not result.ok, f"{exercise_id}: {label} passed"
        assert item.hint in str(result), label
        assert "✗" in str(result)
        assert result.message.strip(), label


def test_prompt_without_answer() -> None:
    exercise_id = sorted(EXERCISES)[0]
    prompt = kz.exercise(exercise_id)
    assert EXERCISES[exercise_id].prompt in str(prompt)
    assert f'kz.exercise("{exercise_id}", answer)' in str(prompt)
    assert "kz-exercise" in prompt._repr_html_()
    assert "<" not in str(prompt)


def test_unknown_exercise_id_suggests_close_ids() -> None:
    exercise_id = sorted(EXERCISES)[0]
    assert kz.exercise(f" {exercise_id.upper()} ").exercise.id == exercise_id
    typo = exercise_id.replace("-ex", "-x")
    with pytest.raises(KeyError) as info:
        kz.exercise(typo)
    assert repr(exercise_id) in str(info.value)


def test_ids_match_file_and_notebook() -> None:
    for exercise_id, item in EXERCISES.items():
        key = Path(item.file).stem
        assert key in NOTEBOOK_KEYS
        assert item.notebook == key and exercise_id.startswith(f"{key}-ex")


# --------------------------------------------------------------------- the engine itself

ODD_ANSWERS = [
    None,
    "",
    "events",
    0,
    -1,
    float("nan"),
    [],
    [1, 2, 3],
    {"a": 1},
    object(),
    (x for x in range(3)),
    pd.DataFrame(),
    pd.DataFrame({"dat": [1, 2]}),
    pd.DataFrame([[1, 2]], columns=["id", "id"]),
    pd.Series([], dtype="string"),
    pd.Series([True, False]),
    pd.NA,
    pd.Timestamp("2022-01-04"),
    Path("."),
]


@pytest.mark.parametrize("exercise_id", ["start-ex1", "start-ex2", "start-ex3", "start-ex4"])
def test_odd_answers_never_raise(engine_dir: Path, exercise_id: str) -> None:
    for answer in ODD_ANSWERS:
        result = ex.check(exercise_id, answer, directory=engine_dir)
        assert isinstance(result, ex.ExerciseResult)
        assert not result.ok, (exercise_id, answer)
        assert result.message and result.hint in str(result)


def test_feedback_html_is_escaped_and_labelled() -> None:
    result = ex.ExerciseResult("x-ex1", Feedback(False, "<b>bad</b> & worse"), "use `len(<table>)`")
    page = result._repr_html_()
    assert 'class="kz-exercise-feedback' in page
    assert "<b>bad</b>" not in page and html.escape("<b>bad</b>") in page
    assert "✗" in page and "Not yet" in page
    assert "<code>len(&lt;table&gt;)</code>" in page
    good = ex.ExerciseResult("x-ex1", Feedback(True, "fine"), "hint text")
    assert "✓" in good._repr_html_() and "hint text" not in str(good)
    assert repr(good) == str(good) and "<" not in str(good)


def test_more_than_one_answer_is_feedback_not_an_error() -> None:
    exercise_id = sorted(EXERCISES)[0]
    result = kz.exercise(exercise_id, 1, 2)
    assert not result.ok and "one answer" in result.message


# --------------------------------------------------------------------- broken exercise files


def test_task_names_the_skill_practised() -> None:
    task = kz.exercise("start-ex1")
    assert "(skill: sourcing)" in str(task)
    assert "<small>(skill: sourcing)</small>" in task._repr_html_()


def test_voila_page_does_not_mark_an_uneditable_answer(monkeypatch) -> None:
    """Issue 12: on a Voila page (no code cells) a wrong starting answer is not a permanent
    '✗ Not yet' and the prompt does not ask for cells that do not exist."""
    import kzlesson as kz

    wrong = kz.load_paragraphs()
    assert "✗ Not yet" in kz.exercise("start-ex1", wrong).text()
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")
    result = kz.exercise("start-ex1", wrong)
    assert "✗" not in result.text() and "JupyterLab" in result.text()
    assert "Not yet" not in result._repr_html_() and "Hint" not in result._repr_html_()
    assert "answer = " not in str(kz.exercise("start-ex1"))


def test_every_exercise_interprets_or_is_labelled_a_data_skill() -> None:
    """An exercise named after a history skill asks for a one-sentence interpretation."""
    from kzlesson.exercises.files import load_exercises

    exercises = load_exercises()
    assert len(exercises) >= 10
    for item in exercises.values():
        assert item.skill == "data-skill" or len(item.interpret) >= 20, item.id


def test_interpret_prompt_follows_a_correct_answer() -> None:
    item = ex.get_exercise("timeline-ex3")
    events = kz.load_events()
    result = ex.check("timeline-ex3", events[events["date"] == "2022-01-05"]["place_id"])
    assert result.ok and item.interpret in result.message
    wrong = ex.check("timeline-ex3", events[events["date"] == "2022-01-04"]["place_id"])
    assert not wrong.ok and item.interpret not in wrong.message
