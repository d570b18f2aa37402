"""kz.explore: set each explorer's control and read its result widget; the expected events
and claims are computed from the loaders, and the text fallback carries the content. The
judge-first claim checker has its own file (test_checker.py), and so do the results the
explorers show (test_results.py)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kzlesson as kz  # noqa: E402
from kzlesson.explore import widgets as explore  # noqa: E402
from kzlesson.paths import data_dir  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _on_day(events: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Events starting that day or under way then (the stepper's documented rule)."""
    end = events["end_date"].fillna(events["date"])
    return events[(events["date"] == day) | ((events["date"] <= day) & (end >= day))]


@pytest.fixture(scope="module")
def stepper() -> explore.DayStepper:
    return explore.day_stepper()


@pytest.fixture(scope="module")
def viewer() -> explore.Explorer:
    return explore.perspectives()


# ----------------------------------------------------------------------------- day stepper


def test_day_stepper_has_a_labelled_day_control(stepper) -> None:
    events = kz.load_events()
    days = sorted({d for d in events[events["phase"] == "protests"]["date"]})
    assert stepper.control.description == "Day"
    assert list(stepper.control.options) != []
    assert [pd.Timestamp(v) for _, v in stepper.control.options] == days
    assert pd.Timestamp("2022-01-02") in days and pd.Timestamp("2022-01-06") in days
    assert "kz-day-stepper" in stepper._dom_classes
    assert "kz-explorer-output" in stepper.output._dom_classes
    # the map sits right under the days, above the table, so it changes in view
    children = list(stepper.children)
    assert children.index(stepper.control) + 1 == children.index(stepper.map)
    assert children.index(stepper.map) < children.index(stepper.output)


def test_each_day_shows_its_events_and_its_map(stepper) -> None:
    events = kz.load_events()
    places = kz.load_places().set_index("id")
    sources = kz.load_sources().set_index("id")
    maps = set()
    for _, value in stepper.control.options:
        stepper.control.value = value
        day = pd.Timestamp(value)
        expected = _on_day(events, day)
        shown = stepper.output.value
        ongoing = int((expected["date"] < day).sum())  # began earlier, still under way
        count = f": {len(expected)}"
        if ongoing:
            count += f" ({len(expected) - ongoing} starting that day, {ongoing} still under way)"
        assert f"{count}</strong>" in shown
        for event in expected.itertuples(index=False):
            assert html.escape(str(event.summary)) in shown
            assert ("✓ yes" if event.in_article else "✗ no") in shown
            for pid in event.paragraph_ids:
                assert pid in shown
            for source_id in event.source_ids:  # every fact carries its source:
                # a number in the row, and the key under the table gives title and link
                assert source_id not in shown  # no raw ids (issue 12)
                title = html.escape(str(sources.loc[source_id, "title"]))
                url = html.escape(str(sources.loc[source_id, "url"]), quote=True)
                assert title in shown and f'href="{url}"' in shown, source_id
        others = events[~events["id"].isin(expected["id"])]["summary"]
        for summary in set(others) - set(expected["summary"]):
            assert html.escape(str(summary)) not in shown
        picture = stepper.map.value
        assert 'class="kz-figure"' in picture and 'alt="' in picture
        for pid in expected["place_id"].dropna().unique():
            if not pd.isna(places.loc[pid, "latitude"]):
                assert html.escape(str(places.loc[pid, "name"])) in picture
        maps.add(picture)
    assert len(maps) == len(stepper.control.options)


def test_day_stepper_text_fallback(stepper) -> None:
    first = stepper.control.options[0][1]
    stepper.control.value = first
    bundle = stepper._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    text = bundle["text/plain"]
    assert "Day:" in text
    for label, _ in stepper.control.options:
        assert label in text
    for summary in _on_day(kz.load_events(), pd.Timestamp(first))["summary"]:
        assert str(summary) in text
    assert "Map: Map of Kazakhstan" in text
    assert 'class="kz-explorer-output"' in bundle["text/html"]
    assert "kz-day-stepper" in bundle["text/html"]


def test_day_stepper_escapes_data_text(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("quizzes", "exercises"))
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    row = events.index[events["date"] == "2022-01-02"][0]
    events.loc[row, "summary"] = "<script>alert('x')</script> & more"
    events.to_csv(folder / "events.csv", index=False)
    stepper = explore.day_stepper(directory=folder)
    stepper.control.value = "2022-01-02"
    assert "<script>" not in stepper.output.value
    assert "&lt;script&gt;" in stepper.output.value
    assert "<script>" not in stepper._repr_mimebundle_()["text/html"]


# ----------------------------------------------------------------------------- perspectives


def test_perspectives_show_claims_for_and_against(viewer) -> None:
    readings = kz.load_interpretations()
    claims = kz.load_claims().set_index("id")
    actors = kz.load_actors().set_index("id")
    assert viewer.control.description == "Interpretation"
    assert "kz-perspectives" in viewer._dom_classes
    assert [v for _, v in viewer.control.options] == list(readings["id"])
    seen = set()
    for reading in readings.itertuples(index=False):
        viewer.control.value = reading.id
        shown = viewer.output.value
        assert html.escape(str(reading.summary)) in shown
        assert html.escape(str(reading.later_evidence)) in shown
        for actor in reading.holder_ids:
            assert html.escape(str(actors.loc[actor, "name"])) in shown
        for cid in list(reading.supporting_claim_ids) + list(reading.contradicting_claim_ids):
            assert f"{cid} · {claims.loc[cid, 'paragraph_id']} · " in shown
            assert str(claims.loc[cid, "verdict"]).replace("-", " ") in shown.lower()
        pro = shown.split("Claims against")[0]
        for cid in reading.supporting_claim_ids:
            assert f"+ {cid} · " in pro
        seen.add(shown)
    assert len(seen) == len(readings)


