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


_SCROLLER_JS = """
() => {
  const all = [document.scrollingElement, ...document.querySelectorAll('*')];
  let best = document.scrollingElement, room = 0;
  for (const el of all) {
    const extra = el.scrollHeight - el.clientHeight;
    const style = el === document.scrollingElement ? 'auto' : getComputedStyle(el).overflowY;
    if (extra > room && /(auto|scroll)/.test(style)) { best = el; room = extra; }
  }
  best.setAttribute('data-kz-scroller', '1');
  return [best.scrollHeight, best.clientHeight];
}
"""


def screenshot(page, name: str) -> Path:
    """A 1280 px wide picture of the whole page: the element that scrolls (Lab's notebook
    panel, Voila's page) is scrolled a screen at a time and the shots are stitched together."""
    from PIL import Image

    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": WIDTH, "height": 1000})
    time.sleep(0.5)
    total, view = page.evaluate(_SCROLLER_JS)
    box = page.locator("[data-kz-scroller]").first.bounding_box() or {"y": 0, "height": 1000}
    top, height = int(box["y"]), int(min(box["height"], view))
    shots, offsets = [], []
    for y in range(0, max(total, 1), max(height - 40, 200)):
        # the last screen cannot scroll the whole step: paste it where the page really stopped
        offsets.append(
            page.evaluate(
                "y => { const s = document.querySelector('[data-kz-scroller]');"
                " s.scrollTop = y; return Math.round(s.scrollTop); }",
                y,
            )
        )
        time.sleep(0.3)
        target = SCREENS / f"{name}.part-{len(shots)}.png"  # unique: no two tests share a part
        page.screenshot(path=str(target))
        shots.append(target)
    pieces = [Image.open(s).crop((0, top, WIDTH, top + height)) for s in shots]
    sheet = Image.new("RGB", (WIDTH, offsets[-1] + height), "white")
    for offset, piece in zip(offsets, pieces, strict=True):
        sheet.paste(piece, (0, offset))
    out = SCREENS / f"{name}.png"
    sheet.save(out)
    for s in shots:
        s.unlink()
    return out


# Any lesson output wider than its box by more than this (px) leaves a horizontal scrollbar.
OVERFLOW_SLACK = 2
_OVERFLOW_JS = """
(slack) => [...document.querySelectorAll('.jp-OutputArea-output')]
  .filter(o => o.offsetParent !== null && o.scrollWidth > o.clientWidth + slack)
  .map(o => (o.className + ' ' + o.scrollWidth + '>' + o.clientWidth + ': '
             + o.innerText.slice(0, 80)))
"""

# Table cells holding one short word without a hyphen (a verdict, "True", an id) that the
# browser broke over lines: the table squeezed a column to nothing ("con sist ent", "Tru e").
_BROKEN_WORDS_JS = """
() => [...document.querySelectorAll('table.dataframe td, table.dataframe th')]
  .filter(c => c.offsetParent !== null && /^[^\\s-]{1,14}$/.test(c.innerText.trim()))
  .filter(c => {
    const r = document.createRange(); r.selectNodeContents(c);
    return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; })
  .map(c => c.innerText.trim()).slice(0, 10)
"""


def wide_outputs(page) -> list[str]:
    """Visible outputs wider than their box (each: classes, widths, first words)."""
    return page.evaluate(_OVERFLOW_JS, OVERFLOW_SLACK)


def broken_table_words(page) -> list[str]:
    """Short one-word table cells the browser broke over lines (at most 10)."""
    return page.evaluate(_BROKEN_WORDS_JS)
