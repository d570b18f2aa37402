"""The six lesson notebooks: committed clean, well structured, wired to real ids and data,
and every one runs top to bottom in a fresh kernel with described figures.

A notebook that does not exist yet makes these tests fail (never skip).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from kzlesson import exercises as ex
from kzlesson.data import TABLES, load_table
from kzlesson.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = {
    "00_start_here": "start",
    "01_context": "context",
    "02_timeline": "timeline",
    "03_grievances": "grievances",
    "04_debate": "debate",
    "05_aftermath": "aftermath",
}
HEADER_LABELS = (
    "**Learning objectives**",
    "**Estimated time:**",
    "**Prerequisites:**",
    "**Article paragraphs covered:**",
    "**Historical-thinking skill:**",
)
SKILLS = {
    "sourcing": r"sourcing",
    "contextualisation": r"contextuali[sz]ation",
    "close reading": r"close reading",
    "corroboration": r"corroboration",
}
MAX_QUOTE_WORDS = 40
MAX_CODE_LINES = 4
CELL_TIMEOUT = 120

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_HEADING = re.compile(r"^(#{1,6})\s+\S", re.M)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
_QUOTES = re.compile(r"\u201c([^\u201d]*)\u201d|(?<![\w=])\"([^\"\n]{2,}?)\"(?!\w)")
_CALL = r"""kz\.{name}\(\s*["']([^"']+)["']"""


# --------------------------------------------------------------------- reading notebooks


def _path(stem: str) -> Path:
    return NOTEBOOK_DIR / f"{stem}.ipynb"


@cache
def _read(stem: str) -> nbformat.NotebookNode:
    """Read a notebook; a missing one fails the test that needs it."""
    path = _path(stem)
    assert path.is_file(), f"notebooks/{path.name} does not exist yet"
    return nbformat.read(path, as_version=4)


def _markdown(stem: str) -> list[str]:
    return [cell.source for cell in _read(stem).cells if cell.cell_type == "markdown"]


def _code(stem: str) -> list[str]:
    return [cell.source for cell in _read(stem).cells if cell.cell_type == "code"]


def _prose(text: str) -> str:
    """Markdown without fenced code blocks, inline code and link targets."""
    text = _FENCE.sub(" ", text)
    text = _CODE_SPAN.sub(" ", text)
    return _URL.sub(" ", text)


def _headings(text: str) -> list[int]:
    return [len(match.group(1)) for match in _HEADING.finditer(_FENCE.sub("", text))]


def _calls(stem: str, name: str) -> list[str]:
    pattern = re.compile(_CALL.format(name=name))
    return [found for source in _code(stem) for found in pattern.findall(source)]


# --------------------------------------------------------------------- what the ids point to


@cache
def _quiz_ids() -> dict[str, set[str]]:
    """Question ids per quiz key, read from data/quizzes/<key>.yaml."""
    found: dict[str, set[str]] = {}
    for path in sorted((data_dir() / "quizzes").glob("*.yaml")):
        ids: set[str] = set()
        stack: list[Any] = [yaml.safe_load(path.read_text(encoding="utf-8"))]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("id"), str):
                    ids.add(item["id"])
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        found[path.stem] = {i for i in ids if i.startswith(f"{path.stem}-")}
    return found


@cache
def _allowed_numbers() -> set[float]:
    """Every number the data holds: values, numbers in its text, date parts, paragraph numbers."""
    allowed: set[float] = set(range(13))
    for name in TABLES:
        table = load_table(name)
        for column in table.columns:
            series = table[column]
            kind = str(series.dtype)
            if kind.startswith("datetime"):
                for stamp in series.dropna():
                    allowed.update({stamp.year, stamp.month, stamp.day})
            elif kind in ("Int64", "Float64"):
                allowed.update(round(float(v), 6) for v in series.dropna())
            else:
                for cell in series.dropna():
                    for text in cell if isinstance(cell, tuple) else (cell,):
                        allowed.update(_numbers(str(text)))
    return allowed


def _numbers(text: str) -> list[float]:
    return [round(float(n.replace(",", "")), 6) for n in _NUMBER.findall(text)]


# --------------------------------------------------------------------- static checks


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebook_exists_and_is_committed_clean(stem: str) -> None:
    nb = _read(stem)
    for number, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{stem} cell {number} has outputs: clear them"
            assert cell.execution_count is None, f"{stem} cell {number} has an execution count"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_metadata(stem: str) -> None:
    meta = _read(stem).metadata
    assert meta.get("kernelspec", {}).get("name") == "python3", stem
    block = meta.get("kzlesson", {})
    assert block.get("key") == NOTEBOOKS[stem]
    assert block.get("title") and block.get("objectives"), stem
    assert isinstance(block.get("minutes"), int) and block["minutes"] > 0, stem


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_headings_in_order(stem: str) -> None:
    cells = _read(stem).cells
    first = cells[0]
    assert first.cell_type == "markdown" and _headings(first.source)[:1] == [1], (
        f"{stem}: the first cell must start with the H1 title"
    )
    levels = [level for text in _markdown(stem) for level in _headings(text)]
    assert levels.count(1) == 1, f"{stem}: exactly one H1, found {levels.count(1)}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{stem}: heading level jumps from H{before} to H{after}"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_header_cell(stem: str) -> None:
    cells = _read(stem).cells
    assert len(cells) > 1 and cells[1].cell_type == "markdown", stem
    header = cells[1].source
    for label in HEADER_LABELS:
        assert label in header, f"{stem}: header cell lacks {label}"
    after = header.split("**Learning objectives**", 1)[1]
    assert re.search(r"^\s*[-*] \S", after, re.M), f"{stem}: objectives must be a bullet list"
    minutes = _read(stem).metadata.get("kzlesson", {}).get("minutes")
    assert str(minutes) in header.split("**Estimated time:**", 1)[1].splitlines()[0]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_code_cells_are_short_and_start_with_the_import(stem: str) -> None:
    code = [source for source in _code(stem) if source.strip()]
    assert code, stem
    assert "import kzlesson as kz" in code[0], f"{stem}: first code cell must import kzlesson"
    for source in code:
        lines = [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        assert len(lines) <= MAX_CODE_LINES, (
            f"{stem}: a code cell has {len(lines)} lines:\n{source}"
        )


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_quiz_and_exercise_ids_exist(stem: str) -> None:
    key = NOTEBOOKS[stem]
    asked, quizzes = _calls(stem, "ask"), _calls(stem, "quiz")
    assert asked or quizzes, f"{stem}: no kz.ask(...) or kz.quiz(...)"
    bank = _quiz_ids()
    for name in quizzes:
        assert name in bank, f"{stem}: kz.quiz({name!r}) has no data/quizzes/{name}.yaml"
    for question in asked:
        owner = question.rsplit("-", 1)[0]
        assert question in bank.get(owner, set()), f"{stem}: unknown question {question!r}"
    used = _calls(stem, "exercise")
    assert used, f"{stem}: no kz.exercise(...) call"
    known = ex.load_exercises()
    for exercise_id in used:
        assert exercise_id in known, f"{stem}: unknown exercise {exercise_id!r}"
    assert any(exercise_id.startswith(f"{key}-ex") for exercise_id in used), stem


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_citations_are_real_paragraphs(stem: str) -> None:
    paragraphs = set(load_table("paragraphs")["id"])
    cited = _calls(stem, "cite")
    assert cited, f"{stem}: cite the article with kz.cite('Pn')"
    for paragraph in cited:
        assert paragraph in paragraphs, f"{stem}: kz.cite({paragraph!r}) is not a paragraph"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_quotes_are_short(stem: str) -> None:
    for text in _markdown(stem):
        for match in _QUOTES.finditer(_prose(text)):
            quote = match.group(1) or match.group(2)
            words = len(quote.split())
            assert words <= MAX_QUOTE_WORDS, f"{stem}: a {words}-word quotation: {quote[:80]}..."


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_number_in_prose_comes_from_the_data(stem: str) -> None:
    allowed = _allowed_numbers() | {_read(stem).metadata.get("kzlesson", {}).get("minutes")}
    for text in _markdown(stem):
        for number in _numbers(_prose(text)):
            assert number in allowed, (
                f"{stem}: the number {number:g} in the prose is not in the data; show numbers "
                "with code that reads them (e.g. kz.load_figures())"
            )


def test_each_skill_is_named_across_the_lesson() -> None:
    text = "\n".join(text for stem in NOTEBOOKS for text in _markdown(stem)).lower()
    for skill, pattern in SKILLS.items():
        assert re.search(pattern, text), f"the skill {skill!r} is named in no notebook"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_skill_is_named_in_a_heading(stem: str) -> None:
    """The section that trains the notebook's skill says so in its heading."""
    header = _read(stem).cells[1].source
    line = header.split("**Historical-thinking skill:**", 1)[1].splitlines()[0].lower()
    named = [skill for skill, pattern in SKILLS.items() if re.search(pattern, line)]
    assert named, f"{stem}: the header names none of the four skills"
    headings = "\n".join(
        ln for text in _markdown(stem) for ln in text.splitlines() if ln.startswith("#")
    ).lower()
    assert any(re.search(SKILLS[skill], headings) for skill in named), stem


# --------------------------------------------------------------------- running them


def _run(stem: str) -> dict[str, Any]:
    """Execute one notebook in a fresh kernel, with a temporary copy as working folder."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as state:
        env = dict(os.environ)
        env["KZLESSON_PROGRESS"] = str(Path(state) / "progress.json")
        env.pop("MPLBACKEND", None)
        copy = Path(folder) / f"{stem}.ipynb"
        shutil.copyfile(_path(stem), copy)
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        )
        start = time.perf_counter()
        error = ""
        try:
            client.execute(env=env)
        except CellExecutionError as err:
            error = str(err)[:3000]
        seconds = time.perf_counter() - start
        files = sorted(p.name for p in Path(folder).iterdir() if p.name != copy.name)
    return {"nb": nb, "seconds": seconds, "error": error, "files": files}


@pytest.fixture(scope="module")
def executed() -> dict[str, dict[str, Any]]:
    """Run every existing notebook, two kernels at a time (2 cores), and print the times."""
    stems = [stem for stem in NOTEBOOKS if _path(stem).is_file()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(stems, pool.map(_run, stems), strict=True))
    report = ", ".join(f"{stem} {r['seconds']:.1f}s" for stem, r in results.items())
    print(f"\nnotebook execution times: {report}")
    return results


def _html(output: dict[str, Any]) -> str:
    """The text/html part of an output (empty if it has none)."""
    page = output.get("data", {}).get("text/html", "")
    return "".join(page) if isinstance(page, list) else page


def _figure_problems(output: dict[str, Any]) -> list[str]:
    """An image without alt text or a visible description is a problem."""
    data = output.get("data", {})
    page = _html(output)
    problems = []
    image = "image/png" in data or "image/svg+xml" in data
    if image and 'class="kz-figure"' not in page:
        problems.append("a figure shown without kz.show (no alt text or description)")
    for img in re.findall(r"<img\b[^>]*>", page):
        alt = re.search(r'\balt="([^"]*)"', img)
        if not alt or not alt.group(1).strip():
            problems.append("an <img> without alt text")
    if "<img" in page and "<figcaption" not in page:
        problems.append("a figure without a visible description (<figcaption>)")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebook_runs_cleanly(stem: str, executed: dict[str, dict[str, Any]]) -> None:
    assert stem in executed, f"notebooks/{stem}.ipynb does not exist yet"
    result = executed[stem]
    assert not result["error"], f"{stem} failed:\n{result['error']}"
    assert not result["files"], f"{stem} wrote files while running: {result['files']}"
    nb = result["nb"]
    figures = 0
    for number, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            where = f"{stem} cell {number}"
            assert output.output_type != "error", f"{where}: {output.get('ename')}"
            if output.output_type == "stream":
                assert output.name != "stderr", f"{where} wrote to stderr: {output.text[:300]}"
                continue
            assert not _figure_problems(output), f"{where}: {_figure_problems(output)}"
            figures += _html(output).count('<figure class="kz-figure"')
    shown = sum(source.count("kz.show(") for source in _code(stem))
    assert figures >= shown, f"{stem}: {shown} kz.show(...) call(s) but {figures} figure(s) shown"
    print(f"{stem}: {result['seconds']:.1f}s, {figures} figure(s)")
