"""Finding places, actors and glossary terms by any spelling."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzlesson as kz
from kzlesson.lookup import normalise_name


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Alma-Ata", "almaty"),
        ("alma ata", "almaty"),
        ("ALMATY", "almaty"),
        ("Almaty", "almaty"),
        ("Nur-Sultan", "astana"),
        ("nursultan", "astana"),
        ("Astana", "astana"),
        ("Jañaözen", "zhanaozen"),
        ("Zhanaozen", "zhanaozen"),
        ("tengiz", "tengiz"),
        ("kyzylorda", "kyzylorda"),
        ("Kyzyl-Orda", "kyzylorda"),
        ("Zhanoazen", "zhanaozen"),  # the article's misspelling
        ("Mangastau", "mangystau"),
        ("Mangistau", "mangystau"),
    ],
)
def test_resolve_place(name: str, place_id: str) -> None:
    row = kz.resolve_place(name)
    assert isinstance(row, pd.Series)
    assert row["id"] == place_id
    assert list(row.index) == list(kz.load_places().columns)


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Takayev", "tokayev"),
        ("tokayev", "tokayev"),
        ("Tengiz Oil", "tengizchevroil"),
        ("Union of Turkic States", "ots"),
        ("SB", "security-council"),
        ("CSTO", "csto"),
        ("nazarbayev", "nazarbayev"),
        ("Aynur", "kurmanov"),
        ("Ainur Kurmanov", "kurmanov"),
    ],
)
def test_resolve_actor(name: str, actor_id: str) -> None:
    assert kz.resolve_actor(name)["id"] == actor_id


@pytest.mark.parametrize(
    ("load", "resolve"), [(kz.load_places, kz.resolve_place), (kz.load_actors, kz.resolve_actor)]
)
def test_every_id_name_and_alias_resolves_to_its_own_row(load, resolve) -> None:
    frame = load()
    for _, row in frame.iterrows():
        for name in (row["id"], row["name"], *row["aliases"]):
            assert resolve(name)["id"] == row["id"], name
            assert resolve(name.upper())["id"] == row["id"], name


def test_returned_row_is_a_copy() -> None:
    row = kz.resolve_place("Almaty")
    row["name"] = "changed"
    assert kz.resolve_place("Almaty")["name"] != "changed"


def test_unknown_place_suggests_close_names() -> None:
    with pytest.raises(KeyError) as info:
        kz.resolve_place("Almatty")
    text = str(info.value)
    assert "No place called 'Almatty'" in text
    assert "Did you mean" in text and "Almaty" in text
    assert not text.startswith(('"', "'"))  # reads as a sentence, not a quoted repr


def test_suggestions_name_distinct_places_and_prefer_contained_names() -> None:
    with pytest.raises(KeyError) as info:
        kz.resolve_place("Almaty region")
    text = str(info.value)
    assert "'Almaty'" in text.split("Did you mean", 1)[1]
    suggested = text.split("Did you mean", 1)[1].split("?")[0]
    names = [part.strip(" '") for part in suggested.split(" or ")]
    assert len(names) == len(set(names)) <= 3


def test_unknown_actor_without_close_match() -> None:
    with pytest.raises(KeyError, match="No actor called 'Qwertyuiop'") as info:
        kz.resolve_actor("Qwertyuiop")
    assert "Did you mean" not in str(info.value)


def test_ambiguous_alias_is_reported(data_copy: Path, edit_cell) -> None:
    places = kz.load_places(directory=data_copy)
    edit_cell(data_copy, "places.csv", 1, "aliases", "Shared Name")
    edit_cell(data_copy, "places.csv", 2, "aliases", "shared-name")
    with pytest.raises(KeyError, match="could mean") as info:
        kz.resolve_place("Shared name", directory=data_copy)
    for name in places["name"][:2]:
        assert name in str(info.value)


def test_index_is_per_directory(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "places.csv", 1, "aliases", "Teacher Town")
    first_id = kz.load_places(directory=data_copy).loc[0, "id"]
    assert kz.resolve_place("teacher town", directory=data_copy)["id"] == first_id
    with pytest.raises(KeyError):
        kz.resolve_place("teacher town")


def test_glossary_by_term_and_alias_any_case() -> None:
    glossary = kz.load_glossary()
    for _, row in glossary.iterrows():
        for name in (row["term"], *row["aliases"]):
            assert kz.glossary(name).definition == row["definition"]
            assert kz.glossary(name.lower()).term == row["term"]
            assert kz.glossary(name.upper()).definition == row["definition"]


def test_glossary_csto() -> None:
    glossary = kz.load_glossary()
    rows = glossary[glossary["aliases"].map(lambda aliases: "CSTO" in aliases)]
    assert len(rows) == 1
    entry = kz.glossary("csto")
    assert isinstance(entry, kz.GlossaryEntry)
    assert entry.definition == rows.iloc[0]["definition"]
    assert entry.paragraphs == rows.iloc[0]["paragraph_ids"]
    assert rows.iloc[0]["definition"] in str(entry)


def test_glossary_entry_reads_as_text_and_html(data_copy: Path, edit_cell) -> None:
    import dataclasses
    import html

    row = kz.load_glossary().set_index("term").loc["Collective Security Treaty Organization"]
    entry = kz.glossary("CSTO")
    see = ", ".join(row["paragraph_ids"])
    assert str(entry) == f"Collective Security Treaty Organization: {row['definition']} (see {see})"
    assert "\n" not in str(entry)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.term = "other"  # type: ignore[misc]
    edit_cell(data_copy, "glossary.csv", 1, "definition", 'A <b>bold</b> & "quoted" claim.')
    edit_cell(data_copy, "glossary.csv", 1, "paragraph_ids", "")
    first = kz.load_glossary(directory=data_copy).loc[0, "term"]
    copied = kz.glossary(first, directory=data_copy)
    page = copied._repr_html_()
    assert "<b>bold</b>" not in page
    assert html.escape('A <b>bold</b> & "quoted" claim.') in page
    assert 'class="kz-glossary"' in page and "(see" not in page
    assert str(copied) == f'{first}: A <b>bold</b> & "quoted" claim.'


def test_glossary_unknown_term_suggests() -> None:
    term = kz.load_glossary().loc[0, "term"]
    typo = term[:-1] + ("x" if term[-1] != "x" else "y")
    with pytest.raises(KeyError) as info:
        kz.glossary(typo)
    assert "No glossary term called" in str(info.value)
    assert term in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alma-Ata", "almaata"),
        ("  alma ata ", "almaata"),
        ("Jañaözen", "janaozen"),
        ("Nur-Sultan", "nursultan"),
        ("Kurmanov's", "kurmanovs"),
        ('"Tengiz Oil"', "tengizoil"),
        ("«Алма-Ата»", "алмаата"),
        ("Straße", "strasse"),
        ("1993", "1993"),
        ("", ""),
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_name_is_stable(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert once == once.casefold()
    assert all(ch.isalnum() for ch in once)


def test_csv_aliases_are_unambiguous() -> None:
    """Within a table no two rows share a normalised id, name or alias."""
    for table, key in (("places", "name"), ("actors", "name"), ("glossary", "term")):
        frame = getattr(kz, f"load_{table}")()
        owner: dict[str, str] = {}
        for _, row in frame.iterrows():
            names = {normalise_name(n) for n in (row[key], *row["aliases"])}
            if "id" in row:
                names.add(normalise_name(row["id"]))
            for name in names:
                assert owner.setdefault(name, row[key]) == row[key], (table, name)


def test_suggestions_come_from_the_data(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("name")] = "Qazaqopolis"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(KeyError, match="Qazaqopolis"):
        kz.resolve_place("Qazaqopol", directory=data_copy)
