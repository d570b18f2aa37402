"""``kzlesson class-report``: read a class's hand-ins (or progress files) and sum them up.

Reading never stops on a bad file: each file that cannot be used (or is used only in part) gets
ONE line naming it and what is wrong, and everything else is still read. The numbers are
computed here (:func:`summarise`); :mod:`kzlesson.classreport_html` writes the page and the CSV.

A hand-in is the student's own file and can be edited: the report is for teaching, not for
high-stakes marking.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..quizzes import handin, progress
from ..quizzes.bank import Bank, load_bank
from ..quizzes.core import Question, check, describe_response
from ..quizzes.progress import PROGRESS_FILE
from ..quizzes.types.exercise import SENTENCE_MISSING

MAX_BYTES = 20_000_000
OLD_HANDIN_MARK = "My quiz answers (kzlesson)"
# Exit codes of the command (also in docs/teacher-guide.md and `kzlesson class-report --help`)
EXIT_OK, EXIT_NOTHING, EXIT_SKIPPED = 0, 1, 3


@dataclass
class HandIn:
    """One student's work as read from one file."""

    source: Path
    student: str  # the name as typed ("" if none)
    data: dict[str, Any]
    exported: datetime

    @functools.cached_property
    def by_id(self) -> dict[str, dict[str, Any]]:
        """The questions of the hand-in by id."""
        return {q["id"]: q for q in self.data["questions"]}

    @property
    def key(self) -> str:
        """Who this is, for finding two hand-ins of one student (the file if no name)."""
        name = " ".join(self.student.casefold().split())
        return f"name:{name}" if name else f"file:{self.source}"


@dataclass
class Reading:
    """What was read: the hand-ins used and one line per problem."""

    handins: list[HandIn] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- finding files


def _hidden(path: Path, root: Path) -> bool:
    """True for a file inside a hidden folder such as .ipynb_checkpoints."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _in_folder(folder: Path) -> list[Path]:
    """The hand-in and progress files in a folder and its subfolders (hidden ones skipped)."""
    found = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not _hidden(p, folder)
        and (p.suffix.lower() in (".html", ".htm") or p.name == PROGRESS_FILE or _md_handin(p))
    ]
    return sorted(found)


def _md_handin(path: Path) -> bool:
    """A Markdown file holding hand-in data (other .md files in a folder are not hand-ins)."""
    if path.suffix.lower() != ".md":
        return False
    try:
        return handin.BLOCK_ID in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def find_files(
    paths: list[str | Path], problems: list[str], exclude: set[Path] = frozenset()
) -> dict[Path, Path]:
    """Every file to read from the files and folders given; a line for each that has none.

    Returns each file with the folder it was found in (its own folder for a file given).
    ``exclude``: files never to read (the report being written, if it is in a folder given).
    """
    files: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            inside = _in_folder(path)
            if not inside:
                problems.append(
                    f"{path}: an empty folder: no hand-in (.html) or {PROGRESS_FILE} in it"
                )
            files += [(p, path) for p in inside]
        elif path.is_file():
            files.append((path, path.parent))
        else:
            problems.append(f"{path}: no such file or folder")
    kept: dict[Path, tuple[Path, Path]] = {}
    for path, root in files:
        kept.setdefault(path.resolve(), (path, root))
    return {path: root for real, (path, root) in kept.items() if real not in exclude}


# --------------------------------------------------------------------------- reading one file


class Skip(Exception):
    """This file cannot be used; the message says why (one line)."""


def _read_text(path: Path) -> str:
    """The file's text; :class:`Skip` if it is too big, unreadable or not text."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise Skip(f"too big for a hand-in ({path.stat().st_size // 1_000_000} MB)")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise Skip("not a text file (is it a hand-in at all?)") from None
    except OSError as exc:
        raise Skip(f"cannot be read ({exc.strerror or exc})") from None


def _mtime(path: Path) -> datetime:
    """The file's modification time (aware)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)


def _when(text: Any, path: Path) -> datetime:
    """The export time written in the data, else the file's modification time."""
    try:
        when = datetime.fromisoformat(str(text))
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    except ValueError:
        return _mtime(path)


