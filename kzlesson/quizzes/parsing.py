"""Forgiving readers for what students type: numbers and short text answers.

Numbers (:func:`parse_number`) accept what people write in an answer box:

- ``120``, ``" 120 tenge"``, ``"120tenge"``, ``"₸120"``, ``"$0.28"``: words and currency signs
  around the number are ignored;
- ``"1,000"``, ``"1 000"``, ``"39'000"``, ``"1,000,000.5"``: commas, spaces and apostrophes
  between groups of three digits are thousands separators;
- ``"1,5"``: a comma followed by one, two or more than three digits is a decimal comma (= 1.5);
  ``"1.000"`` is one (a point is always a decimal point), but :func:`dotted_thousands` tells the
  checker that it may be a European "one thousand";
- ``".5"``, ``"-.5"``: a leading decimal point (= 0.5, -0.5);
- ``"50%"``, ``"50 percent"``: the percent sign is dropped (questions ask for a percentage);
- ``"-3.5"``, ``"−3.5"`` (Unicode minus), ``"+2"``;
- ``"1.5k"``, ``"39 thousand"``, ``"2 million"``, ``"2m"``, ``"1bn"``: multipliers are applied;
- two numbers (``"60 to 120"``, ``"60 120"``, ``"1/2"``, ``"1e3"``), a word before the number
  (``"page 1"``; ``"about 120"`` and currency codes are fine), control characters
  (``"\\x1b[31m"``) or none (``"twelve"``) are refused with a message saying what to type.
  A plain space between digits is a thousands separator only in ``"39 000"`` (a last group of
  ``000``) or with two or more groups (``"1 234 567"``); ``"60 120"`` is two numbers.

Short text (:func:`fold_text`) is compared without case, accents, spaces, hyphens, punctuation
or a leading "the": "Alma-Ata", "alma ata" and "ALMA–ATA" are the same answer. For answers with
more words, :func:`answer_words` splits the text into folded words, :func:`find_form` finds an
accepted form among them (whole words only), :data:`FILLER` lists the words an answer may add
("in", "city", "Kazakhstan", ...) and :func:`closeness` measures how close a typo is.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from ..lookup import normalise_name

MAX_NUMBER_TEXT = 200

_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\ufe63": "-", "\uff0d": "-"})
_SEP = "[ ,'\u2019\u00a0\u202f\u2009_]"
_NUMBER = re.compile(
    r"(?P<sign>[-+])?\s*"
    rf"(?:(?P<int>\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+)(?:(?P<dec>[.,])(?P<frac>\d+))?"
    r"|(?P<lead>\.)(?P<leadfrac>\d+))"
)
_DOTTED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])")
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


# Words that may come before the number: "about 120", "KZT 120", "approx. 2 million".
PREFIX_WORDS = frozenset(
    {
        *("about", "around", "approximately", "approx", "roughly", "nearly", "almost"),
        *("over", "under", "some", "ca", "circa", "c", "only", "exactly", "just", "it", "is"),
        *("kzt", "tenge", "usd", "us", "eur", "rub", "rur"),
    }
)
_PREFIX_WORD = re.compile(r"[^\W\d_]+")


class NumberError(ValueError):
    """The text holds no single number; the message says what to type instead."""


def _value(match: re.Match[str]) -> float:
    """Turn one regex match of :data:`_NUMBER` into a float."""
    if match.group("lead"):  # ".5"
        value = float("0." + match.group("leadfrac"))
        return -value if match.group("sign") == "-" else value
    digits = re.sub(_SEP, "", match.group("int"))
    dec, frac = match.group("dec"), match.group("frac")
    if dec == "," and frac is not None and len(frac) == 3 and not re.search(_SEP, match["int"]):
        # "1,000": a comma before exactly three digits is a thousands separator.
        digits, frac = digits + frac, None
    text = digits + ("." + frac if frac else "")
    value = float(text)
    return -value if match.group("sign") == "-" else value


def _doubtful_spaces(int_text: str) -> bool:
    """True for "60 120": one plain space between two groups, the last not "000"."""
    groups = int_text.split(" ")
    return len(groups) == 2 and groups[-1] != "000" and not re.search(_SEP, groups[0])


def _split_spaced(matches: list[re.Match[str]]) -> list[Any]:
    """The matches, with a doubtful plain-space group ("60 120") counted as two numbers."""
    out: list[Any] = []
    for match in matches:
        int_text = match.group("int") or ""
        if _doubtful_spaces(int_text):
            out.extend(int_text.split(" "))
        else:
            out.append(match)
    return out


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
    # Control characters are looked for before stripping: str.strip() also removes form feeds
    # and other control "whitespace", which would hide them.
    if len(text) <= 4 * MAX_NUMBER_TEXT and any(
        unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text
    ):
        raise NumberError("Type one number, e.g. 120 (the answer holds control characters).")
    cleaned = text.strip().translate(_MINUS).lower()
    if not cleaned:
        raise NumberError("Type a number first, e.g. 120.")
    if len(cleaned) > MAX_NUMBER_TEXT:
        raise NumberError("That is very long: type just one number, e.g. 120.")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in cleaned):
        raise NumberError("Type one number, e.g. 120 (the answer holds control characters).")
    matches = _split_spaced(list(_NUMBER.finditer(cleaned)))
    if not matches:
        shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "..."
        raise NumberError(f"I could not find a number in {shown!r}. Type digits, e.g. 120.")
    if len(matches) > 1:
        found = ", ".join(_shown(m) for m in matches[:4])
        tip = ""
        if any(isinstance(m, str) for m in matches):
            tip = " For one number in thousands, write it without the space, e.g. 1500."
        raise NumberError(f"Type one number only (I found {len(matches)}: {found}).{tip}")
    match = matches[0]
    words = [w for w in _PREFIX_WORD.findall(cleaned[: match.start()]) if w not in PREFIX_WORDS]
    if words:
        raise NumberError(
            f"Type one number, e.g. 120, without words before it (found {words[0][:40]!r})."
        )
    value = _value(match)
    word = _WORD_AFTER.match(cleaned, match.end())
    if word and word.group(1) in _MULTIPLIERS:
        value *= _MULTIPLIERS[word.group(1)]
    if not math.isfinite(value):
        raise NumberError("That number is too big. Type digits, e.g. 120.")
    return value


def _shown(match: Any) -> str:
    """A found number as typed (a match, or a piece of a split "60 120")."""
    return (match if isinstance(match, str) else match.group(0).strip())[:40]


def dotted_thousands(text: Any) -> bool:
    """True if ``text`` holds one number like ``"39.000"``: 39 here, but 39 000 in much of Europe.

    The checker asks for the number without the dot when the answer is 1000 or more.
    """
    if not isinstance(text, str) or len(text) > MAX_NUMBER_TEXT:
        return False
    cleaned = text.strip().translate(_MINUS).lower()
    if len(_NUMBER.findall(cleaned)) != 1:
        return False
    match = _DOTTED_THOUSANDS.search(cleaned)
    if match is None:
        return False
    word = _WORD_AFTER.match(cleaned, match.end())
    return not (word and word.group(1) in _MULTIPLIERS)


def fold_text(text: Any) -> str:
    """Fold a short answer for comparing: no case, accents, spaces, punctuation, leading "the"."""
    if not isinstance(text, str):
        return ""
    return normalise_name(_LEADING_THE.sub("", text))


# Words a short answer may add around the name asked for: "in Almaty", "Astana city",
# "Almaty, Kazakhstan", "Astana (again)". Single letters count too ("K. Tokayev").
FILLER = frozenset(
    {
        *("a", "an", "the", "in", "at", "of", "it", "its", "is", "was"),
        *("city", "town", "village", "capital", "kazakhstan", "again", "called", "named"),
        *("now", "today", "answer", "maybe", "perhaps", "probably"),
    }
)
MAX_FORM_WORDS = 6
CLOSE_ENOUGH = 0.8  # difflib ratio: "Almati" ~ "almaty" is 0.83, "Zhanozen" ~ "zhanaozen" 0.94


def answer_words(text: str) -> list[str]:
    """The words of a short answer, each folded like :func:`fold_text` (punctuation splits)."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return re.findall(r"[^\W_]+", kept)


