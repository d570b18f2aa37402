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
import pandas as pd
import pytest
import yaml

from kzlesson.exercises import prompt as ex
from kzlesson.paths import data_dir
from kzlesson.tables.load import TABLES, load_table

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
MAX_QUOTE_WORDS = 30  # the same limit as for the quotes in claims.csv (test_consistency.py)
CITED_QUOTE_WORDS = 3  # a quoted passage this long is taken to be the article's: it needs a Pn
MAX_CODE_LINES = 4
CELL_TIMEOUT = 120

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_HEADING = re.compile(r"^(#{1,6})\s+\S", re.M)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
# A quotation: "...", \u201c...\u201d, \u2018...\u2019 or '...'. A single quote only opens after a
# non-letter and closes before one, so the apostrophes in "Kurmanov's" or "workers' rights" are
# not quotation marks. Quotes may run over a line break, never over a blank line.
_QUOTES = re.compile(
    r"\u201c(?P<curly>[^\u201c\u201d]+)\u201d"
    r"|(?<![\w\u2019])\u2018(?P<curly_single>[^\u2018\u2019\s](?:[^\u2018\u2019]*?\S)?)\u2019(?!\w)"
    r"|(?<![\w=\"])\"(?P<double>[^\"]+?)\"(?!\w)"
    r"|(?<![\w'])'(?P<single>[^'\s](?:[^']*?[^'\s])?)'(?!\w)"
)
_PARAGRAPH_ID = re.compile(r"(?<![\w.])P\d{1,2}(?!\w)")
_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")
_SENTENCE_END = re.compile(r"[.!?]+[\"\u201d\u2019')\]*_]*\s+(?![a-z])")
_ABBREVIATIONS = ("e.g.", "i.e.", "P.S.", "etc.", "cf.", "vs.", "No.", "St.", "Mr.", "Dr.")
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "if", "in", "is"}
    | {"it", "its", "not", "of", "on", "or", "so", "that", "the", "this", "to", "was", "were"}
    | {"will", "with"}
)
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


# The tables each kzlesson call shows a student (kz.load_<table>() names its own).
_TABLE_CALLS = (
    (r"kz\.resolve_place\(", ("places",)),
    (r"kz\.plots\.places_map\(", ("places", "events")),
    (r"kz\.resolve_actor\(", ("actors",)),
    (r"kz\.(?:glossary|load_glossary)\(", ("glossary",)),
    (r"kz\.(?:plots\.timeline|explore\.day_stepper)\(", ("events", "places")),
    (r"kz\.plots\.lpg_prices\(", ("figures",)),
    (r"kz\.plots\.claims_by_speaker\(", ("claims",)),
    (r"kz\.plots\.interpretation_matrix\(", ("interpretations", "claims")),
    (r"kz\.explore\.perspectives\(", ("interpretations", "claims", "actors", "sources")),
    (r"kz\.explore\.claim_checker\(", ("paragraphs", "claims", "sources")),
)


def _tables_used(stem: str) -> set[str]:
    """The data tables a notebook's code loads or shows."""
    code = "\n".join(_code(stem))
    used = set(re.findall(r"kz\.load_(\w+)\(", code))
    for pattern, tables in _TABLE_CALLS:
        if re.search(pattern, code):
            used.update(tables)
    return used & set(TABLES)


def _cell_numbers(value: Any) -> set[float]:
    if isinstance(value, pd.Timestamp):
        return {value.year, value.month, value.day}
    if isinstance(value, tuple):
        return {n for item in value for n in _numbers(str(item))}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return set() if pd.isna(value) else {round(float(value), 6)}
    return set() if pd.isna(value) else set(_numbers(str(value)))


@cache
def _table_numbers(name: str) -> frozenset[float]:
    """Every number a table holds: values, numbers in its text, date parts."""
    table = load_table(name)
    return frozenset(n for column in table.columns for v in table[column] for n in _cell_numbers(v))


