"""Charts, each a matplotlib ``Figure`` that carries its own text description.

Every function here reads the validated tables (``kz.load_*``), draws one chart with the
Okabe-Ito colour-blind-safe palette plus marker shapes, hatching or text labels (so nothing
rests on colour alone), and attaches a description computed from the same data: the chart
type, what it shows and the main takeaway. Get it back with :func:`description`::

    fig = kz.plots.timeline()
    kz.plots.description(fig)   # -> "Timeline (dot chart) of the 14 events ..."
    kz.show(fig)                # the picture, its alt text and the description

The figures are made without pyplot (no global state, nothing drawn twice). A figure made
here is a :class:`DescribedFigure`: shown as a notebook cell's result it displays exactly
as ``kz.show(fig)`` does, with the description as its plain-text form. The map lives in
:mod:`.map` and the shared palette and helpers in :mod:`.style`; both
are available from here too (``kz.plots.places_map()``, ``kz.plots.describe(...)``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..errors import student_call
from ..paths import resolve_dir
from ..reading import format_day, parse_day  # noqa: F401 - parse_day re-exported
from ..tables.load import load_table
from .map import OUTLINE_FILE, events_on, load_outline, places_map  # noqa: F401 - re-exported
from .matrix import interpretation_matrix  # noqa: F401 - re-exported (kz.plots)
from .style import (  # noqa: F401 - re-exported: kz.plots.describe(...) etc.
    BLACK,
    BLUE,
    GREEN,
    HATCHES,
    MARKERS,
    OKABE_ITO_HEX,
    ORANGE,
    PURPLE,
    SERIES_COLOURS,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    YELLOW,
    DescribedFigure,
    alt_text,
    choose,
    count_phrase,
    describe,
    description,
    enum_text,
    listing,
    new_figure,
    number_text,
    okabe_ito,
    place_names,
)

_PHASES = ("protests", "aftermath", "background")

# ----------------------------------------------------------------------------- timeline


_LANE = 0.32  # distance between two lanes of markers in one place's row


def _cell_offset(slot: int, size: int) -> tuple[float, float]:
    """Offset (days across, rows down) of the ``slot``-th of ``size`` markers in one day's cell.

    On a day-by-day axis the events of one place and day form a small grid (up to
    ``_CELL_COLUMNS`` across, within the middle half of the day, so no marker strays towards
    the next day; as many lines down as needed: the row grows to fit, see ``_cell_lines``).
    """
    if size <= 1:
        return 0.0, 0.0
    columns = min(size, _CELL_COLUMNS)
    lines = _cell_lines(size)
    column, line = slot % columns, slot // columns
    across = (column - (columns - 1) / 2) * (0.5 / _CELL_COLUMNS)
    down = (line - (lines - 1) / 2) * _LANE
    return across, down


_CELL_COLUMNS = 3


def _cell_lines(size: int) -> int:
    """How many lines of markers ``size`` events of one place and day need."""
    return max(1, -(-size // _CELL_COLUMNS))


def _lanes(starts: Sequence[pd.Timestamp], ends: Sequence[Any], gap: pd.Timedelta) -> list[int]:
    """Greedy lanes for a long axis: each event (sorted by start) takes the first lane that
    is free ``gap`` before it starts, so close or overlapping events sit one under another."""
    free_from: list[pd.Timestamp] = []
    lanes = []
    for start, end in zip(starts, ends, strict=True):
        lane = next((i for i, free in enumerate(free_from) if start >= free), len(free_from))
        if lane == len(free_from):
            free_from.append(start)
        finish = end if not pd.isna(end) and end > start else start
        free_from[lane] = finish + gap
        lanes.append(lane)
    return lanes


def _marker_size(marker: str) -> float:
    """Points for a timeline marker: a star is drawn smaller than its box, so it gets more
    room, or a filled star could not be told from a hollow one."""
    return 12 if marker == "*" else 8


_NO_PLACE = "(no single place)"


@dataclass
class _TimelineLayout:
    """Where each row and marker of a timeline goes (rows top to bottom, in axis units)."""

    order: list[str]
    heights: dict[str, float]
    offsets: list[tuple[float, float]]
    daily: bool
    pad: pd.Timedelta
    tops: pd.Series = field(init=False)
    centre: dict[str, float] = field(init=False)
    total: float = field(init=False)

    def __post_init__(self) -> None:
        self.tops = pd.Series(self.heights).cumsum() - pd.Series(self.heights)
        self.centre = {p: float(self.tops[p]) + self.heights[p] / 2 for p in self.order}
        self.total = float(sum(self.heights.values()))


@student_call("kz.plots.timeline")
def timeline(
    phase: str = "protests", *, rows: str = "auto", directory: str | Path | None = None
) -> DescribedFigure:
    """Dot chart of the events of one phase, by date (across) and place (down).

    ``phase`` is "protests" (the days of early January 2022), "aftermath" (after the article) or
    "background" (the longer story). Marker shape and colour show the category; filled
    markers are events the article mentions, hollow ones are not. A line shows an event's
    duration when it has an end date. ``rows`` is "place", "category" or "auto": places, unless
    more than two thirds of the phase's events have no single place (the aftermath is mostly
    national politics), when categories read better.
    """
    rows = choose(rows, ("auto", "place", "category"), "rows")
    phase = choose(phase, _PHASES, "phase")
    folder = resolve_dir(directory)
    events = _timeline_events(folder, phase)
    phase_label = enum_text(folder, "events", "phase", phase)
    fig = new_figure(10, 3)
    ax = fig.add_subplot()
    ax.set_title(f"Events by day and place: {phase_label} phase")
    ax.set_xlabel("Date")
    ax.set_ylabel("Place")
    if events.empty:
        ax.text(0.5, 0.5, f"No events in the phase {phase!r}.", ha="center", transform=ax.transAxes)
        return describe(fig, f"Empty timeline: the data has no events in the phase {phase!r}.")
    unplaced_share = float((events["place"] == _NO_PLACE).mean())
    by_category = rows == "category" or (rows == "auto" and unplaced_share > 2 / 3)
    if by_category:  # rows are categories; the place goes into the description only
        events["row"] = [enum_text(folder, "events", "category", c) for c in events["category"]]
        ax.set_ylabel("Category")
        ax.set_title(f"Events by date and category: {phase_label} phase")
    else:
        events["row"] = events["place"]
    categories = [str(c) for c in events["category"].cat.categories]
    style = {
        cat: (MARKERS[i % len(MARKERS)], SERIES_COLOURS[i % len(SERIES_COLOURS)])
        for i, cat in enumerate(categories)
    }
    layout = _timeline_layout(events)
    fig.set_size_inches(10, 1.6 + 0.42 * layout.total)
    _draw_timeline(ax, events, layout, style)
    _timeline_axes(ax, events, layout)
    used = [c for c in categories if (events["category"] == c).any()]
    labels = {c: enum_text(folder, "events", "category", c) for c in used}
    fig.legend(
        handles=_timeline_legend(events, style, labels),
        loc="outside right upper",
        title="Category",
        frameon=False,
    )
    alt, details = _timeline_description(events, phase, by_category, labels)
    return describe(fig, alt, details)


def _timeline_events(folder: Path, phase: str) -> pd.DataFrame:
    """The phase's events by date, each with the name of its place (or no single place)."""
    events = load_table("events", folder)
    names = place_names(load_table("places", folder))
    events = events[events["phase"] == phase].sort_values(["date", "id"]).reset_index(drop=True)
    events["place"] = [
        names.get(str(pid), str(pid)) if not pd.isna(pid) else _NO_PLACE
        for pid in events["place_id"]
    ]
    return events


