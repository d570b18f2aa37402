"""The graphic organiser and the judge-first claim checker, driven as a student would: in
JupyterLab (fill, save, reload the page and run again: everything comes back, and the entries go
into the hand-in) and in Voila (our verdict hidden until the student commits, then shown).

Lean on purpose: one small notebook with the two real widgets, one Lab run, one reload, one
Voila page."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from kzlesson.quizzes import handin
from kzlesson.quizzes.export import export_answers
from kzlesson.quizzes.progress import ProgressStore

from .lab import open_notebook, run_all
from .scratch import write_notebook

CELLS = ('import kzlesson as kz\nkz.organiser("D2")', 'kz.explore.claim_checker("P11")')
REASON = "Kazakh media reported a plan, not one firing"
BLOCK = re.compile(r'<script type="application/json" id="kzlesson-handin">(.*?)</script>', re.S)


def _wait_text(page, locator, text: str) -> None:
    """Wait until ``locator``'s text contains ``text``."""
    handle = locator.element_handle()
    page.wait_for_function(
        "([el, text]) => el.innerText.includes(text)", arg=[handle, text], timeout=15_000
    )


def _fill_organiser(page) -> None:
    """Fill every field of the organiser by its label, then press Save."""
    root = page.locator(".kz-organiser").first
    root.scroll_into_view_if_needed()
    root.get_by_label("Evidence for").fill("TASS and Kremlin reports agree (D6)")
    root.get_by_label("Evidence against").fill("No evidence offered in the speech itself")
    root.get_by_label("How reliable").select_option("Partly reliable for this")
    root.get_by_label("My verdict").fill("Shows how Moscow saw it, not who organised it")
    root.get_by_label("My verdict").press("Tab")  # keyboard: focus moves on
    root.locator("button.kz-organiser-save").click()
    status = root.locator(".kz-organiser-status")
    _wait_text(page, status, "Saved")
    assert status.get_attribute("aria-live") == "polite"


def _judge(page) -> None:
    """In the claim checker: ours is hidden; commit a verdict and reason; ours is shown."""
    root = page.locator(".kz-claim-checker").first
    root.scroll_into_view_if_needed()
    output = root.locator(".kz-explorer-output")
    assert "Our verdict" not in root.inner_text()
    assert "Sources say" not in root.inner_text()
    root.locator(".widget-radio-box label", has_text="consistent").click()
    root.get_by_label("Your reason").fill(REASON)
    root.locator("button.kz-commit").click()
    _wait_text(page, output, "Our verdict")
    shown = output.inner_text()
    assert "differs" in shown and REASON in shown and "Sources say" in shown
    status = root.locator(".kz-checker-status")
    assert "Saved" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"  # announced (kzlesson.house script)


def test_organiser_and_checker_in_lab_survive_reload_and_are_handed_in(
    lab_page, lab, lesson_copy: Path, tmp_path: Path
) -> None:
    from .conftest import _open_notebook

    name = write_notebook(lesson_copy, "zz_organiser.ipynb", *CELLS)
    _open_notebook["name"] = None  # the shared page will hold this notebook, not a lesson one
    open_notebook(lab_page, lab, name)
    run_all(lab_page)
    _fill_organiser(lab_page)
    _judge(lab_page)

    open_notebook(lab_page, lab, name)  # reload the page, a new kernel, run again
    run_all(lab_page)
    root = lab_page.locator(".kz-organiser").first
    root.scroll_into_view_if_needed()
    assert root.get_by_label("Evidence for").input_value() == "TASS and Kremlin reports agree (D6)"
    assert root.get_by_label("How reliable").input_value() == "Partly reliable for this"
    assert "back" in root.locator(".kz-organiser-status").inner_text()
    checker = lab_page.locator(".kz-claim-checker").first
    assert "Our verdict" in checker.locator(".kz-explorer-output").inner_text()
    assert checker.get_by_label("Your reason").input_value() == REASON

    out = tmp_path / "handin.html"
    export_answers(out, name="Aigerim", progress=ProgressStore(_progress_file(lab)))
    data = json.loads(BLOCK.search(out.read_text(encoding="utf-8")).group(1))
    assert not handin.problems(data)
    rows = {row["id"]: row for row in data["organiser"]}
    assert rows["organiser-D2-putin-csto"]["verdict"].startswith("Shows how Moscow saw it")
    assert rows["check-C24"]["verdict"] == f"consistent: {REASON}"


def _progress_file(server) -> Path:
    """The progress file the server's kernels write (KZLESSON_PROGRESS in its environment)."""
    environ = Path(f"/proc/{server.process.pid}/environ").read_bytes().split(b"\0")
    found = [e.split(b"=", 1)[1] for e in environ if e.startswith(b"KZLESSON_PROGRESS=")]
    return Path(os.fsdecode(found[0]))


def test_checker_and_organiser_in_voila(voila_page, voila, voila_root: Path) -> None:
    name = write_notebook(voila_root, "zz_organiser.ipynb", *CELLS)
    voila_page.goto(voila.url(f"voila/render/{name}"), wait_until="domcontentloaded")
    voila_page.locator("#loading").wait_for(state="detached", timeout=120_000)
    voila_page.locator(".kz-claim-checker").first.wait_for(timeout=30_000)
    _judge(voila_page)
    _fill_organiser(voila_page)
