"""`kzlesson validate` checks the quiz bank and exercises against the tables too."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzlesson.paths import data_dir
from kzlesson.quizzes.bank import BankError, load_bank
from kzlesson.teacher.validate import validate_folder


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    """A copy of the whole packaged data folder, with quizzes/ and exercises/."""
    return Path(shutil.copytree(data_dir(), tmp_path / "data"))


def _drop_row(path: Path, row_id: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    kept = [row for row in rows if row[0] != row_id]
    assert len(kept) == len(rows) - 1, f"{row_id} not found in {path.name}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)


def _run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzlesson", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_clean_full_copy_counts_questions_and_exercises(full_copy: Path) -> None:
    report = validate_folder(full_copy)
    assert report.ok, report.problems
    assert report.counts["questions"] >= 40
    assert report.counts["exercises"] >= 6
    assert report.counts["rows"] > 500
    assert f"{report.counts['questions']} quiz questions" in report.summary()


def test_deleting_a_claim_a_quiz_cites_is_reported(full_copy: Path) -> None:
    # C58 is cited by one quiz (context-12) and by no other table, so the tables stay clean.
    _drop_row(full_copy / "claims.csv", "C58")
    result = _run(full_copy)
    assert result.returncode == 1
    assert "quizzes/context.yaml" in result.stderr
    assert "C58" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_exercise_is_reported(full_copy: Path) -> None:
    path = full_copy / "exercises" / "timeline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: frame", "kind: guess", 1),
        encoding="utf-8",
    )
    report = validate_folder(full_copy)
    assert not report.ok
    assert any("timeline-ex1" in problem and "kind" in problem for problem in report.problems)


def _replace(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file (which must contain it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_exercise_problem_is_reported(full_copy: Path) -> None:
    exercises = full_copy / "exercises"
    _replace(exercises / "timeline.yaml", "kind: frame", "kind: guess")  # timeline-ex1: schema
    _replace(exercises / "timeline.yaml", "column: place_id", "column: plaec_id")  # ex3: column
    _replace(exercises / "context.yaml", "notebook: context", "notebook: debate")  # context-ex1
    report = validate_folder(full_copy)
    assert len(report.problems) == 3, report.problems
    expected = [
        ("timeline-ex1", "kind"),
        ("timeline-ex3", "no column 'plaec_id'"),
        ("context-ex1", "must match the file name"),
    ]
    for ident, words in expected:
        assert any(ident in p and words in p for p in report.problems), (ident, report.problems)
    result = _run(full_copy)
    assert result.returncode == 1 and "3 problem(s) found" in result.stderr
    assert "Traceback" not in result.stderr


def test_table_problems_come_first_and_quizzes_are_still_checked(full_copy: Path) -> None:
    _drop_row(full_copy / "claims.csv", "C54")  # interpretations.csv refers to it
    report = validate_folder(full_copy)
    kinds = [p.split("/")[0].split(",")[0] for p in report.problems]
    assert kinds[0] == "interpretations.csv"
    # four questions cite C54 in data_refs: each one is reported, after the table problems
    quiz = [p for p in report.problems if p.startswith("quizzes/") and "C54" in p]
    assert len(quiz) == 4, report.problems
    assert report.problems.index(quiz[0]) > kinds.index("interpretations.csv")
    assert [n for n in report.notes if "not checked" in n] == [
        "quiz and exercise references into interpretations.csv were not checked: "
        "fix the table problems above and run validate again"
    ]


def test_a_broken_table_still_reports_quiz_and_exercise_problems(
    full_copy: Path, edit_cell
) -> None:
    edit_cell(full_copy, "events.csv", 1, "date", "2022-02-30")  # events.csv does not load
    _replace(full_copy / "quizzes" / "context.yaml", "  - P20\n", "  - P99\n")  # context-01
    _replace(full_copy / "exercises" / "context.yaml", "where: {region:", "where: {regoin:")
    report = validate_folder(full_copy)
    assert report.problems[0].startswith("events.csv, row 1")
    assert any(
        p.startswith("quizzes/context.yaml") and "context-01" in p and "P99" in p
        for p in report.problems
    ), report.problems
    assert any("context-ex1" in p and "no column 'regoin'" in p for p in report.problems)
    assert len(report.problems) == 3, report.problems
    # context-01 also cites event E010 and timeline exercises use events: skipped, and said so
    skipped = [n for n in report.notes if "not checked" in n]
    assert len(skipped) == 1 and "events.csv" in skipped[0], report.notes


@pytest.mark.parametrize(
    ("file", "alias"),
    [("places.csv", "MANGYSTAU-region"), ("actors.csv", "kassym jomart TOKAYEV")],
)
def test_an_alias_naming_two_rows_is_reported(
    data_copy: Path, edit_cell, file: str, alias: str
) -> None:
    # row 2 gets an alias that folds to the name of row 1 (Mangystau Region, Tokayev)
    path = data_copy / file
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    line = edit_cell(data_copy, file, 2, "aliases", rows[1]["aliases"] + ";" + alias)
    report = validate_folder(data_copy)
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert problem.startswith(f"{file}, row 2 (line {line}), field 'aliases': value {alias!r}")
    assert f"row 1 (name {rows[0]['name']!r})" in problem
    assert "cannot tell the two rows apart" in problem
    result = _run(data_copy)
    assert result.returncode == 1 and problem in result.stderr


def test_a_glossary_alias_naming_another_term_is_reported(data_copy: Path, edit_cell) -> None:
    path = data_copy / "glossary.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    alias = rows[0]["aliases"].split(";")[0]  # e.g. "CIS", an alias of the first term
    edit_cell(data_copy, "glossary.csv", 3, "aliases", ".".join(alias.lower()))  # "c.i.s"
    problems = validate_folder(data_copy).problems
    assert len(problems) == 1, problems
    assert problems[0].startswith("glossary.csv, row 3")
    assert f"row 1 (aliases {alias!r})" in problems[0]


def test_a_row_may_repeat_its_own_name_as_an_alias(data_copy: Path, edit_cell) -> None:
    path = data_copy / "places.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    edit_cell(data_copy, "places.csv", 1, "aliases", first["aliases"] + ";" + first["id"].upper())
    assert validate_folder(data_copy).ok


def test_an_empty_table_is_noted_not_hidden(full_copy: Path) -> None:
    path = full_copy / "glossary.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    result = _run(full_copy)
    assert "note: glossary.csv has no rows" in result.stderr
    # other tables cite glossary terms nowhere, so an empty glossary is legal: still exit 0
    assert result.returncode == 0, result.stderr


def test_bank_is_rechecked_when_the_data_changes(full_copy: Path) -> None:
    load_bank(full_copy / "quizzes", full_copy)  # clean, and now cached
    _drop_row(full_copy / "claims.csv", "C58")
    with pytest.raises(BankError) as info:
        load_bank(full_copy / "quizzes", full_copy)
    assert any("C58" in problem for problem in info.value.problems)


def _set_cell(path: Path, row_id: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    col = rows[0].index(column)
    hits = [row for row in rows if row[0] == row_id]
    assert len(hits) == 1, f"{row_id} not found in {path.name}"
    hits[0][col] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_data_the_bank_disagrees_with_fails_validate(full_copy: Path) -> None:
    # Issue 11's experiment: grievances-01 says F04 is 120; a teacher's copy says 150.
    _set_cell(full_copy / "figures.csv", "F04", "verified_value", "150")
    result = _run(full_copy)
    assert result.returncode == 1, result.stdout
    lines = [line for line in result.stderr.splitlines() if "grievances-01" in line]
    assert len(lines) == 1, result.stderr
    assert "figures row F04" in lines[0] and "150" in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    # The packaged data is untouched, so the packaged folder still validates.
    assert validate_folder().ok


def test_bank_check_command_uses_the_banks_own_data_folder(full_copy: Path) -> None:
    _set_cell(full_copy / "figures.csv", "F04", "verified_value", "150")
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson.quizzes.maintain", "check", str(full_copy / "quizzes")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "grievances-01 (figures row F04, verified_value)" in result.stderr
