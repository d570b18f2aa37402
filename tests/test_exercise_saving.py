"""Every checked exercise answer is saved in the progress file (for the hand-in)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import kzlesson as kz
from kzlesson.quizzes import progress


def test_attempts_interpretation_and_reruns(progress_file: Path) -> None:
    events = kz.load_events()
    right = len(events[events["in_article"]])
    assert not kz.exercise("timeline-ex2", 3).ok
    kz.exercise("timeline-ex2", 3)  # the same cell run again: not a new try
    result = kz.exercise("timeline-ex2", right, interpretation="  Most of them.  ")
    assert result.ok
    entry = progress.ProgressStore(progress_file).get("timeline-ex2")
    assert (entry["attempts"], entry["wrong"], entry["correct"]) == (2, 1, True)
    assert entry["notebook"] == "timeline"
    assert entry["response"] == {
        "answer": repr(right),
        "result": result.message,
        "interpretation": "Most of them.",
        "status": "complete",  # a data-skill exercise: no sentence needed
    }
    assert [h["correct"] for h in entry["history"]] == [False, True]


def test_prompt_only_and_unknown_ids_save_nothing(progress_file: Path) -> None:
    kz.exercise("timeline-ex2")
    with pytest.raises(KeyError):
        kz.exercise("timeline-ex99", 3)
    assert not progress_file.exists()


def test_a_progress_file_that_cannot_be_written_does_not_stop_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(progress.PROGRESS_ENV, str(blocker / "p.json"))
    monkeypatch.setattr(progress, "_STORES", {})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = kz.exercise("timeline-ex2", 3)
    assert not result.ok and "✗" in str(result)
    assert any(issubclass(w.category, progress.ProgressWarning) for w in caught)
