"""kz.plots.interpretation_matrix: every interpretation (rows) against the claims and outside
documents linked to it (columns). The symbols match the links in the interpretations table;
opinions and unverifiable claims are marked and hatched and not counted as evidence; the
outside documents sit right of a thick line; the alt text and description give the counts,
read here from the loaders (a private data copy for the cases the packaged data lacks)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import kzlesson as kz  # noqa: E402
from kzlesson.explore.results import labeller  # noqa: E402
from kzlesson.figures import charts as plots  # noqa: E402
from kzlesson.figures.matrix import NOT_COUNTED, interpretation_matrix  # noqa: E402
from kzlesson.figures.style import BLUE  # noqa: E402
from kzlesson.paths import data_dir  # noqa: E402


@pytest.fixture(scope="module")
def matrix() -> Figure:
    return interpretation_matrix()


def _linked(readings: pd.DataFrame) -> list[str]:
    """The claims the interpretations table links to, in column order."""
    cols = ("supporting_claim_ids", "contradicting_claim_ids")
    return sorted({c for col in cols for ids in readings[col] for c in ids})


def _documents(readings: pd.DataFrame) -> list[str]:
    """The outside documents linked, as columns: 'D2', 'D5', ... by number."""
    cols = ("document_ids_for", "document_ids_against")
    short = {d.split("-")[0] for col in cols for ids in readings[col] for d in ids}
    return sorted(short, key=lambda d: int(d[1:]))


def test_interpretation_matrix_symbols_match_the_links(matrix: Figure) -> None:
    readings = kz.load_interpretations()
    fig = matrix
    ax = fig.axes[0]
    claims = kz.load_claims().set_index("id")
    linked = {
        c
        for col in ("supporting_claim_ids", "contradicting_claim_ids")
        for ids in readings[col]
        for c in ids
    }
    docs = {d for col in ("document_ids_for", "document_ids_against") for ids in readings[col]
            for d in ids}  # fmt: skip
    assert docs, "the readings cite no outside documents"
    in_claims = [t for t in ax.texts if t.get_position()[0] < len(linked) - 0.5]
    in_docs = [t for t in ax.texts if t.get_position()[0] > len(linked) - 0.5]

    def marks(texts: list, symbol: str) -> list:
        return [t for t in texts if t.get_text().strip("()[]?") == symbol]

    plus, minus, both = marks(in_claims, "+"), marks(in_claims, "−"), marks(in_claims, "±")
    supporting = sum(len(ids) for ids in readings["supporting_claim_ids"])
    contradicting = sum(len(ids) for ids in readings["contradicting_claim_ids"])
    assert len(plus) + len(both) == supporting and len(minus) + len(both) == contradicting
    assert supporting > 0 and contradicting > 0
    doc_for = sum(len(ids) for ids in readings["document_ids_for"])
    doc_against = sum(len(ids) for ids in readings["document_ids_against"])
    assert len(marks(in_docs, "+")) + len(marks(in_docs, "±")) == doc_for
    assert len(marks(in_docs, "−")) + len(marks(in_docs, "±")) == doc_against
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-len(docs) :] == sorted({d.split("-")[0] for d in docs}, key=lambda d: int(d[1:]))

    def cells(verdict: str) -> int:
        marked = {c for c in linked if claims.loc[c, "verdict"] == verdict}
        return sum(
            len((set(pro) | set(con)) & marked)
            for pro, con in zip(
                readings["supporting_claim_ids"], readings["contradicting_claim_ids"], strict=True
            )
        )

    # opinions in round brackets, unverifiable with '?', contradicted in square brackets
    rounded = [t for t in ax.texts if t.get_text().startswith("(")]
    squared = [t for t in ax.texts if t.get_text().startswith("[")]
    queried = [t for t in ax.texts if t.get_text().endswith("?")]
    assert cells("opinion") > 0 and len(rounded) == cells("opinion")
    assert cells("differs") > 0 and len(squared) == cells("differs")
    assert cells("unverifiable") > 0 and len(queried) == cells("unverifiable")
    hatched = [p for p in ax.patches if p.get_hatch()]
    # not counted, so hatched: opinions, unverifiable claims and claims the sources contradict
    assert len(hatched) == cells("opinion") + cells("unverifiable") + cells("differs")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("opinion" in t for t in legend)
    assert any("contradict it: not counted" in t for t in legend)
    assert any("unverifiable" in t for t in legend) and any("hatched" in t for t in legend)
    assert len(ax.get_yticklabels()) == len(readings) == 9
    text = plots.description(fig)
    assert "round brackets" in text and "question mark" in text and "square brackets" in text
    for reading in readings.itertuples(index=False):
        pro, con = reading.supporting_claim_ids, reading.contradicting_claim_ids
        opinions = sum(claims.loc[c, "verdict"] == "opinion" for c in pro)
        unverifiable = sum(claims.loc[c, "verdict"] == "unverifiable" for c in pro)
        differs = sum(claims.loc[c, "verdict"] == "differs" for c in pro)
        noun = "opinion" if opinions == 1 else "opinions"
        contradicted = str(differs) if differs else "none"
        counted = len(pro) - opinions - unverifiable - differs
        expected = (
            f"{reading.label}: {len(pro)} for ({opinions} {noun}, {unverifiable} unverifiable, "
            f"{contradicted} the sources contradict; {counted} counted as evidence), "
            f"{len(con)} against."
        )
        assert expected in text
    assert "not the weight of the evidence" in text and "supports none" in text


def test_each_cell_sits_in_its_reading_row_and_its_claim_column(matrix: Figure) -> None:
    readings = kz.load_interpretations()
    claims = kz.load_claims().set_index("id")
    columns = _linked(readings) + _documents(readings)
    ax = matrix.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [f"{c} {claims.loc[c, 'paragraph_id']}" for c in _linked(readings)] + (
        _documents(readings)
    )
    drawn = {(round(t.get_position()[0]), round(t.get_position()[1])) for t in ax.texts}
    expected = set()
    for y, reading in enumerate(readings.itertuples(index=False)):
        cited = list(reading.supporting_claim_ids) + list(reading.contradicting_claim_ids)
        cited += [d.split("-")[0] for d in reading.document_ids_for + reading.document_ids_against]
        expected |= {(columns.index(c), y) for c in cited}
    assert drawn == expected


def test_outside_documents_sit_right_of_a_thick_line(matrix: Figure) -> None:
    readings = kz.load_interpretations()
    ax = matrix.axes[0]
    (line,) = [ln for ln in ax.lines if len(set(ln.get_xdata())) == 1]  # the vertical divider
    assert line.get_xdata()[0] == len(_linked(readings)) - 0.5
    assert line.get_linewidth() >= 3 and to_hex(line.get_color()) == to_hex(BLUE)
    assert "documents" in ax.get_xlabel() and "from outside" in ax.get_xlabel()
    docs = sorted({d.split("-")[0] for col in ("document_ids_for", "document_ids_against")
                   for ids in readings[col] for d in ids}, key=lambda d: int(d[1:]))  # fmt: skip
    assert f"documents {docs[0]}-{docs[-1]} from" in ax.get_xlabel()  # the label names them all
    doc_marks = [t for t in ax.texts if t.get_position()[0] > line.get_xdata()[0]]
    assert doc_marks and all(t.get_text() in ("+", "−", "±") for t in doc_marks)  # never weak
    text = plots.description(matrix)
    for reading in readings.itertuples(index=False):
        pro = ", ".join(d.split("-")[0] for d in reading.document_ids_for) or "none"
        con = ", ".join(d.split("-")[0] for d in reading.document_ids_against) or "none"
        assert f"Documents for: {pro}; against: {con}." in text
    assert "the documents, right of the thick line, come from outside it" in text


def test_rows_name_each_reading_and_the_articles_stance(matrix: Figure) -> None:
    readings = kz.load_interpretations()
    rows = [t.get_text() for t in matrix.axes[0].get_yticklabels()]
    label = labeller(data_dir())
    for row, reading in zip(rows, readings.itertuples(index=False), strict=True):
        wrapped = row.split("\n(article: ")[0]  # wrapped at spaces and hyphens
        assert wrapped.replace("-\n", "-").replace("\n", " ") == reading.label
        stance = label("interpretations", "article_stance", reading.article_stance).lower()
        assert row.endswith(f"(article: {stance})")


def test_alt_text_and_main_point_come_from_the_data(matrix: Figure) -> None:
    readings = kz.load_interpretations()
    verdicts = kz.load_claims().set_index("id")["verdict"]
    alt = plots.alt_text(matrix)
    assert alt.startswith("Matrix chart of the ")
    assert f"the {len(readings)} interpretations (rows)" in alt
    assert f"the {len(_linked(readings))} claims of the article" in alt
    assert f"{len(_documents(readings))} outside documents (columns)" in alt
    assert "plus sign marks evidence for" in alt and "minus sign evidence against" in alt

    def counted(ids: list[str]) -> int:
        return sum(verdicts[c] not in NOT_COUNTED for c in ids)

    support = [counted(ids) for ids in readings["supporting_claim_ids"]]
    best = readings.iloc[support.index(max(support))]
    text = plots.description(matrix)
    assert text.startswith(alt)
    assert (
        f"the reading with the most support is '{best['label']}' ({max(support)} of its "
        f"{len(best['supporting_claim_ids'])} claims)"
    ) in text
    assert "Evidence that fits every reading supports none of them." in text


def test_the_main_point_counts_only_claims_that_are_evidence(data_copy: Path, edit_cell) -> None:
    """Make every claim for the best-supported reading an opinion: another reading leads."""
    readings = kz.load_interpretations()
    verdicts = kz.load_claims().set_index("id")["verdict"]
    support = [
        sum(verdicts[c] not in NOT_COUNTED for c in ids) for ids in readings["supporting_claim_ids"]
    ]
    top = readings.iloc[support.index(max(support))]
    order = pd.read_csv(data_copy / "claims.csv")["id"].tolist()
    for claim in top["supporting_claim_ids"]:
        edit_cell(data_copy, "claims.csv", order.index(claim) + 1, "verdict", "opinion")
        verdicts[claim] = "opinion"
    support = [
        sum(verdicts[c] not in NOT_COUNTED for c in ids) for ids in readings["supporting_claim_ids"]
    ]
    best = readings.iloc[support.index(max(support))]
    assert best["id"] != top["id"]
    text = plots.description(interpretation_matrix(directory=data_copy))
    assert f"the reading with the most support is '{best['label']}' ({max(support)} of its " in text
    assert f"'{top['label']}'" not in text


def test_an_unverifiable_claim_is_marked_hatched_and_not_counted(
    data_copy: Path, edit_cell
) -> None:
    readings = kz.load_interpretations()
    claims = kz.load_claims()
    supporting = {c for ids in readings["supporting_claim_ids"] for c in ids}
    opposing = {c for ids in readings["contradicting_claim_ids"] for c in ids}
    claim = next(
        c for c in claims[claims["verdict"] == "consistent"]["id"] if c in supporting - opposing
    )
    before = interpretation_matrix(directory=data_copy)
    row = int(pd.read_csv(data_copy / "claims.csv")["id"].tolist().index(claim)) + 1
    edit_cell(data_copy, "claims.csv", row, "verdict", "unverifiable")
    after = interpretation_matrix(directory=data_copy)

    x = _linked(readings).index(claim)
    holders = [y for y, ids in enumerate(readings["supporting_claim_ids"]) if claim in ids]
    cells = {
        round(t.get_position()[1]): t.get_text()
        for t in after.axes[0].texts
        if round(t.get_position()[0]) == x
    }
    assert cells == dict.fromkeys(holders, "+?")
    hatched = [len([p for p in f.axes[0].patches if p.get_hatch()]) for f in (before, after)]
    assert hatched[1] == hatched[0] + len(holders)
    text_before, text_after = plots.description(before), plots.description(after)
    for y in holders:
        label = readings.iloc[y]["label"]
        old = text_before.split(f"{label}: ")[1].split(" counted as evidence")[0]
        new = text_after.split(f"{label}: ")[1].split(" counted as evidence")[0]
        assert int(new.rsplit("; ", 1)[1]) == int(old.rsplit("; ", 1)[1]) - 1
        unverifiable = int(old.split(" unverifiable")[0].rsplit(", ", 1)[1])
        assert f"{unverifiable + 1} unverifiable" in new


@pytest.mark.filterwarnings("error")  # no matplotlib warning for an empty chart
def test_a_matrix_with_no_links_says_so(data_copy: Path, edit_cell) -> None:
    fields = (
        "supporting_claim_ids",
        "contradicting_claim_ids",
        "document_ids_for",
        "document_ids_against",
    )
    for row in range(1, len(kz.load_interpretations()) + 1):
        for field in fields:
            edit_cell(data_copy, "interpretations.csv", row, field, "")
    fig = interpretation_matrix(directory=data_copy)
    rows = len(kz.load_interpretations())
    assert plots.description(fig).endswith("No interpretation is linked to any claim or document.")
    assert "the 0 claims of the article" in plots.alt_text(fig)
    assert len(fig.axes[0].texts) == 0 and len(fig.axes[0].get_yticklabels()) == rows
