"""Judge first: no notebook shows our verdict on a claim above a question that asks the student
to judge that claim (issue 15).

**Which questions ask for a judgement, and of which claims.** A bank question (data/quizzes)
is a *judgement question* on claim C when either

- its ``data_check`` is ``{table: claims, field: verdict}``: its answer *is* our verdict, and
  the claims are the ``ref`` of its items (timeline-07, grievances-05, aftermath-07); or
- its ``skill`` is ``corroboration``, its type is one whose answer is a choice
  (single, multi, truefalse, classify) and it names C in ``data_refs.claims``: it asks what the
  sources say about the article's claim C, which is what our verdict sums up.

Only the verdicts that come from the sources count (``consistent``, ``differs``,
``unverifiable``): ``opinion`` says what kind of statement a claim is, not how it fared, and
numeric, text and reflection questions are answered by a number, a name or a paragraph, not by
a verdict.

**What "shows a verdict" means.** A question is asked by the code cell that calls
``kz.ask("<id>")`` (or ``kz.quiz("<notebook>")`` for all of its file). Every cell above it is
read as the student sees it after Run All, from the notebooks that tests/test_notebooks.py has
already executed (each notebook runs once per test session, shared through
``test_notebooks.executed_notebooks``):

- a code cell's outputs (its ``text/html``, else ``text/plain``; widgets are read through the
  HTML fallback kzlesson gives every widget, which shows what the widget shows before anyone
  clicks) are split into units: table rows, list items, paragraphs, lines. A unit shows C's
  verdict when it names C (its id, or the start of its claim text) and holds the verdict word;
- a Markdown cell shows C's verdict when one of its paragraphs, list items or table rows says
  "verdict ... <word>" (or names C and the word), and either names C or comes straight after a
  code cell whose output named C (as in "The verdict is **differs**" under a claims table).

A verdict shown in an earlier notebook is not checked: each notebook is judged on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from typing import Any

import nbformat
import pytest
from test_notebooks import NOTEBOOKS, executed_notebooks

from kzlesson.quizzes.bank import load_bank
from kzlesson.tables.load import load_table

SOURCED_VERDICTS = ("consistent", "differs", "unverifiable")
CHOICE_TYPES = ("single", "multi", "truefalse", "classify")
CLAIM_TEXT_START = 50  # a unit names a claim if it holds this many first characters of its text
_ASK = re.compile(r"""kz\.ask\(\s*["']([^"']+)["']""")
_QUIZ = re.compile(r"""kz\.quiz\(\s*["']([^"']+)["']""")
_ITEM = re.compile(r"\s*(?:\||[-*+]\s|\d+[.)]\s)")  # a table row or a list item
_BLOCKS = {"tr", "li", "p", "div", "pre", "h1", "h2", "h3", "h4", "figcaption", "br", "table"}


@dataclass(frozen=True)
class Claim:
    """A claim a judgement question asks about, with our verdict."""

    id: str
    text: str
    verdict: str


# --------------------------------------------------------------------- the rule


@cache
def _claims() -> dict[str, Claim]:
    frame = load_table("claims")
    return {
        str(row["id"]): Claim(str(row["id"]), str(row["claim"]), str(row["verdict"]))
        for _, row in frame.iterrows()
    }


def judged_claims(question: Any) -> list[Claim]:
    """The claims a bank question asks the student to judge (see the module docstring)."""
    claims = _claims()
    check = dict(question.data_check or {})
    if check.get("table") == "claims" and check.get("field") == "verdict":
        ids = [item.ref for item in (*question.items, *question.left) if item.ref]
        ids += [check["id"]] if check.get("id") else []
    elif question.skill == "corroboration" and question.type in CHOICE_TYPES:
        ids = list(question.data_refs.get("claims", ()))
    else:
        ids = []
    return [claims[i] for i in ids if i in claims and claims[i].verdict in SOURCED_VERDICTS]


@cache
def judgement_questions() -> dict[str, tuple[Claim, ...]]:
    """Question id -> the claims it asks a judgement of, for every such question in the bank."""
    found = {q.id: tuple(judged_claims(q)) for q in load_bank().all()}
    return {qid: claims for qid, claims in found.items() if claims}


def _asked(source: str) -> list[str]:
    """The question ids a code cell asks (kz.quiz asks its whole file)."""
    ids = _ASK.findall(source)
    for name in _QUIZ.findall(source):
        ids += [q.id for q in load_bank().questions(name)]
    return ids


# --------------------------------------------------------------------- what a cell shows


class _Units(HTMLParser):
    """Split HTML into the text of its blocks (rows, items, paragraphs), without style/script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self._current: list[str] = []
        self._skip = 0

    def _close(self) -> None:
        text = " ".join(" ".join(self._current).split())
        if text:
            self.units.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag in _BLOCKS:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)


def html_units(page: str) -> list[str]:
    """The text blocks of an HTML page (a table row is one block)."""
    parser = _Units()
    parser.feed(page)
    parser.close()
    parser._close()
    return parser.units


def output_units(outputs: list[dict[str, Any]]) -> list[str]:
    """The text blocks a code cell's outputs show."""
    units: list[str] = []
    for output in outputs:
        if output.get("output_type") == "stream":
            units += str(output.get("text", "")).splitlines()
            continue
        data = output.get("data", {})
        page = data.get("text/html")
        if page:
            units += html_units("".join(page) if isinstance(page, list) else page)
        else:
            text = data.get("text/plain", "")
            units += ("".join(text) if isinstance(text, list) else text).splitlines()
    return units


def markdown_units(source: str) -> list[str]:
    """Paragraphs, list items and table rows of a Markdown cell."""
    units = []
    for block in re.split(r"\n\s*\n", source):
        lines = block.splitlines()
        if any(_ITEM.match(ln) for ln in lines):
            units += [ln for ln in lines if ln.strip()]
        else:
            units.append(" ".join(lines))
    return units


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def names(unit: str, claim: Claim) -> bool:
    """Does a block of text name the claim (its id or the start of its text)?"""
    if re.search(rf"(?<![\w]){re.escape(claim.id)}(?!\w)", unit):
        return True
    start = _words(claim.text[:CLAIM_TEXT_START]).strip()
    return len(start) > 10 and start.rsplit(" ", 1)[0] in _words(unit)


def holds_verdict(unit: str, claim: Claim) -> bool:
    return f" {claim.verdict} " in _words(unit)


def states_verdict(unit: str, claim: Claim) -> bool:
    """Does a Markdown block state the claim's verdict ("the verdict is **differs**")?"""
    return bool(re.search(rf"verdicts?\b[^.!?]{{0,60}}\b{claim.verdict}\b", unit, re.I))


def shown_verdicts(cells: list[Any], before: int, claims: tuple[Claim, ...]) -> list[str]:
    """Where the cells above ``before`` show the verdict of one of ``claims``."""
    found = []
    previous: list[str] = []  # the units of the last code cell's outputs
    for number, cell in enumerate(cells[:before]):
        if cell.cell_type == "code":
            previous = output_units(cell.get("outputs", []))
            for claim in claims:
                hits = [u for u in previous if names(u, claim) and holds_verdict(u, claim)]
                if hits:
                    found.append(
                        f"cell {number} output shows {claim.id} {claim.verdict}: {hits[0]!r}"
                    )
        elif cell.cell_type == "markdown":
            for claim in claims:
                follows = any(names(u, claim) for u in previous)
                for unit in markdown_units(cell.source):
                    named = names(unit, claim)
                    if (named and holds_verdict(unit, claim)) or (
                        (named or follows) and states_verdict(unit, claim)
                    ):
                        found.append(f"cell {number} (Markdown) states {claim.id}: {unit!r}")
    return found


def violations(cells: list[Any]) -> list[str]:
    """Every judgement question in a run notebook with a verdict it asks for shown above it."""
    judged = judgement_questions()
    problems = []
    for number, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for question in _asked(cell.source):
            if question in judged:
                problems += [
                    f"{question} (cell {number}): {where}"
                    for where in shown_verdicts(cells, number, judged[question])
                ]
    return problems


# --------------------------------------------------------------------- the tests


def test_the_rule_finds_the_judgement_questions() -> None:
    """The bank has judgement questions, and the rule finds the ones it is meant to."""
    judged = judgement_questions()
    for question in ("timeline-07", "grievances-05", "aftermath-07"):  # data_check: verdict
        assert question in judged, f"{question} answers with verdicts but the rule misses it"
    assert {c.id for c in judged["grievances-07"]} == {"C22"}
    assert "context-02" not in judged, "a numeric question is answered by a number"
    assert "debate-05" not in judged, "'opinion' is a kind of statement, not a finding"


def _table_cell(frame: Any) -> Any:
    """A code cell as Run All leaves it, showing a DataFrame (pandas' own HTML)."""
    cell = nbformat.v4.new_code_cell("claims[...]")
    html = frame.to_html()
    cell.outputs = [
        nbformat.v4.new_output("execute_result", {"text/html": html}, execution_count=1)
    ]
    return cell


def test_the_check_can_fail() -> None:
    """The check on made-up cells: a verdict shown above the question is caught, in a table (by
    id or by claim text), in Markdown under the table, and not when it comes after the question
    or when only what the sources say is shown."""
    claims = load_table("claims").set_index("id")
    ask = nbformat.v4.new_code_cell('kz.ask("grievances-07")')
    with_id = _table_cell(claims.loc[["C22"], ["claim", "verdict"]])
    by_text = _table_cell(claims.loc[["C22"], ["claim", "verdict"]].reset_index(drop=True))
    sources_only = _table_cell(claims.loc[["C22"], ["claim", "sources_say"]])
    says = nbformat.v4.new_markdown_cell("The verdict is **differs**: ownership is mixed.")
    assert violations([with_id, ask]), "a table row with C22 and its verdict above the question"
    assert violations([by_text, ask]), "the claim's text and its verdict, without the id"
    assert violations([sources_only, says, ask]), "Markdown stating the verdict under the claim"
    assert violations([ask, with_id, says]) == [], "after the question the verdict may be shown"
    assert violations([sources_only, ask]) == [], "the claim and what the sources say is fine"
    other = _table_cell(claims.loc[["C23"], ["claim", "verdict"]])
    assert violations([other, ask]) == [], "another claim's verdict is not this question's"


@pytest.mark.slow
@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_no_verdict_above_its_judgement_question(stem: str) -> None:
    executed = executed_notebooks()
    assert stem in executed, f"notebooks/{stem}.ipynb does not exist yet"
    result = executed[stem]
    assert not result["error"], f"{stem} did not run, so it cannot be checked:\n{result['error']}"
    problems = violations(result["nb"].cells)
    assert problems == [], (
        f"{stem} shows our verdict above a question that asks the student for it (move the "
        "question above it, or show the claim and what the sources say without the verdict):\n"
        + "\n".join(problems)
    )
