"""kz.plots: every chart has a title, labelled axes, Okabe-Ito colours only, and a text
description whose numbers come from the packaged data; the map draws the outline and a
labelled point per place; the outline tool reads a shapefile correctly."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Polygon  # noqa: E402

import kzlesson as kz  # noqa: E402
from kzlesson.figures import charts as plots  # noqa: E402
from kzlesson.paths import data_dir  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ALLOWED = {to_hex(c) for c in matplotlib.color_sequences["okabe_ito"]} | {"#ffffff"}


def _number(value: float) -> str:
    """How the descriptions write numbers: 120.0 -> '120'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _colours(fig: Figure) -> set[str]:
    """Every visible colour used by the data, text and legend artists (RGB hex, alpha ignored)."""
    found: set[str] = set()

    def add(colour: object) -> None:
        if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
            return
        rgba = matplotlib.colors.to_rgba(colour)
        if rgba[3] > 0:
            found.add(to_hex(rgba[:3]))

    legends = list(fig.legends)
    for ax in fig.axes:
        for line in ax.lines:
            add(line.get_color())
            add(line.get_markerfacecolor())
            add(line.get_markeredgecolor())
        for patch in ax.patches:
            if patch.get_fill():
                add(patch.get_facecolor())
            add(patch.get_edgecolor())
        for collection in ax.collections:
            for colour in list(collection.get_facecolors()) + list(collection.get_edgecolors()):
                add(colour)
        texts = list(ax.texts) + [ax.title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.get_xticklabels() + ax.get_yticklabels()
        for text in texts:
            add(text.get_color())
            box = text.get_bbox_patch()
            if box is not None:
                add(box.get_facecolor())
        if ax.get_legend() is not None:
            legends.append(ax.get_legend())
    for legend in legends:
        for handle in legend.legend_handles:
            if isinstance(handle, Line2D):
                add(handle.get_color())
                add(handle.get_markerfacecolor())
                add(handle.get_markeredgecolor())
            else:
                add(handle.get_facecolor())
                add(handle.get_edgecolor())
        for text in legend.get_texts():
            add(text.get_color())
    return found


def _data_markers(ax) -> list[Line2D]:
    """Lines drawn as single markers (one per data point), legend proxies excluded."""
    return [
        line
        for line in ax.lines
        if line.get_marker() not in (None, "None", "", " ") and len(line.get_xdata()) == 1
    ]


# ----------------------------------------------------------------------------- shared rules

FIGURES = {
    "timeline": lambda: plots.timeline(),
    "timeline-aftermath": lambda: plots.timeline("aftermath"),
    "timeline-background": lambda: plots.timeline("background"),
    "lpg_prices": plots.lpg_prices,
    "places_map": plots.places_map,
    "places_map-day": lambda: plots.places_map(day="2022-01-04"),
    "claims_by_speaker": plots.claims_by_speaker,
    "interpretation_matrix": plots.interpretation_matrix,
}


@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    """Each figure made once for the module."""
    return {name: make() for name, make in FIGURES.items()}


@pytest.mark.parametrize("name", FIGURES)
def test_title_axes_description_palette(name: str, figures: dict[str, Figure]) -> None:
    fig = figures[name]
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title().strip()
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip()
    text = plots.description(fig)
    assert len(text) > 80 and any(ch.isdigit() for ch in text)
    assert plots.alt_text(fig) and text.startswith(plots.alt_text(fig))
    assert _colours(fig) <= ALLOWED, _colours(fig) - ALLOWED


def test_palette_is_matplotlibs_okabe_ito() -> None:
    assert plots.okabe_ito() == [to_hex(c) for c in matplotlib.color_sequences["okabe_ito"]]
    assert set(plots.OKABE_ITO_HEX) == set(plots.okabe_ito())


def test_description_of_a_plain_figure_explains_how_to_add_one() -> None:
    fig = Figure()
    with pytest.raises(ValueError, match="describe"):
        plots.description(fig)
    plots.describe(fig, "Bar chart of apples.", "Main point: 3 apples.")
    assert plots.description(fig) == "Bar chart of apples. Main point: 3 apples."
    assert plots.alt_text(fig) == "Bar chart of apples."
    with pytest.raises(TypeError, match="Figure"):
        plots.description("not a figure")
    with pytest.raises(ValueError, match="alt"):
        plots.describe(Figure(), "  ")


def test_plots_do_not_import_pyplot() -> None:
    code = (
        "import sys, kzlesson as kz\n"
        "fig = kz.plots.claims_by_speaker()\n"
        "assert kz.plots.description(fig)\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"


# ----------------------------------------------------------------------------- timeline


@pytest.mark.parametrize("phase", ["protests", "aftermath", "background"])
def test_timeline_one_marker_per_event(phase: str) -> None:
    events = kz.load_events()
    chosen = events[events["phase"] == phase]
    assert len(chosen) > 0
    fig = plots.timeline(phase)
    ax = fig.axes[0]
    markers = _data_markers(ax)
    assert len(markers) == len(chosen)
    filled = [m for m in markers if to_hex(m.get_markerfacecolor()) != "#ffffff"]
    assert len(filled) == int(chosen["in_article"].sum())
    # shapes differ by category
    places = kz.load_places().set_index("id")["name"]
    if chosen["place_id"].isna().mean() > 2 / 3:  # mostly placeless: one row per category
        expected_rows = {str(c).capitalize() for c in chosen["category"]}
        assert ax.get_ylabel() == "Category"
    else:
        expected_rows = {
            str(places[p]) if not pd.isna(p) else "(no single place)" for p in chosen["place_id"]
        }
        assert ax.get_ylabel() == "Place"
    assert {t.get_text() for t in ax.get_yticklabels()} == expected_rows
    shapes = {str(c): set() for c in chosen["category"]}
    ordered = chosen.sort_values(["date", "id"])["category"]
    for marker, category in zip(markers, ordered, strict=True):
        shapes[str(category)].add(marker.get_marker())
    assert all(len(s) == 1 for s in shapes.values())
    assert len({next(iter(s)) for s in shapes.values()}) == len(shapes)
    text = plots.description(fig)
    assert f"{len(chosen)} event" in text
    busiest = chosen.groupby(chosen["date"].dt.normalize()).size()
    if busiest.max() > 1:
        assert f"with {int(busiest.max())} events" in text
        day = busiest.idxmax()
        assert f"{day.day} {day.strftime('%B %Y')}" in text
    else:
        assert "busiest" not in text
    assert f"{int(chosen['in_article'].sum())} of the {len(chosen)} events" in text


@pytest.mark.parametrize("rows", ["place", "category"])
def test_timeline_rows_can_be_chosen(rows: str) -> None:
    fig = plots.timeline("aftermath", rows=rows)
    assert fig.axes[0].get_ylabel() == rows.capitalize()
    assert f"and {rows} (down)" in plots.description(fig)


def test_daily_markers_stay_inside_their_day() -> None:
    import matplotlib.dates as mdates

    events = kz.load_events()
    chosen = events[events["phase"] == "protests"].sort_values(["date", "id"])
    markers = _data_markers(plots.timeline("protests").axes[0])
    for marker, day in zip(markers, chosen["date"], strict=True):
        x = (
            float(marker.get_xdata()[0])
            if not hasattr(marker.get_xdata()[0], "day")
            else (mdates.date2num(marker.get_xdata()[0]))
        )
        assert abs(x - mdates.date2num(day)) < 0.3, day


def test_timeline_bad_phase_says_what_to_type() -> None:
    with pytest.raises(ValueError, match="Did you mean 'protests'"):
        plots.timeline("protest")
    assert plots.description(plots.timeline("AFTERMATH"))


# ----------------------------------------------------------------------------- LPG


def test_lpg_prices_show_the_figures_table_values() -> None:
    rows = plots.lpg_figures()
    assert len(rows) >= 2, "the figures table should give the LPG price before and after"
    fig = plots.lpg_prices()
    text = plots.description(fig)
    labels = {t.get_text() for t in fig.axes[0].texts}
    for row in rows.itertuples(index=False):
        for value in (row.article_value, row.verified_value):
            if not pd.isna(value):
                assert _number(value) in text
                assert any(label.startswith(_number(value)) for label in labels)
    bars = [p for p in fig.axes[0].patches if p.get_height() > 0]
    heights = sorted(round(b.get_height(), 3) for b in bars)
    expected = sorted(
        round(float(v), 3)
        for v in list(rows["article_value"]) + list(rows["verified_value"])
        if not pd.isna(v) and v > 0
    )
    assert heights == expected
    hatches = {b.get_hatch() or "" for b in bars}
    assert len(hatches) == 2  # article and verified bars differ by hatching, not colour alone


# ----------------------------------------------------------------------------- map


def _outline_ring() -> list[tuple[float, float]]:
    collection = json.loads((data_dir() / plots.OUTLINE_FILE).read_text(encoding="utf-8"))
    return [tuple(p) for p in collection["features"][0]["geometry"]["coordinates"][0]]


def test_outline_file_has_provenance_and_a_sane_ring() -> None:
    collection = json.loads((data_dir() / plots.OUTLINE_FILE).read_text(encoding="utf-8"))
    for key in ("source", "version", "licence", "how_made"):
        assert collection["properties"][key]
    assert "Natural Earth" in collection["properties"]["source"]
    assert "ublic domain" in collection["properties"]["licence"]
    ring = _outline_ring()
    assert ring[0] == ring[-1] and len(ring) > 50
    assert all(round(x, 3) == x and round(y, 3) == y for x, y in ring)
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    assert 46 < min(xs) < 47 and 87 < max(xs) < 88 and 40 < min(ys) < 41 and 55 < max(ys) < 56
    area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True))
    assert area > 0  # counter-clockwise, as RFC 7946 asks


