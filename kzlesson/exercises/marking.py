"""Marking a student's answer to an exercise: :func:`compare` says whether it matches the
expected answer and, in words, what is wrong (missing rows, a count too high, a mask instead
of rows). It never raises on the answer itself, whatever the student stored.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import BadValue
from ..quizzes.parsing import NumberError, parse_number
from ..reading import format_day, parse_day
from .expected import Expected, expected
from .files import Exercise

_MAX_IDS = 8
_MAX_EVENTS, _EVENT_WORDS = 4, 6  # events named in feedback, and words of each summary
_TOLERANCE = 0.01  # numbers within 1% count as equal
WANTS = {  # what each kind of exercise wants, in words
    "count": "a whole number (for example len(...) of a table)",
    "frame": "a table (DataFrame) holding exactly the matching rows",
    "set": "a list (or a column) of values",
    "value": "one value",
}


def _describe(answer: Any) -> str:
    """Say in words what kind of thing the student's answer is."""
    if answer is None:
        return "None (nothing)"
    if isinstance(answer, pd.DataFrame):
        return f"a table (DataFrame) with {len(answer)} row(s)"
    if isinstance(answer, pd.Series):
        return f"a column (Series) with {len(answer)} value(s)"
    if isinstance(answer, bool):
        return f"True/False ({answer})"
    if isinstance(answer, str):
        shown = answer if len(answer) <= 40 else answer[:37] + "..."
        return f"a piece of text ({shown!r})"
    if _is_number(answer):
        return f"the number {answer}"
    if isinstance(answer, dict):
        return f"a dictionary with {len(answer)} item(s)"
    if isinstance(answer, Iterable):
        return f"a collection ({type(answer).__name__})"
    return f"a {type(answer).__name__}"


def _is_number(value: Any) -> bool:
    """True for ints and floats (numpy ones too), not for True/False or missing values."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return False
    return isinstance(value, numbers.Real) and not _is_missing(value)


def _is_missing(value: Any) -> bool:
    """True for None, NaN, NA and NaT."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _normal_date(value: Any) -> Any:
    """A day ("2022-01-04", "4 Jan", "04.01.2022" day first, a date) as a Timestamp, else text."""
    try:
        return parse_day(value)
    except BadValue:
        pass
    text = str(value).strip()
    if isinstance(value, str) and re.match(r"\d{4}\D?\d{2}\D?\d{2}", text):
        try:  # year first is never ambiguous
            return pd.Timestamp(text).normalize()
        except ValueError:
            pass
    return text.casefold()


def _normal_number(value: Any) -> Any:
    """A number (or a number typed as quizzes read it: "6,0" is 6.0, "1,000" is 1000)."""
    if _is_number(value):
        return round(float(value), 6)
    if isinstance(value, str):
        try:
            return round(parse_number(value), 6)
        except NumberError:
            return value.strip().casefold()
    return str(value).strip().casefold()


def _normal(value: Any, kind: str) -> Any:
    """A comparable form of one value for a field type: dates, numbers, case-free text."""
    if kind == "date":
        return _normal_date(value)
    if kind in ("integer", "number"):
        return _normal_number(value)
    if kind == "boolean":
        if isinstance(value, str):
            return {"true": True, "false": False}.get(value.strip().casefold(), value)
        return bool(value)
    if isinstance(value, str):
        return value.strip().casefold()
    return str(value).strip().casefold()


