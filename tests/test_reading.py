"""kzlesson.reading: every way of writing a day that is accepted reads as that day (day first
for dotted and slashed dates), and everything it would have to guess is refused with an
example of the year-month-day form, shown as one line in Jupyter."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kzlesson.errors import BadValue
from kzlesson.reading import LESSON_YEAR, format_day, is_day_first, parse_day, protest_day

FIFTH = pd.Timestamp("2022-01-05")
PROTEST_DAYS = list(pd.date_range("2022-01-02", "2022-01-07"))


@pytest.mark.parametrize(
    "day",
    [
        "2022-01-05",
        "2022-1-5",
        "  2022-01-05 ",
        "2022-01-05 00:00:00",  # as pandas prints a Timestamp
        "2022-01-05T18:30",
        "5 Jan",
        "5 jan",
        "5 January",
        "5 JANUARY",
        "January 5",
        "Jan 5",
        "5 Jan 2022",
        "January 5, 2022",
        "5th of January",
        "Wednesday 5 January 2022",  # as the figures write it
        "Wed, 5 Jan.",
        "05.01.2022",
        "5.1.2022",
        "05/01/2022",
        "5/1/2022",
        "2022/01/05",  # a year first is never ambiguous, whatever the mark
        "2022.1.5",
        dt.date(2022, 1, 5),
        dt.datetime(2022, 1, 5, 23, 59),
        pd.Timestamp("2022-01-05 18:30"),
        pd.Timestamp("2022-01-05 18:30", tz="Asia/Almaty"),
        np.datetime64("2022-01-05"),
    ],
    ids=repr,
)
def test_each_accepted_form_reads_as_the_fifth_of_january(day: object) -> None:
    stamp = parse_day(day)
    assert stamp == FIFTH
    assert stamp.tzinfo is None and stamp == stamp.normalize()


def test_dotted_and_slashed_dates_are_read_day_first() -> None:
    assert parse_day("04.01.2022") == pd.Timestamp("2022-01-04")  # not 1 April
    assert parse_day("1/5/2022") == pd.Timestamp("2022-05-01")  # 1 May, not 5 January
    assert parse_day("13.01.2022") == pd.Timestamp("2022-01-13")
    assert is_day_first("05/01/2022") and is_day_first(" 5.1.2022 ")
    assert not is_day_first("2022-01-05") and not is_day_first(FIFTH)


def test_a_day_without_a_year_is_in_the_lessons_year() -> None:
    assert LESSON_YEAR == 2022
    assert parse_day("9 Jan") == pd.Timestamp("2022-01-09")
    assert parse_day("December 16") == pd.Timestamp("2022-12-16")
    assert parse_day("16 Dec 2011") == pd.Timestamp("2011-12-16")  # a year given is kept
    assert parse_day("29 Feb 2024") == pd.Timestamp("2024-02-29")


@pytest.mark.parametrize(
    "day",
    [
        None,
        5,
        4.0,
        True,
        np.int64(5),
        "5",
        "20220105",
        "05.01",  # no year: could be a number
        "5/1",
        "5.1.22",  # a two-digit year
        "5 Jan 22",
        "05-01-2022",  # hyphens are for year-month-day
        "2022/01-05",  # two different marks
        "05.01/2022",
        "Jan 2022",  # no day
        "January",
        "Tuesday",
        "the fourth",
        "yesterday",
        "5 января",  # English month names only
        "",
        "   ",
        "5 Jan 2022 10:00",
        pd.NaT,
        [2022, 1, 5],
        (5, 1),
    ],
    ids=repr,
)
def test_what_it_would_have_to_guess_is_refused_with_the_iso_form(day: object) -> None:
    with pytest.raises(BadValue) as info:
        parse_day(day)
    message = str(info.value)
    assert f"not {day!r}" in message
    assert "year-month-day" in message and "'2022-01-04'" in message
    (line,) = info.value._render_traceback_()  # one line in Jupyter
    assert line.startswith("✗ ")


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2022-02-30", ["'2022-02-30'", "February 2022 has no day 30", "'2022-01-04'"]),
        ("31 April", ["April 2022 has no day 31"]),
        ("29 Feb", ["February 2022 has no day 29"]),
        ("31.11.2021", ["November 2021 has no day 31"]),
        ("0 Jan", ["January 2022 has no day 0"]),
        ("2022-13-01", ["there is no month 13", "Did you mean '2022-01-13'? (year-month-day)"]),
        ("01/13/2022", ["there is no month 13", "Did you mean '2022-01-13'?"]),
        ("Tuesday 5 Jan", ["5 January 2022 was a Wednesday, not a Tuesday"]),
    ],
)
def test_a_day_the_calendar_does_not_have_is_refused(day: str, words: list[str]) -> None:
    with pytest.raises(BadValue) as info:
        parse_day(day)
    for word in words:
        assert word in str(info.value)


def test_format_day() -> None:
    assert format_day(FIFTH) == "5 January 2022"
    assert format_day(FIFTH, weekday=True) == "Wednesday 5 January 2022"
    assert parse_day(format_day(FIFTH, weekday=True)) == FIFTH  # what it writes, it reads


@pytest.mark.parametrize("day", ["2022-01-05", "5 Jan", "05/01/2022", "5.1.2022", FIFTH.date()])
def test_protest_day_finds_the_day(day: object) -> None:
    assert protest_day(day, PROTEST_DAYS) == FIFTH


def test_protest_day_suggests_the_nearest_from_the_day_as_read() -> None:
    with pytest.raises(BadValue) as info:
        protest_day("1/5/2022", PROTEST_DAYS)  # 1 May 2022; written month first: 5 January
    message = str(info.value)
    assert "'1/5/2022' (read day first: 1 May 2022) is not one of the protest days" in message
    assert "Did you mean '2022-01-05'?" in message
    with pytest.raises(BadValue, match="Did you mean '2022-01-07'"):  # no swap fits: nearest
        protest_day("20/5/2022", PROTEST_DAYS)
    with pytest.raises(BadValue, match="1 January 2022 .*Did you mean '2022-01-02'"):
        protest_day("1 Jan", PROTEST_DAYS)
    with pytest.raises(BadValue, match="'2022-01-04'"):  # unreadable: the parse error
        protest_day("Tuesday", PROTEST_DAYS)
