"""Check a whole data folder the way ``kzlesson validate [DIR]`` reports it.

The tables come first (``datapackage.json``: types, enums, keys, references), then names that
point to two rows of places, actors or glossary, then the quiz bank (``quizzes/``) and the
exercises (``exercises/``) in the same folder, because a teacher who deletes a claim or renames
a place breaks the questions that cite it. The bank and the exercises are checked even when a
table is broken: only their references into a table that does not load are skipped, and one
note says which. Every problem is collected; nothing stops at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..paths import DataDirNotFound, resolve_dir
from ..tables.aliases import alias_collisions
from ..tables.load import TABLES, DataError, load_table, validate_dir


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
    """Check tables, names, quiz bank and exercises of a data folder (default: packaged data)."""
    label = str(directory) if directory is not None else "the packaged data"
    report = Report(label)
    report.problems += [str(p) for p in validate_dir(directory)]
    try:
        folder = resolve_dir(directory)
    except DataDirNotFound:  # validate_dir reported it already
        return report
    if not folder.is_dir():
        return report  # validate_dir reported "folder not found"
    unloaded = _load_tables(folder, report)
    report.problems += [str(p) for p in alias_collisions(folder)]
    skipped = _check_quizzes(folder, report, unloaded) | _check_exercises(folder, report, unloaded)
    if skipped:
        names = ", ".join(f"{name}.csv" for name in sorted(skipped))
        report.notes.append(
            f"quiz and exercise references into {names} were not checked: "
            "fix the table problems above and run validate again"
        )
    return report


def _load_tables(folder: Path, report: Report) -> set[str]:
    """Load every table, counting rows; return the names of the tables that do not load."""
    unloaded = set()
    report.counts["tables"] = len(TABLES)
    report.counts["rows"] = 0
    for name in TABLES:
        try:
            rows = len(load_table(name, folder))
        except DataError:
            unloaded.add(name)  # its problems are in the table report already
            continue
        except KeyError:
            report.problems.append(
                f"datapackage.json: has no resource called {name!r}; the lesson needs it "
                f"(add the resource for {name}.csv back)"
            )
            unloaded.add(name)
            continue
        report.counts["rows"] += rows
        if rows == 0:
            report.notes.append(f"{name}.csv has no rows (allowed, but is that intended?)")
    return unloaded


def _check_quizzes(folder: Path, report: Report, unloaded: set[str]) -> set[str]:
    """Add the quiz bank's problems (every one) or its question count to ``report``.

    Returns the data tables the bank refers to that did not load (references not checked).
    """
    quizzes = folder / "quizzes"
    if not quizzes.is_dir():
        return set()
    from ..quizzes.bank import BankError, load_bank
    from ..quizzes.datacheck import data_disagreements

    try:
        bank = load_bank(quizzes, folder)
    except BankError as err:
        report.problems += [f"quizzes/{problem}" for problem in err.bank_problems]
        return set(err.unchecked)
    tables = {spec["table"] for q in bank.all() if (spec := q.data_check)}
    if tables & unloaded:
        return tables & unloaded
    report.problems += [
        f"quizzes/{line} (the answer and the data disagree)"
        for line in data_disagreements(bank, folder)
    ]
    report.counts["questions"] = sum(len(qs) for qs in bank.notebooks.values())
    return set()


def _check_exercises(folder: Path, report: Report, unloaded: set[str]) -> set[str]:
    """Add every exercise problem (files, then each good one against its table) or the count.

    Returns the tables whose exercises were not checked against the data (they do not load).
    """
    if not (folder / "exercises").is_dir():
        return set()
    from ..exercises.expected import data_problems
    from ..exercises.files import read_exercises
    from ..quizzes.types.exercise import structure_problems

    exercises, problems = read_exercises(folder)
    problems += structure_problems(exercises.values())
    found, skipped = data_problems(exercises.values(), folder, unloaded)
    report.problems += problems + found
    if not problems and not found:
        report.counts["exercises"] = len(exercises)
    return skipped
