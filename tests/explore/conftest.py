"""Fixtures for the explorer tests: a private progress file, and a restarted kernel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kzlesson.quizzes import progress


@pytest.fixture
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh progress file and no cached stores."""
    path = tmp_path / "kzlesson-progress.json"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(path))
    monkeypatch.setattr(progress, "_STORES", {})
    return path


@pytest.fixture
def new_kernel(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """``new_kernel()``: forget the cached stores, as a restarted kernel would (the progress
    file stays)."""
    return lambda: monkeypatch.setattr(progress, "_STORES", {})
