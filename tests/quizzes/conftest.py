"""Fixtures for the quiz tests: a private copy of the bank (the private progress file is
``progress_file`` in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzlesson.quizzes.bank import quiz_dir


@pytest.fixture
def bank_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the question bank folder that a test may break."""
    target = tmp_path / "quizzes"
    shutil.copytree(quiz_dir(), target)
    return target
