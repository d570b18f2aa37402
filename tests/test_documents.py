"""The document set: short excerpts, publishers' own addresses, and what each document bears on."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import kzlesson as kz
from kzlesson.tables import schema
from kzlesson.tables.load import load_descriptor

# A sentence ends with . ! or ? followed by a space and a capital letter or a quotation mark.
_SENTENCE_END = re.compile(r"[.!?]['\"’”]?\s+(?=[A-Z'\"‘“])")
# Copies the project never cites (COMMON rules: mirrors, staging and CMS hosts, content farms).
_NOT_PUBLISHERS = ("staging.", "manage.", "mirror.", "node2.", "azureedge", "pledgetimes")


def _sentences(text: str) -> int:
    return len(_SENTENCE_END.split(text.strip()))


def test_sentence_counter_can_fail() -> None:
    assert _sentences("One. Two! Three?") == 3
    assert _sentences('He said "go." Then left.') == 2
    assert _sentences("Kazakhstan's first president, Nursultan Nazarbayev, in the town.") == 1


def test_each_excerpt_is_at_most_two_sentences() -> None:
    documents = kz.load_documents()
    assert 6 <= len(documents) <= 9
    for row in documents.itertuples():
        assert _sentences(row.excerpt) <= 2, f"{row.id}: excerpt has more than two sentences"


def test_each_url_is_on_the_publishers_own_site() -> None:
    resource = schema.resource_by_name(load_descriptor(), "documents")
    pattern = next(f for f in resource["schema"]["fields"] if f["name"] == "url")["constraints"]
    for row in kz.load_documents().itertuples():
        host = urlparse(row.url).netloc
        assert re.match(pattern["pattern"], row.url), row.id
        assert not any(bad in host for bad in _NOT_PUBLISHERS), f"{row.id}: {host} is a copy"
        if not row.url_exact:
            assert row.url_note, (
                f"{row.id}: a section address needs a note saying how to find the page"
            )


def test_quotations_are_marked_and_translations_named() -> None:
    for row in kz.load_documents().itertuples():
        if row.excerpt_kind == "translated-quote":
            assert "translat" in row.locator.lower() or "translat" in str(row.url_note).lower(), (
                row.id
            )


def test_every_document_has_sourcing_questions_and_is_used_by_a_reading() -> None:
    documents = kz.load_documents()
    readings = kz.load_interpretations()
    cited = {
        d
        for col in ("document_ids_for", "document_ids_against")
        for ids in readings[col]
        for d in ids
    }
    for row in documents.itertuples():
        assert len(row.sourcing_questions) >= 3, row.id
        assert row.interpretation_ids, row.id
        assert row.id in cited, f"{row.id} is evidence for or against no reading"


def test_new_readings_have_holders_beyond_the_articles_opponents() -> None:
    readings = kz.load_interpretations().set_index("id")
    for reading in ("civic-protest", "russian-geopolitical"):
        row = readings.loc[reading]
        assert len(row["holder_ids"]) >= 2
        assert row["document_ids_for"] and row["later_evidence"]
