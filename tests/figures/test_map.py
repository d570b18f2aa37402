"""The places map's data side (kzlesson/figures/map.py): which events a day shows (including
events under way that day) and the outline file, with one clear line when it is broken.
The drawn map itself is tested with the other charts in tests/figures/test_charts.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kzlesson.figures.map import OUTLINE_FILE, events_on, load_outline

EVENTS = pd.DataFrame(
    {
        "id": ["E1", "E2", "E3"],
        "date": pd.to_datetime(["2022-01-02", "2022-01-04", "2022-01-06"]),
        "end_date": pd.to_datetime(["2022-01-05", None, None]),
    }
)


def test_a_day_shows_its_events_and_those_under_way() -> None:
    assert list(events_on(EVENTS, "2022-01-04")["id"]) == ["E1", "E2"]  # E1 runs 2-5 January
    assert list(events_on(EVENTS, "4 Jan")["id"]) == ["E1", "E2"]  # as students write days
    assert list(events_on(EVENTS, "06.01.2022")["id"]) == ["E3"]  # day first
    assert events_on(EVENTS, "2022-01-07").empty


def test_the_outline_is_read_and_a_broken_one_is_named(tmp_path: Path) -> None:
    rings = load_outline()
    assert rings and all(len(ring) > 3 for ring in rings)
    lon, lat = zip(*rings[0], strict=True)
    assert 45 < min(lon) < max(lon) < 90 and 40 < min(lat) < max(lat) < 56  # Kazakhstan
    (tmp_path / OUTLINE_FILE).write_text('{"features": [{"geometry": {}}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a GeoJSON FeatureCollection"):
        load_outline(tmp_path)
    with pytest.raises(FileNotFoundError, match="outline file is missing"):
        load_outline(tmp_path / "nowhere")
