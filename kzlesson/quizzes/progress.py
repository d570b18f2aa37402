"""Save every quiz check in a JSON progress file, and read the scores back.

The file is ``kzlesson-progress.json`` in the current working directory (in Jupyter: the
notebook's folder), or the path in the environment variable ``KZLESSON_PROGRESS``. Each entry
holds the question id, its notebook, the latest response, whether it was correct, the number of
attempts and wrong attempts, the time, and a short history.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), and every write
first re-reads the file, so two notebooks (two kernels) saving one after the other keep each
other's answers; the file keeps its permissions (a new one gets the usual ones for new files).
A corrupted file is moved aside to ``<name>.bak-<timestamp>`` (never overwriting an earlier
backup) and a fresh one is started, with a one-line :class:`ProgressWarning`; an entry with
damaged fields (e.g. ``"history": 5``) keeps its good fields and the damaged ones are reset,
with one warning. If the file cannot be written at all, one warning is given and the answers are
kept in memory for this session. Warnings point at the caller's line (e.g. ``kz.progress()``),
not at this module.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import stat
import sys
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

PROGRESS_ENV = "KZLESSON_PROGRESS"
PROGRESS_FILE = "kzlesson-progress.json"
FORMAT = "kzlesson-progress"
VERSION = 1
MAX_HISTORY = 20
MAX_SAVED_TEXT = 20_000


class ProgressWarning(UserWarning):
    """Something is wrong with the progress file; the message says what and what was done."""


def progress_path() -> Path:
    """Where progress is saved: ``$KZLESSON_PROGRESS``, else ``kzlesson-progress.json`` here."""
    configured = os.environ.get(PROGRESS_ENV)
    if configured:
        return Path(configured).expanduser().absolute()
    return Path.cwd() / PROGRESS_FILE


def _now() -> str:
    """The local time, ISO 8601 with offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of a response (long text cut, odd objects turned into text)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_SAVED_TEXT else value[:MAX_SAVED_TEXT] + " [...]"
    if depth > 5:
        return "..."
    if isinstance(value, dict):
        return {str(k)[:200]: jsonable(v, depth + 1) for k, v in list(value.items())[:100]}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v, depth + 1) for v in list(items)[:100]]
    return repr(value)[:200]


def _valid(doc: Any) -> bool:
    """True if ``doc`` looks like a progress file this version can use (entries: see below)."""
    return (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and isinstance(doc.get("answers"), dict)
    )


