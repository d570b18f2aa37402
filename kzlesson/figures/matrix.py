"""The interpretation/evidence matrix: every reading (rows) against the article's claims and the
outside documents (columns), ``kz.plots.interpretation_matrix``.

A '+' marks evidence its holders cite for a reading, a '−' evidence against it. What the
symbols are wrapped in says how much the evidence weighs, never colour alone: ``(+)`` an
opinion, ``+?`` a claim no source confirms or denies (unverifiable), ``[+]`` a claim the
sources contradict. All three are also hatched: they are *not counted* as support in the text
description (a claim only counts as evidence if it holds up). Documents from
``document_ids_for``/``document_ids_against`` sit to the right of a thick line, as evidence from
outside the article.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ..errors import student_call
from ..paths import resolve_dir
from ..tables.load import load_table
from .style import (
    BLACK,
    BLUE,
    GREEN,
    VERMILLION,
    DescribedFigure,
    count_phrase,
    describe,
    enum_text,
    new_figure,
)

NOT_COUNTED = ("opinion", "unverifiable", "differs")  # claims that are no evidence for a reading
_HATCH = "///"


@dataclass
class Tally:
    """One reading's evidence, counted."""

    label: str
    pro: list[str]
    con: list[str]
    verdicts: dict[str, str]
    docs_for: list[str]
    docs_against: list[str]

    def count(self, verdict: str) -> int:
        """Supporting claims with this verdict."""
        return sum(self.verdicts.get(c) == verdict for c in self.pro)

    def counted(self) -> int:
        """Supporting claims that count as evidence (checked and not contradicted)."""
        return sum(self.verdicts.get(c) not in NOT_COUNTED for c in self.pro)

    def sentence(self) -> str:
        """'Label: 5 claims for, 2 of them counted (2 opinions, 1 unverifiable, ...) ...'."""
        weak = (
            f"{count_phrase(self.count('opinion'), 'opinion')}, "
            f"{self.count('unverifiable')} unverifiable, "
            f"{self.count('differs') or 'none'} the sources contradict"
        )
        docs = (
            f" Documents for: {', '.join(self.docs_for) or 'none'}; "
            f"against: {', '.join(self.docs_against) or 'none'}."
        )
        return (
            f"{self.label}: {len(self.pro)} for ({weak}; {self.counted()} counted as "
            f"evidence), {len(self.con)} against.{docs}"
        )


def _symbol(pro: bool, con: bool, verdict: str) -> str:
    """'+', '−' or '±', wrapped by how much the claim weighs."""
    core = "±" if pro and con else ("+" if pro else "−")
    if verdict == "opinion":
        return f"({core})"
    if verdict == "unverifiable":
        return f"{core}?"
    if verdict == "differs":
        return f"[{core}]"
    return core


def _mark(ax: Any, x: int, y: int, symbol: str, weak: bool) -> None:
    """One cell's symbol (green for, vermillion against, black for both), hatched if weak."""
    colour = BLACK if "±" in symbol else (GREEN if "+" in symbol else VERMILLION)
    if weak:
        ax.add_patch(
            Rectangle(
                (x - 0.5, y - 0.5),
                1,
                1,
                fill=False,
                hatch=_HATCH,
                edgecolor=BLACK,
                alpha=0.25,
                lw=0,
            )
        )
    plain = symbol in ("+", "−", "±")
    ax.text(
        x,
        y,
        symbol,
        ha="center",
        va="center",
        fontsize=15 if plain else 9,
        fontweight="bold",
        color=colour,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5} if weak else None,
    )


def _legend(ax: Any) -> None:
    """The key to the symbols, below the chart."""

    def sym(marker: str, text: str, colour: str = BLACK, size: int = 10) -> Line2D:
        return Line2D([], [], linestyle="none", marker=marker, markersize=size, color=colour,
                      label=text)  # fmt: skip

    handles = [
        sym("$+$", "+ supports the reading", GREEN),
        sym("$−$", "− cuts against it", VERMILLION),
        sym("$(+)$", "(+) (−) an opinion: not counted", size=14),
        sym("$+?$", "+? −? unverifiable: not counted", size=14),
        sym("$[+]$", "[+] [−] the sources contradict it: not counted", size=14),
        Patch(
            facecolor="white",
            edgecolor=BLACK,
            alpha=0.5,
            hatch=_HATCH,
            label="hatched: not evidence",
        ),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=3,
              frameon=False, fontsize=9)  # fmt: skip


def _tallies(readings: pd.DataFrame, verdicts: dict[str, str]) -> list[Tally]:
    """Each reading's claims and documents."""
    return [
        Tally(
            str(r.label),
            list(r.supporting_claim_ids),
            list(r.contradicting_claim_ids),
            verdicts,
            [d.split("-")[0] for d in r.document_ids_for],
            [d.split("-")[0] for d in r.document_ids_against],
        )  # fmt: skip
        for r in readings.itertuples(index=False)
    ]


