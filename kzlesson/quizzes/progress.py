"""Save every quiz check in a JSON progress file, and read the scores back.

The file is ``kzlesson-progress.json`` in the current working directory (in Jupyter: the
notebook's folder), or the path in the environment variable ``KZLESSON_PROGRESS``. Each entry
holds the question id, its notebook, the latest response, whether it was correct, the number of
attempts and wrong attempts, the time, and a short history.

Nothing a student writes is lost or destroyed:

- Only a kzlesson progress file is ever replaced or moved aside. It is recognised by its
  marker (``"format": "kzlesson-progress"``). Anything else at the path (a notebook, other
  JSON, a folder, a device such as ``/dev/null``) is refused with one warning and left
  untouched; answers are then kept in memory for this session.
- Each save happens under a lock (:mod:`filelock`, on ``.<name>.lock`` next to the file; see
  docs/architecture.md for why): it re-reads the file, merges this answer in and writes a
  temporary file in the same folder (flushed with ``fsync``), then ``os.replace`` puts it in
  place. Two notebooks (two kernels) answering at once keep every answer.
- Before each save, the last good state is kept as ``<name>.backup``.
- A save that fails (full disk, permission) keeps the answers in memory with one warning; the
  next answer tries again, and a warning says when saving works again (all kept answers are
  then written).
- A damaged progress file (bad JSON, nested too deeply, not UTF-8) is moved to
  ``<name>.bak-<timestamp>`` (never overwriting an earlier one); the answers that can still
  be read are salvaged into the fresh file and the warning says where the original went. An
  entry with damaged fields (e.g. ``"history": 5``) keeps its good fields, with one warning.

Warnings point at the caller's line (e.g. ``kz.progress()``), not at this module.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import secrets
import stat
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock
import pandas as pd

from .core import MAX_REFLECTION

PROGRESS_ENV = "KZLESSON_PROGRESS"
PROGRESS_FILE = "kzlesson-progress.json"
FORMAT = "kzlesson-progress"
VERSION = 1
MAX_HISTORY = 20
MAX_SAVED_TEXT = MAX_REFLECTION  # a reflection is saved whole
LOCK_TIMEOUT = 10.0  # seconds; after that the save goes ahead without the lock
_MARKER = re.compile(r'"format"\s*:\s*"kzlesson-progress"')
_ENTRY_START = re.compile(r'"((?:[^"\\]|\\.){1,200})"\s*:\s*\{')


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


def _text(value: str) -> str:
    """A string that can be saved as UTF-8: lone surrogates become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


def jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of a response (very long text cut, odd objects turned into text).

    Reflections over the limit are refused before they get here (see ``quiz.core``).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        value = _text(value)
        return value if len(value) <= MAX_SAVED_TEXT else value[:MAX_SAVED_TEXT] + " [...]"
    if depth > 5:
        return "..."
    if isinstance(value, dict):
        return {_text(str(k)[:200]): jsonable(v, depth + 1) for k, v in list(value.items())[:100]}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v, depth + 1) for v in list(items)[:100]]
    return _text(repr(value)[:200])


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


def salvage(text: str) -> dict[str, dict[str, Any]]:
    """The answers that can still be read from a damaged progress file's text.

    Every ``"question id": {...}`` that parses on its own and looks like an entry (it has a
    ``notebook`` or ``response``) is kept; the rest is skipped.
    """
    decoder = json.JSONDecoder()
    found: dict[str, dict[str, Any]] = {}
    position = 0
    while (match := _ENTRY_START.search(text, position)) is not None:
        position = match.end()
        if match.group(1) in _FIELD_OK or match.group(1) in ("answers", "response"):
            continue
        try:
            entry, end = decoder.raw_decode(text, match.end() - 1)
        except (ValueError, RecursionError):
            continue
        kept, _ = clean_entry(entry)
        if kept and ("notebook" in kept or "response" in kept):
            found[match.group(1)] = kept
            position = end
    return found


@dataclass(frozen=True)
class FileText:
    """What a progress file's text holds, read without touching the file (:func:`read_text`).

    ``foreign``: why it is not a kzlesson progress file (then ``answers`` is empty).
    ``damage``: why the file is damaged (then ``answers`` are the entries :func:`salvage`
    found). ``damaged``: ids of entries whose damaged fields were left out.
    """

    answers: dict[str, dict[str, Any]]
    damaged: tuple[str, ...] = ()
    foreign: str | None = None
    damage: str | None = None


