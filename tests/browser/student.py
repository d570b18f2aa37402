"""Helpers for the student's-hour browser tests (issue 12): the progress file, axe-core, and
full-length screenshots at 1280 px."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .servers import Server

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".axe" / "node_modules" / "axe-core" / "axe.min.js"  # scripts/test.sh installs it
SCREENS = ROOT / "test-artifacts" / "screens"  # git-ignored
WIDTH = 1280


def progress_file(server: Server) -> Path:
    """The server's private progress file (``KZLESSON_PROGRESS`` next to its log)."""
    return server.log.parent / "kzlesson-progress.json"


def saved_entry(server: Server, question_id: str) -> dict:
    """The saved entry of ``question_id`` (empty if none), wherever the file nests it."""
    try:
        data = json.loads(progress_file(server).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get(question_id), dict):
                return item[question_id]
            stack.extend(item.values())
    return {}


def wait_saved(server: Server, question_id: str, attempts: int, timeout: float = 20) -> dict:
    """Wait until ``question_id`` has been checked ``attempts`` times; return its entry."""
    deadline = time.monotonic() + timeout
    while True:
        entry = saved_entry(server, question_id)
        if entry.get("attempts", 0) >= attempts or time.monotonic() > deadline:
            return entry
        time.sleep(0.1)


# Violations whose node lies inside an output (what the lesson itself displays), not in the
# JupyterLab or Voila page around it.
_AXE_JS = """
async () => {
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  if (!outputs.length) return [];
  const result = await axe.run({include: outputs.map(o => [cssPath(o)])},
    {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
     resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                          html: n.html.slice(0, 200)}))}));
  function cssPath(el) {
    if (!el.id) el.id = 'kz-axe-' + Math.random().toString(36).slice(2);
    return '#' + CSS.escape(el.id);
  }
}
"""


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations inside the page's outputs."""
    assert AXE.is_file(), f"axe-core missing at {AXE}: run scripts/test.sh (it installs it)"
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_JS)


def lab_screenshot(page, name: str) -> Path:
    """A 1280 px wide picture of the whole open notebook in Lab (the panel scrolls, so the
    viewport is made as tall as the notebook for the shot)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    height = page.evaluate(
        "() => { const n = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
        ".jp-WindowedPanel-outer') || document.querySelector('.jp-NotebookPanel "
        ".jp-Notebook'); return n ? n.scrollHeight : 2000; }"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height) + 200, 16000)})
    time.sleep(1)
    target = SCREENS / f"lab-{name}.png"
    page.screenshot(path=str(target))
    page.set_viewport_size(before)
    return target


def voila_screenshot(page, name: str) -> Path:
    """A 1280 px wide full-page picture of a Voila page."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    time.sleep(0.5)
    target = SCREENS / f"voila-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target