def _draw(ax: Any, tallies: list[Tally], linked: list[str], docs: list[str]) -> None:
    """Every cell: claims first, then the documents after a thick line."""
    columns = {key: n for n, key in enumerate(linked + docs)}
    for y, t in enumerate(tallies):
        for claim in set(t.pro) | set(t.con):
            verdict = t.verdicts.get(claim, "")
            symbol = _symbol(claim in t.pro, claim in t.con, verdict)
            _mark(ax, columns[claim], y, symbol, verdict in NOT_COUNTED)
        for doc in set(t.docs_for) | set(t.docs_against):
            _mark(ax, columns[doc], y, _symbol(doc in t.docs_for, doc in t.docs_against, ""), False)
    if docs:
        ax.axvline(len(linked) - 0.5, color=BLUE, linewidth=3)


def _axes(ax: Any, rows: list[str], ticks: list[str]) -> None:
    """Ticks, limits and the grid between cells."""
    ax.set_xticks(range(len(ticks)), ticks, rotation=90, fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=9)
    ax.set_xlim(-0.5, max(len(ticks), 1) - 0.5)  # one empty column: no singular limits
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    ax.set_xticks([x + 0.5 for x in range(len(ticks) - 1)], minor=True)
    ax.set_yticks([y + 0.5 for y in range(len(rows) - 1)], minor=True)
    ax.grid(which="minor", color=BLACK, alpha=0.15, linewidth=0.6)
    ax.tick_params(which="minor", length=0)


def _text(tallies: list[Tally], n_claims: int, docs: list[str]) -> tuple[str, str]:
    """Alt text and description."""
    alt = (
        f"Matrix chart of the {count_phrase(len(tallies), 'interpretation')} (rows) against "
        f"the {count_phrase(n_claims, 'claim')} of the article the data links to them and "
        f"{count_phrase(len(docs), 'outside document')} (columns): a plus sign marks evidence "
        "for the interpretation, a minus sign evidence against it."
    )
    best = max(tallies, key=lambda t: t.counted()) if tallies else None
    main = (
        f" Main point: counting only claims that are evidence, the reading with the most "
        f"support is '{best.label}' ({best.counted()} of its {len(best.pro)} claims). "
        "Every claim comes from the article, so "
        "the claim counts show what the article chose to argue, not the weight of the "
        "evidence; the documents, right of the thick line, come from outside it. Evidence that "
        "fits every reading supports none of them."
        if best
        else ""
    )
    details = (
        f"{main.strip()} Opinions are shown in round brackets, unverifiable claims with a "
        "question mark and claims the sources contradict in square brackets; all three are "
        f"hatched and not counted as evidence. Reading by reading: "
        f"{' '.join(t.sentence() for t in tallies)}"
    )
    return alt, details


@student_call("kz.plots.interpretation_matrix")
def interpretation_matrix(*, directory: str | Path | None = None) -> DescribedFigure:
    """Matrix of interpretations (rows) against claims and documents (columns): '+' for,
    '−' against; opinions '(+)' and unverifiable claims '+?' are hatched and not counted.

    Only claims and documents that the interpretations table links to appear. The symbols,
    not the colours, carry the meaning; the colours repeat it.
    """
    folder = resolve_dir(directory)
    readings = load_table("interpretations", folder)
    claims = load_table("claims", folder).set_index("id")
    linked = sorted(
        {
            c
            for col in ("supporting_claim_ids", "contradicting_claim_ids")
            for ids in readings[col]
            for c in ids
        }  # fmt: skip
    )
    verdicts = {c: str(claims.loc[c, "verdict"]) if c in claims.index else "" for c in linked}
    tallies = _tallies(readings, verdicts)
    docs = sorted({d for t in tallies for d in t.docs_for + t.docs_against},
                  key=lambda d: int(d[1:]) if d[1:].isdigit() else 0)  # fmt: skip
    rows = [
        textwrap.fill(str(label), 34)
        + f"\n(article: {enum_text(folder, 'interpretations', 'article_stance', s).lower()})"
        for label, s in zip(readings["label"], readings["article_stance"], strict=True)
    ]
    lines = sum(row.count("\n") + 1 for row in rows)
    fig = new_figure(max(7.0, 2.8 + 0.25 * (len(linked) + len(docs))), 2.6 + 0.3 * lines)
    ax = fig.add_subplot()
    ax.set_title("Evidence for (+) and against (−) each interpretation")
    span = f"{docs[0]}-{docs[-1]}" if len(docs) > 1 else "".join(docs)
    ax.set_xlabel(f"Claims from the article (id, paragraph)  |  documents {span} from outside it")
    ax.set_ylabel("Interpretation")
    _draw(ax, tallies, linked, docs)
    ticks = [f"{c} {claims.loc[c, 'paragraph_id']}" if c in claims.index else c for c in linked]
    _axes(ax, rows, ticks + docs)
    _legend(ax)
    alt, details = _text(tallies, len(linked), docs)
    if not linked and not docs:
        return describe(fig, alt, "No interpretation is linked to any claim or document.")
    return describe(fig, alt, details)


__all__ = ["NOT_COUNTED", "interpretation_matrix"]
