"""The exercise files ``data/exercises/<key>.yaml``: reading them, checking each entry against
``data/exercises/schema.json`` and the file's name, and finding one exercise by id.

A broken file is an author's mistake: :func:`read_exercises` collects every problem without
raising (for ``kzlesson validate``), :func:`load_exercises` raises :class:`ExerciseError`
listing them all. A student's unknown id is an :class:`UnknownExercise` (one line in Jupyter).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import content
from ..errors import StudentError
from ..paths import resolve_dir

KINDS = ("count", "frame", "set", "value")  # what check.kind may be
_FOLDER = "exercises"
_SCHEMA_FILE = "schema.json"


class ExerciseError(content.ContentProblems):
    """Exercise files are broken (bad YAML, a schema error, an unknown column): author error.

    ``.problems`` lists every problem found, one line each; the message shows them all (a
    single problem is the message by itself).
    """

    what = "the exercises"
    one_line = True


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
    skill: str = ""  # sourcing, contextualisation, close-reading, corroboration or data-skill
    interpret: str = ""  # one-sentence interpretation asked for after a correct answer


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
    try:
        entries = content.read_yaml(path).data
    except content.UnreadableFile as err:
        if err.kind == "yaml":
            where = f" (line {err.line})" if err.line else ""
            return [], [f"{path}: not valid YAML{where}: {err.reason}"]
        return [], [f"{path}: cannot read the file (save it as UTF-8 text): {err.reason}"]
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
                interpret=" ".join(entry.get("interpret", "").split()),
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
    errors = content.errors(schema, [entry])
    if errors:
        skill = _skill_problem(entry)
        details = [skill] if skill else []
        details += [
            f"field {_where_in_entry(e)}: {e.message}"
            for e in errors
            if not (skill and _about_interpret(e))
        ]
        return f"{label}: {'; '.join(details)}"
    if entry["notebook"] != key or not entry["id"].startswith(f"{key}-ex"):
        return (
            f"{label}: id and notebook must match the file name: expected notebook "
            f"{key!r} and an id like '{key}-ex1', found notebook {entry['notebook']!r}"
        )
    if any(item.id == entry["id"] for item in earlier):
        return f"{label}: the id {entry['id']!r} is used twice in this file"
    return ""


def _skill_problem(entry: dict[str, Any]) -> str:
    """The skill label and ``interpret`` disagree (issue 15), in an author's words; else ""."""
    skill, asks = entry.get("skill"), "interpret" in entry
    if skill == "data-skill" and asks:
        return (
            "field interpret: a data-skill exercise asks no historical question; remove "
            "'interpret', or name the history skill its sentence practises"
        )
    if isinstance(skill, str) and skill != "data-skill" and not asks:
        return (
            f"field interpret: an exercise labelled {skill!r} needs 'interpret', the historical "
            "question the student answers in a sentence (or label it 'data-skill' if it "
            "practises pandas only)"
        )
    return ""


def _about_interpret(error: Any) -> bool:
    """True for a schema error that the skill rule reports in its own words (a required
    ``interpret``, or the schema's ``false`` for one on a data-skill exercise)."""
    message = str(error.message)
    return "'interpret'" in message or message.startswith("False schema")


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
    exercises, problems = _read_cached(folder, content.folder_version(folder, _SCHEMA_FILE))
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
    exercises, problems = read_exercises(directory)  # a broken file spoils only its own ids
    wanted = exercise_id.strip().lower() if isinstance(exercise_id, str) else str(exercise_id)
    if wanted in exercises:
        return exercises[wanted]
    mine = [p for p in problems if Path(p.split(":", 1)[0]).stem == wanted.split("-", 1)[0]]
    if mine:
        more = f" (and {len(mine) - 1} more)" if len(mine) > 1 else ""
        raise UnknownExercise(
            f"Exercise {exercise_id!r} cannot be read: {' '.join(mine[0].split())[:300]}{more}. "
            "Tell your teacher (kzlesson validate shows every problem)."
        )
    close = difflib.get_close_matches(str(exercise_id), list(exercises), n=3, cutoff=0.5)
    tip = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    listing = ", ".join(sorted(exercises)) or "(none)"
    raise UnknownExercise(f"No exercise {exercise_id!r}.{tip} Exercises: {listing}")
