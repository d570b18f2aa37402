"""What every kzlesson figure shares: the colour-blind-safe palette, marker shapes, hatching,
the :class:`DescribedFigure` that carries its alt text and description, and small helpers that
write numbers and lists into those descriptions (days are read and written by
:mod:`kzlesson.reading`).

:mod:`.charts` (charts) and :mod:`.map` (the map) build on this module.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from ..errors import BadCall, BadValue, student_call
from ..tables import schema
from ..tables.load import load_descriptor

# The Okabe-Ito palette (Okabe & Ito 2008), used when matplotlib has no "okabe_ito" sequence.
OKABE_ITO_HEX = (
    "#000000",
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
)
BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE = OKABE_ITO_HEX
WHITE = "#ffffff"  # backgrounds and hollow markers only

# Colours for categories, in order; yellow last (it is pale on white, so always with an edge).
SERIES_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY_BLUE, BLACK, YELLOW)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "p", "<", ">")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++")

_DPI = 100


class DescribedFigure(Figure):
    """A matplotlib Figure with a text description (alt text) attached.

    ``alt`` is a one-sentence alternative text (chart type and what it shows);
    ``description`` adds the main takeaway with numbers from the data. In a notebook a
    DescribedFigure displays as ``kz.show(fig)`` does: the PNG with its alt text and the
    description beneath it, and the description as plain text.
    """

    alt: str = ""
    description: str = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """HTML (image, alt text, caption) and plain text (the description) for Jupyter."""
        from .display import figure_bundle

        return figure_bundle(self)


def okabe_ito() -> list[str]:
    """The Okabe-Ito palette as lower-case hex strings (matplotlib's own copy if it has one)."""
    if "okabe_ito" in matplotlib.color_sequences:  # matplotlib 3.11 and later
        return [to_hex(colour) for colour in matplotlib.color_sequences["okabe_ito"]]
    return list(OKABE_ITO_HEX)


@student_call("kz.plots.describe")
def describe(fig: Figure, alt: str, details: str = "") -> Figure:
    """Attach alt text and a description to a figure; return the figure.

    ``alt`` is one sentence (chart type and what it shows). ``details`` (the takeaway, with
    numbers) is appended to make the full description that :func:`description` returns.
    Works on any matplotlib Figure, so students can describe figures they make themselves.
    """
    alt = " ".join(str(alt).split())
    details = " ".join(str(details).split())
    if not alt:
        raise BadValue("describe() needs a non-empty alt text: say what the chart shows.")
    fig.alt = alt  # type: ignore[attr-defined]
    fig.description = f"{alt} {details}".strip()  # type: ignore[attr-defined]
    return fig


@student_call("kz.plots.description")
def description(fig: Figure) -> str:
    """Return the text description of a figure made by this module (or by :func:`describe`)."""
    text = getattr(fig, "description", "")
    if not isinstance(fig, Figure):
        raise BadCall(
            f"description() needs a matplotlib Figure, not {type(fig).__name__}: "
            "for example kz.plots.description(kz.plots.timeline())."
        )
    if not text:
        raise BadValue(
            "This figure has no description. Make it with a kz.plots function, or add one "
            "with kz.plots.describe(fig, 'Bar chart of ...', 'Main point: ...')."
        )
    return str(text)


@student_call("kz.plots.alt_text")
def alt_text(fig: Figure) -> str:
    """Return the short alt text of a described figure (the first part of its description)."""
    description(fig)  # same checks and messages
    return str(getattr(fig, "alt", "") or fig.description)  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- helpers


def new_figure(width: float, height: float) -> DescribedFigure:
    """A fresh pyplot-free figure with constrained layout and a white background."""
    return DescribedFigure(figsize=(width, height), dpi=_DPI, layout="constrained")


def choose(value: Any, options: Sequence[str], what: str) -> str:
    """Return ``value`` if it is one of ``options`` (case-insensitive); else a clear error."""
    text = str(value).strip().lower()
    if text in options:
        return text
    close = difflib.get_close_matches(text, options, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise BadValue(f"{what} must be one of {', '.join(map(repr, options))}, not {value!r}.{hint}")


def number_text(value: float) -> str:
    """A number without a needless '.0' (120.0 -> '120', 2.5 -> '2.5')."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def count_phrase(count: int, noun: str) -> str:
    """'1 event', '3 events'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def listing(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def enum_text(directory: Path | None, table: str, field: str, value: Any) -> str:
    """Readable label for an enum value, from datapackage.json's optional enumLabels."""
    resource = schema.resource_by_name(load_descriptor(directory), table)
    return schema.enum_label(resource, field, str(value))


def place_names(places: pd.DataFrame) -> dict[str, str]:
    """place id -> canonical name."""
    return dict(zip(places["id"].astype(str), places["name"].astype(str), strict=True))
