"""The pandas exercises: every model solution passes, wrong answers fail with the hint,
odd answers never raise, and broken exercise files give clear errors."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.exercises import prompt as ex
from kzlesson.exercises.expected import data_problems, expected
from kzlesson.paths import data_dir
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
def test_exercise_is_not_trivial(exercise_id: str) -> None:
    """The filter selects some rows, but not the whole table (else wrong answers pass)."""
    exp = expected(EXERCISES[exercise_id])
    assert 0 < len(exp.rows) < len(exp.table), exercise_id


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

ENGINE_YAML = """
- id: start-ex1
  notebook: start
  skill: contextualisation
  prompt: Keep the events of 4 January 2022.
  hint: Compare the `date` column with "2022-01-04".
  solution: events[events["date"] == "2022-01-04"]
  check: {kind: frame, table: events, where: {date: "2022-01-04"}}
- id: start-ex2
  notebook: start
  skill: contextualisation
  prompt: How many events of 4 January 2022 are there?
  hint: Use len(...) on the filtered table.
  solution: len(events[events["date"] == "2022-01-04"])
  check: {kind: count, table: events, where: {date: 2022-01-04}}
- id: start-ex3
  notebook: start
  skill: contextualisation
  prompt: Which places had events on 4 or 5 January 2022?
  hint: Filter the dates, then take the `place_id` column.
  solution: set(events[events["date"].isin(pd.to_datetime(DAYS))]["place_id"])
  check: {kind: set, table: events, column: place_id, where: {date: ["2022-01-04", "2022-01-05"]}}
- id: start-ex4
  notebook: start
  skill: contextualisation
  prompt: What number does the article give for figure F03?
  hint: Look at the `article_value` column of row F03.
  solution: figures.loc[figures["id"] == "F03", "article_value"]
  check: {kind: value, table: figures, id: F03, field: article_value}
- id: start-ex5
  notebook: start
  skill: contextualisation
  prompt: Which glossary rows mention paragraph P24?
  hint: Look at `paragraph_ids`.
  solution: 'glossary[glossary["paragraph_ids"].map(lambda ids: "P24" in ids)]'
  check: {kind: frame, table: glossary, where: {paragraph_ids: P24}}
