"""The hand-in file (HTML and Markdown) and the teacher's answer key (function and CLI)."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kzlesson.quizzes import progress
from kzlesson.quizzes.answerkey import render_answer_key
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.export import ExportError, export_answers

BANK = load_bank()
EVIL = "<script>alert('x')</script> *bold* | pipe"


@pytest.fixture
def answered(progress_file: Path) -> Path:
    store = progress.store()
    store.record("start-01", "start", "b", False)
    store.record("start-01", "start", "a", True)
    store.record("grievances-01", "grievances", "60", False)
    store.record("debate-07", "debate", f"My view.\nSecond line {EVIL}", None)
    return progress_file


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_html_hand_in(answered: Path, tmp_path: Path, suffix: str) -> None:
    result = export_answers(tmp_path / f"me{suffix}", name=f"Aigerim {EVIL}")
    text = Path(result).read_text(encoding="utf-8")
    assert (result.answered, result.total) == (3, len(BANK.all()))
    assert text.startswith("<!DOCTYPE html>") and "<script>" not in text
    assert html.escape(f"Aigerim {EVIL}") in text
    assert date.today().strftime("%d %B %Y") in text
    start01 = text.split('id="start-01"')[1].split("</section>")[0]
    assert "Ainur Kurmanov" in start01 and "✓ correct" in start01 and "attempts: 2" in start01
    grievances01 = text.split('id="grievances-01"')[1].split("</section>")[0]
    assert "✗ not correct" in grievances01 and "attempts: 1" in grievances01
    assert "My view.<br>Second line &lt;script&gt;" in text
    assert "<td>Sourcing the article: who, when, where, for whom</td><td>1</td><td>1</td>" in text
    # a totals row (3 answered, 1 correct) and a note saying what each column counts
    marked = sum(q.type != "reflection" for q in BANK.all())
    assert f"<td>All notebooks</td><td>3</td><td>1</td><td>{marked}</td>" in text
    assert "marked: questions that have a right answer" in text
    assert text.count("Not answered.") == len(BANK.all()) - 3
    assert "Saved 3 of" in str(result)


def test_markdown_hand_in(answered: Path, tmp_path: Path) -> None:
    path = Path(export_answers(tmp_path / "me.md", name="Aigerim"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# My quiz answers") and "**Name:** Aigerim" in text
    assert "### start-01 (single choice)" in text
    assert "**My answer:** Ainur Kurmanov" in text
    assert "**Result:** ✓ correct; attempts: 2" in text
    assert "> Second line &lt;script>" in text and "<script>" not in text
    assert r"\*bold\* \| pipe" in text
    assert "| Grievances: gas prices, jobs and oil | 1 | 0 |" in text
    assert f"| All notebooks | 3 | 1 | {sum(q.type != 'reflection' for q in BANK.all())} |" in text


def test_no_name_and_nothing_answered(progress_file: Path, tmp_path: Path) -> None:
    text = Path(export_answers(tmp_path / "empty.md")).read_text(encoding="utf-8")
    assert "(no name given)" in text and text.count("*Not answered.*") == len(BANK.all())


@pytest.mark.parametrize("name", ["answers.pdf", "answers", "answers.txt"])
def test_other_extensions_are_refused(progress_file: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match=r"must end in \.html, \.htm or \.md"):
        export_answers(tmp_path / name)
    assert not (tmp_path / name).exists()


def test_unwritable_target(progress_file: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="Cannot write"):
        export_answers(tmp_path / "file" / "me.html")


def test_answer_key_markdown_has_every_answer() -> None:
    key = render_answer_key(fmt="md", notebook="timeline")
    questions = BANK.notebooks["timeline"]
    assert key.count("**Answer:**") == len(questions)
    for question in questions:
        assert f"### {question.id} (" in key
    assert "Almaty / Alma-Ata" in key  # timeline-05: the place and its aliases
    assert "**Sources:** [The article, P6 (International Viewpoint, 7 Jan 2022)](https://" in key
    assert "context-01" not in key
    full = render_answer_key(fmt="md")
    assert all(f"### {q.id} (" in full for q in BANK.all())


def test_answer_key_html_is_escaped_and_complete() -> None:
    key = render_answer_key(fmt="html", notebook="debate")
    assert key.startswith('<section class="kz-answer-key">')
    assert key.count('class="kz-key-question"') == len(BANK.notebooks["debate"])
    assert "<h4>debate-01 (matching; skill: sourcing)</h4>" in key
    assert "&quot;" in key or "&#x27;" in key  # quotes in the text are escaped
    assert "<h2>" not in key and "<h2>" in render_answer_key(fmt="html")


def test_answer_key_refuses_unknown_notebook_and_format() -> None:
    with pytest.raises(ValueError, match="Valid notebooks: start, context"):
        render_answer_key(notebook="timline")
    with pytest.raises(ValueError, match="format"):
        render_answer_key(fmt="pdf")


def test_answer_key_command_line() -> None:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kzlesson",
            "answer-key",
            "--format",
            "md",
            "--notebook",
            "timeline",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("**Answer:**") == len(BANK.notebooks["timeline"])
    assert "Protests begin in Zhanaozen after the gas price doubles →" in result.stdout


@pytest.mark.parametrize("name", ["my-answers.txt", "my-answers"])
def test_notebook_export_with_a_bad_name_shows_one_line(
    progress_file: Path, tmp_path: Path, name: str
) -> None:
    import kzlesson as kz

    result = kz.export_answers(str(tmp_path / name))  # raised ValueError before
    assert str(result).startswith("✗ Not saved:") and "\n" not in str(result)
    assert "must end in .html, .htm or .md" in str(result)
    assert "kz-export-problem" in result._repr_html_() and repr(result) == str(result)
    assert not (tmp_path / name).exists()


def test_notebook_export_to_an_unwritable_folder_shows_one_line(
    progress_file: Path, tmp_path: Path
) -> None:
    import kzlesson as kz

    (tmp_path / "file").write_text("x")
    result = kz.export_answers(str(tmp_path / "file" / "me.html"))  # raised ExportError before
    assert str(result).startswith("✗ Not saved: Cannot write") and "\n" not in str(result)


def test_notebook_export_that_works_says_where(progress_file: Path, tmp_path: Path) -> None:
    import kzlesson as kz

    result = kz.export_answers(str(tmp_path / "me.md"), name="Aigerim")
    assert str(result).startswith("Saved 0 of") and (tmp_path / "me.md").exists()


def test_answer_key_html_page_is_a_complete_document() -> None:
    page = render_answer_key(fmt="html", notebook="timeline", page=True)
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page and "<title>" in page
    assert page.rstrip().endswith("</html>")
    assert render_answer_key(fmt="html", notebook="timeline") in page  # the same fragment


def test_markdown_key_does_not_show_html_entities() -> None:
    key = render_answer_key(fmt="md")
    assert "&amp;" not in key and "&gt;" not in key and "&quot;" not in key
    assert " → " in key  # ordering answers read as arrows


def test_md_escapes_only_what_markdown_needs() -> None:
    from kzlesson.quizzes.textfmt import md

    assert md("A & B -> C") == "A & B -> C"
    assert md("<b>x</b>") == "&lt;b>x&lt;/b>"  # no HTML tag
    assert md("&amp; stays literal") == "&amp;amp; stays literal"
    assert md("*not bold* [no](link)") == r"\*not bold\* \[no\](link)"


def test_html_key_lists_multi_part_answers_one_per_line() -> None:
    """A matching, classify, ordering or multi answer is a list, not one run-on paragraph;
    a matching question shows its items and its choices under their own headings."""
    import re

    bank = load_bank()
    for question in bank.all():
        if question.type not in ("matching", "classify", "ordering", "multi"):
            continue
        key = render_answer_key(fmt="html", notebook=question.notebook)
        block = key.split(f'id="key-{question.id}"', 1)[1].split('class="kz-key-question"')[0]
        answer = block.split("<strong>Answer:</strong>", 1)[1]
        listed = re.findall(r"<li>(.*?)</li>", answer.split("<strong>Why:", 1)[0])
        assert len(listed) >= 2, question.id
        assert "(choices)" not in block
        if question.type == "matching":
            assert "<p>Items:</p>" in block and "<p>Choices:</p>" in block
