"""The nine loaders: columns, dtypes, row counts, row order, caching and copies."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.paths import data_dir
from kzlesson.tables.load import TABLES, DataError, load_table

LOADERS = {
    "sources": kz.load_sources,
    "publishers": kz.load_publishers,
    "paragraphs": kz.load_paragraphs,
    "places": kz.load_places,
    "actors": kz.load_actors,
    "events": kz.load_events,
    "claims": kz.load_claims,
    "figures": kz.load_figures,
    "interpretations": kz.load_interpretations,
    "documents": kz.load_documents,
    "glossary": kz.load_glossary,
}

# The contract with the data (issue "Foundation"): at least this many rows.
MINIMUM_ROWS = {
    "sources": 50,
    "publishers": 20,
    "paragraphs": 24,
    "places": 10,
    "actors": 30,
    "events": 30,
    "claims": 40,
    "figures": 25,
    "interpretations": 9,
    "documents": 6,
    "glossary": 30,
}
EXACT_ROWS = {"paragraphs": 24, "interpretations": 9}

DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
    "list": "object",
}


def _resource(name: str) -> dict:
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _raw_rows(name: str) -> list[dict[str, str]]:
    path = data_dir() / _resource(name)["path"]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any(row.values())]


def test_every_table_has_a_loader() -> None:
    names = [
        resource["name"]
        for resource in json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))[
            "resources"
        ]
    ]
    assert sorted(names) == sorted(TABLES) == sorted(LOADERS)


@pytest.mark.parametrize("name", TABLES)
def test_columns_in_schema_order(name: str) -> None:
    frame = LOADERS[name]()
    assert list(frame.columns) == [spec["name"] for spec in _resource(name)["schema"]["fields"]]


@pytest.mark.parametrize("name", TABLES)
def test_dtypes_follow_the_schema(name: str) -> None:
    frame = LOADERS[name]()
    for spec in _resource(name)["schema"]["fields"]:
        column = frame[spec["name"]]
        enum = spec.get("constraints", {}).get("enum")
        if enum is not None:
            assert isinstance(column.dtype, pd.CategoricalDtype), spec["name"]
            assert list(column.cat.categories) == enum, spec["name"]
            assert not column.cat.ordered
        else:
            assert str(column.dtype) == DTYPES[spec["type"]], spec["name"]
        if spec["type"] == "list":
            for cell in column:
                assert isinstance(cell, tuple), (spec["name"], cell)
                assert all(isinstance(item, str) and item for item in cell)


@pytest.mark.parametrize("name", TABLES)
def test_row_counts_meet_the_contract(name: str) -> None:
    frame = LOADERS[name]()
    assert len(frame) >= MINIMUM_ROWS[name]
    if name in EXACT_ROWS:
        assert len(frame) == EXACT_ROWS[name]


@pytest.mark.parametrize("name", TABLES)
def test_rows_keep_file_order_and_text(name: str) -> None:
    frame = LOADERS[name]()
    raw = _raw_rows(name)
    key = _resource(name)["schema"]["primaryKey"][0]
    assert list(frame[key]) == [row[key] for row in raw]
    # Text is kept exactly, and blanks become missing values, not "".
    for spec in _resource(name)["schema"]["fields"]:
        if spec["type"] == "string" and "enum" not in spec.get("constraints", {}):
            expected = [row[spec["name"]] or None for row in raw]
            got = [None if pd.isna(value) else value for value in frame[spec["name"]]]
            assert got == expected, spec["name"]


def test_list_and_date_values_are_parsed() -> None:
    events = kz.load_events()
    raw = _raw_rows("events")
    for row, (_, event) in zip(raw, events.iterrows(), strict=True):
        assert event["date"] == pd.Timestamp(row["date"])
        assert event["source_ids"] == tuple(row["source_ids"].split(";"))
        assert event["in_article"] == (row["in_article"] == "true")
        if row["end_date"] == "":
            assert pd.isna(event["end_date"])


@pytest.mark.parametrize("name", TABLES)
def test_cache_returns_equal_frames(name: str) -> None:
    first, second = LOADERS[name](), LOADERS[name]()
    pd.testing.assert_frame_equal(first, second)
    assert first is not second


def test_editing_a_returned_frame_does_not_leak() -> None:
    events = kz.load_events()
    original = events.copy()
    events.loc[0, "summary"] = "changed by a student"
    events.loc[1, "phase"] = "aftermath" if events.loc[1, "phase"] != "aftermath" else "background"
    events["date"] = events["date"] + pd.Timedelta(days=1)
    del events["place_id"]
    pd.testing.assert_frame_equal(kz.load_events(), original)


def test_edited_file_is_reloaded(data_copy: Path, edit_cell) -> None:
    before = kz.load_events(directory=data_copy)
    edit_cell(data_copy, "events.csv", 1, "summary", "A teacher rewrote this summary.")
    after = kz.load_events(directory=data_copy)
    assert after.loc[0, "summary"] == "A teacher rewrote this summary."
    assert before.loc[0, "summary"] != after.loc[0, "summary"]


def test_directory_argument_is_used(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "glossary.csv", 1, "definition", "Only in the copy.")
    assert kz.load_glossary(directory=str(data_copy)).loc[0, "definition"] == "Only in the copy."
    assert kz.load_glossary().loc[0, "definition"] != "Only in the copy."


def test_missing_folder_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="folder not found") as info:
        kz.load_events(directory=tmp_path / "nowhere")
    assert len(info.value.problems) == 1


def test_unknown_table_name() -> None:
    with pytest.raises(KeyError, match="no table called 'event'"):
        load_table("event")


def test_data_dir_holds_the_package() -> None:
    folder = data_dir()
    assert (folder / "datapackage.json").is_file()
    assert folder.is_absolute()


def test_article_constants_match_the_sources_table() -> None:
    article = kz.load_sources().set_index("id").loc["article"]
    assert article["url"] == kz.ARTICLE_URL
    assert article["title"] == kz.ARTICLE_TITLE


def test_import_is_light() -> None:
    code = (
        "import sys, json, kzlesson\n"
        "print(json.dumps([m for m in ('matplotlib', 'ipywidgets', 'IPython') "
        "if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "word",
    [
        "Maidan",
        "KNB",
        "OSCE",
        "ODIHR",
        "ombudsperson",
        "headnote",
        "interlocutor",
        "Mustafa Shokay",
        "tenge",
        "Shal ket!",
    ],
)
def test_glossary_defines_the_words_students_meet(word: str) -> None:
    """Second reader (student), item 8: words met in the notebooks are in the glossary."""
    assert kz.glossary(word).definition