def test_perspectives_text_fallback(viewer) -> None:
    first = viewer.control.options[0]
    viewer.control.value = first[1]
    text = viewer._repr_mimebundle_()["text/plain"]
    assert f"Interpretation: {first[0]}" in text
    reading = kz.load_interpretations().set_index("id").loc[first[1]]
    assert str(reading["summary"]) in text


# ----------------------------------------------------------------------------- starting choice


def test_explorers_open_on_the_first_choice_by_default() -> None:
    fresh = explore.claim_checker(), explore.day_stepper(), explore.perspectives()
    firsts = [explorer.control.options[0][1] for explorer in fresh]
    assert [explorer.control.value for explorer in fresh] == firsts
    assert firsts == ["P1", "2022-01-02", kz.load_interpretations().loc[0, "id"]]


@pytest.mark.parametrize(
    "day",
    [
        "2022-01-05",
        " 2022-01-05 ",
        "5 Jan",
        "January 5",
        "5 January 2022",
        "05/01/2022",  # day first, as in Kazakhstan: not 1 May
        "05.01.2022",
        pd.Timestamp("2022-01-05 18:30"),
        pd.Timestamp("2022-01-05").date(),
        pd.Timestamp("2022-01-05").to_pydatetime(),
    ],
    ids=str,
)
def test_day_stepper_opens_on_the_day_given(day) -> None:
    stepper = explore.day_stepper(day)
    assert stepper.control.value == "2022-01-05"
    assert "Events on Wednesday 5 January 2022" in stepper.output.value
    assert "5 January 2022" in stepper.text().split("Map:")[1]  # the map is that day's


@pytest.mark.parametrize(
    ("choice", "reading_id"),
    [
        ("colour-revolution", "colour-revolution"),
        ("colour", "colour-revolution"),
        ("COLOUR REVOLUTION", "colour-revolution"),
        ("Clan wrangling", "elite-struggle"),
        ("working-class", "working-class-uprising"),
        ("The government's", "government-framing"),
    ],
)
def test_perspectives_open_on_the_interpretation_given(choice: str, reading_id: str) -> None:
    viewer = explore.perspectives(choice)
    assert viewer.control.value == reading_id
    summary = kz.load_interpretations().set_index("id").loc[reading_id, "summary"]
    assert html.escape(str(summary)) in viewer.output.value


@pytest.mark.parametrize(
    ("make", "kind", "words"),
    [
        (
            lambda: explore.day_stepper("2022-01-09"),
            ValueError,
            ["9 January 2022", "'2022-01-02'", "'2022-01-07'", "Did you mean '2022-01-07'"],
        ),
        (lambda: explore.day_stepper("9 Jan"), ValueError, ["9 January 2022", "'2022-01-07'"]),
        (
            lambda: explore.day_stepper("1/5/2022"),  # read day first: 1 May 2022
            ValueError,
            ["'1/5/2022' (read day first: 1 May 2022)", "Did you mean '2022-01-05'"],
        ),
        (
            lambda: explore.day_stepper("01.01.2022"),
            ValueError,
            ["'01.01.2022' (read day first: 1 January 2022)", "Did you mean '2022-01-02'"],
        ),
        (lambda: explore.day_stepper("5.1.22"), ValueError, ["'5.1.22'", "'2022-01-04'"]),
        (lambda: explore.day_stepper(5), ValueError, ["'2022-01-04'", "not 5"]),
        (lambda: explore.day_stepper("Tuesday"), ValueError, ["'Tuesday'", "2022-01-04"]),
        (
            lambda: explore.perspectives("zzz"),
            ValueError,
            ["'zzz'", "'colour-revolution'", "'liberal-opposition-lead'"],
        ),
        (lambda: explore.perspectives("goverment"), ValueError, ["'government-framing'"]),
    ],
)
def test_an_unknown_starting_choice_lists_the_valid_ones(make, kind, words) -> None:
    with pytest.raises(kind) as info:
        make()
    (line,) = info.value._render_traceback_()
    assert line.startswith("✗ kz.explore.")
    for word in words:
        assert word in line


def test_an_ambiguous_interpretation_names_each_match() -> None:
    from kzlesson.lookup import normalise_name

    readings = kz.load_interpretations()
    by_letter: dict[str, list[str]] = {}
    for reading in readings.itertuples(index=False):
        keys = {normalise_name(reading.id)[0], normalise_name(reading.label)[0]}
        for letter in keys:
            by_letter.setdefault(letter, []).append(str(reading.id))
    letter, ids = next((k, v) for k, v in by_letter.items() if len(v) >= 2)
    with pytest.raises(ValueError, match="could mean") as info:
        explore.perspectives(letter.upper())
    for reading_id in ids:
        assert repr(reading_id) in str(info.value)
