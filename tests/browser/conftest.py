"""Fixtures for the real-browser tests: one JupyterLab server, one Voila server (started on first
use), one Chromium for the whole session; screenshots in test-artifacts/ when a test fails.

Chromium is Debian's (/usr/bin/chromium, or $KZLESSON_CHROMIUM); Playwright never downloads a
browser. Every request to anything but this machine is blocked.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .lab import open_notebook, run_all
from .servers import Server, start_lab, start_voila

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("KZLESSON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ACTION_TIMEOUT_MS = 30_000  # any single click, fill or wait
TEST_TIMEOUT_S = 240  # a whole test, its fixtures' setup included (pytest-timeout)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

_live_pages: list = []  # pages to photograph when a test fails
blocked_requests: list[str] = []  # every non-loopback URL a page tried to reach


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` and bound its time (``TEST_TIMEOUT_S``)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(TEST_TIMEOUT_S))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """After a failed setup or test, save a screenshot of every open page."""
    report = yield
    if report.failed and report.when in ("setup", "call") and _live_pages:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
        for number, page in enumerate(list(_live_pages)):
            target = ARTIFACTS / f"{stem}-{number}.png"
            try:
                page.screenshot(path=str(target), full_page=True, timeout=10_000)
                report.sections.append(("screenshot", str(target)))
            except Exception as exc:  # a crashed page must not hide the real failure
                report.sections.append(("screenshot", f"failed: {exc}"))
        _open_notebook["name"] = None  # the page may be in any state: reload next time
    return report


_open_notebook: dict[str, str | None] = {"name": None}  # the notebook open and run in lab_page


def _guard(route, request) -> None:
    """Let loopback requests through; block and record everything else."""
    parts = urlsplit(request.url)
    if parts.scheme in ("data", "blob") or (parts.hostname or "") in LOOPBACK:
        route.continue_()
    else:
        blocked_requests.append(request.url)
        route.abort()


@pytest.fixture(scope="session")
def lesson_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working copy of the lesson notebooks (whatever exists of them)."""
    from kzlesson.teacher.start import StartError, lesson_notebooks

    folder = tmp_path_factory.mktemp("lesson")
    try:
        for notebook in lesson_notebooks():
            shutil.copyfile(notebook, folder / notebook.name)
    except StartError:
        pass  # the notebook tests fail one by one, naming what is missing
    return folder


@pytest.fixture(scope="session")
def lab(lesson_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One JupyterLab server for the session."""
    home = tmp_path_factory.mktemp("lab-home")
    server = start_lab(lesson_copy, home, home / "kzlesson-progress.json")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_root(tmp_path_factory: pytest.TempPathFactory, lesson_copy: Path) -> Path:
    """Voila gets its own copy of the notebooks (and its own progress file)."""
    folder = tmp_path_factory.mktemp("voila-lesson")
    for notebook in lesson_copy.glob("*.ipynb"):
        shutil.copyfile(notebook, folder / notebook.name)
    return folder


@pytest.fixture(scope="session")
def voila(voila_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One Voila server for the session, started the first time a test needs it."""
    home = tmp_path_factory.mktemp("voila-home")
    server = start_voila(voila_root, home, home / "kzlesson-progress.json")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright, for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium, "
            "or set KZLESSON_CHROMIUM to its path."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def new_page(browser) -> object:
    """A page in a fresh context that blocks the network and times out every action."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", _guard)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    _live_pages.append(page)
    return page


def close_page(page) -> None:
    """Close a page made by :func:`new_page` and its context."""
    if page in _live_pages:
        _live_pages.remove(page)
    page.context.close()


@pytest.fixture(scope="session")
def lab_page(browser, lab: Server) -> Iterator[object]:
    """One page on JupyterLab for the whole session (tests open notebooks in it)."""
    page = new_page(browser)
    yield page
    close_page(page)


class LabNotebooks:
    """Opens lesson notebooks in the session's Lab page; reuses one that is already open and run."""

    def __init__(self, page, lab: Server, folder: Path) -> None:
        self.page = page
        self.lab = lab
        self.folder = folder

    def path(self, name: str) -> Path:
        """The working copy of ``name``; fails the test if the notebook does not exist."""
        path = self.folder / name
        if not path.is_file():
            pytest.fail(f"notebooks/{name} does not exist (yet): nothing to test")
        return path

    def fresh(self, name: str) -> float:
        """Open ``name`` in a new kernel and run all cells; return the run time in seconds."""
        self.path(name)
        _open_notebook["name"] = None
        open_notebook(self.page, self.lab, name)
        seconds = run_all(self.page)
        _open_notebook["name"] = name
        return seconds

    def ready(self, name: str):
        """The page with ``name`` open and run (reused when it already is)."""
        if _open_notebook["name"] != name:
            self.fresh(name)
        return self.page


@pytest.fixture(scope="session")
def notebooks(lab_page, lab: Server, lesson_copy: Path) -> LabNotebooks:
    """Open-and-run helper for the lesson notebooks in the session's Lab page."""
    return LabNotebooks(lab_page, lab, lesson_copy)


@pytest.fixture
def voila_page(browser) -> Iterator[object]:
    """A fresh page for one Voila test."""
    page = new_page(browser)
    yield page
    close_page(page)
