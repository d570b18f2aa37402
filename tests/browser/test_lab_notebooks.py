"""Every lesson notebook runs top to bottom in JupyterLab without an error a student would see,
and every figure it shows has alt text and a caption."""

from __future__ import annotations

import re

import nbformat
import pytest

from .lab import error_outputs, figures, images_without_alt

LESSON = [
    "00_start_here.ipynb",
    "01_context.ipynb",
    "02_timeline.ipynb",
    "03_grievances.ipynb",
    "04_debate.ipynb",
    "05_aftermath.ipynb",
]
SHOW = re.compile(r"\bkz\.show\(")
WIDGET_CALL = re.compile(r"\bkz\.(ask|quiz)\(")


def _count(pattern: re.Pattern[str], nb) -> int:
    """How many code cells call ``pattern``."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code" and pattern.search(cell.source))


@pytest.mark.parametrize("name", LESSON)
def test_notebook_runs_cleanly_in_jupyterlab(notebooks, name: str) -> None:
    nb = nbformat.read(notebooks.path(name), as_version=4)
    notebooks.fresh(name)
    page = notebooks.page

    assert error_outputs(page) == []

    shown = figures(page)
    assert len(shown) >= _count(SHOW, nb), "a kz.show(...) cell displayed no figure"
    for figure in shown:
        assert figure["alt"].strip(), f"a figure has no alt text: {figure}"
        assert figure["loaded"], f"a figure's image did not load: {figure['alt']}"
        assert figure["caption"].strip(), f"a figure has no visible description: {figure['alt']}"
    assert images_without_alt(page) == 0, "an output image has no alt text"

    quizzes = page.locator(".kz-quiz:not(.kz-quiz-problem)").count()
    assert quizzes >= _count(WIDGET_CALL, nb), "a kz.ask/kz.quiz cell showed no working quiz"
    assert page.locator(".kz-quiz-problem").count() == 0