def _natural(text: str) -> list[Any]:
    """Sort key that puts P2 before P10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _ids_list(ids: Iterable[Any]) -> str:
    """A short list of ids for a message, in natural order."""
    shown = sorted((str(i) for i in ids), key=_natural)
    more = f" and {len(shown) - _MAX_IDS} more" if len(shown) > _MAX_IDS else ""
    return ", ".join(shown[:_MAX_IDS]) + more


def _rows_list(ids: Iterable[Any], table: pd.DataFrame, key: str) -> str:
    """Rows for a message as a student reads them: an event by its date and first words
    (event ids appear in no table the notebooks show); rows of other tables by id."""
    if not {"date", "summary"} <= set(table.columns):
        return _ids_list(ids)
    rows = table[table[key].astype(str).isin({str(i) for i in ids})].sort_values("date")
    labels = [_event_label(row) for _, row in rows.head(_MAX_EVENTS).iterrows()]
    more = f"; and {len(rows) - _MAX_EVENTS} more" if len(rows) > _MAX_EVENTS else ""
    return "; ".join(labels) + more


def _event_label(row: pd.Series) -> str:
    """'3 January 2022 ("Protests spread to Aktau ...")': the date and the summary's start."""
    words = str(row["summary"]).split()
    start = " ".join(words[:_EVENT_WORDS]) + (" ..." if len(words) > _EVENT_WORDS else "")
    day = format_day(row["date"]) if not _is_missing(row["date"]) else "undated"
    return f'{day} ("{start}")'


def _cell(value: Any) -> str:
    """A cell as comparable text (list cells as tuples, missing values as '')."""
    if isinstance(value, (tuple, list)):
        return repr(tuple(value))
    return "" if _is_missing(value) else str(value)


def _ids_by_index(answer: pd.DataFrame, table: pd.DataFrame, key: str) -> list[str] | None:
    """The ids of a frame without its key column, read from its index, but only when every
    row still holds the table's values at that index (a renumbered frame would be misread)."""
    if not answer.index.isin(table.index).all():
        return None
    shared = [column for column in answer.columns if column in table.columns]
    original = table.loc[answer.index]
    for column in shared:
        if list(map(_cell, answer[column])) != list(map(_cell, original[column])):
            return None
    return [str(v) for v in original[key]]


def _unrecognised(table_name: str, key: str, columns: list[Any], index: pd.Index) -> str:
    """Why rows without their id column cannot be told apart, and what to keep."""
    shown = ", ".join(map(str, columns)) or "none"
    renumbered = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    why = (
        f"its rows are numbered afresh (e.g. after reset_index), not as in {table_name}"
        if renumbered
        else f"its values do not match the rows of {table_name} at those row numbers"
    )
    return (
        f"Your answer has no {key!r} column and {why}, so the rows cannot be recognised "
        f"(its columns: {shown}). Keep the {key!r} column."
    )


_NO_IDS: tuple[list[str] | None, str] = (None, "")  # not recognised yet: try the next reading


def _frame_ids(
    answer: pd.DataFrame, exp: Expected, table_name: str
) -> tuple[list[str] | None, str]:
    """The ids of a DataFrame answer: its key column, its index named so, or its row numbers."""
    key, table = exp.key, exp.table
    if key in answer.columns:
        return [str(v) for v in answer[key]], ""
    if answer.index.name == key:
        return [str(v) for v in answer.index], ""
    ids = _ids_by_index(answer, table, key)
    if ids is not None:
        return ids, ""
    return None, _unrecognised(table_name, key, list(answer.columns), answer.index)


def _series_ids(answer: pd.Series, exp: Expected, table_name: str) -> tuple[list[str] | None, str]:
    """The ids of a Series answer (one row, a column of ids, rows by number); a mask is refused.

    ``_NO_IDS`` (no reason) when none of these fits, so the caller tries the last readings.
    """
    key, table = exp.key, exp.table
    if pd.api.types.is_bool_dtype(answer.dtype):
        return None, (
            f"That is a True/False column (a mask), not the rows themselves. Put it inside "
            f"{table_name}[...] to keep the matching rows."
        )
    if key in list(answer.index):
        return [str(answer[key])], ""
    known = set(table[key].astype(str))
    if answer.name == key or (len(answer) and answer.astype(str).isin(known).all()):
        return [str(v) for v in answer], ""
    ids = _ids_by_index(answer.to_frame(), table, key)
    if ids is not None:
        return ids, ""
    if answer.index.isin(table.index).all():  # row numbers, but not the table's values
        return None, _unrecognised(table_name, key, [str(answer.name)], answer.index)
    return _NO_IDS


