"""Forgiving readers for what students type: numbers and short text answers.

Numbers (:func:`parse_number`) accept what people write in an answer box:

- ``120``, ``" 120 tenge"``, ``"120tenge"``, ``"₸120"``, ``"$0.28"``: words and currency signs
  around the number are ignored;
- ``"1,000"``, ``"1 000"``, ``"39'000"``, ``"1,000,000.5"``: commas, spaces and apostrophes
  between groups of three digits are thousands separators;
- ``"1,5"``: a comma followed by one, two or more than three digits is a decimal comma (= 1.5);
  ``"1.000"`` is one (a point is always a decimal point);
- ``"50%"``, ``"50 percent"``: the percent sign is dropped (questions ask for a percentage);
- ``"-3.5"``, ``"−3.5"`` (Unicode minus), ``"+2"``;
- ``"1.5k"``, ``"39 thousand"``, ``"2 million"``, ``"2m"``, ``"1bn"``: multipliers are applied;
- two numbers (``"60 to 120"``, ``"1/2"``, ``"1e3"``) or none (``"twelve"``) are refused with a
  message saying what to type.

Short text (:func:`fold_text`) is compared without case, accents, spaces, hyphens, punctuation
or a leading "the": "Alma-Ata", "alma ata" and "ALMA–ATA" are the same answer.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..lookup import normalise_name

MAX_NUMBER_TEXT = 200

_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-", "\uff0d": "-"})
_SEP = "[ ,'\u2019\u00a0\u202f\u2009_]"
_NUMBER = re.compile(
    r"(?P<sign>[-+])?\s*"
    rf"(?P<int>\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+)"
    r"(?:(?P<dec>[.,])(?P<frac>\d+))?"
)
_MULTIPLIERS = {
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "m": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
_WORD_AFTER = re.compile(r"\s*([a-z]+)")
_LEADING_THE = re.compile(r"^\s*the\s+", re.IGNORECASE)


class NumberError(ValueError):
    """The text holds no single number; the message says what to type instead."""


def _value(match: re.Match[str]) -> float:
    """Turn one regex match of :data:`_NUMBER` into a float."""
    digits = re.sub(_SEP, "", match.group("int"))
    dec, frac = match.group("dec"), match.group("frac")
    if dec == "," and frac is not None and len(frac) == 3 and not re.search(_SEP, match["int"]):
        # "1,000": a comma before exactly three digits is a thousands separator.
        digits, frac = digits + frac, None
    text = digits + ("." + frac if frac else "")
    value = float(text)
    return -value if match.group("sign") == "-" else value


def parse_number(text: Any) -> float:
    """Read one number from what a student typed; NumberError (with advice) if impossible.

    See the module docstring for what is accepted. Ints and floats pass through; booleans,
    NaN and infinity are refused.
    """
    if isinstance(text, bool):
        raise NumberError("Type a number, e.g. 120.")
    if isinstance(text, int):
        if abs(text) > 1e300:
            raise NumberError("That number is too big. Type digits, e.g. 120.")
        return float(text)
    if isinstance(text, float):
        if math.isfinite(text):
            return text
        raise NumberError("That is not a finite number. Type digits, e.g. 120.")
    if not isinstance(text, str):
        raise NumberError("Type a number, e.g. 120.")
    cleaned = text.strip().translate(_MINUS).lower()
    if not cleaned:
        raise NumberError("Type a number first, e.g. 120.")
    if len(cleaned) > MAX_NUMBER_TEXT:
        raise NumberError("That is very long: type just one number, e.g. 120.")
    matches = list(_NUMBER.finditer(cleaned))
    if not matches:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "..."
        raise NumberError(f"I could not find a number in {shown!r}. Type digits, e.g. 120.")
    if len(matches) > 1:
        found = ", ".join(m.group(0).strip() for m in matches[:4])
        raise NumberError(f"Type one number only (I found {len(matches)}: {found}).")
    match = matches[0]
    value = _value(match)
    word = _WORD_AFTER.match(cleaned, match.end())
    if word and word.group(1) in _MULTIPLIERS:
        value *= _MULTIPLIERS[word.group(1)]
    if not math.isfinite(value):
        raise NumberError("That number is too big. Type digits, e.g. 120.")
    return value


def fold_text(text: Any) -> str:
    """Fold a short answer for comparing: no case, accents, spaces, punctuation, leading "the"."""
    if not isinstance(text, str):
        return ""
    return normalise_name(_LEADING_THE.sub("", text))
