"""Fixtures for the JupyterHub test: a bare lesson repository made from this checkout, a real
hub with configurable-http-proxy, and Debian's Chromium (every non-loopback request blocked)."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest

from .hubserver import ROOT, Hub, proxy_command, run_git, start_hub

T = TypeVar("T")

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
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
blocked: list[str] = []
# the hub's Python is this one: the lesson branch's notebooks carry its version
LESSON_BRANCH = [sys.executable, "-m", "kzlesson", "lesson-branch"]
LESSON_BRANCH += ["--python", platform.python_version()]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here drives a browser against a hub: mark it (``-m 'not browser'`` skips)."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).name == "test_hub.py" and here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.timeout(300))


def _guard(route, request) -> None:
    """Let loopback requests through; block and record everything else."""
    parts = urlsplit(request.url)
    if parts.scheme in ("data", "blob") or (parts.hostname or "") in LOOPBACK:
        route.continue_()
    else:
        blocked.append(request.url)
        route.abort()


@pytest.fixture(scope="module")
def lesson_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare clone of this checkout's HEAD (as ``main``) with a ``lesson`` branch made by
    ``kzlesson lesson-branch``. Nothing is written to the real repository."""
    bare = tmp_path_factory.mktemp("upstream") / "kzlesson.git"
    run_git("clone", "-q", "--bare", "--no-tags", "--single-branch", str(ROOT), str(bare))
    head = run_git("rev-parse", "HEAD", cwd=ROOT).strip()
    run_git("update-ref", "refs/heads/main", head, cwd=bare)
    run_git("symbolic-ref", "HEAD", "refs/heads/main", cwd=bare)
    result = subprocess.run(
        [*LESSON_BRANCH, "--repo", str(bare), "--from", "main"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return bare


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A real JupyterHub (dummy login, local-process spawner, nbgitpuller) for this module."""
    proxy = proxy_command()
    if proxy is None:
        pytest.fail(
            "configurable-http-proxy is not installed: run scripts/test.sh (it runs "
            "npm install configurable-http-proxy into .hub-tools/), or set KZLESSON_CHP."
        )
    # a short folder: ipc kernel sockets live under it (Unix socket paths < 108 characters)
    work = Path(tempfile.mkdtemp(prefix="kzhub-"))
    server = start_hub(work, proxy)
    yield server
    server.stop()
    shutil.rmtree(work, ignore_errors=True)


def with_browser(scenario: Callable[[object], T]) -> T:
    """Run ``scenario(browser)`` with Debian's Chromium, driven by Playwright, in a thread of its
    own: the browser tests' Chromium (a session fixture) keeps Playwright's sync API busy in
    this thread, and a second sync Playwright cannot start beside it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium.")
    outcome: dict[str, object] = {}

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                try:
                    outcome["value"] = scenario(chromium)
                finally:
                    chromium.close()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="hub-browser")
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def new_page(browser) -> object:
    """A page in its own context (its own login cookie) that never leaves this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", _guard)
    context.set_default_timeout(60_000)
    return context.new_page()
