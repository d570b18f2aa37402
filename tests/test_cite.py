"""kz.cite: one paragraph of the article as text and HTML."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import pytest

import kzlesson as kz


def test_accepts_every_spelling_of_an_id() -> None:
    assert kz.cite("P4") == kz.cite("p4") == kz.cite("4") == kz.cite(4) == kz.cite(" P4 ")


def test_fields_come_from_the_paragraphs_table() -> None:
    paragraphs = kz.load_paragraphs().set_index("id")
    for paragraph_id, row in paragraphs.iterrows():
        citation = kz.cite(paragraph_id)
        assert citation.id == paragraph_id
        assert citation.summary == row["summary"]
        assert citation.speaker  # the readable label of the speaker code
        assert citation.speaker != row["speaker"]
        assert citation.url == kz.ARTICLE_URL
        assert citation.title == kz.ARTICLE_TITLE
        assert citation.section  # a readable label, never empty


def test_speaker_is_readable() -> None:
    assert kz.cite("P24").speaker == "Unsigned P.S. author"
    assert "Kurmanov" in kz.cite("P10").speaker


def test_section_is_readable() -> None:
    section = kz.load_paragraphs().set_index("id").loc["P4", "section"]
    label = kz.cite("P4").section
    assert "-" not in label
    assert label.lower().replace(" ", "-").endswith(section) or label.lower() == section


def test_str_is_one_readable_paragraph() -> None:
    citation = kz.cite("P4")
    text = str(citation)
    # issue 12: separators, not brackets (a speaker label has its own: "... (publisher)")
    assert text.startswith(f"P4 · {citation.section} · {citation.speaker}: {citation.summary}")
    assert "))" not in str(kz.cite("P1"))
    assert text.endswith(
        f'"{kz.ARTICLE_TITLE}", International Viewpoint, 7 Jan 2022, {kz.ARTICLE_URL}'
    )
    assert "Color Revolution or a Working-Class Uprising" in text
    assert "\n" not in text


def test_html_is_escaped_and_links(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "paragraphs.csv", 4, "summary", 'Prices <b>doubled</b> & "more"')
    page = kz.cite("P4", directory=data_copy)._repr_html_()
    assert "<b>doubled</b>" not in page
    assert html.escape('Prices <b>doubled</b> & "more"') in page
    assert f'href="{html.escape(kz.ARTICLE_URL)}"' in page
    assert html.escape(kz.ARTICLE_TITLE) in page


def test_repr_is_stable_and_frozen() -> None:
    citation = kz.cite("P4")
    assert repr(citation) == repr(kz.cite("p4"))
    assert repr(citation).startswith("Citation(id='P4', ")
    assert " at 0x" not in repr(citation)
    with pytest.raises(dataclasses.FrozenInstanceError):
        citation.id = "P5"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["P25", "P0", "25", 0, "X4", "P4a", "", None, True, "Paragraph 4"])
def test_unknown_id_names_the_valid_range(bad) -> None:
    with pytest.raises(KeyError) as info:
        kz.cite(bad)
    assert "valid ids are P1-P24" in str(info.value)