def is_filler(word: str) -> bool:
    """A word an answer may add without changing it (see :data:`FILLER`), or an initial."""
    return word in FILLER or (len(word) == 1 and word.isalpha())


def find_form(words: list[str], forms: Collection[str]) -> set[int]:
    """Positions of the words that spell one of ``forms`` (folded), as whole words."""
    found: set[int] = set()
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + MAX_FORM_WORDS) + 1):
            if "".join(words[start:end]) in forms:
                found.update(range(start, end))
    return found


def closeness(words: list[str], forms: Collection[str]) -> float:
    """How close (difflib ratio, 0-1) the answer's words come to one of ``forms``.

    Filler words are left out; each run of up to three words is compared, so "in Almati" is
    as close to "almaty" as "Almati" is.
    """
    content = [w for w in words if not is_filler(w)]
    if not content or len(content) > MAX_FORM_WORDS or not forms:
        return 0.0
    best = 0.0
    for start in range(len(content)):
        for end in range(start + 1, min(len(content), start + 3) + 1):
            candidate = "".join(content[start:end])
            if len(candidate) < 4:
                continue
            for form in forms:
                matcher = difflib.SequenceMatcher(None, candidate, form)
                if matcher.real_quick_ratio() >= best and matcher.quick_ratio() >= best:
                    best = max(best, matcher.ratio())
    return best
