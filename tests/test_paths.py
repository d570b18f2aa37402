"""Where the data lives (kzlesson/paths.py): the packaged folder by default, a teacher's folder
when given, as one absolute path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kzlesson.paths import data_dir, resolve_dir


def test_the_default_is_the_packaged_data_with_its_tables() -> None:
    folder = resolve_dir(None)
    assert folder == data_dir() and folder.is_absolute()
    assert (folder / "datapackage.json").is_file() and (folder / "events.csv").is_file()


def test_a_folder_given_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_dir("mine") == (tmp_path / "mine").resolve()
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_dir("~/mine") == (tmp_path / "mine").resolve()
    assert os.path.isabs(resolve_dir(Path("mine")))
