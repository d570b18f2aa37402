"""Which interpretation a student means when opening the perspective explorer ("colour").

The other explorers' starting choices are read where their kind of value is read: the day by
:func:`kzlesson.reading.protest_day`, the paragraph by :func:`kzlesson.cite.find_paragraph`.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

import pandas as pd

from ..errors import BadValue
from ..lookup import normalise_name


def find_interpretation(choice: Any, readings: pd.DataFrame) -> str:
    """The id of the interpretation ``choice`` names: its id, or the start of its id or label
    (any case, any accents). The first when ``choice`` is None.

    BadValue when it names none (with a "Did you mean") or more than one (naming each).
    """
    ids = [str(i) for i in readings["id"]]
    if choice is None:
        return ids[0]
    wanted = normalise_name(choice)
    names = {
        i: (normalise_name(i), normalise_name(label))
        for i, label in zip(ids, readings["label"].astype(str), strict=True)
    }
    exact = [i for i, keys in names.items() if wanted in keys]
    starts = [i for i, keys in names.items() if wanted and any(k.startswith(wanted) for k in keys)]
    found = exact or starts
    if len(found) == 1:
        return found[0]
    if found:
        raise BadValue(
            f"{choice!r} could mean {' or '.join(map(repr, found))}: type more of the name."
        )
    words = {  # each word of an id or label -> its id, for "Did you mean"
        normalise_name(word): i
        for i, label in zip(ids, readings["label"].astype(str), strict=True)
        for word in re.split(r"\W+", f"{i} {label}")
        if len(word) > 3
    }
    close = difflib.get_close_matches(wanted, list(words), n=1, cutoff=0.7)
    hint = f" Did you mean {words[close[0]]!r}?" if close else ""
    raise BadValue(
        f"There is no interpretation {choice!r}: choose one of {', '.join(map(repr, ids))} "
        f"(an id, or the start of its label).{hint}"
    )
