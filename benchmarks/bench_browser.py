"""Click-to-feedback latency of a quiz answer in a real browser (JupyterLab + Chromium).

Run by hand (not a timed test); it prints figures:

    .venv/bin/python benchmarks/bench_browser.py [--clicks 20] [--notebook 02_timeline]

Starts a private JupyterLab on 127.0.0.1 (the same harness as tests/browser/), opens a lesson
notebook, runs it, then answers one single-choice (or true/false) question ``--clicks`` times,
alternating a wrong and the right answer. Each figure is the time from the click on Check to
the moment the feedback text has changed in the page. Target: median <= 200 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # reuse the browser-test harness

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, new_page  # noqa: E402
from browser.lab import open_notebook, run_all  # noqa: E402
from browser.quiz import give_answer, press, question_root, shown_questions  # noqa: E402
from browser.servers import start_lab  # noqa: E402

TARGET_MS = 200


def pick(folder: Path, wanted: str | None):
    """A (question, notebook name) pair: single choice or true/false, in ``wanted`` if given."""
    from kzlesson.quizzes.bank import load_bank

    bank = load_bank()
    for path in sorted(folder.glob("[0-9]*.ipynb")):
        if wanted and path.stem != wanted.removesuffix(".ipynb"):
            continue
        ids = shown_questions(path)
        for question in bank.all():
            if question.id in ids and question.type in ("single", "truefalse"):
                return question, path.name
    raise SystemExit("no lesson notebook shows a single-choice or true/false question")


def main() -> int:
    """Print the latency figures; return 1 if the median misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--notebook", default=None, help="e.g. 02_timeline")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from kzlesson.teacher.start import lesson_notebooks

    with tempfile.TemporaryDirectory(prefix="kzbench-browser-") as tmp:
        root = Path(tmp) / "lesson"
        root.mkdir()
        for notebook in lesson_notebooks():
            (root / notebook.name).write_bytes(notebook.read_bytes())
        question, name = pick(root, args.notebook)
        lab = start_lab(root, Path(tmp), Path(tmp) / "progress.json")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                page = new_page(browser)
                open_notebook(page, lab, name)
                run_seconds = run_all(page)
                box = question_root(page, question)
                box.scroll_into_view_if_needed()
                times = []
                for n in range(args.clicks):
                    give_answer(box, question, right=bool(n % 2))
                    times.append(press(box, question))
                browser.close()
        finally:
            lab.stop()

    median = statistics.median(times)
    print(f"kzlesson browser benchmark ({os.cpu_count()} cores, Chromium {CHROMIUM})")
    print(f"notebook {name}: Run All took {run_seconds:.1f} s")
    print(f"question {question.id} ({question.type}), {len(times)} clicks on Check:")
    print(
        f"  click-to-feedback median {median:.0f} ms, min {min(times):.0f} ms, "
        f"max {max(times):.0f} ms (target <= {TARGET_MS} ms)"
    )
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