"""


@pytest.fixture
def engine_dir(data_copy: Path) -> Path:
    """A data copy with our own exercise file covering every kind."""
    folder = data_copy / "exercises"
    folder.mkdir()
    shutil.copyfile(data_dir() / "exercises" / "schema.json", folder / "schema.json")
    (folder / "start.yaml").write_text(ENGINE_YAML, encoding="utf-8")
    return data_copy


def _on_day(events: pd.DataFrame, *days: str) -> pd.DataFrame:
    return events[events["date"].isin(pd.to_datetime(list(days)))]


def test_frame_compares_rows_not_columns(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    rows = _on_day(events, "2022-01-04")
    assert len(rows) > 1
    good = [
        rows,
        rows[["id", "summary"]],
        rows[["summary"]],  # no id column: rows recognised by their index
        rows["id"],
        list(rows["id"]),
        rows.set_index("id"),
        rows.sort_values("place_id"),
    ]
    for answer in good:
        result = ex.check("start-ex1", answer, directory=engine_dir)
        assert result.ok, result.message


def test_frame_feedback_counts_missing_rows_and_names_extra_ones(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    rows = _on_day(events, "2022-01-04")
    other = _on_day(events, "2022-01-05")
    answer = pd.concat([rows.iloc[1:], other.iloc[:1]])
    result = ex.check("start-ex1", answer, directory=engine_dir)
    assert not result.ok
    assert "1 matching row is missing." in result.message
    assert rows.iloc[0]["id"] not in result.message  # the answer is not given away
    assert f"Not asked for: {other.iloc[0]['id']}" in result.message
    assert result.hint in str(result)


def test_frame_explains_common_mistakes(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    mask = events["date"] == "2022-01-04"
    assert "True/False" in ex.check("start-ex1", mask, directory=engine_dir).message
    claims = load_table("claims", engine_dir)
    assert "not from the 'events' table" in ex.check("start-ex1", claims, engine_dir).message
    doubled = pd.concat([events[mask], events[mask]])
    assert "more than once" in ex.check("start-ex1", doubled, directory=engine_dir).message
    assert "None" in ex.check("start-ex1", None, directory=engine_dir).message


def test_renumbered_rows_without_ids_are_not_misread(engine_dir: Path) -> None:
    """After reset_index the index no longer points at the table's rows: the answer must not
    be marked (or named) by the wrong rows, but told to keep the id column."""
    events = load_table("events", engine_dir)
    rows = _on_day(events, "2022-01-04")
    assert rows.index[0] != 0  # so a renumbered index points at other events
    renumbered = rows.reset_index(drop=True).drop(columns="id")
    result = ex.check("start-ex1", renumbered, directory=engine_dir)
    assert not result.ok
    assert "reset_index" in result.message and "Keep the 'id' column" in result.message
    assert "Not asked for" not in result.message
    # the same for one column of the renumbered rows
    column = ex.check("start-ex1", rows.reset_index(drop=True)["summary"], directory=engine_dir)
    assert not column.ok and "reset_index" in column.message
    assert "Not asked for" not in column.message
    # the same rows, renumbered but with their ids, are right; one column unrenumbered too
    assert ex.check("start-ex1", rows.reset_index(drop=True), directory=engine_dir).ok
    assert ex.check("start-ex1", rows["summary"], directory=engine_dir).ok


def test_set_answer_given_as_a_whole_row_is_told_to_take_the_column(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    row = _on_day(events, "2022-01-04").iloc[0]
    result = ex.check("start-ex3", row, directory=engine_dir)
    assert not result.ok
    assert "whole row" in result.message and "'place_id'" in result.message
    assert str(row["summary"]) not in result.message


def test_list_column_filter_means_contains(engine_dir: Path) -> None:
    glossary = load_table("glossary", engine_dir)
    has = glossary[glossary["paragraph_ids"].map(lambda ids: "P24" in ids)]
    assert 0 < len(has) < len(glossary)
    assert ex.check("start-ex5", has, directory=engine_dir).ok
    assert not ex.check("start-ex5", glossary, directory=engine_dir).ok


def test_count(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    count = len(_on_day(events, "2022-01-04"))
    assert ex.check("start-ex2", count, directory=engine_dir).ok
    assert ex.check("start-ex2", float(count), directory=engine_dir).ok
    assert "too many" in ex.check("start-ex2", count + 1, directory=engine_dir).message
    assert "too few" in ex.check("start-ex2", count - 1, directory=engine_dir).message
    assert "len(" in ex.check("start-ex2", events, directory=engine_dir).message
    assert not ex.check("start-ex2", True, directory=engine_dir).ok
    assert not ex.check("start-ex2", str(count), directory=engine_dir).ok


def test_set(engine_dir: Path) -> None:
    events = load_table("events", engine_dir)
    rows = _on_day(events, "2022-01-04", "2022-01-05")
    places = rows["place_id"].dropna()
    assert ex.check("start-ex3", list(places), directory=engine_dir).ok
    assert ex.check("start-ex3", places, directory=engine_dir).ok
    assert ex.check("start-ex3", rows, directory=engine_dir).ok  # a table: its column is used
    assert ex.check("start-ex3", places.unique(), directory=engine_dir).ok
    assert ex.check("start-ex3", [p.upper() for p in places], directory=engine_dir).ok
    result = ex.check("start-ex3", list(places) + ["istanbul-x"], directory=engine_dir)
    assert not result.ok and "istanbul-x" in result.message
    result = ex.check("start-ex3", list(places) + ["Istanbul-X"], directory=engine_dir)
    assert "Not asked for: Istanbul-X." in result.message  # shown as the student wrote it
    assert not ex.check("start-ex3", "almaty", directory=engine_dir).ok


def test_value_numbers_within_one_percent(engine_dir: Path) -> None:
    figures = load_table("figures", engine_dir).set_index("id")
    value = float(figures.loc["F03", "article_value"])
    assert ex.check("start-ex4", value, directory=engine_dir).ok
    assert ex.check("start-ex4", value * 1.005, directory=engine_dir).ok
    assert not ex.check("start-ex4", value * 1.05 + 1, directory=engine_dir).ok
    assert ex.check("start-ex4", [value], directory=engine_dir).ok
    assert not ex.check("start-ex4", "many", directory=engine_dir).ok


DATE_EXERCISE = """- id: start-ex6
  notebook: start
  skill: contextualisation
  prompt: On which day did event E025 happen?
  hint: Look at the `date` column of row E025.
  solution: events.loc[events["id"] == "E025", "date"]
  check: {kind: value, table: events, id: E025, field: date}
