"""The bank's answers against the data they point to (kzlesson/quizzes/datacheck.py): the
packaged bank agrees with its data, and a changed cell names the question, the row and the value."""

from __future__ import annotations

from pathlib import Path

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.datacheck import data_disagreements
from kzlesson.tables.load import load_table


def test_the_packaged_bank_agrees_with_the_packaged_data() -> None:
    assert data_disagreements(load_bank()) == []


def test_a_changed_figure_is_named_with_its_question(data_copy: Path, edit_cell) -> None:
    figures = load_table("figures")
    row = int(figures.index[figures["id"] == "F04"][0]) + 1
    edit_cell(data_copy, "figures.csv", row, "verified_value", "150")
    found = data_disagreements(load_bank(), data_copy)
    assert len(found) == 1, found
    assert "grievances-01" in found[0] and "F04" in found[0] and "150" in found[0]