def _answer_ids(answer: Any, exp: Expected, table_name: str) -> tuple[list[str] | None, str]:
    """The primary-key values of the rows a frame/Series answer holds, or None and a reason."""
    if isinstance(answer, pd.DataFrame):
        return _frame_ids(answer, exp, table_name)
    if isinstance(answer, pd.Series):
        found = _series_ids(answer, exp, table_name)
        if found != _NO_IDS:
            return found
    known = set(exp.table[exp.key].astype(str))
    if isinstance(answer, (list, tuple, set)) and answer and all(str(v) in known for v in answer):
        return [str(v) for v in answer], ""
    return None, f"You gave {_describe(answer)}; this exercise wants {WANTS['frame']}."


def _compare_frame(answer: Any, exp: Expected, table_name: str) -> tuple[bool, str]:
    """Compare a table answer with the expected rows by primary key."""
    ids, reason = _answer_ids(answer, exp, table_name)
    if ids is None:
        return False, reason
    want = set(exp.rows[exp.key].astype(str))
    got = set(ids)
    known = set(exp.table[exp.key].astype(str))
    if got and not got & known:
        return False, f"Your rows are not from the {table_name!r} table: start from {table_name}."
    if got == want and len(ids) != len(got):
        return False, "You have the right rows, but some appear more than once."
    if got == want:
        noun = "row" if len(want) == 1 else "rows"
        return True, f"Your table holds exactly the {len(want)} matching {noun}."
    parts = [
        f"Your table has the right number of rows ({len(want)}), but not the right ones."
        if len(ids) == len(want)
        else f"Your table has {len(ids)} row(s); the answer has {len(want)}."
    ]
    if want - got:  # a count, not the ids: naming them would give the answer away
        missing = len(want - got)
        parts.append(f"{missing} matching {'row is' if missing == 1 else 'rows are'} missing.")
    if got - want:
        parts.append(f"Not asked for: {_rows_list(got - want, exp.table, exp.key)}.")
    return False, " ".join(parts)


def _compare_count(answer: Any, exp: Expected) -> tuple[bool, str]:
    """Compare a number answer with the number of matching rows."""
    want = len(exp.rows)
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        return False, (
            f"You gave {_describe(answer)}; this exercise wants a number. "
            "Count the rows with len(...)."
        )
    if not _is_number(answer):
        return False, f"You gave {_describe(answer)}; this exercise wants {WANTS['count']}."
    number = float(answer)
    if not math.isfinite(number) or number != int(number):
        return False, f"You gave {answer}; a count is a whole number."
    if int(number) == want:
        return True, f"{want} is the right count."
    direction = "too many" if number > want else "too few"
    return False, f"{int(number)} is {direction}."


def _values_of(rows: pd.DataFrame, column: str, kind: str) -> set[Any]:
    """The set of (normalised) values of a column; list cells are flattened."""
    values: set[Any] = set()
    for cell in rows[column]:
        items = cell if kind == "list" else (cell,)
        values.update(_normal(item, kind) for item in items if not _is_missing(item))
    return values


def _set_column(answer: Any, column: str) -> tuple[Any, str]:
    """The collection of values in an answer (a table's column); or a problem to say."""
    if isinstance(answer, pd.DataFrame):
        if column not in answer.columns:
            return None, f"You gave a table; this exercise wants the values of {column!r}."
        answer = answer[column]
    elif isinstance(answer, pd.Series) and column in answer.index:
        return None, (
            f"You gave a whole row; this exercise wants only its {column!r} value: add "
            f'"{column}" inside the .loc[...], e.g. .loc[row_id, "{column}"].'
        )
    if answer is None or isinstance(answer, (str, bytes, dict)) or not isinstance(answer, Iterable):
        return None, f"You gave {_describe(answer)}; this exercise wants {WANTS['set']}."
    return answer, ""


def _given_values(answer: Iterable[Any], kind: str) -> dict[Any, str]:
    """Normalised value -> how the student first wrote it (list items flattened, blanks out)."""
    shown: dict[Any, str] = {}
    for item in answer:
        items = item if isinstance(item, (tuple, list)) else (item,)
        for one in items:
            if not _is_missing(one):
                shown.setdefault(_normal(one, kind), str(one).strip())
    return shown


