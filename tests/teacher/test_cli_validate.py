"""`python -m kzlesson validate` on clean and broken data (run as a real subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kzlesson.tables.load import validate_dir


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzlesson", "validate", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_clean_data_exits_0_with_one_line() -> None:
    result = _validate()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("OK")
    assert result.stderr == ""


def test_clean_copy_by_path(data_copy: Path) -> None:
    result = _validate(str(data_copy))
    assert result.returncode == 0, result.stderr
    assert str(data_copy) in result.stdout


def test_every_planted_problem_is_listed(data_copy: Path, edit_cell) -> None:
    planted = [
        ("events.csv", 1, "date", "2022-02-30"),
        ("events.csv", 2, "phase", "riot"),
        ("events.csv", 3, "paragraph_ids", "P4;P99"),
        ("claims.csv", 1, "speaker", "nobody"),
        ("places.csv", 2, "latitude", "north"),
        ("glossary.csv", 1, "definition", ""),
    ]
    for file, row, field, value in planted:
        edit_cell(data_copy, file, row, field, value)
    (data_copy / "figures.csv").unlink()

    result = _validate(str(data_copy))

    assert result.returncode == 1
    problems = validate_dir(data_copy)
    assert len(problems) == len(planted) + 1
    for problem in problems:
        assert str(problem) in result.stderr
    for file, row, field, value in planted:
        assert f"{file}, row {row} " in result.stderr
        assert f"field '{field}': value {value!r}" in result.stderr
    assert "figures.csv: missing file" in result.stderr
    assert f"{len(planted) + 1} problem(s) found" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_folder_exits_1_without_traceback(tmp_path: Path) -> None:
    result = _validate(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "folder not found" in result.stderr
    assert "Traceback" not in result.stderr
