"""Check a whole data folder the way ``kzlesson validate [DIR]`` reports it.

The tables come first (``datapackage.json``: types, enums, keys, references). When they are
clean, the quiz bank (``quizzes/``) and the exercises (``exercises/``) in the same folder are
checked against them too, because a teacher who deletes a claim or renames a place breaks the
questions that cite it. Every problem is collected; nothing stops at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .data import TABLES, load_table, validate_dir
from .paths import DataDirNotFound, resolve_dir


@dataclass
class Report:
    """What ``validate`` found: problems (each one line), notes (warnings) and a summary."""

    label: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no problem was found (notes do not count)."""
        return not self.problems

    def summary(self) -> str:
        """One line: what was checked and whether it is clean."""
        if not self.ok:
            return f"{len(self.problems)} problem(s) found in {self.label}."
        parts = [f"{self.counts.get('tables', 0)} tables ({self.counts.get('rows', 0)} rows)"]
        if "questions" in self.counts:
            parts.append(f"{self.counts['questions']} quiz questions")
        if "exercises" in self.counts:
            parts.append(f"{self.counts['exercises']} exercises")
        return f"OK: {', '.join(parts)} in {self.label} match their schemas and each other."


def validate_folder(directory: str | Path | None = None) -> Report:
    """Check tables, then quiz bank and exercises, of a data folder (default: packaged data)."""
    label = str(directory) if directory is not None else "the packaged data"
    report = Report(label)
    report.problems += [str(p) for p in validate_dir(directory)]
    if report.problems:
        report.notes.append("quizzes and exercises are checked once the tables are clean")
        return report
    try:
        folder = resolve_dir(directory)
    except DataDirNotFound as err:  # pragma: no cover - validate_dir reported it already
        report.problems.append(str(err))
        return report
    report.counts["tables"] = len(TABLES)
    report.counts["rows"] = 0
    for name in TABLES:
        rows = len(load_table(name, folder))
        report.counts["rows"] += rows
        if rows == 0:
            report.notes.append(f"{name}.csv has no rows (allowed, but is that intended?)")
    _check_quizzes(folder, report)
    _check_exercises(folder, report)
    return report


def _check_quizzes(folder: Path, report: Report) -> None:
    """Add the quiz bank's problems (every one) or its question count to ``report``."""
    quizzes = folder / "quizzes"
    if not quizzes.is_dir():
        return
    from .quiz.bank import BankError, load_bank

    try:
        bank = load_bank(quizzes, folder)
    except BankError as err:
        report.problems += [f"quizzes/{problem}" for problem in err.problems]
        return
    report.counts["questions"] = sum(len(qs) for qs in bank.notebooks.values())


def _check_exercises(folder: Path, report: Report) -> None:
    """Add the exercise files' problem (they stop at the first) or their count to ``report``."""
    if not (folder / "exercises").is_dir():
        return
    from .exercises import ExerciseError, load_exercises

    try:
        report.counts["exercises"] = len(load_exercises(folder))
    except ExerciseError as err:
        report.problems.append(str(err))
