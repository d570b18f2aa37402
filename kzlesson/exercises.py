"""Check the small pandas exercises in the notebooks: ``kz.exercise("timeline-ex1", answer)``.

The exercises are content, so they live in ``data/exercises/<key>.yaml`` and are checked
against ``data/exercises/schema.json`` when loaded. The expected answer is never typed in: it
is computed from the data at check time (``kz.load_<table>()`` filtered by ``where``).

A student's answer never raises: whatever it is (None, text, a list, a table with other
columns ...), the result is an :class:`ExerciseResult` with ``.ok`` and a message in words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import html
import json
import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import jsoncheck
from .data import DataError, load_descriptor, load_table
from .errors import StudentError
from .paths import resolve_dir

KINDS = ("count", "frame", "set", "value")
_FOLDER = "exercises"
_SCHEMA_FILE = "schema.json"
_MAX_IDS = 8
_TOLERANCE = 0.01  # numbers within 1% count as equal
_WANTS = {
    "count": "a whole number (for example len(...) of a table)",
    "frame": "a table (DataFrame) holding exactly the matching rows",
    "set": "a list (or a column) of values",
    "value": "one value",
}


class ExerciseError(ValueError):
    """Exercise files are broken (bad YAML, a schema error, an unknown column): author error.

    ``.problems`` lists every problem found, one line each; the message shows them all.
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            super().__init__(self.problems[0])
        else:
            lines = [f"{len(self.problems)} problem(s) in the exercises:"]
            super().__init__("\n".join(lines + [f"  - {p}" for p in self.problems]))


class UnknownExercise(StudentError, KeyError):
    """No exercise has this id; the message suggests close ids (shown as one line in Jupyter)."""


@dataclass(frozen=True)
class Exercise:
    """One exercise as written in ``data/exercises/<key>.yaml``."""

    id: str
    notebook: str
    prompt: str
    hint: str
    solution: str
    check: dict[str, Any]
    file: str
    explanation: str = ""
    skill: str = ""  # sourcing, contextualisation, close-reading or corroboration


# ------------------------------------------------------------------ loading and checking files


def _plain(value: Any) -> Any:
    """Turn YAML dates into ISO strings (recursively) so the JSON Schema sees strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _schema_path(folder: Path) -> Path:
    """The exercise JSON Schema: the folder's own copy, else the packaged one."""
    own = folder / _SCHEMA_FILE
    if own.is_file():
        return own
    return resolve_dir(None) / _FOLDER / _SCHEMA_FILE


def _where_in_entry(error: Any) -> str:
    """A readable path to the failing field, e.g. ``check.kind``."""
    parts = [str(part) for part in error.absolute_path]
    return ".".join(parts[1:]) if len(parts) > 1 else "(the entry itself)"


def _read_file(path: Path, schema: dict[str, Any]) -> tuple[list[Exercise], list[str]]:
    """Parse and schema-check one exercise file: (good exercises, every problem found).

    Each problem names the file, and the exercise id and entry number when there is one.
    """
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader if built
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as err:
        return [], [f"{path}: not valid YAML: {err}"]
    except (OSError, UnicodeDecodeError) as err:
        return [], [f"{path}: cannot read the file (save it as UTF-8 text): {err}"]
    entries = _plain(entries if entries is not None else [])
    if not isinstance(entries, list):
        return [], [
            f"{path}: expected a list of exercises (lines starting with '- id:'), "
            f"found {type(entries).__name__}"
        ]
    found: list[Exercise] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        problem = _entry_problem(path, number, entry, schema, found)
        if problem:
            problems.append(problem)
            continue
        found.append(
            Exercise(
                id=entry["id"],
                notebook=entry["notebook"],
                prompt=entry["prompt"].strip(),
                hint=entry["hint"].strip(),
                solution=entry["solution"].strip(),
                check=dict(entry["check"]),
                file=str(path),
                explanation=entry.get("explanation", "").strip(),
                skill=entry["skill"],
            )
        )
    return found, problems


