"""The figures' shared style (kzlesson/figures/style.py): a student's misspelt choice gets "did
you mean", numbers and lists read as words, and every series has a colour-blind-safe colour and
a marker of its own (nothing rests on colour alone)."""

from __future__ import annotations

import pytest

from kzlesson.errors import BadValue
from kzlesson.figures.style import (
    MARKERS,
    SERIES_COLOURS,
    choose,
    count_phrase,
    listing,
    number_text,
    okabe_ito,
)


def test_a_choice_is_read_without_case_and_a_typo_gets_did_you_mean() -> None:
    assert choose(" Protests ", ["protests", "aftermath"], "phase") == "protests"
    with pytest.raises(BadValue) as info:
        choose("protets", ["protests", "aftermath"], "phase")
    message = str(info.value)
    assert "phase must be one of 'protests', 'aftermath'" in message
    assert "Did you mean 'protests'?" in message


def test_numbers_and_lists_read_as_words() -> None:
    assert (number_text(120.0), number_text(2.5), number_text(39000)) == ("120", "2.5", "39,000")
    assert (count_phrase(1, "event"), count_phrase(3, "event")) == ("1 event", "3 events")
    assert listing([]) == "" and listing(["a"]) == "a"
    assert listing(["a", "b", "c"]) == "a, b and c"


def test_series_are_told_apart_by_more_than_colour() -> None:
    palette = {colour.lower() for colour in okabe_ito()}
    assert {colour.lower() for colour in SERIES_COLOURS} <= palette
    assert len(set(SERIES_COLOURS)) == len(SERIES_COLOURS)
    assert len(set(MARKERS)) >= len(SERIES_COLOURS)  # a marker for every colour