def _handin_doc(text: str) -> dict[str, Any]:
    """The data block of a hand-in page; :class:`Skip` saying what is wrong."""
    try:
        data = handin.read_block(text)
    except handin.HandinError as exc:
        if str(exc) == "no hand-in data block":
            if OLD_HANDIN_MARK in text and "</html>" not in text[-200:].lower():
                raise Skip(
                    "the file is cut off (truncated) before its data: ask the student to "
                    "export it again"
                ) from None
            if OLD_HANDIN_MARK in text:
                raise Skip(
                    "a hand-in from an older kzlesson without its data: ask the student to "
                    "export it again with kz.export_answers"
                ) from None
            raise Skip("not a kzlesson hand-in (no hand-in data in it)") from None
        raise Skip(str(exc)) from None
    version = data.get("version")
    if version != handin.VERSION:
        raise Skip(
            f"hand-in format version {str(version)[:20]}, this kzlesson reads version "
            f"{handin.VERSION}: update kzlesson (pip install -U kzlesson)"
        )
    return data


def _drop_bad_items(data: dict[str, Any], notes: list[str]) -> None:
    """Check against the schema; drop damaged items (noted); :class:`Skip` if the rest is bad."""
    errors = handin.problems(data)
    bad: dict[str, set[int]] = defaultdict(set)
    for path, message in errors:
        if len(path) >= 2 and path[0] in ("questions", "exercises", "organiser"):
            bad[path[0]].add(path[1])
            continue
        where = "/".join(map(str, path)) or "the top level"
        raise Skip(f"hand-edited or damaged: {where}: {message}")
    for part, indexes in bad.items():
        items = data[part]
        names = [
            str(items[i].get("id", i)) if isinstance(items[i], dict) else str(i) for i in indexes
        ]
        data[part] = [item for i, item in enumerate(items) if i not in indexes]
        notes.append(f"hand-edited or damaged {part} left out: {', '.join(sorted(names)[:6])}")


def read_handin(path: Path, notes: list[str]) -> HandIn:
    """One hand-in page; damaged parts are dropped and noted; :class:`Skip` if unusable."""
    data = _handin_doc(_read_text(path))
    _drop_bad_items(data, notes)
    return HandIn(path, data["student"].strip(), data, _when(data.get("exported"), path))


def _folder_name(path: Path, root: Path) -> str:
    """A progress file's student: its folder below the folder given (e.g. ``aigerim/lesson``)."""
    inside = path.parent.relative_to(root).as_posix() if path.is_relative_to(root) else "."
    return inside if inside != "." else path.resolve().parent.name


def _progress_answers(path: Path, notes: list[str]) -> dict[str, dict[str, Any]]:
    """A progress file's answers, read by the progress store's own reader (the file is never
    moved or rewritten); a damaged file's salvaged answers are used and noted."""
    text = _read_text(path)
    if not text.strip():
        raise Skip("an empty progress file (no answers saved)")
    found = progress.read_text(text)
    if found.foreign is not None:
        raise Skip(f"not a kzlesson progress file ({found.foreign})")
    if found.damage is not None:
        if not found.answers:
            raise Skip(f"damaged progress file ({found.damage}); no answer could be salvaged")
        notes.append(
            f"damaged progress file ({found.damage}): {len(found.answers)} answer(s) salvaged "
            "and used; the file is left as it is"
        )
    if found.damaged:
        notes.append(f"damaged entries (damaged fields left out): {', '.join(found.damaged[:6])}")
    return found.answers


def read_progress(path: Path, root: Path, bank: Bank, notes: list[str]) -> HandIn:
    """A student's progress file (e.g. in their hub folder): named after its folder."""
    entries = _progress_answers(path, notes)
    known = {q.id for q in bank.all()} | {e.id for e in handin.lesson_exercises()}
    unknown = sorted(k for k, v in entries.items() if k not in known and not handin.is_organiser(v))
    if unknown:
        notes.append(_unknown_note(unknown))
    student = _folder_name(path, root)
    return HandIn(path, student, handin.handin_data(bank, entries, student), _mtime(path))


def _unknown_note(ids: list[str]) -> str:
    """The line for ids this lesson does not have."""
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    return (
        f"from another lesson version: {len(ids)} question id(s) this lesson does not have "
        f"({shown}); they are left out"
    )


def _drop_unknown(h: HandIn, bank: Bank, notes: list[str]) -> None:
    """Leave out questions and exercises the lesson does not have (noted once)."""
    types = {q.id: q.type for q in bank.all()}
    exercises = {e.id for e in handin.lesson_exercises()}
    questions = h.data["questions"]
    unknown = [q["id"] for q in questions if types.get(q["id"]) != q["type"]]
    unknown += [e["id"] for e in h.data["exercises"] if e["id"] not in exercises]
    if unknown:
        notes.append(_unknown_note(unknown))
        h.data["questions"] = [q for q in questions if types.get(q["id"]) == q["type"]]
        h.data["exercises"] = [e for e in h.data["exercises"] if e["id"] in exercises]


