"""Quizzes, explorers and saved progress, driven like a student would in JupyterLab."""

from __future__ import annotations

import re

import nbformat
import pytest

from kzlesson.quizzes.core import OK
from kzlesson.teacher.start import notebooks_dir

from .quiz import expected_headlines, give_answer, press, question_root, round_trip


def _picks() -> tuple[dict, str]:
    """One question per type in the bank, with the notebook that shows it (or a problem)."""
    from .quiz import pick_by_type

    try:
        return pick_by_type(notebooks_dir()), ""
    except Exception as exc:  # reported by the test below, not as a collection error
        return {}, f"{type(exc).__name__}: {exc}"


PICKS, PICK_PROBLEM = _picks()
# Sorted by notebook, so consecutive tests reuse the notebook already open in the page.
TYPES = sorted(PICKS, key=lambda kind: (PICKS[kind][1], kind))


def test_the_bank_has_questions_to_drive() -> None:
    assert not PICK_PROBLEM, PICK_PROBLEM
    assert PICKS, "the question bank holds no questions"


@pytest.mark.parametrize("kind", TYPES)
def test_quiz_type_round_trip(notebooks, kind: str) -> None:
    question, name = PICKS[kind]
    assert name, f"no lesson notebook shows a {kind!r} question (e.g. {question.id})"
    page = notebooks.ready(name)
    wrong, right = round_trip(page, question)
    expect_wrong, expect_right = expected_headlines(question)
    assert wrong.startswith(expect_wrong), wrong
    assert right.startswith(expect_right), right
    if kind == "reflection":
        assert question.key.model_answer, f"{question.id} has no model answer to show"
        assert " ".join(question.key.model_answer.split()) in right
        assert "Your answer is saved" in right
    else:
        assert wrong != right


def _notebook_calling(call: str) -> str:
    """The first lesson notebook whose code calls ``call``; fails if none does."""
    pattern = re.compile(re.escape(call))
    for path in sorted(notebooks_dir().glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if any(c.cell_type == "code" and pattern.search(c.source) for c in nb.cells):
            return path.name
    pytest.fail(f"no lesson notebook calls {call} yet")


def _output_text(root) -> str:
    """The explorer's result text, whitespace (including no-break spaces) folded."""
    return " ".join(root.locator(".kz-explorer-output").inner_text().split())


def _wait_changed(page, root, before: str) -> str:
    handle = root.locator(".kz-explorer-output").element_handle()
    page.wait_for_function(
        "([el, before]) => el.innerText.split(/\\s+/).join(' ').trim() !== before",
        arg=[handle, before],
        timeout=15_000,
    )
    return _output_text(root)


def test_day_stepper_follows_the_chosen_day(notebooks) -> None:
    page = notebooks.ready(_notebook_calling("explore.day_stepper("))
    root = page.locator(".kz-day-stepper").first
    root.scroll_into_view_if_needed()
    before = _output_text(root)
    assert before, "the day stepper shows nothing for the first day"
    buttons = root.locator(".widget-toggle-buttons button")
    assert buttons.count() >= 2, "the day stepper offers fewer than two days"
    target = buttons.last
    label = target.inner_text().strip()
    target.click()
    after = _wait_changed(page, root, before)
    assert after and after != before
    assert "mod-active" in (target.get_attribute("class") or ""), f"{label} is not selected"
    assert root.locator(".kz-explorer-map img[alt]").count() >= 1, "the day's map has no alt text"


def test_perspective_explorer_follows_the_chosen_reading(notebooks) -> None:
    page = notebooks.ready(_notebook_calling("explore.perspectives("))
    root = page.locator(".kz-perspectives").first
    root.scroll_into_view_if_needed()
    before = _output_text(root)
    menu = root.locator("select")
    options = menu.locator("option").all_inner_texts()
    assert len(options) >= 2, "the perspective explorer offers fewer than two readings"
    current = menu.evaluate("el => el.options[el.selectedIndex].text")
    target = next(text for text in options if text != current)
    menu.select_option(label=target)
    after = _wait_changed(page, root, before)
    label = " ".join(target.split())  # option labels may hold no-break spaces
    assert label in after, f"the output does not describe {label!r}"


def test_answers_survive_a_kernel_restart(notebooks) -> None:
    """Answer a question, restart the kernel and run all: the answer and its feedback return."""
    from .lab import restart_and_run_all

    used = {question.id for question, _ in PICKS.values()}
    candidates = [
        (q, name)
        for q, name in _all_shown()
        if q.type in ("single", "truefalse", "numeric") and q.id not in used
    ] or [(q, name) for q, name in _all_shown() if q.type != "reflection"]
    assert candidates, "no lesson notebook shows a question to answer"
    question, name = candidates[0]
    page = notebooks.ready(name)
    root = question_root(page, question)
    root.scroll_into_view_if_needed()
    give_answer(root, question, right=True)
    press(root, question)
    assert " ".join(root.locator(".kz-feedback").inner_text().split()).startswith(OK)

    old_widget = root.element_handle()
    restart_and_run_all(page)
    assert old_widget.evaluate("el => !el.isConnected"), "the quiz was not rebuilt by the re-run"

    root = question_root(page, question)
    root.scroll_into_view_if_needed()
    restored = " ".join(root.locator(".kz-feedback").inner_text().split())
    assert restored.startswith(OK), f"feedback after restart: {restored!r}"
    assert "Attempts: 1" in root.locator(".kz-attempts").inner_text()
    if question.type == "single":
        right = next(c.text for c in question.options if c.id == question.key.answer)
        checked = root.locator(".widget-radio-box input:checked").evaluate(
            "el => el.parentElement.textContent"
        )
        assert checked.strip() == right
    elif question.type == "numeric":
        value = root.locator(".widget-text input").first.input_value()
        assert float(value) == pytest.approx(float(question.key.answer))


def _all_shown() -> list[tuple]:
    """Every (question, notebook) pair the lesson shows, in notebook order."""
    from kzlesson.quizzes.bank import load_bank

    from .quiz import shown_questions

    pairs = []
    bank = load_bank()
    for path in sorted(notebooks_dir().glob("[0-9]*.ipynb")):
        ids = shown_questions(path)
        pairs += [(q, path.name) for q in bank.all() if q.id in ids]
    return pairs
