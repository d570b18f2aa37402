"""Jupyter Notebook 7: the lesson runs there as in JupyterLab, and its quizzes answer.

The issue promises the quizzes work the same in JupyterLab, Jupyter Notebook 7 and Voila; the
Lab and Voila suites are elsewhere. One Notebook 7 server runs for this module only, on its own
copy of the lesson and its own progress file, and is stopped afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzlesson.quizzes.bank import load_bank

from . import servers
from .conftest import close_page, new_page
from .lab import error_outputs, open_notebook, run_all
from .quiz import expected_headlines, round_trip, shown_questions
from .scratch import WIDGET_CELL, write_notebook

NOTEBOOK = "02_timeline.ipynb"
RUN_BUDGET_S = 120  # the whole notebook, top to bottom, in Notebook 7


@pytest.fixture(scope="module")
def notebook7(
    lesson_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[servers.Server]:
    """One Notebook 7 server for this module, on its own copy of the lesson."""
    root = tmp_path_factory.mktemp("nb7-lesson")
    for notebook in lesson_copy.glob("[0-9]*.ipynb"):
        shutil.copyfile(notebook, root / notebook.name)
    home = tmp_path_factory.mktemp("nb7-home")
    server = servers.start_notebook7(root, home, home / "kzlesson-progress.json")
    server.root = root
    yield server
    server.stop()


@pytest.fixture
def nb7_page(browser) -> Iterator[object]:
    page = new_page(browser)
    yield page
    close_page(page)


def test_notebook7_is_installed() -> None:
    """The test extra installs Notebook 7 (`notebook>=7`), not the classic Notebook 6."""
    from importlib.metadata import version

    assert int(version("notebook").split(".")[0]) >= 7


def test_notebook7_harness_sees_a_widget_answer(nb7_page, notebook7) -> None:
    """The harness itself in Notebook 7: a notebook written here runs, its widget responds."""
    name = write_notebook(notebook7.root, "zz_nb7_harness.ipynb", WIDGET_CELL)
    open_notebook(nb7_page, notebook7, name, app="notebook7")
    run_all(nb7_page, app="notebook7")
    quiz = nb7_page.locator(".kz-quiz")
    quiz.locator(".widget-radio-box label", has_text="Aktau").click()
    quiz.locator("button.kz-check").click()
    quiz.locator(".kz-feedback").filter(has_text="✗ Not quite").wait_for(timeout=10_000)


def test_lesson_quiz_in_notebook7(nb7_page, notebook7) -> None:
    """Open the timeline, run all cells, answer a question wrongly then rightly."""
    path = notebook7.root / NOTEBOOK
    assert path.is_file(), f"notebooks/{NOTEBOOK} does not exist (yet)"
    shown = shown_questions(path)
    questions = [q for q in load_bank().all() if q.id in shown]
    assert questions, f"{NOTEBOOK} shows no quiz question"
    question = next((q for q in questions if q.type == "single"), questions[0])

    open_notebook(nb7_page, notebook7, NOTEBOOK, app="notebook7")
    seconds = run_all(nb7_page, app="notebook7")
    assert seconds < RUN_BUDGET_S, f"running {NOTEBOOK} took {seconds:.0f} s"
    assert error_outputs(nb7_page) == []
    assert nb7_page.locator(".jp-OutputArea-output").count() > 0

    wrong, right = round_trip(nb7_page, question)
    expect_wrong, expect_right = expected_headlines(question)
    assert wrong.startswith(expect_wrong), wrong
    assert right.startswith(expect_right), right
    assert error_outputs(nb7_page) == []


def test_a_server_that_never_gets_ready_is_stopped(tmp_path: Path) -> None:
    """servers.launch stops (by process group) a server that never answers, then re-raises."""
    port = servers.free_port()
    sleeper = [sys.executable, "-c", "import time; time.sleep(300)", "--port", str(port)]
    spawned: list[servers.Server] = []
    real_spawn = servers._spawn

    def spy(*args, **kwargs) -> servers.Server:
        spawned.append(real_spawn(*args, **kwargs))
        return spawned[-1]

    env = {"KZ_TEST_TOKEN": "t", "PATH": "/usr/bin:/bin"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(servers, "_spawn", spy)
        start = time.monotonic()
        with pytest.raises(RuntimeError, match="did not answer in 1 s"):
            servers.launch("Sleeper", sleeper, tmp_path, env, tmp_path / "log", "", timeout=1)
    assert time.monotonic() - start < 20
    (server,) = spawned
    assert server.process.poll() is not None, "the server that never got ready still runs"
    group = subprocess.run(["ps", "-o", "pid=", "-g", str(server.process.pid)], capture_output=True)
    assert group.stdout.strip() == b"", "processes of its group are still running"
