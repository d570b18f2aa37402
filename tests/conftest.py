"""Shared fixtures: a private copy of the data folder and a way to change one cell of it."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kzlesson.paths import data_dir


def _copy_data(target: Path) -> Path:
    """Copy datapackage.json and every CSV of the packaged data (no subfolders) to ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in data_dir().iterdir():
        if path.is_file() and path.suffix in (".csv", ".json"):
            shutil.copyfile(path, target / path.name)
    return target


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the data folder that a test may break."""
    return _copy_data(tmp_path / "data")


def set_cell(folder: Path, file: str, row: int, field: str, value: str) -> int:
    """Set data row ``row`` (1 = first row after the header) of ``field``; return its line.

    The file is rewritten with the csv module (LF line endings); cell contents do not change.
    """
    path = folder / file
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        rows, starts, next_line = [], [], 1
        for cells in reader:
            rows.append(cells)
            starts.append(next_line)
            next_line = reader.line_num + 1
    column = rows[0].index(field)
    rows[row][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return starts[row]


@pytest.fixture
def edit_cell() -> Callable[[Path, str, int, str, str], int]:
    """The :func:`set_cell` helper, as a fixture."""
    return set_cell