def clean_answers(answers: dict[Any, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """(the entries with damaged fields left out, the ids of damaged entries)."""
    out: dict[str, dict[str, Any]] = {}
    damaged = []
    for question_id, entry in answers.items():
        kept, bad = clean_entry(entry)
        if bad:
            damaged.append(str(question_id))
        if kept is not None:
            out[str(question_id)] = kept
    return out, damaged


def read_text(text: str) -> FileText:
    """Read a progress file's text the way the store does, but only read: a foreign file is
    named, a damaged one salvaged, damaged entries cleaned (the teacher's class report reads
    students' files with this and never moves or rewrites them)."""
    if not text.strip():
        return FileText({})  # an empty file holds nothing to lose
    doc, damage = _decode(text)
    why = _foreign(text, doc, damage)
    if why is not None:
        return FileText({}, foreign=why)
    if damage is not None:
        return FileText(salvage(text), damage=damage)
    answers, damaged = clean_answers(doc["answers"])
    return FileText(answers, damaged=tuple(damaged))


def _caller_level() -> int:
    """The ``stacklevel`` that makes a warning point at the first frame outside kzlesson."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _what_it_is(path: Path, mode: int) -> str | None:
    """Why ``path`` is not a file this store may replace (None if it may)."""
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if not stat.S_ISREG(mode):
        return "it is a device or special file, not a regular file"
    return None


def _decode(text: str) -> tuple[Any, str | None]:
    """(the parsed document, None) or (None, why the text is damaged)."""
    try:
        return json.loads(text), None
    except RecursionError:
        return None, "it is nested too deeply"
    except ValueError:
        return None, "it is not valid JSON"


def _foreign(text: str, doc: Any, damage: str | None) -> str | None:
    """Why a regular file is not a kzlesson progress file (None if it is one, maybe damaged)."""
    if damage is not None:
        looks_ours = _MARKER.search(text) is not None and '"nbformat"' not in text
        return None if looks_ours else "it has no kzlesson progress marker"
    if _valid(doc):
        return None
    if isinstance(doc, dict) and "nbformat" in doc:
        return "it is a notebook"
    return "it is JSON but not a kzlesson progress file"


def _dump(answers: dict[str, dict[str, Any]]) -> str:
    """The file's text: the marker first, then one answer per line (fast C encoder, readable)."""
    head = json.dumps({"format": FORMAT, "version": VERSION})[:-1]
    lines = [
        f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
        for key, entry in sorted(answers.items())
    ]
    return head + ', "answers": {\n' + ",\n".join(lines) + "\n}}\n"


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path``: temp file in the same folder, fsync, then ``os.replace``."""
    tmp_name = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
    try:
        # 0o666 minus the umask: the mode any new file gets (mkstemp would give 0o600).
        fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):  # keep the old file's permissions
            os.chmod(tmp_name, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp_name, path)
        tmp_name = ""
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _free_name(path: Path) -> Path:
    """``<name>.bak-<timestamp>``, numbered so that no earlier backup is overwritten."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.name}.bak-{stamp}")
    number = 1
    while moved.exists() or moved.is_symlink():
        number += 1
        moved = path.with_name(f"{path.name}.bak-{stamp}-{number}")
    return moved


class ProgressStore:
    """The progress file of one path; keeps answers in memory while it cannot be written."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser().absolute() if path is not None else progress_path()
        self.refused: str | None = None  # why the path is not ours: never touched
        self.failing: str | None = None  # why the last save failed: retried on the next one
        self._pending: set[str] = set()  # answers not yet on disk
        self._answers: dict[str, dict[str, Any]] = {}
        self._warned: set[str] = set()
        self._blind = False  # the file exists but could not be read: do not write over it
        self._lock = filelock.FileLock(
            str(self.path.with_name(f".{self.path.name}.lock")), timeout=LOCK_TIMEOUT
        )
        self._answers = self._read()  # reading needs no lock: files are replaced whole

    @property
    def memory_only(self) -> bool:
        """True while answers are kept in memory only (the path is refused or saving fails)."""
        return self.refused is not None or self.failing is not None or self._blind

    @property
    def backup_path(self) -> Path:
        """Where the last good state is kept."""
        return self.path.with_name(self.path.name + ".backup")

    def _warn(self, kind: str, message: str) -> None:
        """Warn once per kind of problem (until the problem is over)."""
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(message, ProgressWarning, stacklevel=_caller_level())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock around read-merge-write; go on without it if it cannot be had."""
        if self.refused is not None or not self.path.parent.is_dir():
            yield
            return
        try:
            self._lock.acquire(poll_interval=0.005)
        except (OSError, filelock.Timeout, NotImplementedError):
            yield  # read-only folder, no locks on this file system, or a stuck holder
            return
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                self._lock.release()

    def _refuse(self, why: str) -> dict[str, dict[str, Any]]:
        """Never touch the path again; keep answers in memory, with one warning."""
        self.refused = why
        self._warn(
            "refused",
            f"{self.path} is not a kzlesson progress file ({why}), so it was left untouched; "
            f"answers are kept in memory only for this session. Set {PROGRESS_ENV} to a new "
            "file name, e.g. kzlesson-progress.json.",
        )
        return self._answers

    def _read(self) -> dict[str, dict[str, Any]]:
        """The answers on disk; memory if the path is refused or cannot be read now."""
        if self.refused is not None:
            return self._answers
        was_blind, self._blind = self._blind, False
        answers = self._read_disk()
        if was_blind and not self._blind:
            self._warned.discard("unreadable")  # warn again if it happens again
        return answers

    def _read_disk(self) -> dict[str, dict[str, Any]]:
        """The answers in the file (see :meth:`_read`)."""
        try:
            mode = os.stat(self.path).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return {}  # a missing folder is reported when writing
        except OSError as exc:
            return self._unreadable(exc)
        why = _what_it_is(self.path, mode)
        if why is not None:
            return self._refuse(why)
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            return self._unreadable(exc)
        return self._parse(data)

    def _unreadable(self, exc: OSError) -> dict[str, dict[str, Any]]:
        """A file that exists but cannot be read now: never overwrite it; try again next time."""
        self._blind = True
        self._warn(
            "unreadable",
            f"Cannot read the progress file {self.path} ({exc.strerror or exc}); it is left as "
            "it is and your answers are kept in memory. Reading is tried again with your next "
            "answer.",
        )
        return self._answers

    def _parse(self, data: bytes) -> dict[str, dict[str, Any]]:
        """Answers from the file's bytes, refusing foreign files and salvaging damaged ones."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
            if _MARKER.search(text) is None:
                return self._refuse("it is not a text file")
            return self._move_aside(text, "it is not valid UTF-8")
        found = read_text(text)
        if found.foreign is not None:
            return self._refuse(found.foreign)
        if found.damage is not None:
            return self._move_aside(text, found.damage)
        if found.damaged:
            shown = ", ".join(found.damaged[:5]) + (", ..." if len(found.damaged) > 5 else "")
            self._warn(
                "entries",
                f"Some saved answers in the progress file {self.path} were damaged ({shown}); "
                "the damaged parts were reset.",
            )
        return found.answers

    def _move_aside(self, text: str, why: str) -> dict[str, dict[str, Any]]:
        """Rename a damaged progress file to ``.bak-<timestamp>``; salvage what still reads."""
        rescued = salvage(text)
        with self._locked():
            moved = _free_name(self.path)
            try:
                if self.path.read_bytes().decode("utf-8", "replace") != text:
                    return self._read()  # another kernel has just repaired it
                os.replace(self.path, moved)
            except FileNotFoundError:
                return {}
            except OSError:
                return self._refuse(f"it is damaged ({why}) and cannot be moved aside")
            self._warn(
                "damaged",
                f"The progress file {self.path} was damaged ({why}): {len(rescued)} answer(s) "
                f"could be read and were kept; the original was moved to {moved}.",
            )
            self._pending.update(rescued)  # written now, or with the next save
            if rescued:
                self._write(rescued)
        return rescued

    def _keep_backup(self) -> None:
        """Keep the file as it is now (a good state: it was just read) as ``.backup``."""
        if not self.path.is_file():
            return
        tmp = self.backup_path.with_name(f".{self.backup_path.name}.{secrets.token_hex(6)}")
        try:
            os.link(self.path, tmp)
            os.replace(tmp, self.backup_path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            with contextlib.suppress(OSError):
                _write_atomic(self.backup_path, self.path.read_text(encoding="utf-8"))

    def _write(self, answers: dict[str, dict[str, Any]]) -> bool:
        """Write ``answers`` atomically; on failure warn once and return False."""
        if self.refused is not None or self._blind:
            return False
        text = _dump(answers)
        try:
            if not self.path.parent.is_dir():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._keep_backup()
            _write_atomic(self.path, text)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.failing = reason
            self._warned.discard("resumed")
            self._warn(
                "unwritable",
                f"Cannot save answers to {self.path} ({reason}); they are kept in memory and "
                "saving is tried again with your next answer. If it keeps failing, free some "
                f"space or set {PROGRESS_ENV} to a file in a folder you can write.",
            )
            return False
        if self.failing is not None:
            self.failing = None
            self._warned.discard("unwritable")
            self._warn(
                "resumed",
                f"Saving works again: all your answers are saved in {self.path}.",
            )
        if self._lock.is_locked:
            self._pending.clear()  # else kept until seen on disk: an unlocked save may be lost
        return True

    def _merged(self, disk: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The answers on disk with this session's unsaved ones put in (the newer one wins)."""
        merged = dict(disk)
        for question_id in list(self._pending):
            mine = self._answers.get(question_id)
            theirs = disk.get(question_id)
            if mine is None:
                continue
            if theirs == mine:
                if not self.memory_only:  # ``disk`` really came from the disk
                    self._pending.discard(question_id)
            elif theirs is None or str(theirs.get("time", "")) <= str(mine.get("time", "")):
                merged[question_id] = mine
        return merged

    def refresh(self) -> None:
        """Re-read the file (another notebook may have saved answers)."""
        self._answers = self._merged(self._read())

    def get(self, question_id: str) -> dict[str, Any] | None:
        """The saved entry of one question, or None."""
        entry = self._answers.get(question_id)
        return dict(entry) if isinstance(entry, dict) else None

    def entries(self) -> dict[str, dict[str, Any]]:
        """Every saved entry by question id (re-read from disk)."""
        self.refresh()
        return {k: dict(v) for k, v in self._answers.items() if isinstance(v, dict)}

    def record(
        self,
        question_id: str,
        notebook: str,
        response: Any,
        correct: bool | None,
        *,
        new_try: bool = True,
    ) -> dict[str, Any]:
        """Save one counted check and return the question's updated entry.

        ``new_try=False`` (an exercise's same answer, now with its sentence) replaces the last
        try's response instead of counting another try.
        """
        question_id = _text(str(question_id))
        with self._locked():
            self._answers = self._merged(self._read())
            entry = _next_entry(
                self._answers.get(question_id), notebook, response, correct, new_try=new_try
            )
            self._answers[question_id] = entry
            self._pending.add(question_id)
            self._write(self._answers)
        return dict(entry)

    def mark_shown(self, question_id: str) -> None:
        """Record that the answer of ``question_id`` was shown to the student ("Show me")."""
        question_id = _text(str(question_id))
        with self._locked():
            self._answers = self._merged(self._read())
            entry = dict(self._answers.get(question_id) or {})
            entry[SHOWN] = True
            self._answers[question_id] = entry
            self._pending.add(question_id)
            self._write(self._answers)


def _next_entry(
    previous: Any, notebook: str, response: Any, correct: bool | None, *, new_try: bool = True
) -> dict[str, Any]:
    """A question's entry after one more counted check (or, with ``new_try=False``, with the
    last try's response replaced)."""
    previous = previous if isinstance(previous, dict) else {}
    time = _now()
    saved = jsonable(response)
    old_history = previous.get("history")
    old_history = old_history if isinstance(old_history, list) else []
    history = [h for h in old_history if isinstance(h, dict)]
    new_try = new_try or not history or not _count(previous.get("attempts"))
    if not new_try:
        history = history[:-1]
    history = (history + [{"response": saved, "correct": correct, "time": time}])[-MAX_HISTORY:]
    first = previous.get("first_time")
    shown = {SHOWN: True} if previous.get(SHOWN) is True else {}  # stays once shown (issue 12)
    return {
        "notebook": _text(str(notebook)),
        "response": saved,
        "correct": correct,
        "attempts": _count(previous.get("attempts")) + int(new_try),
        "wrong": _count(previous.get("wrong")) + (1 if correct is False and new_try else 0),
        "first_time": first if isinstance(first, str) else time,
        "time": time,
        "history": history,
        **shown,
    }


SHOWN = "answer_shown"  # = kzlesson.quizzes.handin.SHOWN_FIELD (handin imports this module's data)


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
    of ``marked``. The last row totals the notebooks. If the question bank cannot be read, one
    warning says so and the table counts the saved answers alone (marked and total empty).
    """
    from .bank import BankError, load_bank

    entries = store(path).entries()
    try:
        bank = load_bank()
    except (BankError, OSError) as exc:
        first = " ".join(str(exc).split())[:200]
        warnings.warn(
            f"The question bank cannot be read ({first}); the scores below count your saved "
            "answers only. Tell your teacher (kzlesson validate shows every problem).",
            ProgressWarning,
            stacklevel=_caller_level(),
        )
        return _table(_rows_from_entries(entries))
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
    return _table(rows)


def _rows_from_entries(entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :func:`progress_table` from the saved answers alone (no bank to count from)."""
    by_notebook: dict[str, list[dict[str, Any]]] = {}
    for entry in entries.values():
        by_notebook.setdefault(str(entry.get("notebook", "?")), []).append(entry)
    return [
        {
            "notebook": notebook,
            "answered": len(saved),
            "correct": sum(e.get("correct") is True for e in saved),
            "marked": None,
            "total": None,
        }
        for notebook, saved in sorted(by_notebook.items())
    ]


def _table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The score table with a totals row (empty columns stay empty)."""
    columns = ["notebook", "answered", "correct", "marked", "total"]
    table = pd.DataFrame(rows, columns=columns).astype({c: "Int64" for c in columns[1:]})
    totals = {"notebook": "all", **{c: table[c].sum(min_count=1) for c in columns[1:]}}
    if not rows:
        totals.update(answered=0, correct=0)
    table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
    return table.astype({"notebook": "string"} | {c: "Int64" for c in columns[1:]})