@cache
def _allowed_numbers(stem: str) -> frozenset[float]:
    """The numbers a notebook may write in its prose: those of the tables its code loads or
    shows, of the paragraphs it cites (kz.cite also names the article's source row), and its
    own estimated time."""
    allowed = set().union(*(_table_numbers(name) for name in _tables_used(stem)))
    cited = set(_calls(stem, "cite"))
    for table, ids in (("paragraphs", cited), ("sources", {"article"} if cited else set())):
        frame = load_table(table)
        for _, row in frame[frame["id"].isin(ids)].iterrows():
            allowed.update(n for value in row for n in _cell_numbers(value))
    allowed.add(_read(stem).metadata.get("kzlesson", {}).get("minutes"))
    return frozenset(allowed)


def _prose_numbers(text: str) -> list[float]:
    """The numbers in a markdown text's prose, leaving out list numbers and notebook names
    such as "01 Context"."""
    text = re.sub(r"^(\s*)\d+[.)](?=\s)", r"\1", _prose(text), flags=re.M)
    for stem in NOTEBOOKS:
        number, name = stem.split("_", 1)
        text = re.sub(rf"\b{number}[ _]{name.replace('_', '[ _]')}\b", " ", text, flags=re.I)
    return _numbers(text)


def _numbers(text: str) -> list[float]:
    return [round(float(n.replace(",", "")), 6) for n in _NUMBER.findall(text)]


# --------------------------------------------------------------------- quotations


def _fold(text: str) -> str:
    """Lower-case words only, for comparing wording."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


@cache
def _article_wording() -> tuple[str, ...]:
    """The article's own words that the data holds, folded: the claims' quotes and the titles of
    its sections (paragraphs.csv). The article itself is not part of the package."""
    texts = [str(quote) for quote in load_table("claims")["quote"].dropna()]
    sections = {str(section) for section in load_table("paragraphs")["section"].dropna()}
    texts += [section.replace("-", " ") for section in sorted(sections) if "-" in section]
    return tuple(f" {_fold(text)} " for text in texts)


def _from_the_article(quote: str) -> bool:
    """Is a quoted passage the article's? Every passage of CITED_QUOTE_WORDS words or more is
    taken to be (write other phrases in italics); a shorter one if the data holds its wording."""
    if len(quote.split()) >= CITED_QUOTE_WORDS:
        return True
    words = _fold(quote)
    if not set(words.split()) - _STOPWORDS:
        return False
    return any(f" {words} " in text for text in _article_wording())


def _sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (not inside quotations, not after e.g. or P.S.)."""

    def mask(match: re.Match[str]) -> str:
        quote = match.group(0)
        inside = quote[1:-1]
        kept = len(inside) - len(inside.rstrip(".!?"))
        return quote[0] + "q" * (len(inside) - kept) + inside[len(inside) - kept :] + quote[-1]

    masked = _QUOTES.sub(mask, text)
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(masked):
        token = masked[start : end.end()].split()[-1].rstrip("\"\u201d\u2019')]*_")
        if token.endswith(_ABBREVIATIONS):
            continue
        sentences.append(text[start : end.end()])
        start = end.end()
    return [*sentences, text[start:]]


def _units(text: str) -> list[str]:
    """The parts of a markdown text that a quotation must share with its paragraph id: a
    heading, a table row, a list item (with its continuation lines) or one sentence of an
    ordinary paragraph."""
    units: list[str] = []

    def close(lines: list[str], is_item: bool) -> None:
        joined = "\n".join(lines)
        units.extend([joined] if is_item else _sentences(joined))

    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        is_item = False
        for raw in block.splitlines():
            line = re.sub(r"^\s*>\s?", "", raw)
            single = line.lstrip().startswith(("|", "#"))
            starts_item = bool(_LIST_ITEM.match(line))
            if single or starts_item:
                close(lines, is_item)
                lines, is_item = [], starts_item
                if single:
                    units.append(line.strip())
                    continue
            lines.append(line)
        close(lines, is_item)
    return [unit for unit in units if unit.strip()]


