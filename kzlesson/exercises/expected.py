"""The answer an exercise expects, computed from the data when it is checked (never typed in):
the rows of ``kz.load_<table>()`` that match the exercise's ``where`` filters, and for a
``value`` exercise the one cell asked for. :func:`data_problems` tries this for every exercise,
which finds what a file's schema cannot (a column the table does not have, a missing row, a
filter that matches nothing).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..tables.load import DataError, load_descriptor, load_table
from .files import Exercise, ExerciseError


def _field_types(table: str, directory: str | Path | None) -> tuple[dict[str, str], str]:
    """The table's field types (name -> Table Schema type) and its primary key column."""
    descriptor = load_descriptor(directory)
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    types = {spec["name"]: spec.get("type", "string") for spec in resource["schema"]["fields"]}
    key = resource["schema"].get("primaryKey", "id")
    return types, key[0] if isinstance(key, list) else key


def _mask(column: pd.Series, kind: str, wanted: Any) -> pd.Series:
    """Rows of ``column`` equal to ``wanted`` (one of, for a list; contains, for list cells)."""
    options = wanted if isinstance(wanted, list) else [wanted]
    if kind == "list":
        texts = {str(option) for option in options}
        return column.map(lambda cell: bool(texts.intersection(cell or ()))).astype(bool)
    if kind == "date":
        options = [pd.Timestamp(option) for option in options]
    return column.isin(options).fillna(False).astype(bool)


@dataclass
class Expected:
    """What a correct answer is, computed from the data."""

    rows: pd.DataFrame
    table: pd.DataFrame
    key: str
    types: dict[str, str]
    value: Any = None


def expected(item: Exercise, directory: str | Path | None = None) -> Expected:
    """Compute the expected answer of an exercise from the data (ExerciseError if miswritten)."""
    check = item.check
    table = load_table(check["table"], directory)
    types, key = _field_types(check["table"], directory)
    where = check.get("where", {}) or {}
    named = [check.get("column")] if check["kind"] == "set" else []
    named += [check.get("field")] if check["kind"] == "value" else []
    unknown = [name for name in list(where) + named if name not in types]
    if unknown:
        raise ExerciseError(
            f"{item.file}, exercise {item.id}: table {check['table']!r} has no column "
            f"{', '.join(map(repr, unknown))}; columns: {', '.join(types)}"
        )
    rows = table
    failed = []
    for name, wanted in where.items():
        try:
            rows = rows[_mask(rows[name], types[name], wanted)]
        except (ValueError, TypeError) as err:
            failed.append(
                f"{item.file}, exercise {item.id}: cannot filter {name!r} by {wanted!r}: {err}"
            )
    if failed:
        raise ExerciseError(failed)
    result = Expected(rows=rows, table=table, key=key, types=types)
    if check["kind"] == "value":
        match = rows[rows[key].astype("string") == check["id"]]
        if len(match) != 1:
            raise ExerciseError(
                f"{item.file}, exercise {item.id}: no single row {check['id']!r} in table "
                f"{check['table']!r} (after the 'where' filters)"
            )
        result.value = match.iloc[0][check["field"]]
    return result


def data_problems(
    exercises: Iterable[Exercise],
    directory: str | Path | None = None,
    unloaded: Iterable[str] = (),
) -> tuple[list[str], set[str]]:
    """Compute every exercise's expected answer from the data: (problems, tables skipped).

    This finds what a file's schema cannot: a column the table does not have, a filter that
    cannot be applied, a ``value`` exercise whose row does not exist, filters that match no row
    (every answer would then be empty). An exercise on a table
    named in ``unloaded`` (one that does not load) is not checked; the tables skipped that way
    are returned so the caller can say so.
    """
    skip = set(unloaded)
    problems: list[str] = []
    skipped: set[str] = set()
    for item in exercises:
        table = item.check["table"]
        if table in skip:
            skipped.add(table)
            continue
        try:
            found = expected(item, directory)
        except ExerciseError as err:
            problems += err.problems
            continue
        except DataError:
            skipped.add(table)
            continue
        if found.rows.empty and item.check["kind"] != "value":
            problems.append(_matches_nothing(item, found))
    return problems, skipped


def _matches_nothing(item: Exercise, found: Expected) -> str:
    """Say which filter leaves no rows (a misspelt value is the usual cause) and what the
    column holds, so a teacher adapting an exercise sees what to write instead."""
    where = item.check.get("where", {}) or {}
    rows = found.table
    for name, wanted in where.items():
        narrowed = rows[_mask(rows[name], found.types[name], wanted)]
        if narrowed.empty:
            values = _values(rows[name], found.types[name])
            close = _closest(wanted, values, found.types[name])
            shown = close or values[:8]
            label = "closest values" if close else "values"
            return (
                f"{item.file}, exercise {item.id}: filter {name}: {wanted!r} matches no rows of "
                f"table {item.check['table']!r} (the expected answer would be empty or 0); "
                f"{label} in that column: {', '.join(map(repr, shown))}"
            )
        rows = narrowed
    return (
        f"{item.file}, exercise {item.id}: table {item.check['table']!r} has no rows "
        "(the expected answer would be empty or 0)"
    )


def _closest(wanted: Any, values: list[str], kind: str) -> list[str]:
    """Up to three values near ``wanted``: nearest in time for a date, in spelling otherwise."""
    first = wanted[0] if isinstance(wanted, list) and wanted else wanted
    if kind == "date":
        try:
            day = pd.Timestamp(first)
            if day.tzinfo is not None:
                day = day.tz_localize(None)
            return sorted(values, key=lambda value: abs(pd.Timestamp(value) - day))[:3]
        except (ValueError, TypeError, OverflowError):
            return []
    return difflib.get_close_matches(str(first), values, n=3, cutoff=0.6)


def _values(column: pd.Series, kind: str) -> list[str]:
    """The distinct values of a column as text (list cells flattened), in first-seen order."""
    cells = column.dropna()
    if kind == "list":
        cells = pd.Series([value for cell in cells for value in cell], dtype="object")
    elif kind == "date":
        cells = cells.dt.strftime("%Y-%m-%d")
    return list(dict.fromkeys(str(value) for value in cells))