def _timeline_layout(events: pd.DataFrame) -> _TimelineLayout:
    """Rows in order of their first event; a row grows with the lines of markers it needs.

    Up to a month the axis is day by day and markers of one day share a cell; longer phases get
    a long axis where an event keeps its own lane until its end date.
    """
    first, last = events["date"].min(), events["date"].max()
    span = (last - first).days
    pad = pd.Timedelta(days=max(1, span // 25)) * 0.6
    order = list(dict.fromkeys(events["row"]))
    if span <= 31:
        cell = events.groupby(["date", "row"])
        slot = cell.cumcount()
        size = cell["id"].transform("size")
        offsets = [_cell_offset(int(a), int(b)) for a, b in zip(slot, size, strict=True)]
        lines = size.map(_cell_lines).groupby(events["row"]).max()
        heights = {p: max(1.0, _LANE * int(lines[p]) + 0.6) for p in order}
        return _TimelineLayout(order, heights, offsets, True, pad)
    gap = pd.Timedelta(days=max(1, span / 45))
    lane = pd.Series(0, index=events.index)
    for _row, group in events.groupby("row", sort=False):
        lane[group.index] = _lanes(list(group["date"]), list(group["end_date"]), gap)
    lanes = lane.groupby(events["row"]).max() + 1
    heights = {p: max(1.0, _LANE * int(lanes[p]) + 0.4) for p in order}
    offsets = [(0.0, (lane[i] - (lanes[p] - 1) / 2) * _LANE) for i, p in events["row"].items()]
    return _TimelineLayout(order, heights, offsets, False, pad)


def _draw_timeline(ax: Any, events: pd.DataFrame, layout: _TimelineLayout, style: dict) -> None:
    """Row separators, then each event's duration line and marker."""
    for row in layout.order[1:]:  # faint lines between rows, so a tall row's markers stay in it
        ax.axhline(float(layout.tops[row]), color=BLACK, alpha=0.15, linewidth=0.6)
    last = events["date"].max()
    for index, event in events.iterrows():
        marker, colour = style[str(event["category"])]
        across, down = layout.offsets[index]
        x = event["date"] + pd.Timedelta(days=across)
        y = layout.centre[event["row"]] + down
        end = event["end_date"]
        if not pd.isna(end) and end > event["date"]:
            _draw_duration(ax, event, layout, (x, y), min(end, last + layout.pad), colour)
        filled = bool(event["in_article"]) if not pd.isna(event["in_article"]) else False
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker=marker,
            markersize=_marker_size(marker),
            markeredgewidth=1.0 if colour == YELLOW else 1.5,
            color=colour,
            markeredgecolor=BLACK if colour == YELLOW else colour,
            markerfacecolor=colour if filled else WHITE,
        )


def _draw_duration(
    ax: Any, event: Any, layout: _TimelineLayout, at: tuple[Any, float], stop: Any, colour: str
) -> None:
    """The line from an event's marker to its end date (cut at the axis, with an arrow)."""
    (x, y), end = at, event["end_date"]
    clipped = " →" if end > stop else ""
    if layout.daily:  # the duration runs under the row, so it crosses no other marker
        under = layout.centre[event["row"]] + layout.heights[event["row"]] / 2 - 0.12
        ax.plot([x, x, stop], [y, under, under], color=colour, linewidth=1.5)
        label = f"until {end.day} {end.strftime('%b')}{clipped}"
        ax.text(stop, under - 0.04, label, ha="right", va="bottom", fontsize=8, color=BLACK)
        return
    ax.plot([x, stop], [y, y], color=colour, linewidth=1.5)  # its own lane is kept free
    if clipped:
        label = f"until {format_day(end)}{clipped}"
        ax.text(stop, y - 0.1, label, ha="right", va="bottom", fontsize=8, color=BLACK)


def _timeline_axes(ax: Any, events: pd.DataFrame, layout: _TimelineLayout) -> None:
    """Row names down the side; days (or a concise date axis) across."""
    ax.set_yticks([layout.centre[p] for p in layout.order], layout.order)
    ax.set_ylim(layout.total, 0)
    ax.set_xlim(events["date"].min() - layout.pad, events["date"].max() + layout.pad)
    if layout.daily:  # one labelled tick per day, thin lines between days
        ax.xaxis.set_major_locator(mdates.DayLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%a\n%d %b"))
        ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=[12]))
        ax.grid(axis="x", which="minor", color=BLACK, alpha=0.3, linewidth=0.8)
    else:
        locator = mdates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color=BLACK, alpha=0.15 if not layout.daily else 0.0, linewidth=0.8)


