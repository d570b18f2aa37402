"""What the explorers show for one choice (kzlesson.explore.results), without widgets: a day's
events, an interpretation with its claims, a paragraph with its claims. Verdicts are words plus
a symbol; sources are links. The expected texts are read from the loaders and datapackage.json;
a private data copy gives the cases the packaged data does not have."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.explore.results import (
    VERDICT_SYMBOLS,
    VERIFICATION_SYMBOLS,
    day_sections,
    labeller,
    paragraph_sections,
    perspective_sections,
)
from kzlesson.explore.sections import BREAK, Link, Section, render_html, render_text
from kzlesson.paths import data_dir
from kzlesson.tables.load import ARTICLE_URL


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return kz.load_claims().set_index("id")


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return kz.load_sources().set_index("id")


def _categories(table: str, field: str) -> dict[str, str]:
    """The value -> label categories datapackage.json gives a field."""
    package = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["name"] == table]
    (spec,) = [f for f in resource["schema"]["fields"] if f["name"] == field]
    return {c["value"]: c["label"] for c in spec["categories"]}


def _links(section: Section) -> list[Link]:
    parts = section.parts + [p for item in section.items for p in item]
    return [p for p in parts if isinstance(p, Link)]


# ----------------------------------------------------------------------------- helpers


def test_every_verdict_and_check_in_the_data_has_its_own_symbol(claims) -> None:
    assert set(claims["verdict"]) <= set(VERDICT_SYMBOLS)
    assert set(kz.load_events()["verification"]) <= set(VERIFICATION_SYMBOLS)
    assert len(set(VERDICT_SYMBOLS.values())) == len(VERDICT_SYMBOLS)  # never ambiguous
    assert len(set(VERIFICATION_SYMBOLS.values())) == len(VERIFICATION_SYMBOLS)


def test_labeller_reads_the_labels_of_datapackage_json() -> None:
    label = labeller(data_dir())
    speakers = _categories("claims", "speaker")
    assert speakers and all(label("claims", "speaker", v) == t for v, t in speakers.items())
    # no categories: the slug in words
    assert label("events", "verification", "partly-confirmed") == "Partly confirmed"
    assert label("claims", "verdict", "differs") == "Differs"


# ----------------------------------------------------------------------------- paragraphs


def test_paragraph_sections_give_speaker_claims_verdicts_and_sources(claims, sources) -> None:
    label = labeller(data_dir())
    speakers = _categories("paragraphs", "speaker")
    for paragraph in kz.load_paragraphs().itertuples(index=False):
        head, listing, read = paragraph_sections(paragraph.id, data_dir())
        assert head.title == paragraph.id
        intro = render_text([head])
        how = "stated in the article" if paragraph.attribution == "stated" else "inferred"
        assert f"Speaker: {speakers[paragraph.speaker]}, {how}." in intro
        assert intro.endswith(f"Summary: {paragraph.summary}")
        own = claims[claims["paragraph_id"] == paragraph.id]
        assert listing.title == f"Claims from {paragraph.id}: {len(own)}"
        assert len(listing.items) == len(own)
        for item, (cid, claim) in zip(listing.items, own.iterrows(), strict=True):
            text = render_text([Section(items=[item])])
            speaker = label("claims", "speaker", claim["speaker"])
            assert text.startswith(f"- {cid} · {paragraph.id} · {speaker}: {claim['claim']}")
            verdict = claim["verdict"]
            assert f"Verdict: {VERDICT_SYMBOLS[verdict]} {verdict}." in text
            assert BREAK in item  # the verdict starts a line of its own in HTML
            if not pd.isna(claim["quote"]):
                assert f"The article: “{claim['quote']}”" in text
            if not pd.isna(claim["sources_say"]):
                assert f"Sources say: {claim['sources_say']}" in text
            urls = [link.url for link in _links(Section(items=[item]))]
            assert urls == [sources.loc[s, "url"] for s in claim["source_ids"]]
        assert _links(read) == [Link(f"the article, paragraph {paragraph.id}", ARTICLE_URL)]


def test_a_claim_ends_as_a_sentence(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "claims.csv", 24, "claim", "  No full stop here ")  # C24, in P11
    edit_cell(data_copy, "claims.csv", 25, "claim", "Was it planned?")  # C25
    (_, listing, _) = paragraph_sections("P11", data_copy)
    first, second = listing.items[:2]
    assert "No full stop here." in first
    assert "Was it planned?" in second and "Was it planned?." not in second


def test_a_paragraph_without_claims_says_so(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "claims.csv", 1, "paragraph_id", "P2")  # P1's only claim, C01
    head, listing, read = paragraph_sections("P1", data_copy)
    assert listing.title == "Claims from P1: 0"
    assert listing.parts == ["the data records no claim from here."] and listing.items == []
    assert "C01" in render_text(paragraph_sections("P2", data_copy))


# ----------------------------------------------------------------------------- perspectives


def test_perspective_sections_in_order_with_long_lists_folded(claims) -> None:
    readings = kz.load_interpretations().set_index("id")
    actors = kz.load_actors().set_index("id")
    stances = labeller(data_dir())
    for reading_id, reading in readings.iterrows():
        sections = perspective_sections(str(reading_id), data_dir())
        pro, con = list(reading["supporting_claim_ids"]), list(reading["contradicting_claim_ids"])
        titles = [s.title for s in sections]
        assert titles[:3] == [reading["label"], "Who held it:", "The article's stance:"]
        assert titles[3].startswith("Claims for it (+):") and titles[4].startswith("Claims against")
        assert titles[5:] == ["Later evidence", "Paragraphs:", "Sources"]
        assert [s.folded for s in sections] == [False, False, False, bool(pro), bool(con)] + [
            True,
            False,
            True,
        ]
        holders = render_text([sections[1]])
        for actor in reading["holder_ids"]:
            assert str(actors.loc[actor, "name"]) in holders
        stance = stances("interpretations", "article_stance", reading["article_stance"])
        assert render_text([sections[2]]) == f"The article's stance: {stance}."
        for section, ids, symbol in ((sections[3], pro, "+"), (sections[4], con, "−")):
            assert [item[1].split(" · ")[0] for item in section.items] == ids
            assert all(item[0] == f"{symbol} " for item in section.items)
        assert render_text([sections[6]]) == f"Paragraphs: {', '.join(reading['paragraph_ids'])}"
        assert len(_links(sections[7])) == len(reading["source_ids"])


def test_claim_entries_put_verdict_and_sources_on_their_own_lines() -> None:
    """In HTML each claim's verdict and 'Sources say' start a new line (easier to scan);
    the plain-text form keeps one line per claim."""
    reading_id = kz.load_interpretations().loc[0, "id"]
    sections = perspective_sections(reading_id, data_dir())
    shown = render_html(sections)
    assert shown.count("Verdict:") >= 2
    assert shown.count("<br>Verdict:") == shown.count("Verdict:")
    assert shown.count("<br>Sources say:") == shown.count("Sources say:")
    for line in render_text(sections).splitlines():
        if "Verdict:" in line:
            assert line.startswith("- ") and "<br>" not in line


def test_an_interpretation_with_no_claims_against_says_so(data_copy: Path, edit_cell) -> None:
    reading = kz.load_interpretations().iloc[0]
    edit_cell(data_copy, "interpretations.csv", 1, "contradicting_claim_ids", "")
    by_title = {s.title: s for s in perspective_sections(str(reading["id"]), data_copy)}
    against = by_title["Claims against it (−):"]
    assert against.parts == ["none in the data."] and not against.folded and not against.items
    supporting = by_title[f"Claims for it (+): {len(reading['supporting_claim_ids'])}"]
    assert supporting.folded and supporting.items


# ----------------------------------------------------------------------------- day stepper


@pytest.fixture(scope="module")
def day_inputs() -> tuple:
    places = kz.load_places()
    names = dict(zip(places["id"], places["name"], strict=True))
    return kz.load_events(), names, labeller(data_dir()), kz.load_sources().set_index("id")


def test_a_day_without_events_says_so(day_inputs) -> None:
    day = day_inputs[0]["date"].min() - pd.Timedelta(days=1)  # before the first event
    (section,) = day_sections(day.strftime("%Y-%m-%d"), *day_inputs)
    assert section.title == f"Events on {day:%A} {day.day} {day:%B %Y}: 0"
    assert section.parts == ["No events in the data on this day."] and not section.rows


def test_day_table_rows_and_the_numbered_source_key(day_inputs) -> None:
    events, names, label, sources = day_inputs
    table, key = day_sections("2022-01-05", *day_inputs)
    assert table.header == ("When", "Place", "What happened", "In the article?", "Checked?",
                            "Sources")  # fmt: skip
    start, end = events["date"], events["end_date"].fillna(events["date"])
    day = pd.Timestamp("2022-01-05")
    todays = events[(start == day) | ((start <= day) & (end >= day))]
    assert [row[2] for row in table.rows] == list(todays["summary"])
    cited = list(dict.fromkeys(s for ids in todays["source_ids"] for s in ids))
    assert key.title == f"The {len(cited)} sources in this table" and key.folded
    assert [item[0] for item in key.items] == [f"[{n}] " for n in range(1, len(cited) + 1)]
    assert [_links(Section(items=[i]))[0].url for i in key.items] == [
        sources.loc[s, "url"] for s in cited
    ]
    for row, event in zip(table.rows, todays.itertuples(index=False), strict=True):
        when, place, _, in_article, checked, refs = row
        first = f"{event.date.day} {event.date.strftime('%b')}"
        if pd.isna(event.end_date) or event.end_date == event.date:
            assert when == first
        else:
            assert when == f"{first} to {event.end_date.day} {event.end_date.strftime('%b')}"
        assert place == ("no single place" if pd.isna(event.place_id) else names[event.place_id])
        pids = ", ".join(event.paragraph_ids)
        assert in_article == (f"✓ yes ({pids})" if event.in_article else "✗ no")
        word = label("events", "verification", event.verification).lower()
        assert checked == f"{VERIFICATION_SYMBOLS[event.verification]} {word}"
        assert refs == ", ".join(f"[{cited.index(s) + 1}]" for s in event.source_ids)
    assert any(" to " in row[0] for row in table.rows)  # the data has multi-day events here
    assert any(row[1] == "no single place" for row in table.rows)
