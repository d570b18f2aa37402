"""`kzlesson validate` checks the quiz bank and exercises against the tables too."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzlesson.paths import data_dir
from kzlesson.quiz.bank import BankError, load_bank
from kzlesson.validate import validate_folder


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
    # C03 is cited by context questions but by no other table, so the tables stay clean.
    _drop_row(full_copy / "claims.csv", "C03")
    result = _run(full_copy)
    assert result.returncode == 1
    assert "quizzes/context.yaml" in result.stderr
    assert "C03" in result.stderr
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


def test_table_problems_come_first_and_skip_the_quiz_check(full_copy: Path) -> None:
    _drop_row(full_copy / "claims.csv", "C54")  # interpretations.csv refers to it
    report = validate_folder(full_copy)
    assert any(p.startswith("interpretations.csv") for p in report.problems)
    assert not any(p.startswith("quizzes/") for p in report.problems)
    assert any("once the tables are clean" in note for note in report.notes)


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
    _drop_row(full_copy / "claims.csv", "C03")
    with pytest.raises(BankError) as info:
        load_bank(full_copy / "quizzes", full_copy)
    assert any("C03" in problem for problem in info.value.problems)
