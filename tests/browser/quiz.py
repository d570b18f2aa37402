"""Answer a kzlesson quiz question in the browser, rightly or wrongly, and read its feedback.

The right answer comes from the question bank (``kzlesson.quizzes.bank``), never from this file.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import OK, SAVED, WRONG, Question

FEEDBACK_TIMEOUT_MS = 15_000


def exact(text: str) -> re.Pattern[str]:
    """A pattern matching exactly ``text`` (surrounding spaces allowed)."""
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


def question_root(page, question: Question):
    """The first rendered widget box of the question."""
    return page.locator(f".kz-q-{question.id}").first


def _choose_radio(root, text: str) -> None:
    root.locator(".widget-radio-box label").filter(has_text=exact(text)).click()


def _toggle(group, text: str) -> None:
    """Click a toggle and check the choice shows by more than a shade of grey (the quiz's
    stylesheet makes the chosen button bold and ticked)."""
    button = group.locator("button").filter(has_text=exact(text))
    button.click()
    deadline = time.monotonic() + FEEDBACK_TIMEOUT_MS / 1000
    while "mod-active" not in (button.get_attribute("class") or ""):
        assert time.monotonic() < deadline, f"the {text!r} toggle was not selected"
        time.sleep(0.05)
    weight = button.evaluate("b => getComputedStyle(b).fontWeight")
    tick = button.evaluate("b => getComputedStyle(b, '::before').content")
    assert int(weight) >= 600 and "\u2713" in tick, (text, weight, tick)


def _set_checkboxes(root, question: Question, wanted: set[str]) -> None:
    for option in question.options:
        box = root.locator(".widget-checkbox label.widget-label-basic")
        box.filter(has_text=exact(option.text)).locator("input").set_checked(option.id in wanted)


def _type(field, text: str) -> None:
    field.fill(text)
    field.press("Enter")  # the widget syncs on Enter (continuous_update=False)


def _select_all(root, labels: list[str]) -> None:
    selects = root.locator(".widget-dropdown select")
    assert selects.count() == len(labels), f"expected {len(labels)} menus, found {selects.count()}"
    for number, label in enumerate(labels):
        selects.nth(number).select_option(label=label)


def give_answer(root, question: Question, right: bool) -> None:
    """Fill in the question's widgets with the right answer or a wrong one."""
    q, key = question, question.key
    if q.type == "single":
        chosen = key.answer if right else next(c.id for c in q.options if c.id != key.answer)
        _choose_radio(root, next(c.text for c in q.options if c.id == chosen))
    elif q.type == "multi":
        answer = set(key.answer)
        others = [c.id for c in q.options if c.id not in answer]
        if right:
            wanted = answer
        elif others:
            wanted = {others[0]}  # a box that should not be ticked
        else:
            wanted = {sorted(answer)[0]}  # too few boxes
        _set_checkboxes(root, q, wanted)
    elif q.type == "truefalse":
        value = bool(key.answer) if right else not bool(key.answer)
        _toggle(root.locator(".widget-toggle-buttons").first, "True" if value else "False")
    elif q.type == "numeric":
        target = float(key.answer)
        value = target if right else target * 7 + 1000 + 10 * key.tolerance
        _type(root.locator(".widget-text input").first, f"{value:g}")
    elif q.type == "text":
        _type(root.locator(".widget-text input").first, key.accept_shown[0] if right else "Zzyzx")
    elif q.type == "ordering":
        texts = {c.id: c.text for c in q.items}
        order = [texts[i] for i in key.answer]
        _select_all(root, order if right else order[::-1])
    elif q.type == "matching":
        texts = {c.id: c.text for c in q.right}
        labels = [texts[key.answer[c.id]] for c in q.left]
        _select_all(root, labels if right else labels[1:] + labels[:1])
    elif q.type == "classify":
        groups = root.locator(".widget-toggle-buttons")
        for number, item in enumerate(q.items):
            label = key.answer[item.id]
            if not right and number == 0:
                label = next(other for other in q.labels if other != label)
            _toggle(groups.nth(number), label)
    elif q.type == "reflection":
        text = (
            "The article speaks for the oil workers, so I compare its numbers with other sources "
            "before I trust them."
        )
        root.locator(".widget-textarea textarea").fill(text)
        root.locator(".widget-textarea textarea").press("Tab")  # sync the value
    else:  # a new question type needs a way to answer it here
        raise AssertionError(f"the browser tests cannot answer a {q.type!r} question yet")


def press(root, question: Question) -> float:
    """Press Check (or Submit); return the milliseconds until the feedback changed."""
    feedback = root.locator(".kz-feedback")
    before = feedback.inner_text()
    button = root.locator(
        "button.kz-submit" if question.type == "reflection" else "button.kz-check"
    )
    start = time.perf_counter()
    button.click()
    handle = feedback.element_handle()
    root.page.wait_for_function(
        "([el, before]) => el.innerText !== before && el.innerText.trim() !== ''",
        arg=[handle, before],
        timeout=FEEDBACK_TIMEOUT_MS,
        polling="raf",
    )
    return (time.perf_counter() - start) * 1000


def feedback_text(root) -> str:
    """The feedback the student reads, whitespace folded."""
    return " ".join(root.locator(".kz-feedback").inner_text().split())


def round_trip(page, question: Question) -> tuple[str, str]:
    """Answer wrongly, read the feedback, answer rightly, read it again; return both texts.

    A reflection has no wrong answer: it is submitted once, both texts are the same.
    """
    root = question_root(page, question)
    root.scroll_into_view_if_needed()
    if question.type == "reflection":
        give_answer(root, question, right=True)
        press(root, question)
        text = feedback_text(root)
        return text, text
    give_answer(root, question, right=False)
    press(root, question)
    wrong = feedback_text(root)
    give_answer(root, question, right=True)
    press(root, question)
    return wrong, feedback_text(root)


def expected_headlines(question: Question) -> tuple[str, str]:
    """What the wrong and the right feedback start with."""
    if question.type == "reflection":
        return SAVED, SAVED
    return WRONG, OK


def shown_questions(notebook: Path) -> set[str]:
    """Ids of the questions a notebook shows (``kz.ask(id)`` and every ``kz.quiz(key)``)."""
    nb = nbformat.read(notebook, as_version=4)
    source = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    ids = set(re.findall(r"""\bask\(\s*["']([a-z]+-\d{2})["']""", source))
    bank = load_bank()
    for key in re.findall(r"""\bquiz\(\s*["']([a-z]+)["']""", source):
        if key in bank.notebooks:
            ids |= {q.id for q in bank.questions(key)}
    return ids


def pick_by_type(folder: Path) -> dict[str, tuple[Question, str]]:
    """One question of every type the bank uses: (question, notebook file that shows it).

    Types whose questions no notebook shows map to (question, "").
    """
    shown = {path.name: shown_questions(path) for path in sorted(folder.glob("[0-9]*.ipynb"))}
    picked: dict[str, tuple[Question, str]] = {}
    for question in load_bank().all():
        where = next((name for name, ids in shown.items() if question.id in ids), "")
        current = picked.get(question.type)
        if current is None or (not current[1] and where):
            picked[question.type] = (question, where)
    return picked
