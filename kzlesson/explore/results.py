"""The result each explorer shows for one choice, built from the data as
:class:`~kzlesson.explore.sections.Section` blocks: a day's events, an interpretation with the
claims for and against it, a paragraph with its claims. Verdicts are words plus a symbol.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..reading import format_day, parse_day
from ..tables import schema
from ..tables.load import ARTICLE_URL, load_descriptor, load_table
from .sections import BREAK, Link, Part, Section

VERDICT_SYMBOLS = {"consistent": "✓", "differs": "✗", "unverifiable": "?", "opinion": "◇"}
VERIFICATION_SYMBOLS = {
    "confirmed": "✓",
    "partly-confirmed": "◐",
    "disputed": "✗",
    "unconfirmed": "?",
}

Labeller = Callable[[str, str, Any], str]  # label(table, field, value) -> readable label


# ----------------------------------------------------------------------------- helpers


def labeller(folder: Path) -> Labeller:
    """label(table, field, value): readable enum label from datapackage.json."""
    descriptor = load_descriptor(folder)

    def label(table: str, field_name: str, value: Any) -> str:
        resource = schema.resource_by_name(descriptor, table)
        return schema.enum_label(resource, field_name, str(value))

    return label


def _sentence(text: Any) -> str:
    """The text with a full stop at the end unless it already ends a sentence."""
    text = str(text).strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _ids(values: Iterable[Any]) -> str:
    """'P4, P5' or '—' when empty."""
    values = [str(v) for v in values]
    return ", ".join(values) if values else "—"


def _source_links(ids: Iterable[str], sources: pd.DataFrame) -> list[Part]:
    """Source ids as links titled by publisher (the id itself when unknown)."""
    parts: list[Part] = []
    for number, sid in enumerate(ids):
        if number:
            parts.append("; ")
        if sid in sources.index:
            row = sources.loc[sid]
            parts.append(Link(f"{row['publisher']}: {row['title']}", str(row["url"])))
        else:
            parts.append(str(sid))
    return parts


def _claim_item(claim: pd.Series, sources: pd.DataFrame, label: Labeller) -> list[Part]:
    """One claim as a list entry: id, paragraph, speaker, claim, the article's words (a
    short quote, when the data has one), verdict (symbol + word), what sources say."""
    verdict = str(claim["verdict"])
    symbol = VERDICT_SYMBOLS.get(verdict, "•")
    speaker = label("claims", "speaker", claim["speaker"])
    word = label("claims", "verdict", verdict).lower()
    # "·", not brackets: a speaker label has its own ("International Viewpoint (publisher)").
    parts: list[Part] = [f"{claim.name} · {claim['paragraph_id']} · {speaker}: "]
    parts.append(_sentence(claim["claim"]))
    if not pd.isna(claim["quote"]):
        parts.append(f" The article: “{claim['quote']}”")
    parts += [BREAK, f"Verdict: {symbol} {word}."]
    if not pd.isna(claim["sources_say"]):
        parts += [BREAK, f"Sources say: {claim['sources_say']}"]
    if len(claim["source_ids"]):
        parts.append(" (")
        parts += _source_links(claim["source_ids"], sources)
        parts.append(")")
    return parts


# ----------------------------------------------------------------------------- day stepper


def day_sections(
    day: str,
    events: pd.DataFrame,
    names: dict[str, str],
    label: Labeller,
    sources: pd.DataFrame,
) -> list[Section]:
    """The table of one day's events (starting that day or under way then), followed by a
    key to the source ids in it (title and link; ``sources`` is indexed by id)."""
    from ..figures.map import events_on

    stamp = parse_day(day)
    todays = events_on(events, stamp)
    title = f"Events on {format_day(stamp, weekday=True)}: {len(todays)}"
    ongoing = int((todays["date"].dt.normalize() < stamp).sum())
    if ongoing:
        title += f" ({len(todays) - ongoing} starting that day, {ongoing} still under way)"
    if todays.empty:
        return [Section(title=title, parts=["No events in the data on this day."])]
    cited = list(dict.fromkeys(sid for ids in todays["source_ids"] for sid in ids))
    number = {sid: n for n, sid in enumerate(cited, start=1)}  # [1], [2]: no raw ids shown
    rows = [_day_row(event, names, label, number) for event in todays.itertuples(index=False)]
    header = ("When", "Place", "What happened", "In the article?", "Checked?", "Sources")
    key = [[f"[{number[sid]}] ", *_source_links([sid], sources)] for sid in cited]
    return [
        Section(title=title, header=header, rows=rows),
        Section(title=f"The {len(cited)} sources in this table", items=key, folded=True),
    ]


def _short_day(stamp: Any) -> str:
    """'4 Jan' (the year is always 2022 in the stepper's heading)."""
    stamp = pd.Timestamp(stamp)
    return f"{stamp.day} {stamp.strftime('%b')}"


def _day_row(event: Any, names: dict[str, str], label: Labeller, number: dict[str, int]) -> tuple:
    """One event as a short table row: when, where, what, in the article (with paragraphs),
    how well it is confirmed, and its sources as numbers of the key below the table."""
    when = _short_day(event.date)
    if not pd.isna(event.end_date) and event.end_date != event.date:
        when += f" to {_short_day(event.end_date)}"
    place = "no single place" if pd.isna(event.place_id) else names.get(str(event.place_id))
    paragraphs = _ids(event.paragraph_ids)
    in_article = f"✓ yes ({paragraphs})" if bool(event.in_article) else "✗ no"
    verification = str(event.verification)
    check = (
        f"{VERIFICATION_SYMBOLS.get(verification, '•')} "
        + label("events", "verification", verification).lower()
    )
    refs = ", ".join(f"[{number[sid]}]" for sid in event.source_ids) or "—"
    return (when, str(place or event.place_id), str(event.summary), in_article, check, refs)


# ----------------------------------------------------------------------------- perspectives


def perspective_sections(reading_id: str, folder: Path) -> list[Section]:
    """Everything about one interpretation: summary, holders, stance, claims, evidence."""
    label = labeller(folder)
    readings = load_table("interpretations", folder).set_index("id")
    claims = load_table("claims", folder).set_index("id")
    actors = load_table("actors", folder).set_index("id")
    sources = load_table("sources", folder).set_index("id")
    reading = readings.loc[reading_id]
    holders = [
        str(actors.loc[a, "name"]) if a in actors.index else a for a in reading["holder_ids"]
    ]
    who = (", ".join(holders) + ". ") if holders else ""
    sections = [
        Section(title=str(reading["label"]), parts=[f"{reading['summary']}"]),
        Section(title="Who held it:", parts=[f"{who}{reading['holders_note']}"]),
        Section(
            title="The article's stance:",
            parts=[f"{label('interpretations', 'article_stance', reading['article_stance'])}."],
        ),
    ]
    for title, column, symbol in (
        ("Claims for it (+):", "supporting_claim_ids", "+"),
        ("Claims against it (−):", "contradicting_claim_ids", "−"),
    ):
        ids = list(reading[column])
        items = [
            [f"{symbol} ", *_claim_item(claims.loc[c], sources, label)]
            if c in claims.index
            else [f"{symbol} {c}"]
            for c in ids
        ]
        if items:
            # folded: 5-10 claims with sources each are screens long; the count shows closed
            sections.append(Section(title=f"{title} {len(items)}", items=items, folded=True))
        else:
            sections.append(Section(title=title, parts=["none in the data."]))
    sections.append(
        Section(title="Later evidence", parts=[f"{reading['later_evidence']}"], folded=True)
    )
    sections.append(Section(title="Paragraphs:", parts=[_ids(reading["paragraph_ids"])]))
    sections.append(
        Section(
            title="Sources", parts=[*_source_links(reading["source_ids"], sources)], folded=True
        )
    )
    return sections


# ----------------------------------------------------------------------------- claim checker


def paragraph_sections(paragraph_id: str, folder: Path) -> list[Section]:
    """One paragraph: speaker, section, summary, then its claims with verdicts and sources."""
    label = labeller(folder)
    paragraphs = load_table("paragraphs", folder).set_index("id")
    claims = load_table("claims", folder)
    sources = load_table("sources", folder).set_index("id")
    paragraph = paragraphs.loc[paragraph_id]
    speaker = label("paragraphs", "speaker", paragraph["speaker"])
    how = "stated in the article" if str(paragraph["attribution"]) == "stated" else "inferred"
    own = claims[claims["paragraph_id"] == paragraph_id].set_index("id")
    sections = [
        Section(
            title=f"{paragraph_id}",
            parts=[
                f"({label('paragraphs', 'section', paragraph['section'])}). Speaker: {speaker}, "
                f"{how}. Summary: {paragraph['summary']}"
            ],
        )
    ]
    title = f"Claims from {paragraph_id}: {len(own)}"
    if own.empty:
        sections.append(Section(title=title, parts=["the data records no claim from here."]))
    else:
        sections.append(
            Section(
                title=title, items=[_claim_item(row, sources, label) for _, row in own.iterrows()]
            )
        )
    sections.append(
        Section(
            title="Read it:",
            parts=[Link(f"the article, paragraph {paragraph_id}", ARTICLE_URL)],
        )
    )
    return sections
