"""Fixtures for the quiz tests: a private progress file and a private copy of the bank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzlesson.quizzes import progress
from kzlesson.quizzes.bank import quiz_dir


@pytest.fixture
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point KZLESSON_PROGRESS at a fresh file and forget every cached store."""
    path = tmp_path / "progress" / "kzlesson-progress.json"
    path.parent.mkdir()
    monkeypatch.setenv(progress.PROGRESS_ENV, str(path))
    monkeypatch.setattr(progress, "_STORES", {})
    return path


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the question bank folder that a test may break."""
    target = tmp_path / "quizzes"
    shutil.copytree(quiz_dir(), target)
    return target
