"""Voila app mode: a lesson notebook opens with its code hidden, and its quizzes and explorers
work (``voila notebooks/02_timeline.ipynb``)."""

from __future__ import annotations

from pathlib import Path

from kzlesson.quiz.bank import load_bank

from .lab import error_outputs
from .quiz import expected_headlines, round_trip, shown_questions
from .scratch import WIDGET_CELL, write_notebook

APP_NOTEBOOK = "02_timeline.ipynb"
RENDER_TIMEOUT_MS = 120_000  # Voila runs the whole notebook before the widgets appear
CODE = ".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .cm-editor"


def _open(page, voila, name: str) -> None:
    page.goto(voila.url(f"voila/render/{name}"), wait_until="domcontentloaded")
    page.locator(".jp-OutputArea-output").first.wait_for(timeout=RENDER_TIMEOUT_MS)


def test_voila_harness_widget(voila_page, voila, voila_root: Path) -> None:
    """The Voila harness on a notebook the test writes itself: code hidden, widget responds."""
    write_notebook(voila_root, "zz_voila_harness.ipynb", WIDGET_CELL)
    _open(voila_page, voila, "zz_voila_harness.ipynb")
    quiz = voila_page.locator(".kz-quiz")
    quiz.wait_for(timeout=RENDER_TIMEOUT_MS)
    assert voila_page.locator(CODE).count() == 0, "Voila shows code"
    assert "add_class" not in voila_page.inner_text("body")
    quiz.locator(".widget-radio-box label", has_text="Almaty").click()
    quiz.locator("button.kz-check").click()
    quiz.locator(".kz-feedback").filter(has_text="✓ Right").wait_for(timeout=10_000)


def test_lesson_notebook_in_voila(voila_page, voila, voila_root: Path) -> None:
    path = voila_root / APP_NOTEBOOK
    assert path.is_file(), f"notebooks/{APP_NOTEBOOK} does not exist (yet)"
    shown = shown_questions(path)
    assert shown, f"{APP_NOTEBOOK} shows no quiz question"
    questions = [q for q in load_bank().all() if q.id in shown]
    question = next((q for q in questions if q.type == "single"), questions[0])

    _open(voila_page, voila, APP_NOTEBOOK)
    voila_page.locator(f".kz-q-{question.id}").first.wait_for(timeout=RENDER_TIMEOUT_MS)

    assert voila_page.locator(CODE).count() == 0, "Voila shows code cells"
    assert "import kzlesson" not in voila_page.inner_text("body")
    assert error_outputs(voila_page) == []
    assert voila_page.locator("figure.kz-figure img[alt]").count() >= 1

    wrong, right = round_trip(voila_page, question)
    expect_wrong, expect_right = expected_headlines(question)
    assert wrong.startswith(expect_wrong), wrong
    assert right.startswith(expect_right), right


def test_explorer_in_voila(voila_page, voila, voila_root: Path) -> None:
    """The day stepper of the timeline notebook responds in Voila too."""
    assert (voila_root / APP_NOTEBOOK).is_file(), f"notebooks/{APP_NOTEBOOK} does not exist (yet)"
    _open(voila_page, voila, APP_NOTEBOOK)
    root = voila_page.locator(".kz-day-stepper").first
    root.wait_for(timeout=RENDER_TIMEOUT_MS)
    output = root.locator(".kz-explorer-output")
    before = output.inner_text()
    root.locator(".widget-toggle-buttons button").last.click()
    handle = output.element_handle()
    voila_page.wait_for_function(
        "([el, before]) => el.innerText !== before", arg=[handle, before], timeout=15_000
    )
    assert output.inner_text().strip()