def _compare_set(answer: Any, exp: Expected, column: str) -> tuple[bool, str]:
    """Compare any collection of values with the set of values in the matching rows."""
    values, problem = _set_column(answer, column)
    if problem:
        return False, problem
    shown = _given_values(values, exp.types[column])
    got = set(shown)
    want = _values_of(exp.rows, column, exp.types[column])
    if got == want:
        return True, f"Those are exactly the {len(want)} value(s)."
    parts = [
        f"You gave the right number of values ({len(want)}), but not the right ones."
        if len(got) == len(want)
        else f"You gave {len(got)} different value(s); the answer has {len(want)}."
    ]
    if want - got:
        parts.append(f"{len(want - got)} value(s) are missing.")
    if got - want:
        parts.append(f"Not asked for: {_ids_list(shown[v] for v in got - want)}.")
    return False, " ".join(parts)


def _single(answer: Any) -> Any:
    """Unwrap a one-cell Series/DataFrame or a one-item list to its value."""
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        return answer.iloc[0, 0]
    if isinstance(answer, pd.Series) and len(answer) == 1:
        return answer.iloc[0]
    if isinstance(answer, (list, tuple)) and len(answer) == 1:
        return answer[0]
    return answer


def _number_advice(answer: Any) -> str:
    """What the number reader says about a text that is not one number ("" otherwise)."""
    try:
        parse_number(answer)
    except NumberError as exc:
        return f" {exc}"
    return ""


def _compare_value(answer: Any, exp: Expected, field_name: str) -> tuple[bool, str]:
    """Compare one value (numbers within 1%, dates as dates, text without case)."""
    kind = exp.types[field_name]
    want = exp.value
    answer = _single(answer)
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        return False, f"You gave {_describe(answer)}; this exercise wants {WANTS['value']}."
    if _is_missing(answer):
        return False, f"You gave {_describe(answer)}; this exercise wants {WANTS['value']}."
    if kind in ("integer", "number"):
        if not _is_number(answer) and not isinstance(answer, str):
            return False, f"You gave {_describe(answer)}; this exercise wants a number."
        got = _normal(answer, kind)
        if not isinstance(got, float):
            advice = _number_advice(answer)
            return False, f"You gave {_describe(answer)}; this exercise wants a number.{advice}"
        target = float(want)
        if abs(got - target) <= _TOLERANCE * max(abs(target), 1e-9):
            return True, "That is the right number."
        direction = "too high" if got > target else "too low"
        return False, f"{answer} is {direction}."
    if _normal(answer, kind) == _normal(want, kind):
        return True, "That is the right value."
    return False, f"You gave {_describe(answer)}; that is not the value asked for."


def mark(check: dict[str, Any], exp: Expected, answer: Any) -> tuple[bool, str]:
    """Mark an answer against an expected answer already computed: (ok, message in words).

    ``check`` is the exercise's ``check`` entry (its kind, table and column or field). Never
    raises on the answer, whatever the student stored.
    """
    table_name = check["table"]
    if answer is None:
        return False, (
            "Your answer is None: nothing was stored. Check that the cell assigns it, "
            "like answer = ..., and that you ran that cell."
        )
    try:
        if check["kind"] == "frame":
            return _compare_frame(answer, exp, table_name)
        if check["kind"] == "count":
            return _compare_count(answer, exp)
        if check["kind"] == "set":
            return _compare_set(answer, exp, check["column"])
        return _compare_value(answer, exp, check["field"])
    except Exception as err:  # noqa: BLE001 - a student's odd answer must never raise
        return False, (
            f"This answer ({_describe(answer)}) could not be checked ({type(err).__name__}). "
            f"This exercise wants {WANTS[check['kind']]}."
        )


def compare(item: Exercise, answer: Any, directory: str | Path | None = None) -> tuple[bool, str]:
    """Check an answer: (ok, message). The expectation comes from the data."""
    return mark(item.check, expected(item, directory), answer)