def read_one(path: Path, root: Path, bank: Bank, reading: Reading) -> None:
    """Read one file into ``reading`` (a hand-in, or a line saying what is wrong)."""
    notes: list[str] = []
    try:
        if path.name == PROGRESS_FILE or path.suffix.lower() == ".json":
            found = read_progress(path, root, bank, notes)
        else:
            found = read_handin(path, notes)
            _drop_unknown(found, bank, notes)
    except Skip as exc:
        reading.problems.append(f"{path}: skipped: {exc}")
        return
    except Exception as exc:  # noqa: BLE001 (one odd file must never stop the class report)
        reading.problems.append(f"{path}: skipped: it could not be read ({type(exc).__name__})")
        return
    if notes:
        reading.problems.append(f"{path}: read, but {'; '.join(notes)}")
    reading.handins.append(found)


def _one_per_student(reading: Reading) -> None:
    """Keep the newest hand-in of each student; a line for each one left out."""
    newest: dict[str, HandIn] = {}
    for h in sorted(reading.handins, key=lambda h: (h.exported, _mtime(h.source), str(h.source))):
        older = newest.get(h.key)
        if older is not None:
            reading.problems.append(
                f"{older.source}: skipped: another hand-in from the same student "
                f"({older.student}) is newer: {h.source} (exported {h.exported:%Y-%m-%d %H:%M})"
            )
        newest[h.key] = h
    reading.handins = sorted(newest.values(), key=lambda h: (h.student.casefold(), str(h.source)))


def read_class(
    paths: list[str | Path], bank: Bank | None = None, exclude: set[Path] = frozenset()
) -> Reading:
    """Read every hand-in and progress file in ``paths`` (files or folders)."""
    bank = bank or load_bank()
    reading = Reading()
    for path, root in find_files(paths, reading.problems, exclude).items():
        read_one(path, root, bank, reading)
    _one_per_student(reading)
    return reading


# --------------------------------------------------------------------------- the numbers


@dataclass
class WrongAnswer:
    """A wrong answer, how many students gave it, and the feedback that answer gets."""

    text: str
    students: int
    feedback: str


@dataclass
class QuestionStats:
    """One question across the class."""

    question: Question
    answered: int = 0
    first: int = 0
    eventually: int = 0
    shown: int = 0
    wrong: list[WrongAnswer] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (student label, reflection)


@dataclass
class ExerciseStats:
    """One exercise across the class."""

    id: str
    notebook: str
    attempted: int = 0
    first: int = 0
    eventually: int = 0
    tries: int = 0
    sentence_missing: int = 0  # code right, the sentence a history-skill exercise asks for not
    texts: list[tuple[str, str]] = field(default_factory=list)  # interpretations


@dataclass
class Score:
    """One student's work in one notebook (quiz questions and exercises together)."""

    answered: int = 0
    correct: int = 0
    marked: int = 0
    total: int = 0


@dataclass
class ClassSummary:
    """Everything the report shows."""

    bank: Bank
    labels: list[str]  # one per student, in table order
    sources: list[str]
    scores: list[dict[str, Score]]  # per student: notebook key -> Score
    questions: list[QuestionStats]
    exercises: list[ExerciseStats]
    organiser: dict[str, list[tuple[str, dict[str, str]]]]
    anonymous: bool


def _labels(handins: list[HandIn], anonymous: bool) -> list[str]:
    """Names, or "Student N" in an order that does not follow the names."""
    if not anonymous:
        return [h.student or f"(no name: {h.source.name})" for h in handins]
    order = sorted(
        range(len(handins)), key=lambda i: hashlib.sha256(handins[i].key.encode()).digest()
    )
    labels = [""] * len(handins)
    for number, index in enumerate(order, start=1):
        labels[index] = f"Student {number}"
    return labels


def _answer_key(q: Question, given: dict[str, Any]) -> str:
    """What makes two wrong answers "the same": their ids, else their words."""
    ids = given.get("ids") or []
    if ids:
        return "ids:" + "|".join(sorted(ids) if q.type == "multi" else ids)
    return "text:" + " ".join(str(given.get("text", "")).casefold().split())


def _feedback(q: Question, response: Any) -> str:
    """The feedback the lesson gives this response (what to reteach)."""
    try:
        return check(q, response).message
    except Exception:  # noqa: BLE001 (a hand-edited response must not stop the report)
        return ""


