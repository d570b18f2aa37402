"""The perspective explorer's starting choice (kzlesson/explore/choices.py): an id or the start
of a label in any case, one line when it is unclear or misspelt."""

from __future__ import annotations

import pytest

from kzlesson.errors import BadValue
from kzlesson.explore.choices import find_interpretation
from kzlesson.tables.load import load_table

READINGS = load_table("interpretations")


def test_an_id_or_the_start_of_a_label_names_one_interpretation() -> None:
    assert find_interpretation(None, READINGS) == str(READINGS["id"].iloc[0])
    assert find_interpretation("colour", READINGS) == "colour-revolution"
    assert find_interpretation("CLAN wrangling", READINGS) == "elite-struggle"
    assert find_interpretation("islamist-reaction", READINGS) == "islamist-reaction"


def test_an_unclear_or_misspelt_choice_is_one_clear_line() -> None:
    with pytest.raises(BadValue, match="could mean .* type more of the name"):
        find_interpretation("c", READINGS)  # colour-revolution, civic-protest, ...
    with pytest.raises(BadValue) as info:
        find_interpretation("conspiracyy", READINGS)
    assert "Did you mean 'foreign-conspiracy'?" in str(info.value)
    assert "\n" not in str(info.value)