def test_map_draws_outline_and_a_labelled_point_per_place(figures: dict[str, Figure]) -> None:
    fig = figures["places_map"]
    ax = fig.axes[0]
    outline = [p for p in ax.patches if isinstance(p, Polygon)]
    assert len(outline) == 1
    drawn = [c for point in outline[0].get_xy() for c in point]
    assert drawn == pytest.approx([c for point in _outline_ring() for c in point])
    places = kz.load_places().dropna(subset=["latitude", "longitude"])
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    inside = places[places["longitude"].between(x0, x1) & places["latitude"].between(y0, y1)]
    assert len(inside) >= 8
    points = {(m.get_xdata()[0], m.get_ydata()[0]) for m in _data_markers(ax)}
    labels = {(t.get_text(), t.xy) for t in ax.texts if hasattr(t, "xy")}
    for place in inside.itertuples(index=False):
        point = (float(place.longitude), float(place.latitude))
        assert point in points, place.name
        assert (str(place.name), point) in labels, place.name
    outside = places.drop(inside.index)
    notes = " ".join(t.get_text() for t in ax.texts)
    for name in outside["name"]:
        assert str(name) in notes and str(name) in plots.description(fig)


def test_map_highlights_the_places_of_a_day() -> None:
    day = pd.Timestamp("2022-01-04")
    events = kz.load_events()
    end = events["end_date"].fillna(events["date"])
    todays = events[(events["date"] == day) | ((events["date"] <= day) & (end >= day))]
    counts = todays["place_id"].dropna().value_counts()
    places = kz.load_places().set_index("id")
    located = [p for p in counts.index if not pd.isna(places.loc[p, "latitude"])]
    assert located, "the data should have located events on 4 January 2022"
    fig = plots.places_map(day="2022-01-04")
    ax = fig.axes[0]
    stars = {
        (m.get_xdata()[0], m.get_ydata()[0]) for m in _data_markers(ax) if m.get_marker() == "*"
    }
    assert stars == {
        (float(places.loc[p, "longitude"]), float(places.loc[p, "latitude"])) for p in located
    }
    text = plots.description(fig)
    assert "Tuesday 4 January 2022" in text and "Tuesday 4 January 2022" in ax.get_title()
    assert f"{len(todays)} event" in text
    for pid in located:
        name = str(places.loc[pid, "name"])
        count = int(counts[pid])
        assert f"{name} ({count} event" in text
        assert any(t.get_text().startswith(f"{name} ({count} event") for t in ax.texts)


