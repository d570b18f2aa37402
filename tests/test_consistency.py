"""Checks across tables that a Table Schema cannot express."""

from __future__ import annotations

import pandas as pd

import kzlesson as kz

MAX_QUOTE_WORDS = 35


def test_paragraphs_are_p1_to_p24_in_order() -> None:
    paragraphs = kz.load_paragraphs()
    assert list(paragraphs["id"]) == [f"P{n}" for n in range(1, 25)]
    assert list(paragraphs["number"]) == list(range(1, 25))


def test_every_paragraph_is_cited_by_a_claim() -> None:
    cited = set(kz.load_claims()["paragraph_id"])
    missing = [p for p in kz.load_paragraphs()["id"] if p not in cited]
    assert missing == []


def test_every_figure_and_event_cites_a_source() -> None:
    for table in (kz.load_figures(), kz.load_events()):
        empty = table.loc[table["source_ids"].map(len) == 0, "id"].tolist()
        assert empty == []


def test_every_differs_claim_says_what_sources_say() -> None:
    claims = kz.load_claims()
    differs = claims[claims["verdict"] == "differs"]
    assert len(differs) > 0
    blank = differs.loc[differs["sources_say"].isna() | (differs["sources_say"].str.strip() == "")]
    assert blank["id"].tolist() == []


def test_every_figure_belongs_to_an_existing_claim() -> None:
    claims = set(kz.load_claims()["id"])
    figures = kz.load_figures()
    assert [c for c in figures["claim_id"] if c not in claims] == []


def test_quotes_are_short() -> None:
    claims = kz.load_claims()
    words = claims.set_index("id")["quote"].dropna().str.split().map(len)
    assert words[words > MAX_QUOTE_WORDS].to_dict() == {}


def test_event_ids_follow_date_order() -> None:
    events = kz.load_events()
    assert list(events["id"]) == sorted(events["id"])
    assert events["date"].is_monotonic_increasing


def test_end_dates_are_not_before_start_dates() -> None:
    events = kz.load_events()
    bad = events[events["end_date"].notna() & (events["end_date"] < events["date"])]
    assert bad["id"].tolist() == []


def test_article_source_row_exists() -> None:
    sources = kz.load_sources()
    article = sources[sources["id"] == "article"]
    assert len(article) == 1
    assert article.iloc[0]["kind"] == "article"


def test_places_in_kazakhstan_have_coordinates() -> None:
    places = kz.load_places()
    located = places[places["kind"].isin(["city", "oil-field"])]
    assert located["latitude"].notna().all() and located["longitude"].notna().all()
    assert pd.api.types.is_float_dtype(places["latitude"])
