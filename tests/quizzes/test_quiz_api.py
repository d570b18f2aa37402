"""The public API in kzlesson/__init__.py: kz.quiz, kz.ask, kz.progress, kz.export_answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import kzlesson as kz
from kzlesson.quizzes.view import QuizBox


def test_kz_quiz_can_be_run_again(progress_file: Path) -> None:
    # Re-running a quiz cell calls kz.quiz a second time in the same kernel.
    first = kz.quiz("timeline")
    second = kz.quiz("timeline")
    assert isinstance(first, QuizBox) and isinstance(second, QuizBox)
    assert callable(kz.quiz)


def test_kz_ask_progress_and_export(progress_file: Path, tmp_path: Path) -> None:
    box = kz.ask("start-05")
    box.views[0].input.set(True)  # start-05: the article was written mid-unrest
    box.views[0].check_button.click()
    table = kz.progress().set_index("notebook")
    assert table.loc["start", "correct"] == 1
    result = kz.export_answers(str(tmp_path / "me.md"), name="Aigerim")
    assert "start-05" in Path(result).read_text(encoding="utf-8")


def test_importing_kzlesson_does_not_import_widgets() -> None:
    code = "import sys, kzlesson; print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "False"]