def _timeline_legend(events: pd.DataFrame, style: dict, labels: dict[str, str]) -> list[Line2D]:
    """One entry per category shown, then what filled and hollow markers mean."""
    handles = [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=style[c][0],
            color=style[c][1],
            markersize=_marker_size(style[c][0]),
            markeredgecolor=BLACK if style[c][1] == YELLOW else style[c][1],
            label=label,
        )
        for c, label in labels.items()
    ]
    mentioned = events["in_article"].fillna(False).astype(bool)
    key = dict(linestyle="none", marker="o", color=BLACK, markersize=8)
    if mentioned.any():
        handles.append(Line2D([], [], **key, label="filled: in the article"))
    if not mentioned.all():
        handles.append(
            Line2D([], [], **key, markerfacecolor=WHITE, label="hollow: not in the article")
        )
    return handles


def _timeline_description(
    events: pd.DataFrame, phase: str, by_category: bool, labels: dict[str, str]
) -> tuple[str, str]:
    """Alt text and details: the span, categories, busiest days and places, loose ends."""
    count = len(events)
    first, last = events["date"].min(), events["date"].max()
    in_article = int(events["in_article"].fillna(False).astype(bool).sum())
    by_count = events["category"].astype(str).value_counts()
    category_text = listing(f"{label} {int(by_count[c])}" for c, label in labels.items())
    alt = (
        f"Timeline (dot chart) of the {count_phrase(count, 'event')} in the phase "
        f"'{phase}' from {format_day(first)} to {format_day(last)}, one marker per event, "
        f"placed by date (across) and {'category' if by_category else 'place'} (down)."
    )
    details = (
        f"Marker shape shows the category ({category_text}). {in_article} of the {count} "
        "events are in the article (filled markers); the others are hollow."
    )
    details += _busiest_days(events) + _busiest_places(events)
    unplaced = int((events["place"] == _NO_PLACE).sum())
    if unplaced:
        verb = "has" if unplaced == 1 else "have"
        details += f" {count_phrase(unplaced, 'event')} {verb} no single place."
    longest = events["end_date"].max()
    if not pd.isna(longest) and longest > last:
        details += f" Some events go on after that: the last ends on {format_day(longest)}."
    return alt, details