"""


def test_value_dates_are_read_like_every_other_day(engine_dir: Path) -> None:
    """A date answer is read by kzlesson.reading.parse_day: day first with dots or slashes."""
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(ENGINE_YAML + DATE_EXERCISE, encoding="utf-8")
    day = load_table("events", engine_dir).set_index("id").loc["E025", "date"]
    assert day == pd.Timestamp("2022-01-05")
    for answer in (day, "2022-01-05", "05.01.2022", "5/1/2022", "5 Jan", day.date()):
        assert ex.check("start-ex6", answer, directory=engine_dir).ok, answer
    for answer in ("01.05.2022", "2022-05-01", "Wednesday", "2022", 20220105):
        assert not ex.check("start-ex6", answer, directory=engine_dir).ok, answer


def test_expectation_comes_from_the_data(engine_dir: Path, edit_cell) -> None:
    """Move one 4 January event to another day: the old answer must now fail."""
    events = load_table("events", engine_dir)
    before = _on_day(events, "2022-01-04")
    row = int(before.index[0]) + 1
    edit_cell(engine_dir, "events.csv", row, "date", "2022-01-03")
    assert not ex.check("start-ex1", before, directory=engine_dir).ok
    after = _on_day(load_table("events", engine_dir), "2022-01-04")
    assert ex.check("start-ex1", after, directory=engine_dir).ok


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

GOOD_ENTRY = """- id: timeline-ex1
  notebook: timeline
  skill: contextualisation
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


def test_data_problems_lists_every_exercise_and_skips_unloaded_tables(engine_dir: Path) -> None:
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(ENGINE_YAML.replace("where: {date: 2022-01-04}", "where: {dat: x}"), "utf-8")
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
    path.write_text(ENGINE_YAML.replace(change, wrong), "utf-8")
    problems, _ = data_problems(ex.load_exercises(engine_dir).values(), engine_dir)
    assert len(problems) == 1, problems
    assert named in problems[0] and "matches no rows" in problems[0]
    assert suggested in problems[0].split("in that column:")[1]


def test_every_packaged_exercise_filter_matches_rows() -> None:
    problems, skipped = data_problems(ex.load_exercises().values())
    assert problems == [] and skipped == set()


def test_unknown_column_is_an_author_error(engine_dir: Path) -> None:
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(ENGINE_YAML.replace("where: {date: 2022-01-04}", "where: {dat: x}"), "utf-8")
    with pytest.raises(ex.ExerciseError, match="start-ex2.*no column 'dat'"):
        ex.check("start-ex2", 3, directory=engine_dir)


def test_task_names_the_skill_practised() -> None:
    task = kz.exercise("start-ex1")
    assert "(skill: sourcing)" in str(task)
    assert "<small>(skill: sourcing)</small>" in task._repr_html_()


@pytest.mark.parametrize("text", ["2022/01/05", "20220105", "2022-01-05 10:00"])
def test_year_first_date_answers_are_read_as_written(text: str) -> None:
    """parse_day refuses these (not forms a student is told to use), but a year first is
    unambiguous, so the marking reads them rather than comparing the text."""
    from kzlesson.exercises.marking import _normal

    assert _normal(text, "date") == pd.Timestamp("2022-01-05")
    assert _normal(20220105, "date") != pd.Timestamp("2022-01-05")  # a bare number is not


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
