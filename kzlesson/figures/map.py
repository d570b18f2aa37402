"""The map of the places in the story on an outline of Kazakhstan (no geopandas, no network).

The outline is a small GeoJSON file shipped with the data (``kazakhstan_outline.geojson``,
extracted once from Natural Earth; see ``kazakhstan_outline.md``). ``places_map()`` returns a
:class:`~.style.DescribedFigure` whose description names the places and the takeaway.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from ..errors import student_call
from ..paths import resolve_dir
from ..reading import format_day, parse_day
from ..tables.load import load_table
from .style import (
    BLACK,
    BLUE,
    SKY_BLUE,
    VERMILLION,
    WHITE,
    DescribedFigure,
    count_phrase,
    describe,
    enum_text,
    listing,
    new_figure,
    number_text,
)

OUTLINE_FILE = "kazakhstan_outline.geojson"


def load_outline(directory: str | Path | None = None) -> list[list[tuple[float, float]]]:
    """Return the outline's outer rings as lists of (longitude, latitude) points.

    Reads ``kazakhstan_outline.geojson`` from the data folder with :mod:`json` (no geopandas).
    """
    path = resolve_dir(directory) / OUTLINE_FILE
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        rings = []
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = (
                [geometry["coordinates"]]
                if geometry["type"] == "Polygon"
                else geometry["coordinates"]
            )
            rings += [[(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons]
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: the map outline file is missing.") from None
    except (ValueError, KeyError, TypeError, IndexError) as err:
        raise ValueError(
            f"{path}: not a GeoJSON FeatureCollection of (Multi)Polygons ({err!r})."
        ) from None
    if not rings:
        raise ValueError(f"{path}: the GeoJSON file holds no polygon.")
    return rings


def events_on(events: pd.DataFrame, day: Any) -> pd.DataFrame:
    """Events that start on ``day`` or are under way then (date <= day <= end_date)."""
    stamp = parse_day(day)
    start = events["date"].dt.normalize()
    end = events["end_date"].dt.normalize().fillna(start)
    return events[(start == stamp) | ((start <= stamp) & (end >= stamp))]


_LAND = (*to_rgb(SKY_BLUE), 0.25)  # pale sky blue land
_KIND_MARKERS = {"city": "o", "region": "D", "oil-field": "^"}
_LABEL_OFFSETS = (
    (7, 3),
    (7, -11),
    (-7, 3),
    (-7, -11),
    (0, 9),
    (0, -17),
    (12, 12),
    (-12, -20),
    (-16, 16),
    (16, -22),
    (0, 24),
    (0, -32),
)
# A day's places are drawn as big stars: their names start further out, with more places to try.
_STAR_OFFSETS = (
    (12, 4),
    (12, -14),
    (-12, 4),
    (-12, -14),
    (0, 13),
    (0, -24),
    (18, 18),
    (-18, 18),
    (18, -28),
    (-18, -28),
)
_POINT_HALF = {True: 13.0, False: 5.0}  # half the marker's size in pixels (star, small marker)


def _place_labels(fig: Figure, ax: Any, points: list[tuple[float, float, str, bool]]) -> None:
    """Write each name next to its point, avoiding the names already written (greedy)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = []
    for x, y, _name, bold in points:
        px, py = ax.transData.transform((x, y))
        half = _POINT_HALF[bold] * fig.dpi / 100
        taken.append((px - half, py - half, px + half, py + half))
    for x, y, name, bold in points:
        best = None
        for dx, dy in _STAR_OFFSETS if bold else _LABEL_OFFSETS:
            align = "left" if dx > 0 else "right" if dx < 0 else "center"
            text = ax.annotate(
                name,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=align,
                fontsize=9,
                fontweight="bold" if bold else "normal",
                color=BLACK,
                bbox={
                    "boxstyle": "round,pad=0.1",
                    "facecolor": WHITE,
                    "edgecolor": "none",
                    "alpha": 0.8,
                },
            )
            box = text.get_window_extent(renderer)
            clashes = sum(
                not (box.x1 < a or box.x0 > c or box.y1 < b or box.y0 > d) for a, b, c, d in taken
            )
            if not frame.contains(box.x0, box.y0) or not frame.contains(box.x1, box.y1):
                clashes += 100  # a name cut off by the frame is worse than an overlap
            if best is None or clashes < best[0]:
                if best is not None:
                    best[1].remove()
                best = (clashes, text, box)
            else:
                text.remove()
            if clashes == 0:
                break
        assert best is not None
        box = best[2]
        taken.append((box.x0, box.y0, box.x1, box.y1))


