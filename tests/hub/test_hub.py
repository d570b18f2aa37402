"""A whole class on a real JupyterHub: two students log in, follow the link ``kzlesson hub-link``
prints, run a notebook and answer a quiz; after a new upstream commit a second click keeps a
student's edit, and ``kzlesson doctor`` tells the student about the teacher's fix it kept out.

Real parts only: JupyterHub, configurable-http-proxy (npm), nbgitpuller, a bare clone of this
checkout with a lesson-only branch (``kzlesson lesson-branch``), Chromium through Playwright.
Timings are printed (``-s``), never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from browser.lab import error_outputs, run_all, wait_done
from browser.quiz import feedback_text, give_answer, press, question_root

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import OK

from . import conftest
from .hubserver import Hub, run_git

NOTEBOOK = "notebooks/00_start_here.ipynb"
STUDENTS = ("aigerim", "daniyar")
QUESTION = "start-04"  # a single-choice question 00_start_here shows
OPEN_TIMEOUT_MS = 180_000  # login to a notebook with an idle kernel (servers start at once)
STUDENT_LINE = 'answer = paragraphs[paragraphs["speaker"] == "interviewee"]  # my answer'
EXERCISE_CELL = 'kz.exercise("start-ex1", answer, interpretation=my_sentence)'
SENTENCE_LINE = 'my_sentence = "The correspondent speaks in P2."'
# The teacher's later commit: one sentence in a text cell (merges into every copy) and a fix
# on the very line the student changed (nbgitpuller keeps the student's version of it).
TEACHER_TEXT = ("The cell below already works,", "The cell below runs without an error,")
TEACHER_FIX = (
    'answer = paragraphs[paragraphs[\\"speaker\\"] == \\"correspondent\\"]\\n',
    'answer = paragraphs[paragraphs[\\"speaker\\"] == \\"correspondent\\"]  # edit me\\n',
)


def _link(hub: Hub, repo: Path) -> str:
    """The link ``kzlesson hub-link`` prints for this hub, repository and the lesson branch."""
    command = [sys.executable, "-m", "kzlesson", "hub-link", "--hub", hub.base]
    command += ["--repo", str(repo), "--branch", "lesson"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _login(page, hub: Hub, user: str) -> None:
    """Log in on the hub's login page (the dummy authenticator takes any password)."""
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", "class-password")
    with page.expect_navigation(wait_until="commit"):
        page.click("#login_submit")
    assert "/hub/login" not in page.url, f"login failed for {user}"


def _open(page, link: str) -> None:
    """Follow the link; wait until the notebook is open and its kernel idle."""
    page.goto(link)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").wait_for(
        timeout=OPEN_TIMEOUT_MS
    )
    wait_done(page, started=False, timeout=OPEN_TIMEOUT_MS)


def _dirty(page) -> bool:
    """Whether JupyterLab marks the open notebook as modified (the tab's dirty dot)."""
    tab = page.locator(".lm-TabBar-tab.jp-mod-current").first
    return "jp-mod-dirty" in (tab.get_attribute("class") or "")


def _answer_quiz(page) -> str:
    """Answer the quiz question rightly and return the feedback a student reads."""
    question = load_bank().question(QUESTION)
    root = question_root(page, question)
    root.scroll_into_view_if_needed()
    give_answer(root, question, right=True)
    press(root, question)
    return feedback_text(root)


def _edit_and_save(page) -> None:
    """Replace the exercise cell's first line, as a student does, and save (Ctrl+S)."""
    cell = page.locator(".jp-CodeCell").filter(has_text=EXERCISE_CELL).last
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(f"{STUDENT_LINE}\n{SENTENCE_LINE}\n{EXERCISE_CELL}")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while _dirty(page):
        assert time.monotonic() < deadline, "JupyterLab did not save the notebook"
        time.sleep(0.2)


