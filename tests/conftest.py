"""Shared fixtures: a private copy of the data folder, a way to change one cell of it, a private
progress file, and a small disk that a test can fill up."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kzlesson.paths import data_dir
from kzlesson.quizzes import progress


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


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (needs root and mount; skipped otherwise), unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path, free: int = 0) -> Path:
    """Fill ``folder``'s file system with one file until about ``free`` bytes are left (0: to
    the last byte); return the file, whose removal frees the space again."""
    filler = folder / "filler"
    size = max(os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize - free, 0)
    with open(filler, "wb", buffering=0) as handle:
        handle.write(b"\0" * size)
    if free:
        return filler
    with open(filler, "ab", buffering=0) as handle:  # the last bytes too
        try:
            while True:
                handle.write(b"\0")
        except OSError:
            pass
    return filler


@pytest.fixture
def fill_disk() -> Callable[..., Path]:
    """``fill_disk(folder, free=0)``: fill a (small) disk, see :func:`_fill`."""
    return _fill


@pytest.fixture
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KZLESSON_PROGRESS at a fresh file and forget every cached store."""
    path = tmp_path / "progress" / "kzlesson-progress.json"
    path.parent.mkdir()
    monkeypatch.setenv(progress.PROGRESS_ENV, str(path))
    monkeypatch.setattr(progress, "_STORES", {})
    return path