def _entry_problem(
    path: Path, number: int, entry: Any, schema: dict[str, Any], earlier: list[Exercise]
) -> str:
    """What is wrong with one file entry ("" if nothing): schema, file name, duplicate id."""
    key = path.stem
    ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
    label = f"{path}, exercise {ident} (entry {number})"
    errors = jsoncheck.errors(schema, [entry])
    if errors:
        details = "; ".join(f"field {_where_in_entry(e)}: {e.message}" for e in errors)
        return f"{label}: {details}"
    if entry["notebook"] != key or not entry["id"].startswith(f"{key}-ex"):
        return (
            f"{label}: id and notebook must match the file name: expected notebook "
            f"{key!r} and an id like '{key}-ex1', found notebook {entry['notebook']!r}"
        )
    if any(item.id == entry["id"] for item in earlier):
        return f"{label}: the id {entry['id']!r} is used twice in this file"
    return ""


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of the exercise files (so edits reload)."""
    paths = sorted(folder.glob("*.yaml")) + [folder / _SCHEMA_FILE]
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())


@functools.cache
def _read_cached(folder: Path, signature: tuple) -> tuple[dict[str, Exercise], tuple[str, ...]]:
    """The well-written exercises of the folder by id, and every problem (cached per version)."""
    schema_path = _schema_path(folder)
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return {}, (f"{schema_path}: cannot read the exercise schema: {err}",)
    exercises: dict[str, Exercise] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        found, file_problems = _read_file(path, schema)
        problems += file_problems
        exercises.update((item.id, item) for item in found)  # ids start with the file name
    return exercises, tuple(problems)


def read_exercises(directory: str | Path | None = None) -> tuple[dict[str, Exercise], list[str]]:
    """Every well-written exercise of a data folder (id -> Exercise) and every problem found.

    Never raises on a broken file: ``kzlesson validate`` uses it to report all problems and
    still check the good exercises against the data.
    """
    folder = resolve_dir(directory) / _FOLDER
    if not folder.is_dir():
        return {}, []
    exercises, problems = _read_cached(folder, _signature(folder))
    return dict(exercises), list(problems)


def load_exercises(directory: str | Path | None = None) -> dict[str, Exercise]:
    """Load and schema-check every ``exercises/*.yaml`` of a data folder: id -> Exercise.

    Raises :class:`ExerciseError` listing every problem of every file.
    """
    exercises, problems = read_exercises(directory)
    if problems:
        raise ExerciseError(problems)
    return exercises


def get_exercise(exercise_id: str, directory: str | Path | None = None) -> Exercise:
    """Return one exercise; :class:`UnknownExercise` (a KeyError) with suggestions if unknown."""
    exercises = load_exercises(directory)
    wanted = exercise_id.strip().lower() if isinstance(exercise_id, str) else exercise_id
    if wanted in exercises:
        return exercises[wanted]
    close = difflib.get_close_matches(str(exercise_id), list(exercises), n=3, cutoff=0.5)
    tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    listing = ", ".join(sorted(exercises)) or "(none)"
    raise UnknownExercise(f"No exercise {exercise_id!r}.{tip} Exercises: {listing}")


# ------------------------------------------------------------------ the expected answer


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
    cannot be applied, a ``value`` exercise whose row does not exist. An exercise on a table
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
            expected(item, directory)
        except ExerciseError as err:
            problems += err.problems
        except DataError:
            skipped.add(table)
    return problems, skipped


# ------------------------------------------------------------------ comparing an answer


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


def _normal(value: Any, kind: str) -> Any:
    """A comparable form of one value for a field type: dates, numbers, case-free text."""
    if kind == "date":
        try:
            return pd.Timestamp(value).normalize()
        except (ValueError, TypeError):
            return str(value).strip().casefold()
    if kind in ("integer", "number") and _is_number(value):
        return round(float(value), 6)
    if kind in ("integer", "number") and isinstance(value, str):
        try:
            return round(float(value.replace(",", "").strip()), 6)
        except ValueError:
            return value.strip().casefold()
    if kind == "boolean" and isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().casefold(), value)
    if isinstance(value, str):
        return value.strip().casefold()
    if kind == "boolean":
        return bool(value)
    return str(value).strip().casefold()


def _natural(text: str) -> list[Any]:
    """Sort key that puts P2 before P10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def _ids_list(ids: Iterable[Any]) -> str:
    """A short list of ids for a message, in natural order."""
    shown = sorted((str(i) for i in ids), key=_natural)
    more = f" and {len(shown) - _MAX_IDS} more" if len(shown) > _MAX_IDS else ""
    return ", ".join(shown[:_MAX_IDS]) + more


def _answer_ids(answer: Any, exp: Expected, table_name: str) -> tuple[list[str] | None, str]:
    """The primary-key values of the rows a frame/Series answer holds, or None and a reason."""
    key, table = exp.key, exp.table
    known = set(table[key].astype(str))
    if isinstance(answer, pd.DataFrame):
        if key in answer.columns:
            return [str(v) for v in answer[key]], ""
        if answer.index.name == key:
            return [str(v) for v in answer.index], ""
        if answer.index.isin(table.index).all():
            return [str(v) for v in table.loc[answer.index, key]], ""
        columns = ", ".join(map(str, answer.columns)) or "none"
        return None, (
            f"Your table has no {key!r} column, so the rows cannot be recognised "
            f"(its columns: {columns}). Keep the {key!r} column."
        )
    if isinstance(answer, pd.Series):
        if pd.api.types.is_bool_dtype(answer.dtype):
            return None, (
                f"That is a True/False column (a mask), not the rows themselves. Put it inside "
                f"{table_name}[...] to keep the matching rows."
            )
        if key in list(answer.index):
            return [str(answer[key])], ""
        if answer.name == key or (len(answer) and answer.astype(str).isin(known).all()):
            return [str(v) for v in answer], ""
        if answer.index.isin(table.index).all():
            return [str(v) for v in table.loc[answer.index, key]], ""
    if isinstance(answer, (list, tuple, set)) and answer and all(str(v) in known for v in answer):
        return [str(v) for v in answer], ""
    return None, f"You gave {_describe(answer)}; this exercise wants {_WANTS['frame']}."


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
    parts = [f"Your table has {len(ids)} row(s); the answer has {len(want)}."]
    if want - got:  # a count, not the ids: naming them would give the answer away
        missing = len(want - got)
        parts.append(f"{missing} matching {'row is' if missing == 1 else 'rows are'} missing.")
    if got - want:
        parts.append(f"Not asked for: {_ids_list(got - want)}.")
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
        return False, f"You gave {_describe(answer)}; this exercise wants {_WANTS['count']}."
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


def _compare_set(answer: Any, exp: Expected, column: str) -> tuple[bool, str]:
    """Compare any collection of values with the set of values in the matching rows."""
    kind = exp.types[column]
    if isinstance(answer, pd.DataFrame):
        if column not in answer.columns:
            return False, f"You gave a table; this exercise wants the values of {column!r}."
        answer = answer[column]
    if answer is None or isinstance(answer, (str, bytes, dict)) or not isinstance(answer, Iterable):
        return False, f"You gave {_describe(answer)}; this exercise wants {_WANTS['set']}."
    got: set[Any] = set()
    shown: dict[Any, str] = {}  # normalised value -> how the student wrote it (for messages)
    for item in answer:
        items = item if isinstance(item, (tuple, list)) else (item,)
        for one in items:
            if not _is_missing(one):
                got.add(_normal(one, kind))
                shown.setdefault(_normal(one, kind), str(one).strip())
    want = _values_of(exp.rows, column, kind)
    if got == want:
        return True, f"Those are exactly the {len(want)} value(s)."
    parts = [f"You gave {len(got)} different value(s); the answer has {len(want)}."]
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


def _compare_value(answer: Any, exp: Expected, field_name: str) -> tuple[bool, str]:
    """Compare one value (numbers within 1%, dates as dates, text without case)."""
    kind = exp.types[field_name]
    want = exp.value
    answer = _single(answer)
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        return False, f"You gave {_describe(answer)}; this exercise wants {_WANTS['value']}."
    if _is_missing(answer):
        return False, f"You gave {_describe(answer)}; this exercise wants {_WANTS['value']}."
    if kind in ("integer", "number"):
        if not _is_number(answer) and not isinstance(answer, str):
            return False, f"You gave {_describe(answer)}; this exercise wants a number."
        got = _normal(answer, kind)
        if not isinstance(got, float):
            return False, f"You gave {_describe(answer)}; this exercise wants a number."
        target = float(want)
        if abs(got - target) <= _TOLERANCE * max(abs(target), 1e-9):
            return True, "That is the right number."
        direction = "too high" if got > target else "too low"
        return False, f"{answer} is {direction}."
    if _normal(answer, kind) == _normal(want, kind):
        return True, "That is the right value."
    return False, f"You gave {_describe(answer)}; that is not the value asked for."


def compare(item: Exercise, answer: Any, directory: str | Path | None = None) -> tuple[bool, str]:
    """Check an answer: (ok, message). The expectation comes from the data."""
    exp = expected(item, directory)
    check = item.check
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
            f"This exercise wants {_WANTS[check['kind']]}."
        )


# ------------------------------------------------------------------ what the notebook shows


def _code(text: str) -> str:
    """Escape text for HTML and show `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


@dataclass(frozen=True)
class ExercisePrompt:
    """An exercise's task and how to answer it (what ``kz.exercise(id)`` shows)."""

    exercise: Exercise

    def how(self) -> str:
        """One line telling the student how to check an answer."""
        return (
            f'Write your answer as `answer = ...`, then run kz.exercise("{self.exercise.id}", '
            f"answer). It should be {_WANTS[self.exercise.check['kind']]}."
        )

    def skill(self) -> str:
        """The historical-thinking skill it practises, in words ("close reading")."""
        return self.exercise.skill.replace("-", " ")

    def __str__(self) -> str:
        return (
            f"Exercise {self.exercise.id} (skill: {self.skill()}): {self.exercise.prompt}\n"
            f"{self.how()}"
        )

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f'<div class="kz-exercise" role="note"><p><strong>Exercise '
            f"{e(self.exercise.id)}</strong> <small>(skill: {e(self.skill())})</small>: "
            f"{_code(self.exercise.prompt)}</p>"
            f"<p>{_code(self.how())}</p></div>"
        )


@dataclass(frozen=True)
class ExerciseResult:
    """Feedback on one answer: ``.ok``, ``.message`` (words), shown with ✓ or ✗."""

    exercise_id: str
    ok: bool
    message: str
    hint: str = field(default="", repr=False)

    def text(self) -> str:
        """The feedback as one plain line: symbol, verdict, message and (if wrong) the hint."""
        verdict = "✓ Correct" if self.ok else "✗ Not yet"
        tail = f" Hint: {self.hint}" if (self.hint and not self.ok) else ""
        return f"{verdict} ({self.exercise_id}): {self.message}{tail}"

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        e = html.escape
        state = "kz-ok" if self.ok else "kz-wrong"
        verdict = "✓ Correct" if self.ok else "✗ Not yet"
        hint = (
            f"<br><strong>Hint:</strong> {_code(self.hint)}" if (self.hint and not self.ok) else ""
        )
        return (
            f'<div class="kz-exercise-feedback {state}" role="status"><strong>{verdict}</strong> '
            f"({e(self.exercise_id)}): {e(self.message)}{hint}</div>"
        )


def check(exercise_id: str, answer: Any, directory: str | Path | None = None) -> ExerciseResult:
    """Check a student's answer to an exercise; never raises on the answer itself."""
    item = get_exercise(exercise_id, directory)
    ok, message = compare(item, answer, directory)
    if ok and item.explanation:
        message = f"{message} {item.explanation}"
    return ExerciseResult(item.id, ok, message, item.hint)


def exercise(exercise_id: str, *answer: Any) -> ExercisePrompt | ExerciseResult:
    """Show an exercise's prompt (no answer) or feedback on ``answer`` (✓/✗, words, hint)."""
    item = get_exercise(exercise_id)
    if not answer:
        return ExercisePrompt(item)
    if len(answer) > 1:
        return ExerciseResult(
            item.id,
            False,
            f"Give one answer after the exercise id (you gave {len(answer)} things). "
            f'Store it first: answer = ..., then kz.exercise("{item.id}", answer).',
            item.hint,
        )
    return check(exercise_id, answer[0])