@pytest.mark.parametrize("day", ["4 Jan", "4 January", "January 4", "04.01.2022", "4/1/2022"])
def test_map_reads_a_day_as_students_write_it(day: str) -> None:
    """ "4 Jan" is 4 January 2022 (not year 1) and "04.01.2022" is read day first (not 1 April):
    the map is the same as for "2022-01-04", with that day's events."""
    expected = plots.description(plots.places_map(day="2022-01-04"))
    assert "Tuesday 4 January 2022" in expected and "0 events" not in expected
    fig = plots.places_map(day=day)
    assert plots.description(fig) == expected
    assert "Tuesday 4 January 2022" in fig.axes[0].get_title()


def test_map_rejects_a_bad_day_with_an_example() -> None:
    with pytest.raises(ValueError, match="2022-01-04"):
        plots.places_map(day="the fourth")
    with pytest.raises(ValueError, match="2022-01-04"):  # a two-digit year is not guessed
        plots.places_map(day="4.1.22")
    with pytest.raises(ValueError) as info:
        plots.places_map(day="31.04.2022")
    (line,) = info.value._render_traceback_()
    assert line.startswith("✗ kz.plots.places_map:") and "April 2022 has no day 31" in line
    with pytest.raises(ValueError, match="not 4"):  # not 4 nanoseconds after 1970
        plots.places_map(day=4)
    with pytest.raises(ValueError, match="Did you mean '2022-01-13'"):
        plots.places_map(day="2022-13-01")


# ----------------------------------------------------------------------------- claims


