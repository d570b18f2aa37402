"""What a student does in JupyterLab, as Playwright steps: open a notebook, run it, read it."""

from __future__ import annotations

import re
import time

from .servers import Server

RUN_TIMEOUT_MS = 180_000  # one notebook, top to bottom
ERROR_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b:")

# True once the kernel is idle and no cell is queued or running. With ``started`` true, also
# needs a run to have begun since _WATCH_JS (a prompt showed "*"), and every code cell to have
# run or an error to have stopped the run. IDLE_CHECK is filled in per application below.
_DONE_TEMPLATE = """
(started) => {
  IDLE_CHECK
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent.trim());
  if (prompts.some(p => p.includes('*'))) return false;
  if (!started) return true;
  if (!window.__kzRunStarted) return false;
  if (prompts.every(p => /\\[\\d+\\]/.test(p))) return true;
  return panel.querySelector(
    ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']") !== null;
}
"""

# JupyterLab: the status bar's "(ipykernel) | Idle" (the toolbar's indicator says idle too early).
_LAB_IDLE = """
  const status = [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .map(e => e.textContent).join(' ');
  if (!/\\|\\s*Idle/.test(status)) return false;
"""

# Notebook 7 has no status bar: a kernel is named in the toolbar (not "No Kernel") and the
# toolbar's execution indicator is idle (it is idle before the kernel is chosen, hence both).
_NOTEBOOK7_IDLE = """
  const kernel = document.querySelector('.jp-NotebookPanel .jp-KernelName');
  if (!kernel || !/\\S/.test(kernel.textContent) || /No Kernel/.test(kernel.textContent)) {
    return false;
  }
  const indicator = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  if (!indicator || indicator.getAttribute('data-status') !== 'idle') return false;
"""

_DONE_JS = _DONE_TEMPLATE.replace("IDLE_CHECK", _LAB_IDLE)
# Per application: the URL path that opens a notebook, and the "done" check.
APPS = {
    "lab": ("lab/tree/{name}?reset", _DONE_JS),
    "notebook7": ("notebooks/{name}", _DONE_TEMPLATE.replace("IDLE_CHECK", _NOTEBOOK7_IDLE)),
}

# Before a run: watch the open notebook and note when any prompt shows "*" (queued/running),
# so even a run that ends between two polls is seen.
_WATCH_JS = """
() => {
  if (window.__kzObserver) window.__kzObserver.disconnect();
  window.__kzRunStarted = false;
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const look = () => {
    if ([...panel.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*'))) {
      window.__kzRunStarted = true;
    }
  };
  window.__kzObserver = new MutationObserver(look);
  window.__kzObserver.observe(panel, {subtree: true, childList: true, characterData: true});
}
"""


def shutdown_kernels(lab: Server) -> None:
    """End every kernel session on the server (one notebook at a time keeps memory low)."""
    for session in lab.api("GET", "api/sessions") or []:
        lab.api("DELETE", f"api/sessions/{session['id']}")


def open_notebook(page, lab: Server, name: str, app: str = "lab") -> None:
    """Open ``name`` in a freshly loaded Lab and wait until its kernel is idle.

    With ``app="notebook7"`` (and a Notebook 7 server), the same in Jupyter Notebook 7.
    """
    path, done_js = APPS[app]
    shutdown_kernels(lab)
    page.goto(lab.url(path.format(name=name)), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").wait_for()
    # A notebook without kernel metadata asks which kernel to use: take the default (Python 3).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog:has-text('Select Kernel') .jp-mod-accept")
        if dialog.count():
            dialog.click()
        if page.evaluate(done_js, False):
            return
        time.sleep(0.2)
    wait_done(page, started=False, timeout=1000, app=app)  # raises with Playwright's message


def wait_done(page, started: bool = True, timeout: int = RUN_TIMEOUT_MS, app: str = "lab") -> None:
    """Wait until the kernel is idle and no cell is queued; with ``started``, until a run
    watched by :func:`watch_run` has begun and every cell ran (or an error stopped the run)."""
    page.wait_for_function(APPS[app][1], arg=started, timeout=timeout, polling=100)


def watch_run(page) -> None:
    """Start noting when the open notebook's next run begins (call before starting it)."""
    page.evaluate(_WATCH_JS)


def menu(page, top: str, item: str) -> None:
    """Click a menu bar entry and one of its items."""
    page.locator(f".lm-MenuBar-itemLabel:text-is('{top}')").click()
    page.locator(f".lm-Menu-itemLabel:text-is('{item}')").click()


def run_all(page, app: str = "lab") -> float:
    """Run every cell (Run > Run All Cells); return how long it took in seconds."""
    watch_run(page)
    start = time.monotonic()
    menu(page, "Run", "Run All Cells")
    wait_done(page, app=app)
    return time.monotonic() - start


def restart_and_run_all(page) -> None:
    """Kernel > Restart Kernel and Run All Cells..., confirm, and wait for the run to end."""
    watch_run(page)
    menu(page, "Kernel", "Restart Kernel and Run All Cells…")
    page.locator(".jp-Dialog .jp-mod-accept").click()
    wait_done(page)


def error_outputs(page) -> list[str]:
    """Texts of outputs a student would read as an error (tracebacks, errors, warnings)."""
    found = []
    stderr = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()
    for text in stderr:
        if "Traceback" in text or "Error" in text or "Warning" in text:
            found.append(text[:2000])
    for text in page.locator(".jp-RenderedText").all_inner_texts():
        if ("Traceback" in text or ERROR_NAME.search(text)) and text[:2000] not in found:
            found.append(text[:2000])
    for text in page.locator(".jp-OutputArea-output").all_inner_texts():
        if "Error displaying widget" in text:
            found.append(text[:500])
    return found


def figures(page) -> list[dict[str, str]]:
    """Every ``figure.kz-figure``: its image's alt text and its caption."""
    return page.eval_on_selector_all(
        "figure.kz-figure",
        """els => els.map(f => ({
            alt: (f.querySelector('img') || {}).alt || '',
            loaded: !!f.querySelector('img') && f.querySelector('img').naturalWidth > 0,
            caption: (f.querySelector('figcaption') || {}).textContent || ''}))""",
    )


def images_without_alt(page) -> int:
    """How many images in the outputs have no (or an empty) alt text."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img",
        "els => els.filter(i => !(i.getAttribute('alt') || '').trim()).length",
    )
