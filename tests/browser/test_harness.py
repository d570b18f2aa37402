"""The browser harness itself can fail: it sees planted errors, missing alt text and widgets.

The test writes its own small notebooks into the Lab's working folder, so these run whatever
state the lesson notebooks are in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import _guard, blocked_requests
from .lab import error_outputs, figures, images_without_alt
from .scratch import FIGURE_CELL, WIDGET_CELL, write_notebook


def test_harness_runs_a_notebook_and_drives_a_widget(notebooks, lesson_copy: Path) -> None:
    name = write_notebook(lesson_copy, "zz_harness_ok.ipynb", FIGURE_CELL, WIDGET_CELL)
    notebooks.fresh(name)
    assert error_outputs(notebooks.page) == []
    assert figures(notebooks.page) == [
        {"alt": "A rising line", "loaded": True, "caption": "One line going up."}
    ]
    quiz = notebooks.page.locator(".kz-quiz")
    feedback = quiz.locator(".kz-feedback")
    quiz.locator(".widget-radio-box label", has_text="Aktau").click()
    quiz.locator("button.kz-check").click()
    feedback.filter(has_text="✗ Not quite").wait_for(timeout=10_000)
    quiz.locator(".widget-radio-box label", has_text="Almaty").click()
    quiz.locator("button.kz-check").click()
    feedback.filter(has_text="✓ Right").wait_for(timeout=10_000)
    assert feedback.inner_text() == "✓ Right"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("raise ValueError('planted for the harness test')", "ValueError"),
        ("import warnings\nwarnings.warn('planted warning')", "UserWarning"),
    ],
)
def test_harness_sees_errors(notebooks, lesson_copy: Path, cell: str, expected: str) -> None:
    name = write_notebook(lesson_copy, "zz_harness_error.ipynb", "x = 1", cell)
    notebooks.fresh(name)
    found = error_outputs(notebooks.page)
    assert found and expected in found[0]


def test_harness_sees_a_figure_without_alt_text(notebooks, lesson_copy: Path) -> None:
    plain = "import matplotlib.pyplot as plt\nplt.plot([1, 2]);"
    name = write_notebook(lesson_copy, "zz_harness_alt.ipynb", plain)
    notebooks.fresh(name)
    assert error_outputs(notebooks.page) == []
    assert images_without_alt(notebooks.page) == 1
    assert figures(notebooks.page) == []


class _Route:
    def __init__(self) -> None:
        self.outcome = ""

    def continue_(self) -> None:
        self.outcome = "continued"

    def abort(self) -> None:
        self.outcome = "aborted"


class _Request:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.mark.parametrize(
    ("url", "outcome"),
    [
        ("http://127.0.0.1:8888/lab/api/settings", "continued"),
        ("http://localhost:8866/voila/render/x.ipynb", "continued"),
        ("data:image/png;base64,AAAA", "continued"),
        ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free/css/all.min.css", "aborted"),
        ("https://pypi.org/pypi/jupyterlab/json", "aborted"),
        ("http://127.0.0.1.evil.example/x", "aborted"),
    ],
)
def test_network_guard_only_lets_loopback_through(url: str, outcome: str) -> None:
    route = _Route()
    _guard(route, _Request(url))
    assert route.outcome == outcome
    assert (url in blocked_requests) == (outcome == "aborted")