def test_claims_by_speaker_counts_match_the_claims_table(figures: dict[str, Figure]) -> None:
    claims = kz.load_claims()
    fig = figures["claims_by_speaker"]
    ax = fig.axes[0]
    table = pd.crosstab(claims["speaker"].astype(str), claims["verdict"].astype(str))
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert sorted(int(b.get_height()) for b in bars) == sorted(
        int(n) for n in table.to_numpy().ravel() if n
    )
    # every bar carries its count as text, and each speaker's total is under the name
    labels = sorted(int(t.get_text()) for t in ax.texts)
    assert labels == sorted(int(n) for n in table.to_numpy().ravel() if n)
    totals = {t.get_text().splitlines()[-1] for t in ax.get_xticklabels()}
    assert totals == {f"{int(n)} in all" for n in table.sum(axis=1)}
    handles = ax.get_legend().legend_handles
    styles = {(to_hex(h.get_facecolor()), h.get_hatch() or "") for h in handles}
    assert len({hatch for _, hatch in styles}) == len(handles)  # hatching alone tells them apart
    text = plots.description(fig)
    assert f"{len(claims)} claims" in text
    top = table.sum(axis=1).max()
    assert f"({int(top)} of {len(claims)})" in text


# ----------------------------------------------------------------------------- the tool


def _write_shapefile(folder: Path) -> Path:
    """A one-record Polygon shapefile (square with a hole) in a fake wheel."""
    outer = [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0), (0.0, 0.0)]  # clockwise
    hole = [(2.0, 2.0), (4.0001, 2.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0)]  # counter-clockwise
    points = outer + hole
    content = struct.pack("<i4d2i", 5, 0, 0, 10, 10, 2, len(points))
    content += struct.pack("<2i", 0, len(outer))
    content += b"".join(struct.pack("<2d", x, y) for x, y in points)
    record = struct.pack(">2i", 1, len(content) // 2) + content
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, (100 + len(record)) // 2)
    header += struct.pack("<2i4d4d", 1000, 5, 0, 0, 10, 10, 0, 0, 0, 0)
    fields = [("name", 20), ("iso_a3", 3)]
    dbf = struct.pack("<4BIHH20x", 3, 24, 1, 1, 1, 32 + 32 * len(fields) + 1, 1 + 23)
    for name, size in fields:
        dbf += name.encode().ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([size, 0]) + b"\0" * 14
    dbf += b"\r" + b" " + "Squaréland".encode("latin-1").ljust(20) + b"SQL" + b"\x1a"
    wheel = folder / "fake.whl"
    layer = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(layer + ".shp", header + record)
        archive.writestr(layer + ".dbf", dbf)
        archive.writestr(layer + ".cpg", "ISO-8859-1")
    return wheel


def test_extract_outline_tool_reads_rounds_and_orients(tmp_path: Path) -> None:
    wheel = _write_shapefile(tmp_path)
    out = tmp_path / "outline.geojson"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "extract_outline.py"),
            str(wheel),
            "--iso",
            "SQL",
            "--out",
            str(out),
            "--decimals",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    collection = json.loads(out.read_text(encoding="utf-8"))
    feature = collection["features"][0]
    assert feature["properties"]["name"] == "Squaréland"
    assert "SQL" in collection["properties"]["how_made"]
    outer, hole = feature["geometry"]["coordinates"]
    assert outer == [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]  # now counter-clockwise
    assert hole == [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]  # clockwise, rounded
    bad = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "extract_outline.py"),
            str(wheel),
            "--iso",
            "XXX",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "XXX" in bad.stderr


def test_map_takeaway_names_the_first_protest_place_and_its_distance() -> None:
    import math
    import re

    events = kz.load_events()
    places = kz.load_places().set_index("id")
    protests = events[(events["phase"] == "protests") & events["place_id"].notna()]
    first = protests.sort_values(["date", "id"]).iloc[0]
    text = plots.description(plots.places_map())
    match = re.search(
        r"begin at (.+?) on .+?, about ([\d,]+) km in a straight line from (.+?),", text
    )
    assert match, text
    start, km, end = match.group(1), float(match.group(2).replace(",", "")), match.group(3)
    assert start == places.loc[first["place_id"], "name"]
    a, b = places.loc[first["place_id"]], places[places["name"] == end].iloc[0]
    # equirectangular approximation: good to a few per cent at these latitudes
    mean_lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    dx = math.radians(b["longitude"] - a["longitude"]) * math.cos(mean_lat)
    dy = math.radians(b["latitude"] - a["latitude"])
    assert km == pytest.approx(6371 * math.hypot(dx, dy), rel=0.03)


@pytest.mark.parametrize("phase", ["protests", "aftermath", "background"])
def test_timeline_description_names_every_place_tied_for_most_events(phase: str) -> None:
    events = kz.load_events()
    places = kz.load_places().set_index("id")["name"]
    chosen = events[(events["phase"] == phase) & events["place_id"].notna()]
    assert not chosen.empty
    counts = chosen["place_id"].map(places).value_counts()
    text = plots.description(plots.timeline(phase))
    sentence = text.split("the most at ", 1)[1].split(")", 1)[0]
    for place in counts[counts == counts.max()].index:
        assert place in sentence, (place, sentence)
    assert f"({int(counts.max())} event" in text