def _distance_km(a: pd.Series, b: pd.Series) -> float:
    """Great-circle distance between two places (rows with latitude and longitude)."""
    lat1, lon1, lat2, lon2 = (
        math.radians(float(v))
        for v in (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _map_takeaway(events: pd.DataFrame, mapped: pd.DataFrame) -> str:
    """Main point of the map: how far the first protests were from the busiest place."""
    protests = events[(events["phase"] == "protests") & events["place_id"].isin(mapped["id"])]
    if protests.empty:
        return ""
    by_id = mapped.set_index("id")
    first = protests.sort_values(["date", "id"]).iloc[0]
    counts = protests.groupby("place_id", observed=True).size().drop(first["place_id"])
    if counts.empty:
        return ""
    busiest = counts.sort_values(ascending=False, kind="stable").index[0]
    start, end = by_id.loc[first["place_id"]], by_id.loc[busiest]
    distance = round(_distance_km(start, end), -1)
    return (
        f"Main point: the protests in the data begin at {start['name']} on "
        f"{format_day(first['date'], weekday=True)}, about {number_text(distance)} km in a "
        f"straight line from {end['name']}, the place with the most events of the protest days "
        f"({count_phrase(int(counts[busiest]), 'event')})."
    )


@dataclass
class _MapArea:
    """The map's bounds (the outline plus a margin) and the places sorted by where they fall."""

    west: float
    east: float
    south: float
    north: float
    inside: pd.DataFrame  # places with a point on the map
    outside: pd.DataFrame  # places with a point beyond it (Istanbul)
    pointless: pd.DataFrame  # places without one point (countries, macro-regions)


@dataclass
class _MapDay:
    """The events of one day by place id, and how many have no place (empty with no day)."""

    counts: dict[str, int]
    unplaced: int = 0


@student_call("kz.plots.places_map")
def places_map(day: Any = None, *, directory: str | Path | None = None) -> DescribedFigure:
    """Map of the places in the story on the outline of Kazakhstan, each labelled by name.

    With ``day`` (e.g. ``"2022-01-04"``, ``"4 Jan"`` or ``"04.01.2022"``, read day first;
    see :func:`kzlesson.reading.parse_day`) the places with events that day (starting or under
    way) are drawn as large stars with their number of events; the others stay small.
    Places outside the map (such as Istanbul) and places without one point (countries,
    macro-regions) are named in a note and in the description.
    """
    stamp = None if day is None else parse_day(day)
    folder = resolve_dir(directory)
    rings = load_outline(folder)
    area = _map_area(load_table("places", folder), rings)
    today = _MapDay({})
    if stamp is not None:
        todays = events_on(load_table("events", folder), stamp)
        today = _MapDay(
            todays["place_id"].dropna().astype(str).value_counts().to_dict(),
            int(todays["place_id"].isna().sum()),
        )
    fig, ax = _map_axes(rings, area, stamp)
    labels, kinds_drawn = _draw_places(ax, area.inside, today, stamp)
    labels.sort(key=lambda item: not item[3])  # highlighted names are placed first
    _place_labels(fig, ax, labels)
    kind_names = {k: enum_text(folder, "places", "kind", k).lower() for k in kinds_drawn}
    ax.legend(
        handles=_map_legend(stamp, kinds_drawn, kind_names),
        loc="upper right",
        fontsize=9,
        framealpha=0.9,
    )
    notes = _map_notes(area, today, stamp)
    if notes:
        ax.text(
            0.01,
            0.01,
            "\n".join(notes),
            transform=ax.transAxes,
            fontsize=9,
            va="bottom",
            ha="left",
            color=BLACK,
            bbox={"facecolor": WHITE, "edgecolor": BLACK, "linewidth": 0.5},
        )
    if stamp is None:
        takeaway = _map_takeaway(load_table("events", folder), area.inside)
        return describe(fig, *_map_description(area, notes, takeaway))
    return describe(fig, *_day_map_description(area, today, stamp, notes))


def _map_area(places: pd.DataFrame, rings: list) -> _MapArea:
    """Bounds of the outline plus a margin, and which places fall inside them."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    margin = 1.5
    west, east = min(xs) - margin, max(xs) + margin
    south, north = min(ys) - margin, max(ys) + margin
    located = places.dropna(subset=["latitude", "longitude"])
    inside = located[
        located["longitude"].between(west, east) & located["latitude"].between(south, north)
    ]
    return _MapArea(
        west, east, south, north, inside, located.drop(inside.index), places.drop(located.index)
    )


def _map_axes(rings: list, area: _MapArea, stamp: Any) -> tuple[Any, Any]:
    """A figure with a fixed axes box holding the outline (labels are measured against it)."""
    # Equirectangular map: stretch by 1/cos(latitude) so shapes look right.
    mid = math.cos(math.radians((area.north + area.south) / 2))
    ratio = (area.east - area.west) * mid / (area.north - area.south)
    axes_width = 7.2
    axes_height = axes_width / ratio
    fig = new_figure(axes_width + 1.2, axes_height + 1.25)
    fig.set_layout_engine("none")  # fixed axes box, so labels can be measured before drawing
    width, height = fig.get_size_inches()
    ax = fig.add_axes((0.85 / width, 0.7 / height, axes_width / width, axes_height / height))
    for ring in rings:
        ax.add_patch(Polygon(ring, closed=True, facecolor=_LAND, edgecolor=BLACK, linewidth=1.2))
    ax.set_xlim(area.west, area.east)
    ax.set_ylim(area.south, area.north)
    ax.set_xlabel("Longitude (degrees east)")
    ax.set_ylabel("Latitude (degrees north)")
    ax.grid(color=BLACK, alpha=0.1, linewidth=0.6)
    if stamp is None:
        ax.set_title("Places in the story")
    else:
        ax.set_title(f"Places with events on {format_day(stamp, weekday=True)}")
    return fig, ax


def _draw_places(
    ax: Any, inside: pd.DataFrame, today: _MapDay, stamp: Any
) -> tuple[list[tuple[float, float, str, bool]], dict[str, str]]:
    """A star for each place with events that day, a small marker by kind for the others.

    Returns the labels to place (x, y, text, highlighted) and the marker of each kind drawn.
    """
    labels = []
    kinds_drawn: dict[str, str] = {}
    for place in inside.itertuples(index=False):
        pid, name = str(place.id), str(place.name)
        count = today.counts.get(pid, 0)
        x, y = float(place.longitude), float(place.latitude)
        if count:
            ax.plot(
                [x],
                [y],
                linestyle="none",
                marker="*",
                markersize=19,
                color=VERMILLION,
                markeredgecolor=BLACK,
                markeredgewidth=1,
                zorder=4,
            )
            labels.append((x, y, f"{name} ({count_phrase(count, 'event')})", True))
            continue
        kind = str(place.kind)
        marker = _KIND_MARKERS.get(kind, "o")
        colour = BLUE if stamp is None else BLACK
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker=marker,
            markersize=7,
            color=colour,
            markerfacecolor=colour if stamp is None else WHITE,
            zorder=3,
        )
        kinds_drawn[kind] = marker
        labels.append((x, y, name, False))
    return labels, kinds_drawn


def _map_legend(stamp: Any, kinds_drawn: dict[str, str], kind_names: dict[str, str]) -> list:
    """Kazakhstan, the day's star (with a day) and each kind of place drawn."""
    handles: list = [Patch(facecolor=_LAND, edgecolor=BLACK, label="Kazakhstan")]
    if stamp is not None:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="*",
                markersize=13,
                color=VERMILLION,
                markeredgecolor=BLACK,
                label="events on this day",
            )
        )
    colour = BLUE if stamp is None else BLACK
    for kind, marker in kinds_drawn.items():
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=7,
                color=colour,
                markerfacecolor=colour if stamp is None else WHITE,
                label=kind_names[kind],
            )
        )
    return handles