def _is_count(value: Any) -> bool:
    """True for a usable counter: an int (not a bool) that is not negative."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_FIELD_OK = {
    "notebook": lambda v: isinstance(v, str),
    "correct": lambda v: v is None or isinstance(v, bool),
    "attempts": _is_count,
    "wrong": _is_count,
    "first_time": lambda v: isinstance(v, str),
    "time": lambda v: isinstance(v, str),
    "history": lambda v: isinstance(v, list) and all(isinstance(h, dict) for h in v),
}


def clean_entry(entry: Any) -> tuple[dict[str, Any] | None, bool]:
    """(the entry without damaged fields, whether anything was damaged); None if not a dict."""
    if not isinstance(entry, dict):
        return None, True
    kept = {k: v for k, v in entry.items() if k not in _FIELD_OK or _FIELD_OK[k](v)}
    return kept, len(kept) != len(entry)


def _caller_level() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside kzlesson."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level


class ProgressStore:
    """The progress file of one path; falls back to memory when it cannot be written."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser().absolute() if path is not None else progress_path()
        self.memory_only = False
        self._answers: dict[str, dict[str, Any]] = {}
        self._warned: set[str] = set()
        self._answers = self._read()

    def _warn(self, kind: str, message: str) -> None:
        """Warn once per kind of problem."""
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(message, ProgressWarning, stacklevel=_caller_level())

    def _read(self) -> dict[str, dict[str, Any]]:
        """The answers on disk (moving a corrupted file aside); memory if unreadable."""
        if self.memory_only:
            return self._answers
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except NotADirectoryError:
            return {}  # reported when writing
        except (OSError, UnicodeDecodeError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                return self._move_aside("it is not text")
            self._warn(
                "unreadable",
                f"Cannot read the progress file {self.path} ({exc.strerror or exc}); "
                "answers are kept in memory only for this session.",
            )
            self.memory_only = True
            return self._answers
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            return self._move_aside("it is not valid JSON")
        if not _valid(doc):
            return self._move_aside("it is not a kzlesson progress file")
        return self._clean(doc["answers"])

    def _clean(self, answers: dict[Any, Any]) -> dict[str, dict[str, Any]]:
        """The entries with damaged fields reset (warned once); damaged entries dropped."""
        out: dict[str, dict[str, Any]] = {}
        damaged = []
        for question_id, entry in answers.items():
            kept, bad = clean_entry(entry)
            if bad:
                damaged.append(str(question_id))
            if kept is not None:
                out[str(question_id)] = kept
        if damaged:
            shown = ", ".join(damaged[:5]) + (", ..." if len(damaged) > 5 else "")
            self._warn(
                "entries",
                f"Some saved answers in the progress file {self.path} were damaged ({shown}); "
                "the damaged parts were reset.",
            )
        return out

    def _move_aside(self, why: str) -> dict[str, dict[str, Any]]:
        """Rename a damaged file to ``.bak-<timestamp>`` (a new name each time) and start afresh."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bak-{stamp}")
        number = 1
        while backup.exists() or backup.is_symlink():
            number += 1
            backup = self.path.with_name(f"{self.path.name}.bak-{stamp}-{number}")
        try:
            os.replace(self.path, backup)
        except OSError:
            self._warn(
                "damaged",
                f"The progress file {self.path} is damaged ({why}) and cannot be moved aside; "
                "answers are kept in memory only for this session.",
            )
            self.memory_only = True
            return {}
        self._warn(
            "damaged",
            f"The progress file {self.path} was damaged ({why}): it was moved to "
            f"{backup.name} and a fresh one was started.",
        )
        return {}

    def _write(self) -> None:
        """Write all answers atomically; warn once and keep them in memory if impossible."""
        if self.memory_only:
            return
        doc = {"format": FORMAT, "version": VERSION, "answers": self._answers}
        text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True)
        tmp_name = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp_name = str(self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.tmp"))
            # 0o666 minus the umask: the mode any new file gets (mkstemp would give 0o600).
            fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            with contextlib.suppress(OSError):  # keep the old file's permissions
                os.chmod(tmp_name, stat.S_IMODE(os.stat(self.path).st_mode))
            os.replace(tmp_name, self.path)
            tmp_name = None
        except OSError as exc:
            self.memory_only = True
            self._warn(
                "unwritable",
                f"Cannot save answers to {self.path} ({exc.strerror or exc}); they are kept in "
                f"memory for this session only. Set {PROGRESS_ENV} to a file in a folder you "
                "can write.",
            )
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)

    def refresh(self) -> None:
        """Re-read the file (another notebook may have saved answers)."""
        self._answers = self._read()

    def get(self, question_id: str) -> dict[str, Any] | None:
        """The saved entry of one question, or None."""
        entry = self._answers.get(question_id)
        return dict(entry) if isinstance(entry, dict) else None

    def entries(self) -> dict[str, dict[str, Any]]:
        """Every saved entry by question id (re-read from disk)."""
        self.refresh()
        return {k: dict(v) for k, v in self._answers.items() if isinstance(v, dict)}

    def record(
        self, question_id: str, notebook: str, response: Any, correct: bool | None
    ) -> dict[str, Any]:
        """Save one counted check and return the question's updated entry."""
        self.refresh()
        previous = self._answers.get(question_id)
        previous = previous if isinstance(previous, dict) else {}
        time = _now()
        saved = jsonable(response)
        old_history = previous.get("history")
        old_history = old_history if isinstance(old_history, list) else []
        history = [h for h in old_history if isinstance(h, dict)]
        history = (history + [{"response": saved, "correct": correct, "time": time}])[-MAX_HISTORY:]
        entry = {
            "notebook": notebook,
            "response": saved,
            "correct": correct,
            "attempts": _count(previous.get("attempts")) + 1,
            "wrong": _count(previous.get("wrong")) + (1 if correct is False else 0),
            "first_time": previous.get("first_time")
            if isinstance(previous.get("first_time"), str)
            else time,
            "time": time,
            "history": history,
        }
        self._answers[question_id] = entry
        self._write()
        return dict(entry)


def _count(value: Any) -> int:
    """A saved counter, or 0 if it is missing or damaged."""
    return value if _is_count(value) else 0


_STORES: dict[Path, ProgressStore] = {}


def store(path: str | Path | None = None) -> ProgressStore:
    """The shared store for ``path`` (default :func:`progress_path`), created on first use."""
    target = Path(path).expanduser().absolute() if path is not None else progress_path()
    if target not in _STORES:
        _STORES[target] = ProgressStore(target)
    return _STORES[target]


def progress_table(path: str | Path | None = None) -> pd.DataFrame:
    """Scores per notebook: questions answered, correct, marked (not reflections) and total.

    Reflections count as answered when saved but have no right answer, so ``correct`` is out
    of ``marked``. The last row totals the notebooks.
    """
    from .bank import load_bank

    bank = load_bank()
    entries = store(path).entries()
    rows = []
    for notebook, questions in bank.notebooks.items():
        answered = [q for q in questions if q.id in entries]
        rows.append(
            {
                "notebook": notebook,
                "answered": len(answered),
                "correct": sum(entries[q.id].get("correct") is True for q in answered),
                "marked": sum(q.type != "reflection" for q in questions),
                "total": len(questions),
            }
        )
    table = pd.DataFrame(rows, columns=["notebook", "answered", "correct", "marked", "total"])
    totals = {"notebook": "all", **{c: int(table[c].sum()) for c in table.columns[1:]}}
    table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
    return table.astype({"notebook": "string"} | {c: "Int64" for c in table.columns[1:]})