def _busiest_days(events: pd.DataFrame) -> str:
    """' The busiest day is ... with N events.' (every day tied for the most), or ''."""
    per_day = events.groupby(events["date"].dt.normalize()).size()
    most = int(per_day.max())
    if most <= 1:
        return ""
    busiest = [format_day(d, weekday=True) for d in per_day[per_day == most].index]
    days = "day is" if len(busiest) == 1 else "days are"
    each = "" if len(busiest) == 1 else " each"
    return f" The busiest {days} {listing(busiest)} with {count_phrase(most, 'event')}{each}."


def _busiest_places(events: pd.DataFrame) -> str:
    """' Events happen in N places; the most at ...' (every place tied for the most), or ''."""
    per_place = events[events["place"] != _NO_PLACE].groupby("place").size()
    if per_place.empty:
        return ""
    top_count = int(per_place.max())
    tied = [str(place) for place in per_place[per_place == top_count].index]
    each = "" if len(tied) == 1 else " each"
    return (
        f" Events happen in {count_phrase(len(per_place), 'place')}; the most at "
        f"{listing(tied)} ({count_phrase(top_count, 'event')}{each})."
    )


# ----------------------------------------------------------------------------- claims

_VERDICT_STYLE = {  # colour and hatch per verdict, in schema order
    "consistent": (BLUE, ""),
    "differs": (VERMILLION, "//"),
    "unverifiable": (ORANGE, ".."),
    "opinion": (PURPLE, "xx"),
}


def _verdict_style(verdict: str, position: int) -> tuple[str, str]:
    """Colour and hatch of a verdict (a fallback by position for verdicts added later)."""
    if verdict in _VERDICT_STYLE:
        return _VERDICT_STYLE[verdict]
    return SERIES_COLOURS[position % len(SERIES_COLOURS)], HATCHES[position % len(HATCHES)]


