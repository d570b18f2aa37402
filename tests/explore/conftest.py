"""Fixtures for the explorer tests: a restarted kernel (the private progress file is
``progress_file`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kzlesson.quizzes import progress


@pytest.fixture
def new_kernel(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """``new_kernel()``: forget the cached stores, as a restarted kernel would (the progress
    file stays)."""
    return lambda: monkeypatch.setattr(progress, "_STORES", {})
