"""Polish after issue 12, in a real browser at 1280 px: the explorers are compact (folded
sections, keyboard operable) and stay under a stated height, and a long radio option keeps its
button beside its first line. (The per-notebook checks, Lab-only instructions, overflow, broken
table words and the screenshots, are in test_sweep.py, on one run of each notebook.)"""

from __future__ import annotations

import time

from .scratch import write_notebook
from .student import SCREENS, WIDTH, wide_outputs

# The tallest an explorer may be at 1280 px, closed sections and map included. Before the
# folding the perspectives explorer was up to 4,500 px and one day of the stepper about three
# screens (issue 12).
PERSPECTIVES_MAX_PX = 1000
DAY_STEPPER_MAX_PX = 1900  # map (560 px wide) + one day's table + the sources line


def _height(locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().height")


def test_explorers_are_compact_and_keyboard_operable(notebooks) -> None:
    name = write_notebook(
        notebooks.folder,
        "zz_explorers.ipynb",
        "import kzlesson as kz",
        "kz.explore.perspectives()",
        'kz.explore.day_stepper("2022-01-05")',
    )
    notebooks.fresh(name)
    page = notebooks.page
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    time.sleep(1)
    persp = page.locator(".kz-perspectives").first
    folds = persp.locator("details.kz-fold")
    assert folds.count() >= 3, "claims for/against, later evidence and sources fold"
    closed = _height(persp)
    assert closed <= PERSPECTIVES_MAX_PX, f"perspectives explorer is {closed:.0f} px tall"
    # every choice of the dropdown stays under the bound
    select = persp.locator("select")
    for value in select.evaluate("s => [...s.options].map(o => o.value)"):
        select.select_option(value)
        page.wait_for_timeout(400)
        height = _height(persp)
        assert height <= PERSPECTIVES_MAX_PX, f"{value}: {height:.0f} px"
    # keyboard: Tab reaches a folded section's summary, Enter opens it, its claims show
    summary = folds.first.locator("summary")
    summary.focus()
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.wait_for_function("d => d.open", arg=folds.first.element_handle())
    assert folds.first.locator("li").first.is_visible()
    assert _height(persp) > closed
    for day in page.locator(".kz-day-stepper .widget-toggle-button").all():
        day.click()
        page.wait_for_timeout(500)
        stepper = page.locator(".kz-day-stepper").first
        height = _height(stepper)
        SCREENS.mkdir(parents=True, exist_ok=True)
        stepper.screenshot(path=str(SCREENS / f"day-stepper-{day.inner_text()[-6:]}.png"))
        parts = {
            p: round(_height(stepper.locator(p).first))
            for p in (
                ".kz-explorer-map",
                ".kz-explorer-map img",
                ".kz-explorer-map figcaption",
                ".kz-explorer-output",
            )
        }
        assert height <= DAY_STEPPER_MAX_PX, f"{day.inner_text()}: {height:.0f} px {parts}"
    assert not wide_outputs(page)


def test_long_radio_option_keeps_its_button_beside_its_first_line(notebooks) -> None:
    """timeline-06's first option is two lines long at 1280 px: its button must sit beside
    the first line (ipywidgets floats it after the text, so it fell to the second line)."""
    name = write_notebook(
        notebooks.folder, "zz_radio.ipynb", 'import kzlesson as kz\nkz.ask("timeline-06")'
    )
    notebooks.fresh(name)
    page = notebooks.page
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    time.sleep(1)
    labels = page.locator(".kz-q-timeline-06 .widget-radio-box label")
    assert labels.count() >= 3
    tallest = max(labels.all(), key=_height)
    assert _height(tallest) > 40, "no option wraps at this width: the test checks nothing"
    gap = tallest.evaluate(
        "l => l.querySelector('input').getBoundingClientRect().top - l.getBoundingClientRect().top"
    )
    assert gap < 16, f"the radio button sits {gap:.0f} px below the top of its option"