def _map_notes(area: _MapArea, today: _MapDay, stamp: Any) -> list[str]:
    """The note on the map: places beyond it, and that day's events it cannot show."""
    notes = []
    if not area.outside.empty:
        away = [
            f"{n} ({r})" if not pd.isna(r) else str(n)
            for n, r in zip(area.outside["name"], area.outside["region"], strict=True)
        ]
        notes.append(f"Outside this map: {listing(away)}.")
    day_pointless = [
        str(n)
        for pid, n in zip(area.pointless["id"], area.pointless["name"], strict=True)
        if str(pid) in today.counts
    ]
    if stamp is not None and (day_pointless or today.unplaced):
        extra = [f"{n} (no single point)" for n in day_pointless]
        if today.unplaced:
            extra.append(count_phrase(today.unplaced, "event") + " with no place")
        notes.append(f"Also that day: {listing(extra)}.")
    return notes


def _map_spread(inside: pd.DataFrame) -> str:
    """' They run from X in the west (..°E) to Y in the east (..°E).' or ''."""
    if inside.empty:
        return ""
    westmost = inside.loc[inside["longitude"].idxmin()]
    eastmost = inside.loc[inside["longitude"].idxmax()]
    return (
        f" They run from {westmost['name']} in the west "
        f"({number_text(round(float(westmost['longitude']), 1))}°E) to {eastmost['name']} "
        f"in the east ({number_text(round(float(eastmost['longitude']), 1))}°E)."
    )


