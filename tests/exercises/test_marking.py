"""Marking a pandas answer (kzlesson/exercises/marking.py): every kind, the mistakes students
make told in words, dates read like every other day, the key taken from the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kzlesson.exercises import prompt as ex
from kzlesson.tables.load import load_table

EXERCISES = ex.load_exercises()


def _engine_yaml(folder: Path) -> str:
    """The exercise file of the engine_dir fixture (tests/exercises/conftest.py)."""
    return (folder / "exercises" / "start.yaml").read_text(encoding="utf-8")


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
    # same count, wrong rows: say so, so the student does not think they are nearly right
    assert f"the right number of rows ({len(rows)}), but not the right ones" in result.message
    fewer = ex.check("start-ex1", rows.iloc[1:], directory=engine_dir)
    assert f"Your table has {len(rows) - 1} row(s); the answer has {len(rows)}." in fewer.message
    assert rows.iloc[0]["id"] not in result.message  # the answer is not given away
    extra = other.iloc[0]
    # an extra event is named as a student reads it: its date and first words, never its id
    assert "Not asked for: 5 January 2022 (" in result.message
    assert " ".join(str(extra["summary"]).split()[:3]) in result.message
    assert extra["id"] not in result.message
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
  skill: data-skill
  prompt: On which day did event E025 happen?
  hint: Look at the `date` column of row E025.
  solution: events.loc[events["id"] == "E025", "date"]
  check: {kind: value, table: events, id: E025, field: date}
"""


def test_value_dates_are_read_like_every_other_day(engine_dir: Path) -> None:
    """A date answer is read by kzlesson.reading.parse_day: day first with dots or slashes."""
    path = engine_dir / "exercises" / "start.yaml"
    path.write_text(_engine_yaml(engine_dir) + DATE_EXERCISE, encoding="utf-8")
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


@pytest.mark.parametrize("text", ["2022/01/05", "20220105", "2022-01-05 10:00"])
def test_year_first_date_answers_are_read_as_written(text: str) -> None:
    """parse_day refuses these (not forms a student is told to use), but a year first is
    unambiguous, so the marking reads them rather than comparing the text."""
    from kzlesson.exercises.marking import _normal

    assert _normal(text, "date") == pd.Timestamp("2022-01-05")
    assert _normal(20220105, "date") != pd.Timestamp("2022-01-05")  # a bare number is not
