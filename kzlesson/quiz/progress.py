"""Save every quiz check in a JSON progress file, and read the scores back.

The file is ``kzlesson-progress.json`` in the current working directory (in Jupyter: the
notebook's folder), or the path in the environment variable ``KZLESSON_PROGRESS``. Each entry
holds the question id, its notebook, the latest response, whether it was correct, the number of
attempts and wrong attempts, the time, and a short history.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), and every write
first re-reads the file, so two notebooks (two kernels) saving one after the other keep each
other's answers. A corrupted file is moved aside to ``<name>.bak-<timestamp>`` and a fresh one
is started, with a one-line :class:`ProgressWarning`; if the file cannot be written at all, one
warning is given and the answers are kept in memory for this session.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
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
    """True if ``doc`` looks like a progress file this version can use."""
    return (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and isinstance(doc.get("answers"), dict)
        and all(isinstance(v, dict) for v in doc["answers"].values())
    )


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
            warnings.warn(message, ProgressWarning, stacklevel=3)

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
        return doc["answers"]

    def _move_aside(self, why: str) -> dict[str, dict[str, Any]]:
        """Rename a damaged file to ``.bak-<timestamp>`` and start afresh."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.bak-{stamp}")
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
            fd, tmp_name = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
            )
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
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
        history = [h for h in previous.get("history", []) if isinstance(h, dict)]
        history = (history + [{"response": saved, "correct": correct, "time": time}])[-MAX_HISTORY:]
        entry = {
            "notebook": notebook,
            "response": saved,
            "correct": correct,
            "attempts": _count(previous.get("attempts")) + 1,
            "wrong": _count(previous.get("wrong")) + (1 if correct is False else 0),
            "first_time": previous.get("first_time", time),
            "time": time,
            "history": history,
        }
        self._answers[question_id] = entry
        self._write()
        return dict(entry)


def _count(value: Any) -> int:
    """A saved counter, or 0 if it is missing or damaged."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


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