def _quote_problems(markdown: str) -> list[str]:
    """Quotations that are too long, or that come from the article without a paragraph id."""
    problems = []
    for unit in _units(_prose(markdown)):
        for match in _QUOTES.finditer(unit):
            quote = next(group for group in match.groups() if group is not None)
            words = len(quote.split())
            if words > MAX_QUOTE_WORDS:
                problems.append(f"a {words}-word quotation (at most {MAX_QUOTE_WORDS}): {quote}")
            if _from_the_article(quote) and not _PARAGRAPH_ID.search(unit):
                problems.append(
                    f"{match.group(0)!r} needs a paragraph id (Pn) in its sentence, list item "
                    f"or table row: {' '.join(unit.split())[:160]!r}"
                )
    return problems


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
    # the teacher guide's section for this notebook states the same time
    guide = (ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8")
    heading = re.search(rf"^### {stem}: .*\(about (\d+) minutes of student work\)$", guide, re.M)
    assert heading and int(heading.group(1)) == minutes, f"{stem}: teacher guide says otherwise"


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
def test_every_bank_question_is_asked_in_its_own_notebook(stem: str) -> None:
    """kz.progress() scores a notebook out of every question in its bank file, so each one must
    be asked there (by kz.ask, or by kz.quiz for the whole file), once; and a notebook asks only
    questions from its own file."""
    key = NOTEBOOKS[stem]
    bank = _quiz_ids()
    assert set(bank) == set(NOTEBOOKS.values()), "one bank file per notebook"
    asked, quizzes = _calls(stem, "ask"), _calls(stem, "quiz")
    foreign = [q for q in asked if q not in bank[key]] + [name for name in quizzes if name != key]
    assert foreign == [], f"{stem} asks questions that are not in data/quizzes/{key}.yaml"
    repeated = sorted({q for q in asked if asked.count(q) > 1})
    assert repeated == [], f"{stem} asks {repeated} more than once"
    covered = set(asked) | (bank[key] if key in quizzes else set())
    missing = sorted(bank[key] - covered)
    assert missing == [], (
        f"{stem} never asks {missing}: kz.progress() counts them, so no student can score full "
        "marks"
    )


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_citations_are_real_paragraphs(stem: str) -> None:
    paragraphs = set(load_table("paragraphs")["id"])
    cited = _calls(stem, "cite")
    assert cited, f"{stem}: cite the article with kz.cite('Pn')"
    for paragraph in cited:
        assert paragraph in paragraphs, f"{stem}: kz.cite({paragraph!r}) is not a paragraph"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_quotes_are_short_and_cite_their_paragraph(stem: str) -> None:
    problems = [
        f"cell {number}: {problem}"
        for number, cell in enumerate(_read(stem).cells)
        if cell.cell_type == "markdown"
        for problem in _quote_problems(cell.source)
    ]
    assert problems == [], f"{stem}:\n" + "\n".join(problems)


def test_the_quote_rule_can_fail() -> None:
    """The rule itself, on made-up cells: it must catch what it is meant to catch."""
    assert _quote_problems('The article says "fired 40 thousand workers" (P11).') == []
    assert _quote_problems('P11 is short. The article says "fired 40 thousand workers".')
    assert _quote_problems("Here the writer calls it \u201cfired 40 thousand workers\u201d.")
    assert _quote_problems("- a bullet with 'fired 40 thousand workers'\n  and no id")
    assert _quote_problems("- a bullet with 'fired 40 thousand workers'\n  and P11") == []
    assert _quote_problems("| P11 | 'fired 40 thousand workers' |") == []
    assert _quote_problems("| P10 |\n| 'fired 40 thousand workers' |")
    assert _quote_problems('Tokayev was called "a pawn".')  # short, but the data quotes P20
    assert _quote_problems('Tokayev was called "a pawn" (P20).') == []
    assert _quote_problems('`~` means "not" here.') == []  # a short phrase of our own
    assert _quote_problems("Kurmanov's view and the workers' rights, e.g. P.S. notes.") == []
    assert _quote_problems(f'P1 says "{" ".join(["word"] * (MAX_QUOTE_WORDS + 1))}".')
    assert _quote_problems('As P7 puts it, "the market has decided." Then more.') == []
    assert _quote_problems('As it puts it, "the market has decided." Then P7 more.')


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_number_in_prose_comes_from_the_data(stem: str) -> None:
    """A number in the prose is a fact: it must be in a table the notebook itself loads or shows
    (or in a paragraph it cites), so the student can find it there."""
    allowed = _allowed_numbers(stem)
    for index, cell in enumerate(_read(stem).cells):
        if cell.cell_type != "markdown":
            continue
        for number in _prose_numbers(cell.source):
            assert number in allowed, (
                f"{stem} cell {index}: the number {number:g} is in none of the tables the "
                f"notebook uses ({', '.join(sorted(_tables_used(stem)))}); show it with code "
                "that reads it (e.g. kz.load_figures()), or load the table that holds it"
            )


def test_the_number_rule_can_fail() -> None:
    assert _prose_numbers("1. Step one\n2. In *03 Grievances* and 01_context: 1789") == [1789]
    assert 1789 not in _allowed_numbers("02_timeline")
    # 04_debate loads no events: a number only the events table holds is not allowed there
    only_events = _table_numbers("events") - _allowed_numbers("04_debate")
    assert only_events, "expected numbers that only the events table holds"
    assert _tables_used("04_debate") >= {"claims", "interpretations"}
    assert "events" not in _tables_used("04_debate")


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


@cache
def executed_notebooks() -> dict[str, dict[str, Any]]:
    """Run every existing notebook once per test process, two kernels at a time (2 cores), and
    print the times. Other test files (tests/test_judge_first.py) read the same results."""
    stems = [stem for stem in NOTEBOOKS if _path(stem).is_file()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(stems, pool.map(_run, stems), strict=True))
    report = ", ".join(f"{stem} {r['seconds']:.1f}s" for stem, r in results.items())
    print(f"\nnotebook execution times: {report}")
    return results


@pytest.fixture(scope="module")
def executed() -> dict[str, dict[str, Any]]:
    """The executed notebooks (see :func:`executed_notebooks`)."""
    return executed_notebooks()


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


# Tables where students read events show names and words, not the data's internal columns.
RAW = ("place_id", "source_ids")
RAW_COLUMNS = {"02_timeline": RAW, "05_aftermath": RAW}


def _screen_problems(stem: str, output: dict[str, Any]) -> list[str]:
    """What a student should not have to read: a bare string shown with its quotation marks
    (print it instead) and, in the event tables of 02 and 05, raw id columns."""
    problems = []
    plain = output.get("data", {}).get("text/plain", "")
    plain = "".join(plain) if isinstance(plain, list) else plain
    if output.get("output_type") == "execute_result" and plain[:1] in {"'", '"'}:
        problems.append(f"a string shown in quotation marks: {plain[:60]}")
    # a row shown as a Series ("Name: 7, dtype: object"); value_counts() ("Name: count") is fine
    row = re.search(r"Name: (?!count,|proportion,)[^\n]*dtype: \w+\s*$", plain)
    if output.get("output_type") == "execute_result" and row:
        problems.append(f"a pandas Series shown raw (print one field instead): {plain[-60:]!r}")
    for column in RAW_COLUMNS.get(stem, ()):
        if f"<th>{column}</th>" in _html(output):
            problems.append(f"a table with the raw column {column!r}")
    return problems


def test_the_screen_rule_can_fail() -> None:
    quoted = {"output_type": "execute_result", "data": {"text/plain": "'Exiled leader'"}}
    table = {"output_type": "execute_result", "data": {"text/html": "<th>source_ids</th>"}}
    assert _screen_problems("00_start_here", quoted)
    series = {
        "output_type": "execute_result",
        "data": {"text/plain": "id  putin\nName: 62, dtype: object"},
    }
    assert _screen_problems("04_debate", series)
    assert _screen_problems("05_aftermath", table)
    assert not _screen_problems("04_debate", table)


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_outputs_read_as_prose_and_names(stem: str, executed: dict[str, dict[str, Any]]) -> None:
    assert stem in executed, f"notebooks/{stem}.ipynb does not exist yet"
    for number, cell in enumerate(executed[stem]["nb"].cells):
        for output in cell.get("outputs", []):
            problems = _screen_problems(stem, output)
            assert not problems, f"{stem} cell {number}: {problems}"