def _map_description(area: _MapArea, notes: list[str], takeaway: str) -> tuple[str, str]:
    """Alt text and details of the map without a day."""
    note_text = " ".join(notes)
    pointless = area.pointless
    if not pointless.empty:
        examples = listing([str(n) for n in pointless["name"].head(3)])
        note_text += (
            f" {count_phrase(len(pointless), 'other place')} in the data (countries and wider "
            f"areas such as {examples}) {'has' if len(pointless) == 1 else 'have'} no single "
            "point and are not drawn."
        )
    alt = (
        f"Map of Kazakhstan (country outline) with the {count_phrase(len(area.inside), 'place')} "
        "of the story that have coordinates, each a labelled marker."
    )
    return alt, f"{_map_spread(area.inside).strip()} {takeaway} {note_text}".strip()


def _day_map_description(
    area: _MapArea, today: _MapDay, stamp: Any, notes: list[str]
) -> tuple[str, str]:
    """Alt text and details of the map of one day: how many events, which places are stars."""
    inside = area.inside
    lit = inside[inside["id"].astype(str).isin(today.counts)]
    total = sum(today.counts.values()) + today.unplaced
    alt = (
        f"Map of Kazakhstan with the places of the story; the places with events on "
        f"{format_day(stamp, weekday=True)} are large stars."
    )
    if total == 0:
        details = f"The data has no events on {format_day(stamp)}; no place is highlighted."
    else:
        starred = listing(
            f"{n} ({count_phrase(today.counts[str(i)], 'event')})"
            for i, n in zip(lit["id"], lit["name"], strict=True)
        )
        details = (
            f"{count_phrase(total, 'event')} that day. "
            f"Highlighted: {starred or 'none on the map'}."
            f" The other {count_phrase(len(inside) - len(lit), 'place')} on the map are small"
            " markers."
        )
    return alt, f"{details} {' '.join(notes)}".strip()
