"""``kzlesson handouts``: printable, offline HTML; the student edition holds no answers."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kzlesson.teacher import handouts
from kzlesson.teacher.start import notebooks_dir

SMALL = "00_start_here"  # the one notebook the slow test executes
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I
)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?(?:https?:)?//|url\(["']?https?://""", re.I)


# ------------------------------------------------------------------ fast unit tests


def _state(**models: dict) -> dict:
    return {mid: {"state": state} for mid, state in models.items()}


def test_widget_state_is_drawn_as_printable_html() -> None:
    state = _state(
        box={
            "_model_name": "VBoxModel",
            "children": ["IPY_MODEL_q", "IPY_MODEL_r", "IPY_MODEL_t", "IPY_MODEL_b", "IPY_MODEL_h"],
            "_dom_classes": ["kz-quiz"],
        },
        q={"_model_name": "HTMLModel", "value": "<b>Where did it start?</b>"},
        r={
            "_model_name": "RadioButtonsModel",
            "description": "Pick",
            "_options_labels": ["Zhanaozen", "Almaty <city>"],
        },
        t={"_model_name": "TextareaModel", "description": "Why?", "placeholder": "a few words"},
        b={"_model_name": "ButtonModel", "description": "Check"},
        h={"_model_name": "HTMLModel", "value": "secret hint", "layout": "IPY_MODEL_hidden"},
        hidden={"_model_name": "LayoutModel", "display": "none"},
    )
    out = handouts.widget_html(state, "IPY_MODEL_box")
    assert 'class="kz-static kz-quiz"' in out
    assert "<b>Where did it start?</b>" in out
    assert "&#9744; Zhanaozen" in out and "Almaty &lt;city&gt;" in out
    assert 'aria-label="space for your answer"' in out and "a few words" in out
    assert "Check" not in out  # no buttons on paper
    assert "secret hint" not in out  # hidden widgets stay hidden


def test_freeze_prefers_the_widgets_own_printable_form() -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("kz.quiz('start')")
    view = {"model_id": "m1", "version_major": 2, "version_minor": 0}
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                handouts.WIDGET_VIEW: view,
                "text/html": "<p>Quiz: printable</p>",
                "text/plain": "Quiz",
            },
        ),
        nbformat.v4.new_output("display_data", data={handouts.WIDGET_VIEW: {"model_id": "gone"}}),
    ]
    nb.cells = [cell]
    nb.metadata["widgets"] = {handouts.WIDGET_STATE: {"state": {}}}
    handouts.freeze_widgets(nb)
    first, second = (output["data"] for output in cell.outputs)
    assert list(first) == ["text/html"] and "<p>Quiz: printable</p>" in first["text/html"]
    assert "open the notebook to use it" in second["text/html"]
    assert "widgets" not in nb.metadata


def test_notebook_keys_and_selection() -> None:
    assert handouts.notebook_key("00_start_here") == "start"
    assert handouts.notebook_key("02_timeline") == "timeline"
    with pytest.raises(handouts.HandoutError, match="number_key"):
        handouts.notebook_key("timeline")
    paths = [Path("00_start_here.ipynb"), Path("02_timeline.ipynb")]
    assert handouts.select_notebooks(paths, ["timeline"]) == [paths[1]]
    assert handouts.select_notebooks(paths, ["02_timeline.ipynb", "start"]) == paths
    assert handouts.select_notebooks(paths, None) == paths
    with pytest.raises(handouts.HandoutError, match="No notebook called 03_x"):
        handouts.select_notebooks(paths, ["03_x"])


def test_index_links_both_editions_and_escapes_titles() -> None:
    page = handouts.index_html([("02_timeline", "Timeline <2-6 January>")])
    assert 'href="student/02_timeline.html"' in page
    assert 'href="teacher/02_timeline.html"' in page
    assert "Timeline &lt;2-6 January&gt;" in page
    assert "do not hand them out" in page


def test_offline_template_drops_every_cdn_script() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n\n$x^2$ and a mermaid-free page")]
    nb.metadata["widgets"] = {handouts.WIDGET_STATE: {"state": {}, "version_major": 2}}
    body, _ = handouts._exporter().from_notebook_node(nb)
    assert not EXTERNAL.findall(body), EXTERNAL.findall(body)
    assert not CSS_IMPORT.findall(body)
    assert "require.js" not in body and "mathjax" not in body.lower()


# ------------------------------------------------------------------ the real thing (slow)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run ``kzlesson handouts OUT --only 00_start_here`` once for the tests below."""
    out = tmp_path_factory.mktemp("handouts")
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "handouts", str(out), "--only", SMALL],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"wrote {out / 'student' / (SMALL + '.html')}" in result.stdout
    return out


