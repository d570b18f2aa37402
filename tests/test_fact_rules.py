"""Rules a teacher can state about the facts (issue 14), checked on the shipped tables.

- A distance or direction stated in a place's or claim's text agrees with the coordinates.
- A claim's kind and verdict fit the definitions in data/README.md.
- A 'differs' verdict always says which source differs and what it says.
- Quoted text is at most one sentence (the article is copyrighted; quote a sentence at a time).
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
import yaml

from kzlesson.paths import data_dir
from kzlesson.quizzes.codec import decode


def _rows(name: str) -> list[dict[str, str]]:
    with (data_dir() / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


PLACES = _rows("places")
CLAIMS = _rows("claims")

# ---- distances and directions -------------------------------------------------------------

COMPASS = {
    "north": 0,
    "north-east": 45,
    "east": 90,
    "south-east": 135,
    "south": 180,
    "south-west": 225,
    "west": 270,
    "north-west": 315,
}
DISTANCE = re.compile(
    r"about (?P<km>\d[\d,]*) km(?: to the (?P<dir>(?:north|south)(?:-(?:east|west))?|east|west))?"
    r"(?P<straight> in a straight line)?(?! by road)"
)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from point 1 to point 2, 0-360 degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def _names(place: dict[str, str]) -> list[str]:
    names = [place["name"]] + [a for a in place["aliases"].split(";") if a]
    return [n for n in names if len(n) > 3]


def _mentioned_place(sentence: str, exclude: str) -> dict[str, str] | None:
    for place in PLACES:
        if place["id"] == exclude:
            continue
        if any(re.search(r"\b" + re.escape(n) + r"\b", sentence) for n in _names(place)):
            return place
    return None


def _distance_statements() -> list[tuple[str, dict[str, str], dict[str, str], re.Match[str]]]:
    """(where, from-place, to-place, match) for each distance stated next to a place name."""
    found = []
    by_id = {p["id"]: p for p in PLACES}
    texts = [(f"places.csv {p['id']}", p["id"], p["role"]) for p in PLACES]
    texts += [(f"claims.csv {c['id']}", "", c["sources_say"]) for c in CLAIMS]
    for where, origin_id, text in texts:
        for sentence in re.split(r"(?<=[.;])\s+", text):
            for match in DISTANCE.finditer(sentence):
                if "by road" in sentence[match.end() : match.end() + 12]:
                    continue
                target = _mentioned_place(sentence, origin_id)
                origin = by_id.get(origin_id)
                if origin is None and target is not None:
                    origin = _mentioned_place(sentence.replace(target["name"], ""), target["id"])
                if origin is not None and target is not None:
                    found.append((where, origin, target, match))
    return found


def test_the_atyrau_tengiz_distance_is_found_and_checked() -> None:
    statements = _distance_statements()
    pairs = {(o["id"], t["id"]) for _, o, t, _ in statements}
    assert ("atyrau", "tengiz") in pairs, "the stated Atyrau-Tengiz distance was not parsed"


@pytest.mark.parametrize(
    "statement", _distance_statements(), ids=lambda s: s[0] if isinstance(s, tuple) else ""
)
def test_stated_distance_and_direction_agree_with_coordinates(statement) -> None:
    where, origin, target, match = statement
    lat1, lon1 = float(origin["latitude"]), float(origin["longitude"])
    lat2, lon2 = float(target["latitude"]), float(target["longitude"])
    computed = haversine_km(lat1, lon1, lat2, lon2)
    stated = float(match.group("km").replace(",", ""))
    assert abs(computed - stated) <= 0.15 * stated + 10, (
        f"{where}: text says about {stated:.0f} km from {origin['id']} to {target['id']}, "
        f"the coordinates give {computed:.0f} km in a straight line"
    )
    if match.group("dir"):
        expected = COMPASS[match.group("dir")]
        actual = bearing_deg(lat1, lon1, lat2, lon2)
        off = min(abs(actual - expected), 360 - abs(actual - expected))
        assert off <= 45, (
            f"{where}: text says {match.group('dir')}, "
            f"the coordinates give a bearing of {actual:.0f} degrees"
        )


def test_haversine_can_fail() -> None:
    # Atyrau to Tengiz is about 160 km, not 350 km, in a straight line.
    atyrau = next(p for p in PLACES if p["id"] == "atyrau")
    tengiz = next(p for p in PLACES if p["id"] == "tengiz")
    d = haversine_km(
        *(float(atyrau[k]) for k in ("latitude", "longitude")),
        *(float(tengiz[k]) for k in ("latitude", "longitude")),
    )
    assert 140 < d < 180
    assert abs(d - 350) > 0.15 * 350


# ---- kind / verdict pairs -------------------------------------------------------------------

# data/README.md, "claims": facts and figures can be checked, so they are consistent, differ or
# unverifiable, never 'opinion'; opinions and interpretations cannot be settled by facts, so their
# verdict is 'opinion'; predictions are consistent, unverifiable or opinion.
ALLOWED_VERDICTS = {
    "fact": {"consistent", "differs", "unverifiable"},
    "figure": {"consistent", "differs", "unverifiable"},
    "opinion": {"opinion"},
    "interpretation": {"opinion"},
    "prediction": {"consistent", "unverifiable", "opinion"},
}


@pytest.mark.parametrize("claim", CLAIMS, ids=[c["id"] for c in CLAIMS])
def test_kind_and_verdict_fit_the_definitions(claim: dict[str, str]) -> None:
    allowed = ALLOWED_VERDICTS[claim["kind"]]
    assert claim["verdict"] in allowed, (
        f"{claim['id']}: kind {claim['kind']!r} with verdict {claim['verdict']!r}; "
        f"data/README.md allows {sorted(allowed)}"
    )


def test_readme_states_the_kind_verdict_rule() -> None:
    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    for kind in ALLOWED_VERDICTS:
        assert f"`{kind}`" in readme, f"data/README.md does not define kind {kind!r}"
    assert "Kind and verdict" in readme


@pytest.mark.parametrize(
    "claim", [c for c in CLAIMS if c["verdict"] == "differs"], ids=lambda c: c["id"]
)
def test_differs_names_a_differing_source(claim: dict[str, str]) -> None:
    others = [s for s in claim["source_ids"].split(";") if s and s != "article"]
    assert others, (
        f"{claim['id']}: verdict 'differs' but no source other than the article is listed"
    )
    assert claim["sources_say"].strip(), (
        f"{claim['id']}: verdict 'differs' but sources_say is empty"
    )


def test_consistent_and_differs_have_sources() -> None:
    missing = [
        c["id"] for c in CLAIMS if c["verdict"] in ("consistent", "differs") and not c["source_ids"]
    ]
    assert not missing, f"claims rated consistent/differs without sources: {missing}"


# ---- quotations: at most one sentence -------------------------------------------------------

SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+[\"'\u201c\u2018(]?[A-Z]")
DOUBLE_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{2,})[\"\u201d]")


def sentences_in(text: str) -> int:
    """How many sentences a quoted span holds (1 + the sentence breaks inside it)."""
    return 1 + len(SENTENCE_BREAK.findall(text.strip()))


def _strings(value: object) -> list[str]:
    """Every string inside a decoded answer (feedback, explanation, model answer)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _quiz_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(Path(data_dir(), "quizzes").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in bank.get("questions", []):
            parts = [q.get("prompt", ""), q.get("hint", "")]
            parts += [o.get("text", "") for o in q.get("options", []) or []]
            parts += [i.get("text", "") for i in q.get("items", []) or []]
            parts += _strings(decode(q["answer"])) if "answer" in q else []
            for part in parts:
                if part:
                    out.append((f"{path.name} {q['id']}", part))
    return out


def _quoted_spans() -> list[tuple[str, str]]:
    spans = [(f"claims.csv {c['id']} quote", c["quote"]) for c in CLAIMS if c["quote"]]
    for name in ("claims", "events", "figures", "glossary", "places", "actors", "interpretations"):
        for row in _rows(name):
            key = row.get("id") or row.get("term")
            for field, value in row.items():
                for m in DOUBLE_QUOTED.finditer(value or ""):
                    spans.append((f"{name}.csv {key} {field}", m.group(1)))
    for where, text in _quiz_texts():
        for m in DOUBLE_QUOTED.finditer(text):
            spans.append((where, m.group(1)))
    return spans


def test_sentence_counter_can_fail() -> None:
    assert sentences_in("Prices doubled overnight.") == 1
    assert sentences_in("Prices doubled. People went out on the square.") == 2


def test_quoted_text_is_at_most_one_sentence() -> None:
    spans = _quoted_spans()
    assert any(w.endswith("quote") for w, _ in spans), "no claim quotes were read"
    long = [f"{where}: {text!r}" for where, text in spans if sentences_in(text) > 1]
    assert not long, "quotations longer than one sentence:\n" + "\n".join(long)


def test_one_quotation_rule_in_the_docs() -> None:
    root = data_dir().parent
    docs = {
        "README.md": root / "README.md",
        "data/README.md": data_dir() / "README.md",
        "docs/teacher-guide.md": root / "docs" / "teacher-guide.md",
    }
    for name, path in docs.items():
        if not path.exists():  # installed wheel: only the data ship
            pytest.skip("docs are not installed with the package")
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert "at most one sentence at a time" in text, f"{name} does not state the quotation rule"


def test_russian_geopolitical_reading_weighs_evidence_both_ways() -> None:
    """Second reader, item 8: the reading is stated at its strongest (leverage, precedent), with
    the 2010 Kyrgyz request as evidence for it and the small, short, symbolic deployment and
    Tokayev's later distance from Moscow as evidence against, each sourced; no rebuttal of a
    weaker version."""
    reading = next(r for r in _rows("interpretations") if r["id"] == "russian-geopolitical")
    text = " ".join(reading[k] for k in ("summary", "later_evidence")).lower()
    for idea in ("precedent", "2010", "kyrgyzstan", "symbolic", "19 january", "ukraine"):
        assert idea in text, f"russian-geopolitical does not mention {idea!r}"
    assert "occupation" not in text, "the reading is rebutted through the weak 'occupation' version"
    sources = set(reading["source_ids"].split(";"))
    assert {"eurasianet-csto-kyrgyzstan-2010", "chathamhouse-csto-symbolic"} <= sources
    assert sources & {"kazinform-referendums", "indiatoday-tokayev-spief"}
    # Third reader: the rules changed after 2010 (Article 4 widened), and the later evidence on
    # Ukraine points both ways (UN abstention, no sanctions; no recognition of the annexations).
    later = ("article 4", "rules had changed", "abstained", "sanctions", "territorial integrity")
    for idea in later:
        assert idea in text, f"russian-geopolitical does not mention {idea!r}"
    assert {"kremlin-csto-charter-2010", "tass-662807", "diplomat-un-votes"} <= sources
    assert "usa" not in reading["holder_ids"].split(";"), "no source names a US holder"
