"""Days: the one place where a day a student types becomes a date, and a date becomes words.

:func:`parse_day` reads the ways a student is likely to write a day of the lesson and refuses
anything it would have to guess at; :func:`format_day` writes a day the way the figures do
("4 January 2022"); :func:`protest_day` picks one day out of a list (the day stepper's start).
Every function that takes a day (plots, the map, the explorers) goes through :func:`parse_day`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .errors import BadValue

LESSON_YEAR = 2022  # a day written without a year ("5 Jan") is in the year of the lesson

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = {name: number for number, name in enumerate(_WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:3]: number for number, name in enumerate(_WEEKDAY_NAMES)})

# "2022-01-05", also with a time as pandas prints it ("2022-01-05 00:00:00", "2022-01-05T18:30")
# "2022-01-05", also "2022/01/05" or "2022.01.05": a year first is never ambiguous
_ISO = re.compile(
    r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9.]+)?)?"
)
# "05.01.2022" or "5/1/2022": day first, the same mark twice, a four-digit year
_DAY_FIRST = re.compile(r"([0-9]{1,2})([./])([0-9]{1,2})\2([0-9]{4})")
# the words of "Wednesday, 5th of Jan. 2022": numbers and words, without the punctuation
_WORDS = re.compile(r"[0-9]+(?:st|nd|rd|th)?|[a-z]+")

_EXAMPLE = (
    "write it year-month-day, such as '2022-01-04' ('4 Jan' and '04.01.2022', day first, work too)"
)


def _refusal(day: Any, hint: str = "") -> BadValue:
    """The error for a day that cannot be read: what was given and how to write it."""
    return BadValue(f"day must be a date, not {day!r}: {_EXAMPLE}.{hint}")


def _stamp(day: Any, year: int, month: int, number: int) -> pd.Timestamp:
    """The Timestamp of that calendar day; BadValue when there is no such day (31 April)."""
    try:
        calendar_day = dt.date(year, month, number)
    except ValueError:
        hint = ""
        if 12 < month <= 31 and 1 <= number <= 12:  # day and month the wrong way round
            hint = f" Did you mean '{year}-{number:02d}-{month:02d}'? (year-month-day)"
        missing = (
            f"{_MONTH_NAMES[month - 1].title()} {year} has no day {number}"
            if 1 <= month <= 12
            else f"there is no month {month}"
        )
        raise BadValue(
            f"{day!r} is not a day of the calendar ({missing}): {_EXAMPLE}.{hint}"
        ) from None
    return pd.Timestamp(calendar_day)


def _named_day(text: str, day: Any) -> pd.Timestamp | None:
    """Read "5 Jan", "5 January 2022", "January 5", "Wednesday 5 January" (None if not so)."""
    words = _WORDS.findall(text.lower().replace(" of ", " "))
    weekday = _WEEKDAYS.get(words[0]) if words else None
    if weekday is not None:
        words = words[1:]
    year = LESSON_YEAR
    if len(words) == 3 and re.fullmatch(r"[0-9]{4}", words[2]):
        year = int(words.pop())
    if len(words) != 2:
        return None
    first, second = words
    if first in _MONTHS:  # "January 5"
        first, second = second, first
    if second not in _MONTHS or not re.fullmatch(r"[0-9]{1,2}(?:st|nd|rd|th)?", first):
        return None
    stamp = _stamp(day, year, _MONTHS[second], int(re.sub(r"[a-z]", "", first)))
    if weekday is not None and stamp.weekday() != weekday:
        raise BadValue(
            f"{format_day(stamp)} was a {stamp.strftime('%A')}, not a "
            f"{_WEEKDAY_NAMES[weekday].title()}: check the date in {day!r}."
        )
    return stamp


def _read_text(day: str) -> pd.Timestamp:
    """Read a day written as text (see :func:`parse_day` for the forms)."""
    text = " ".join(day.split())
    iso = _ISO.fullmatch(text)
    if iso:
        year, _, month, number = iso.groups()
        return _stamp(day, int(year), int(month), int(number))
    day_first = _DAY_FIRST.fullmatch(text)
    if day_first:
        number, _, month, year = day_first.groups()
        return _stamp(day, int(year), int(month), int(number))
    named = _named_day(text, day) if re.search(r"[A-Za-z]", text) else None
    if named is None:
        raise _refusal(day)
    return named


def parse_day(day: Any) -> pd.Timestamp:
    """Turn a day a student wrote into a midnight Timestamp; a clear BadValue if it cannot.

    Accepted: "2022-01-05" (year-month-day, also "2022/01/05" or "2022.01.05", and with a
    time after it); a date, datetime or pandas Timestamp; "5 Jan", "5 January", "January 5",
    "5 Jan 2022" or "Wednesday 5 January 2022" (English month names; without a year the day
    is in 2022, the lesson's year); and
    "05.01.2022" or "5/1/2022", which are read **day first** (day.month.year), as dates are
    written in Kazakhstan and in Europe, so "05/01/2022" is 5 January, never 1 May.

    Refused, never guessed: numbers (pandas would read 4 as 4 nanoseconds after 1970), a
    two-digit year, a month without a day, a weekday on its own, a day the calendar does not
    have, and any other text.
    """
    if isinstance(day, str):
        return _read_text(day)
    if not isinstance(day, dt.date | np.datetime64):  # numbers too: 4 is not 4 January
        raise _refusal(day)
    stamp = pd.Timestamp(day)
    if pd.isna(stamp):
        raise _refusal(day)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)  # the day on the clock where it was written
    return stamp.normalize()


def is_day_first(day: Any) -> bool:
    """True when ``day`` is text such as "05.01.2022" that :func:`parse_day` reads day first."""
    return isinstance(day, str) and _DAY_FIRST.fullmatch(" ".join(day.split())) is not None


def format_day(day: pd.Timestamp, weekday: bool = False) -> str:
    """'4 January 2022' (or 'Tuesday 4 January 2022'), without a leading zero."""
    text = f"{day.day} {day.strftime('%B %Y')}"
    return f"{day.strftime('%A')} {text}" if weekday else text


def _swapped(stamp: pd.Timestamp) -> pd.Timestamp | None:
    """The same date with day and month swapped (1 May -> 5 January), if that date exists."""
    try:
        return pd.Timestamp(year=stamp.year, month=stamp.day, day=stamp.month)
    except ValueError:
        return None


def protest_day(day: Any, protest_days: Sequence[pd.Timestamp]) -> pd.Timestamp:
    """The one of ``protest_days`` that ``day`` names (read by :func:`parse_day`).

    A day that is not among them is a BadValue listing them and naming the nearest one.
    """
    stamp = parse_day(day)
    if stamp in protest_days:
        return stamp
    nearest = min(protest_days, key=lambda d: abs(d.toordinal() - stamp.toordinal()))
    swapped = _swapped(stamp)
    if is_day_first(day) and swapped in protest_days:
        nearest = swapped  # "1/5/2022" written month first means 5 January
    shown = format_day(stamp)
    if is_day_first(day):
        shown = f"{' '.join(day.split())!r} (read day first: {shown})"
    choices = ", ".join(repr(d.strftime("%Y-%m-%d")) for d in protest_days)
    raise BadValue(
        f"{shown} is not one of the protest days: choose one of {choices}. "
        f"Did you mean {nearest.strftime('%Y-%m-%d')!r}?"
    )