def _wrong_answers(q: Question, found: dict[str, tuple[set[int], Any, str]]) -> list[WrongAnswer]:
    """The three wrong answers most students gave, with their feedback."""
    ranked = sorted(found.values(), key=lambda v: (-len(v[0]), v[2]))[:3]
    return [
        WrongAnswer(describe_response(q, response) or text, len(who), _feedback(q, response))
        for who, response, text in ranked
    ]


def _question_stats(q: Question, handins: list[HandIn], labels: list[str]) -> QuestionStats:
    """Count one question over the class."""
    stats = QuestionStats(q)
    wrong: dict[str, tuple[set[int], Any, str]] = {}
    for index, h in enumerate(handins):
        item = h.by_id.get(q.id)
        if not item or not item["answered"]:
            continue
        stats.answered += 1
        stats.first += item["right_first_time"] is True
        stats.eventually += item["right_eventually"] is True
        stats.shown += item["answer_shown"]
        if item["reflection"]:
            stats.texts.append((labels[index], item["reflection"]))
        for given in item["answers_given"]:
            if given["correct"] is False:
                key = _answer_key(q, given)
                entry = wrong.setdefault(key, (set(), given.get("response"), given["text"]))
                entry[0].add(index)
    stats.wrong = _wrong_answers(q, wrong)
    return stats


def _exercise_stats(handins: list[HandIn], labels: list[str]) -> list[ExerciseStats]:
    """Count each exercise over the class, keeping the interpretations written."""
    stats: dict[str, ExerciseStats] = {
        e.id: ExerciseStats(e.id, e.notebook) for e in handin.lesson_exercises()
    }
    for index, h in enumerate(handins):
        for ex in h.data["exercises"]:
            s = stats.get(ex["id"])
            if s is None or not ex["attempted"]:
                continue
            s.attempted += 1
            s.first += ex["right_first_time"] is True
            s.eventually += ex["right_eventually"] is True
            s.tries += ex["tries"]
            s.sentence_missing += ex.get("status") == SENTENCE_MISSING
            if ex["interpretation"]:
                s.texts.append((labels[index], ex["interpretation"]))
    return list(stats.values())  # in the order of the exercise files (notebook order)


def _scores(h: HandIn, bank: Bank) -> dict[str, Score]:
    """A student's score per notebook: questions and exercises together."""
    scores = {key: Score() for key in bank.notebooks}
    marked_types = {q.id: q.type != "reflection" for q in bank.all()}
    home = {q.id: q.notebook for q in bank.all()} | {
        e.id: e.notebook for e in handin.lesson_exercises()
    }
    for key, questions in bank.notebooks.items():
        scores[key].total = len(questions)
        scores[key].marked = sum(q.type != "reflection" for q in questions)
    for e in handin.lesson_exercises():
        if e.notebook in scores:
            scores[e.notebook].total += 1
            scores[e.notebook].marked += 1
    items = list(h.data["questions"]) + [
        {**ex, "answered": ex["attempted"]} for ex in h.data["exercises"]
    ]
    for item in items:
        score = scores.get(home.get(item["id"], ""))  # the lesson's notebook, not the file's
        if score is None or not item["answered"]:
            continue
        score.answered += 1
        score.correct += item["correct"] is True and marked_types.get(item["id"], True)
    return scores


def _organiser(handins: list[HandIn], labels: list[str]) -> dict[str, list[tuple[str, dict]]]:
    """Organiser rows grouped by their id."""
    grouped: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for index, h in enumerate(handins):
        for row in h.data["organiser"]:
            grouped[row["id"]].append((labels[index], row))
    return dict(grouped)


def summarise(reading: Reading, bank: Bank | None = None, anonymous: bool = False) -> ClassSummary:
    """The class's numbers and texts from the hand-ins read."""
    bank = bank or load_bank()
    handins = reading.handins
    labels = _labels(handins, anonymous)
    order = sorted(range(len(handins)), key=lambda i: _natural(labels[i]))
    handins = [handins[i] for i in order]
    labels = [labels[i] for i in order]
    return ClassSummary(
        bank=bank,
        labels=labels,
        sources=[str(h.source) for h in handins],
        scores=[_scores(h, bank) for h in handins],
        questions=[_question_stats(q, handins, labels) for q in bank.all()],
        exercises=_exercise_stats(handins, labels),
        organiser=_organiser(handins, labels),
        anonymous=anonymous,
    )


def _natural(text: str) -> list[Any]:
    """Sort key that puts "Student 2" before "Student 10"."""
    return [int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text)]