def _key() -> str:
    nb = nbformat.read(notebooks_dir() / f"{SMALL}.ipynb", as_version=4)
    return nb.metadata.get("kzlesson", {}).get("key") or handouts.notebook_key(SMALL)


def _read(built: Path, edition: str) -> str:
    return (built / edition / f"{SMALL}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_both_editions_and_the_index_exist(built: Path) -> None:
    assert sorted(p.name for p in (built / "student").iterdir()) == [f"{SMALL}.html"]
    assert sorted(p.name for p in (built / "teacher").iterdir()) == [f"{SMALL}.html"]
    index = (built / "index.html").read_text(encoding="utf-8")
    assert f'href="student/{SMALL}.html"' in index and f'href="teacher/{SMALL}.html"' in index


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_pages_are_executed_and_work_offline(built: Path, edition: str) -> None:
    page = _read(built, edition)
    assert not EXTERNAL.findall(page), EXTERNAL.findall(page)
    assert not CSS_IMPORT.findall(page)
    assert "Traceback" not in page
    assert "jp-OutputArea-output" in page  # cells were executed
    assert "application/vnd.jupyter.widget-view+json" not in page  # widgets printed as text
    nb = nbformat.read(notebooks_dir() / f"{SMALL}.ipynb", as_version=4)
    shows = sum("kz.show(" in c.source for c in nb.cells if c.cell_type == "code")
    assert page.count('class="kz-figure"') >= shows


@pytest.mark.slow
def test_student_edition_has_no_answers(built: Path) -> None:
    from kzlesson.exercises.prompt import load_exercises
    from kzlesson.quizzes.bank import load_bank

    page = _read(built, "student")
    assert "Teacher edition" not in page and 'class="kz-teacher"' not in page
    assert "Student edition" in page
    key = _key()
    for question in load_bank().questions(key):
        if question.key.explanation:
            assert html.escape(question.key.explanation, quote=False) not in page, question.id
        if question.key.model_answer:
            assert html.escape(question.key.model_answer, quote=False) not in page, question.id
    assert "Model solution" not in page
    nb = nbformat.read(notebooks_dir() / f"{SMALL}.ipynb", as_version=4)
    source = "\n".join(cell.source for cell in nb.cells)
    for item in load_exercises().values():
        solution = item.solution.strip()
        if item.notebook == key and solution not in source:  # not shown by the notebook itself
            assert html.escape(solution, quote=False) not in page, item.id


@pytest.mark.slow
def test_teacher_edition_has_the_key_and_the_solutions(built: Path) -> None:
    from kzlesson.exercises.prompt import load_exercises
    from kzlesson.quizzes.answerkey import render_answer_key
    from kzlesson.quizzes.bank import load_bank
    from kzlesson.quizzes.core import answer_parts

    page = _read(built, "teacher")
    key = _key()
    assert "Teacher edition: contains the answers" in page
    assert render_answer_key(fmt="html", notebook=key).startswith('<section class="kz-answer-key">')
    assert page.count('<section class="kz-answer-key">') == 1
    for question in load_bank().questions(key):
        assert f'id="key-{question.id}"' in page
        for line in answer_parts(question):  # each option, position, pair or label
            assert html.escape(line, quote=False) in page, question.id
        if question.key.explanation:
            assert html.escape(question.key.explanation, quote=False) in page, question.id
    for item in load_exercises().values():
        if item.notebook == key:
            assert f"Model solution, {item.id}" in page
            assert html.escape(item.solution.strip(), quote=False) in page


@pytest.mark.slow
def test_paper_editions_print_well(built: Path) -> None:
    """Room to write a reflection, words broken only between words, wide tables fitted to the
    page in print, a teacher banner that stands out, and exercise prompts without backticks."""
    student, teacher = _read(built, "student"), _read(built, "teacher")
    assert '<li class="kz-q-reflection">' in student  # the writing box hangs on this
    assert "li.kz-q-reflection::after" in student
    assert "word-break: normal" in student and "@media print" in student
    assert "table-layout: fixed" in student
    assert 'class="kz-edition kz-edition-teacher"' in teacher
    assert 'class="kz-edition kz-edition-student"' in student
    solutions = teacher.split('<div class="kz-solution">')[1:]
    assert solutions, "the teacher edition has no exercise solutions"
    for block in solutions:
        prompt = block.split("</p>", 1)[0]
        assert "`" not in prompt and "<code>" in prompt, prompt