@student_call("kz.plots.claims_by_speaker")
def claims_by_speaker(*, directory: str | Path | None = None) -> DescribedFigure:
    """Grouped bars: the article's claims counted by speaker, one bar per verdict.

    Each verdict has its own colour and hatching and every bar is labelled with its count,
    so the chart reads in black and white too; each speaker's total is under their name.
    (Side by side rather than stacked: small counts would not fit a label inside a stack.)
    """
    folder = resolve_dir(directory)
    claims = load_table("claims", folder)
    table = pd.crosstab(claims["speaker"], claims["verdict"], dropna=False)
    table = table[table.sum(axis=1) > 0]
    verdicts = [str(v) for v in claims["verdict"].cat.categories]
    table = table.reindex(columns=claims["verdict"].cat.categories, fill_value=0)
    speakers = [str(s) for s in table.index]
    names = [enum_text(folder, "claims", "speaker", s) for s in speakers]
    fig = new_figure(8.5, 4.8)
    ax = fig.add_subplot()
    ax.set_title("Claims in the article by speaker and verdict")
    ax.set_xlabel("Speaker (who makes the claim)")
    ax.set_ylabel("Number of claims")
    width = 0.8 / max(len(verdicts), 1)
    for position, verdict in enumerate(verdicts):
        counts = [int(n) for n in table.iloc[:, position]]
        colour, hatch = _verdict_style(verdict, position)
        offset = (position - (len(verdicts) - 1) / 2) * width
        bars = ax.bar(
            [x + offset for x in range(len(speakers))],
            counts,
            color=colour,
            hatch=hatch,
            edgecolor=BLACK,
            linewidth=0.8,
            width=width,
            label=enum_text(folder, "claims", "verdict", verdict),
        )
        for bar, count in zip(bars, counts, strict=True):
            if count:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    count,
                    str(count),
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    color=BLACK,
                )
    totals = [int(n) for n in table.sum(axis=1)]
    ax.set_xticks(
        range(len(speakers)),
        [
            f"{textwrap.fill(name, 16)}\n{total} in all"
            for name, total in zip(names, totals, strict=True)
        ],
    )
    tallest = int(table.to_numpy().max()) if table.size else 0
    ax.set_ylim(0, max(tallest, 1) * 1.12 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(title="Verdict", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)

    total = int(table.to_numpy().sum())
    alt = (
        f"Grouped bar chart of the {count_phrase(total, 'claim')} in the data: for each "
        "speaker one bar per verdict (each verdict has its own colour and hatching; every "
        "bar is labelled with its count, and each speaker's total is under their name)."
    )
    if total == 0:
        return describe(fig, alt, "The data has no claims.")
    parts = []
    for speaker, name in zip(speakers, names, strict=True):
        row = table.loc[speaker]
        split = listing(
            f"{int(row[v])} {enum_text(folder, 'claims', 'verdict', v).lower()}"
            for v in table.columns
            if int(row[v])
        )
        parts.append(f"{name}: {count_phrase(int(row.sum()), 'claim')} ({split}).")
    top = table.sum(axis=1).sort_values(ascending=False, kind="stable")
    overall = table.sum(axis=0)
    overall_text = listing(
        f"{int(overall[v])} {enum_text(folder, 'claims', 'verdict', v).lower()}"
        for v in table.columns
    )
    details = (
        " ".join(parts)
        + f" Main point: {enum_text(folder, 'claims', 'speaker', str(top.index[0]))} makes the "
        f"most claims ({int(top.iloc[0])} of {total}); over all claims the verdicts are "
        f"{overall_text}."
    )
    return describe(fig, alt, details)


# ----------------------------------------------------------------------------- LPG price

_PER_LITRE = r"tenge\s*(?:/|per|a)\s*(?:l|litre|liter)\b"
_LPG_WORDS = r"\bLPG\b|gas"


@student_call("kz.plots.lpg_figures")
def lpg_figures(*, directory: str | Path | None = None) -> pd.DataFrame:
    """The rows of the figures table that give the LPG (car gas) price, sorted by date.

    A row counts when its unit is tenge per litre and its label names LPG or gas.
    """
    figures = load_table("figures", directory)
    per_litre = figures["unit"].str.contains(_PER_LITRE, case=False, regex=True)
    gas = figures["label"].str.contains(_LPG_WORDS, case=False, regex=True)
    chosen = figures[per_litre.fillna(False) & gas.fillna(False)]
    return chosen.sort_values(["date", "id"], na_position="first").reset_index(drop=True)


def _value_text(low: Any, high: Any) -> str:
    """'60', '50–60' or 'not given'."""
    if pd.isna(low):
        return "not given"
    if pd.isna(high) or high == low:
        return number_text(float(low))
    return f"{number_text(float(low))}–{number_text(float(high))}"


@student_call("kz.plots.lpg_prices")
def lpg_prices(*, directory: str | Path | None = None) -> DescribedFigure:
    """Grouped bars: the LPG price per litre at each moment, the article's figure beside
    the verified one, with the value written on every bar and the date under each pair.

    Article bars are hatched orange, verified bars plain blue; a thin line shows a range
    (e.g. 50-60). Data: the figures table (see :func:`lpg_figures`).
    """
    folder = resolve_dir(directory)
    rows = lpg_figures(directory=folder)
    fig = new_figure(8.5, 4.8)
    ax = fig.add_subplot()
    ax.set_title("Price of LPG (car gas) per litre: the article and the verified figures")
    ax.set_xlabel("Moment (figure id, label and date)")
    ax.set_ylabel("Price (tenge per litre)")
    alt = (
        f"Grouped bar chart of the LPG price in tenge per litre at "
        f"{count_phrase(len(rows), 'moment')}: for each, the article's figure (hatched) "
        "beside the verified figure (plain), with the value written on every bar."
    )
    if rows.empty:
        ax.text(0.5, 0.5, "No LPG price in the figures table.", ha="center", transform=ax.transAxes)
        return describe(fig, alt, "The figures table has no LPG price (unit: tenge per litre).")
    series = (
        ("article", "article_value", "article_value_high", ORANGE, "//", "the article says"),
        ("verified", "verified_value", "verified_value_high", BLUE, "", "verified sources"),
    )
    top = 0.0
    for number, (_key, low_col, high_col, colour, hatch, name) in enumerate(series):
        xs = [i + (number - 0.5) * 0.38 for i in range(len(rows))]
        lows = [0.0 if pd.isna(v) else float(v) for v in rows[low_col]]
        ax.bar(
            xs,
            lows,
            width=0.36,
            color=colour,
            hatch=hatch,
            edgecolor=BLACK,
            linewidth=0.8,
            label=name,
        )
        for x, low, high in zip(xs, rows[low_col], rows[high_col], strict=True):
            if not pd.isna(high) and not pd.isna(low) and high > low:
                ax.plot(
                    [x, x],
                    [float(low), float(high)],
                    color=BLACK,
                    linewidth=1.5,
                    marker="_",
                    markersize=10,
                )
            peak = max(float(v) for v in (low, high) if not pd.isna(v)) if not pd.isna(low) else 0
            top = max(top, peak)
            ax.text(
                x,
                peak,
                _value_text(low, high),
                ha="center",
                va="bottom",
                fontsize=9,
                fontweight="bold",
                color=BLACK,
            )
    ticks = []
    for row in rows.itertuples(index=False):
        when = format_day(row.date) if not pd.isna(row.date) else "date not given"
        ticks.append(f"{row.id}: {row.label}\n{when}")
    ax.set_xticks(range(len(rows)), ticks, fontsize=8)
    ax.set_ylim(0, top * 1.18 + 1)
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)

    moments = []
    differ = []
    for row in rows.itertuples(index=False):
        when = format_day(row.date) if not pd.isna(row.date) else "no date"
        said = _value_text(row.article_value, row.article_value_high)
        found = _value_text(row.verified_value, row.verified_value_high)
        moments.append(f"{row.label} ({when}): article {said}, verified {found}.")
        if said != found:
            differ.append(f"{row.label} (article {said}, verified {found})")
    best = [
        float(v) if not pd.isna(v) else float(a)
        for v, a in zip(rows["verified_value"], rows["article_value"], strict=True)
        if not (pd.isna(v) and pd.isna(a))
    ]
    details = " ".join(moments)
    if len(best) >= 2:
        highest = max(best)
        details += (
            f" Main point: the price went from {number_text(best[0])} to "
            f"{number_text(highest)} tenge per litre "
            f"({number_text(round(highest / best[0], 1))} times as much)"
            if best[0]
            else f" Main point: the highest price is {number_text(highest)} tenge"
        )
        details += f" and stood at {number_text(best[-1])} at the last moment shown."
    details += (
        f" The article's figures differ from the verified ones for {listing(differ)}."
        if differ
        else " The article's figures match the verified ones."
    )
    return describe(fig, alt, details)
