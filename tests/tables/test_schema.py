"""Bad input: every broken table gives a problem naming file, row, field and value."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson.tables.load import DataError, validate_dir
from kzlesson.tables.schema import Problem


def _only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def _assert_names(problem: Problem, file: str, row: int, line: int, field: str, value: str) -> None:
    """The problem, and its text, name the file, row, line, field and offending value."""
    assert (problem.file, problem.row, problem.line, problem.field, problem.value) == (
        file,
        row,
        line,
        field,
        value,
    )
    text = str(problem)
    for part in (file, f"row {row}", f"line {line}", f"'{field}'", repr(value)):
        assert part in text, (part, text)


def _rewrite(path: Path, transform) -> None:
    """Rewrite a CSV file's rows (a list of lists) through ``transform``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(transform(rows))


def test_clean_copy_has_no_problems(data_copy: Path) -> None:
    assert validate_dir(data_copy) == []


@pytest.mark.parametrize(
    ("file", "field", "value", "expected"),
    [
        ("events.csv", "in_article", "yes", "true or false"),
        ("paragraphs.csv", "number", "four", "whole number"),
        ("places.csv", "latitude", "43,2", "use a dot"),
        ("events.csv", "date", "04/01/2022", "YYYY-MM-DD"),
        ("events.csv", "date", "2022-02-30", "not a real calendar date"),
        ("events.csv", "end_date", "2022-13-01", "not a real calendar date"),
        ("events.csv", "date", " 2022-01-04", "spaces"),
        ("events.csv", "summary", "", "required"),
        ("events.csv", "phase", "protest", "one of the allowed values"),
        ("paragraphs.csv", "speaker", "Kurmanov", "did you mean 'kurmanov'"),
        ("sources.csv", "url", "www.example.org", "pattern"),
        ("paragraphs.csv", "number", "25", "maximum 24"),
        ("paragraphs.csv", "number", "0", "minimum 1"),
        ("claims.csv", "quote", "x" * 221, "at most 220"),
        ("events.csv", "source_ids", "", "required"),
        ("events.csv", "paragraph_ids", "P4; P5", "spaces around the items"),
        ("events.csv", "paragraph_ids", "P4;;P5", "empty item"),
        ("events.csv", "place_id", "atlantis", "not an id in places.csv"),
        ("events.csv", "actor_ids", "tokayev;nobody-at-all", "item 'nobody-at-all'"),
        ("figures.csv", "claim_id", "C99", "not an id in claims.csv"),
        ("interpretations.csv", "supporting_claim_ids", "C99", "not an id in claims.csv"),
    ],
)
def test_bad_value_is_named(
    data_copy: Path, edit_cell, file: str, field: str, value: str, expected: str
) -> None:
    line = edit_cell(data_copy, file, 2, field, value)
    problem = _only(validate_dir(data_copy))
    _assert_names(problem, file, 2, line, field, value)
    assert expected in problem.message
    loader = getattr(kz, f"load_{file.removesuffix('.csv')}")
    with pytest.raises(DataError) as info:
        loader(directory=data_copy)
    assert problem in info.value.problems
    assert str(problem) in str(info.value)


def test_dangling_reference_breaks_only_the_referring_table(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "events.csv", 1, "place_id", "atlantis")
    with pytest.raises(DataError):
        kz.load_events(directory=data_copy)
    assert len(kz.load_places(directory=data_copy)) == len(kz.load_places())


def test_duplicate_id(data_copy: Path, edit_cell) -> None:
    first = kz.load_events(directory=data_copy).loc[0, "id"]
    line = edit_cell(data_copy, "events.csv", 3, "id", first)
    problem = _only(validate_dir(data_copy))
    _assert_names(problem, "events.csv", 3, line, "id", first)
    assert "already used in row 1" in problem.message


def test_differs_claim_needs_sources_say(data_copy: Path, edit_cell) -> None:
    claims = kz.load_claims(directory=data_copy)
    row = int(claims.index[claims["verdict"] == "differs"][0]) + 1
    line = edit_cell(data_copy, "claims.csv", row, "sources_say", "")
    problem = _only(validate_dir(data_copy))
    _assert_names(problem, "claims.csv", row, line, "sources_say", "")
    assert "differs" in problem.message


@pytest.mark.parametrize("verdict", ["consistent", "differs"])
def test_checked_claim_needs_a_source(data_copy: Path, edit_cell, verdict: str) -> None:
    claims = kz.load_claims(directory=data_copy)
    row = int(claims.index[claims["verdict"] == verdict][0]) + 1
    line = edit_cell(data_copy, "claims.csv", row, "source_ids", "")
    problem = _only(validate_dir(data_copy))
    _assert_names(problem, "claims.csv", row, line, "source_ids", "")
    assert f"verdict {verdict!r} must name the sources" in problem.message


def test_an_opinion_may_have_no_source(data_copy: Path, edit_cell) -> None:
    claims = kz.load_claims(directory=data_copy)
    row = int(claims.index[claims["verdict"] == "opinion"][0]) + 1
    edit_cell(data_copy, "claims.csv", row, "source_ids", "")
    assert validate_dir(data_copy) == []


