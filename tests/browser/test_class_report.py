"""The class report in Chromium: built from several hand-ins (some broken), read as a teacher
sees it: its tables, the charts with alt text and a visible description, the --anonymous view,
and the print layout. The page is served from 127.0.0.1 (the harness blocks everything else)."""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kzlesson.teacher.cli import main

from .conftest import blocked_requests, close_page, new_page
from .lab import figures

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "teacher"))
from test_classreport import make_handin  # noqa: E402

NAMES = ("Aigerim", "Bolat", "Dana", "Erlan")


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Reports (named and anonymous) of four students plus three broken files, on a server."""
    root = tmp_path_factory.mktemp("class-site")
    hand_ins = root / "hand-ins"
    hand_ins.mkdir()
    for name, answer in zip(NAMES, "abca", strict=True):
        make_handin(hand_ins, name, answer=answer)
    (hand_ins / "notes.html").write_text("<html><body>not a hand-in</body></html>")
    cut = make_handin(hand_ins, "Farida")
    cut.write_text(cut.read_text(encoding="utf-8")[:-400], encoding="utf-8")
    empty = root / "empty"
    empty.mkdir()
    given = [str(hand_ins), str(empty)]
    assert main(["class-report", *given, "-o", str(root / "class.html")]) == 3
    assert main(["class-report", *given, "-o", str(root / "anon.html"), "--anonymous"]) == 3
    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser) -> Iterator[object]:
    page = new_page(browser)
    yield page
    close_page(page)


def rows(page, table: str) -> list[list[str]]:
    """The body rows of the first table with this class, as cell texts."""
    return page.eval_on_selector(
        f"table.{table}",
        "t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))",
    )


def test_report_tables_and_charts(page, site: str) -> None:
    blocked_requests.clear()
    page.goto(f"{site}/class.html")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("heading", name="Files not read in full").is_visible()
    problems = page.locator(".kz-problems li").all_inner_texts()
    assert len(problems) == 3
    assert any("notes.html" in p and "not a kzlesson hand-in" in p for p in problems)
    assert any("farida.html" in p and "cut off" in p for p in problems)
    assert any(
        p.endswith("empty: an empty folder: no hand-in (.html) or kzlesson-progress.json in it")
        for p in problems
    )
    students = rows(page, "kz-students")
    assert [r[0] for r in students] == list(NAMES)
    assert all(re.fullmatch(r"\d+/\d+ right\n\d+/\d+ answered", cell) for cell in students[0][1:])
    notebooks = rows(page, "kz-notebooks")
    assert len(notebooks) == 6 and notebooks[0][1] == "4"  # all four started the first one
    start01 = page.locator("table.kz-questions tr", has=page.locator("#q-start-01"))
    cells = start01.locator("td").all_inner_texts()
    assert cells[3:6] == ["4", "2 (50%)", "4 (100%)"]
    assert "1 student" in cells[7] and "Feedback:" in cells[7]
    assert page.locator("ol.kz-wrong li").first.is_visible()
    charts = figures(page)
    assert len(charts) == 2 and all(c["loaded"] and c["alt"] for c in charts)
    assert charts[0]["caption"].startswith("Description: Horizontal bar chart")
    assert "4 students." in charts[0]["caption"]
    assert "Students per band" in charts[1]["caption"]
    caption = page.locator("figure.kz-figure figcaption").first
    assert caption.is_visible()
    cards = page.locator(".kz-card").all_inner_texts()
    assert {c.split("\n")[0] for c in cards} >= set(NAMES)
    page.emulate_media(media="print")
    grid = page.eval_on_selector(".kz-cards", "e => getComputedStyle(e).display")
    assert grid == "block"
    assert blocked_requests == []


def test_anonymous_view(page, site: str) -> None:
    page.goto(f"{site}/anon.html")
    text = page.locator("body").inner_text()
    for name in (*NAMES, "Farida", "notes.html"):
        assert name not in text.replace(f"Reflection of {name}", "")
    students = rows(page, "kz-students")
    assert sorted(r[0] for r in students) == [f"Student {n}" for n in range(1, 5)]
    assert "3 file(s) could not be read in full" in text
    assert page.locator(".kz-problems li").count() == 0
    authors = page.locator(".kz-card h4").all_inner_texts()
    assert set(authors) == {f"Student {n}" for n in range(1, 5)}