def _teacher_commits(repo: Path, work: Path) -> None:
    """A later upstream commit on main, then ``kzlesson lesson-branch`` again."""
    run_git("clone", "-q", str(repo), str(work))
    path = work / NOTEBOOK
    text = path.read_text(encoding="utf-8")
    for old, new in (TEACHER_TEXT, TEACHER_FIX):
        assert text.count(old) == 1, f"{old!r} is not in {NOTEBOOK} once: update this test"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    run_git("commit", "-q", "-am", "Teacher: clearer exercise text, a hint in the cell", cwd=work)
    run_git("push", "-q", "origin", "HEAD:main", cwd=work)
    command = [*conftest.LESSON_BRANCH, "--repo", str(repo), "--from", "main"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def _progress(home: Path) -> dict:
    """The student's progress file: next to the notebooks in their copy of the lesson."""
    path = home / "kzlesson" / "notebooks" / "kzlesson-progress.json"
    assert path.is_file(), f"no progress file at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_class_on_a_real_hub(hub: Hub, lesson_repo: Path, tmp_path: Path, capsys) -> None:
    start = time.monotonic()
    timings = conftest.with_browser(lambda browser: _class(hub, lesson_repo, browser, tmp_path))
    timings["whole test"] = time.monotonic() - start
    with capsys.disabled():
        for what, seconds in timings.items():
            print(f"\n  hub: {what}: {seconds:.1f} s", end="")
        print()


def _class(hub: Hub, lesson_repo: Path, browser, tmp_path: Path) -> dict[str, float]:
    """Everything the two students and the teacher do; returns the timings."""
    link = _link(hub, lesson_repo)
    for user in STUDENTS:  # the class clicks at once: both servers start together
        hub.api("POST", f"users/{user}")
        hub.api("POST", f"users/{user}/server")
    timings, pages = {}, {}
    for user in STUDENTS:
        page = conftest.new_page(browser)
        pages[user] = page
        began = time.monotonic()
        _login(page, hub, user)
        _open(page, link)
        timings[f"{user}: login to idle kernel"] = time.monotonic() - began
        time.sleep(1)  # JupyterLab writes the kernel's metadata into the model once it connects
        assert not _dirty(page), "the notebook is marked modified as soon as it opens"
        timings[f"{user}: Run All"] = run_all(page)
        assert error_outputs(page) == []
        assert feedback_text_ok(_answer_quiz(page))

    for user in STUDENTS:
        home = hub.home(user)
        assert sorted(p.name for p in (home / "kzlesson").iterdir()) == [
            ".git",
            "LICENSE",
            "data",
            "notebooks",
        ], "students get the lesson only, not the developer repository"
        assert _progress(home)["answers"][QUESTION]["correct"] is True

    kernels = [json.loads(f.read_text()) for f in (hub.work / "rt").glob("kernel-*.json")]
    assert len(kernels) >= len(STUDENTS) and {k["transport"] for k in kernels} == {"ipc"}

    first = STUDENTS[0]
    _edit_and_save(pages[first])
    _teacher_commits(lesson_repo, tmp_path / "teacher")
    began = time.monotonic()
    _open(pages[first], link)  # the second click pulls the teacher's commit
    timings[f"{first}: second click"] = time.monotonic() - began

    merged = (hub.home(first) / "kzlesson" / NOTEBOOK).read_text(encoding="utf-8")
    assert STUDENT_LINE.replace('"', '\\"') in merged, "the student's edit was lost"
    assert TEACHER_TEXT[1] in merged, "the teacher's new text did not arrive"
    assert TEACHER_FIX[1] not in merged  # nbgitpuller keeps the student's line...
    doctor = subprocess.run(  # ...and doctor, run in a hub terminal (home folder), says so
        [sys.executable, "-m", "kzlesson", "doctor"],
        cwd=hub.home(first),
        capture_output=True,
        text=True,
        timeout=120,
        env=_student_env(hub.home(first)),
    )
    assert "start-33" in doctor.stdout and "00_start_here" in doctor.stdout, doctor.stdout
    progress_line = next(x for x in doctor.stdout.splitlines() if "progress file" in x)
    assert str(hub.home(first) / "kzlesson" / "notebooks") in progress_line, progress_line
    assert conftest.blocked == [], f"pages tried to reach the network: {conftest.blocked[:5]}"
    return timings


def feedback_text_ok(text: str) -> bool:
    """The feedback starts with the quiz's 'correct' headline."""
    assert text.startswith(OK), text
    return True


def _student_env(home: Path) -> dict[str, str]:
    """A hub terminal's environment: HOME is the student's folder, no KZLESSON_PROGRESS."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("KZLESSON_PROGRESS", "MPLBACKEND")}
    env["HOME"] = str(home)
    return env
