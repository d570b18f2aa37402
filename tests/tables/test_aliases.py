"""Names shared by two rows (kzlesson/tables/aliases.py): a lookup by such a name could not tell
the rows apart, so kzlesson validate names the file, both rows and the name."""

from __future__ import annotations

from pathlib import Path

from kzlesson.tables.aliases import alias_collisions


def test_the_packaged_names_point_at_one_row_each() -> None:
    from kzlesson.paths import data_dir

    assert alias_collisions(data_dir()) == []


def test_an_alias_folding_to_another_rows_name_is_reported(data_copy: Path, edit_cell) -> None:
    # row 2 (zhanaozen) gets the alias "MANGYSTAU region", which folds to row 1's name
    line = edit_cell(data_copy, "places.csv", 2, "aliases", "Zhanoazen;MANGYSTAU region")
    problems = alias_collisions(data_copy)
    assert len(problems) == 1, problems
    text = str(problems[0])
    assert "places.csv" in text and str(line) in text
    assert "row 1" in text and "MANGYSTAU region" in text and "cannot tell the two rows" in text