def test_every_problem_is_collected(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "events.csv", 1, "date", "2022-02-30")
    edit_cell(data_copy, "events.csv", 2, "phase", "nope")
    edit_cell(data_copy, "events.csv", 3, "in_article", "maybe")
    edit_cell(data_copy, "glossary.csv", 1, "definition", "")
    problems = validate_dir(data_copy)
    found = {(p.file, p.row, p.field) for p in problems}
    assert found == {
        ("events.csv", 1, "date"),
        ("events.csv", 2, "phase"),
        ("events.csv", 3, "in_article"),
        ("glossary.csv", 1, "definition"),
    }
    with pytest.raises(DataError) as info:
        kz.load_events(directory=data_copy)
    assert len(info.value.problems) == 3


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "glossary.csv").unlink()
    problem = _only(validate_dir(data_copy))
    assert problem.file == "glossary.csv"
    assert "missing file" in str(problem)
    with pytest.raises(DataError, match="glossary.csv: missing file"):
        kz.load_glossary(directory=data_copy)


def test_missing_referenced_file_is_named(data_copy: Path) -> None:
    (data_copy / "places.csv").unlink()
    with pytest.raises(DataError) as info:
        kz.load_events(directory=data_copy)
    assert any(
        p.file == "events.csv" and p.field == "place_id" and "places.csv is missing" in p.message
        for p in info.value.problems
    ), info.value


def test_missing_column(data_copy: Path) -> None:
    _rewrite(data_copy / "events.csv", lambda rows: [row[:4] + row[5:] for row in rows])
    problem = _only(validate_dir(data_copy))
    assert (problem.file, problem.line, problem.field) == ("events.csv", 1, "phase")
    assert "missing column 'phase'" in str(problem)


def test_renamed_column(data_copy: Path) -> None:
    def rename(rows: list[list[str]]) -> list[list[str]]:
        rows[0] = ["day" if name == "date" else name for name in rows[0]]
        return rows

    _rewrite(data_copy / "events.csv", rename)
    texts = [str(problem) for problem in validate_dir(data_copy)]
    assert any("events.csv" in t and "missing column 'date'" in t for t in texts), texts
    assert any("events.csv" in t and "unexpected column 'day'" in t for t in texts), texts
    with pytest.raises(DataError, match="missing column 'date'"):
        kz.load_events(directory=data_copy)


def test_extra_cells_in_a_row(data_copy: Path) -> None:
    _rewrite(data_copy / "glossary.csv", lambda rows: rows[:2] + [rows[2] + ["extra"]] + rows[3:])
    problem = _only(validate_dir(data_copy))
    assert (problem.file, problem.row, problem.line) == ("glossary.csv", 2, 3)
    assert "6 values but the header has 5 columns" in str(problem)


def test_unclosed_quote_is_not_swallowed(data_copy: Path) -> None:
    path = data_copy / "glossary.csv"
    text = path.read_text(encoding="utf-8").rstrip("\r\n") + "\n"
    lines = len(text.splitlines())
    path.write_text(text + 'riot,,"A quote that never ends.,\ncoup,,Two rows lost.,\n', "utf-8")
    problem = _only(validate_dir(data_copy))
    assert (problem.file, problem.line) == ("glossary.csv", lines + 1)
    assert "never closed" in str(problem)


def test_not_utf8(data_copy: Path) -> None:
    path = data_copy / "glossary.csv"
    path.write_bytes(path.read_bytes() + "Zhanaözen,,Ein Ort.,\n".encode("latin-1"))
    problem = _only(validate_dir(data_copy))
    assert problem.file == "glossary.csv"
    assert "UTF-8" in str(problem)
    assert problem.line == len(path.read_bytes().splitlines())


def test_bom_and_crlf_load_fine(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert validate_dir(data_copy) == []
    pd.testing.assert_frame_equal(kz.load_events(directory=data_copy), kz.load_events())


def test_empty_table_is_an_empty_typed_frame(data_copy: Path) -> None:
    _rewrite(data_copy / "events.csv", lambda rows: rows[:1])
    assert validate_dir(data_copy) == []
    empty, full = kz.load_events(directory=data_copy), kz.load_events()
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    assert list(empty.dtypes) == list(full.dtypes)


def test_empty_file_is_a_problem(data_copy: Path) -> None:
    (data_copy / "glossary.csv").write_text("", encoding="utf-8")
    problem = _only(validate_dir(data_copy))
    assert problem.file == "glossary.csv"
    assert "empty" in problem.message


def test_broken_datapackage_never_raises(data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    problem = _only(validate_dir(data_copy))
    assert problem.file == "datapackage.json"
    assert "not valid JSON" in str(problem)
    with pytest.raises(DataError, match="not valid JSON"):
        kz.load_events(directory=data_copy)


def test_missing_folder_never_raises(tmp_path: Path) -> None:
    problem = _only(validate_dir(tmp_path / "nowhere"))
    assert "folder not found" in str(problem)


def test_problem_text_format() -> None:
    problem = Problem("events.csv", "expected x", row=3, line=4, field="date", value="2022-02-30")
    expected = "events.csv, row 3 (line 4), field 'date': value '2022-02-30': expected x"
    assert str(problem) == expected
    assert str(Problem("a.csv", "missing file")) == "a.csv: missing file"
