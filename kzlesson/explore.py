"""Explorer widgets: step through the days, compare interpretations, check a paragraph.

Each function returns an :class:`Explorer` (an ``ipywidgets.VBox``) with a labelled
control (``.control``) and an HTML result widget (``.output``, CSS class
``kz-explorer-output``) that changes when the control does::

    stepper = kz.explore.day_stepper()
    stepper.control.value = "2022-01-04"
    stepper.output.value        # the HTML table of that day's events

Where widgets cannot run (nbconvert HTML, GitHub, a notebook opened without a kernel) the
explorer still reads sensibly: its ``_repr_mimebundle_`` adds a ``text/html`` and a
``text/plain`` rendering of the current choice next to the widget view. All data text is
HTML-escaped. Every result states its verdicts in words plus a symbol, never colour alone.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from . import schema
from .cite import find_paragraph
from .data import ARTICLE_URL, load_descriptor, load_table
from .errors import BadValue, student_call
from .lookup import normalise_name
from .paths import resolve_dir

VERDICT_SYMBOLS = {"consistent": "✓", "differs": "✗", "unverifiable": "?", "opinion": "◇"}
VERIFICATION_SYMBOLS = {
    "confirmed": "✓",
    "partly-confirmed": "◐",
    "disputed": "✗",
    "unconfirmed": "?",
}


# ----------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class Link:
    """A piece of text that links to a web address in HTML (plain text shows the address)."""

    text: str
    url: str


Part = str | Link


@dataclass
class Section:
    """A titled block of a result: a paragraph of parts, a bullet list, or a table."""

    title: str = ""
    parts: list[Part] = field(default_factory=list)
    items: list[list[Part]] = field(default_factory=list)
    header: Sequence[str] = ()
    rows: list[Sequence[str]] = field(default_factory=list)


def _html_parts(parts: Iterable[Part]) -> str:
    """Escaped HTML for a run of text and links."""
    out = []
    for part in parts:
        if isinstance(part, Link):
            out.append(
                f'<a href="{html.escape(part.url, quote=True)}" target="_blank" '
                f'rel="noopener">{html.escape(part.text)}</a>'
            )
        else:
            out.append(html.escape(part))
    return "".join(out)


def _text_parts(parts: Iterable[Part]) -> str:
    """Plain text for a run of text and links (the address follows a link's text)."""
    return "".join(f"{p.text} <{p.url}>" if isinstance(p, Link) else p for p in parts)


def render_html(sections: Sequence[Section]) -> str:
    """Render result sections as escaped HTML (paragraphs, lists and a captioned table)."""
    out = []
    for section in sections:
        title = f"<strong>{html.escape(section.title)}</strong> " if section.title else ""
        title = title if section.parts else title.strip()
        if section.header:
            head = "".join(
                f'<th scope="col" style="text-align:left;padding:2px 6px">{html.escape(h)}</th>'
                for h in section.header
            )
            body = "".join(
                "<tr>"
                + "".join(
                    f'<td style="vertical-align:top;padding:2px 6px">{html.escape(c)}</td>'
                    for c in row
                )
                + "</tr>"
                for row in section.rows
            )
            out.append(
                '<table class="kz-table" style="border-collapse:collapse">'
                f'<caption style="text-align:left">{title}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            )
            continue
        if section.parts or not section.items:
            out.append(f"<p>{title}{_html_parts(section.parts)}</p>")
        elif title:
            out.append(f"<p>{title}</p>")
        if section.items:
            entries = "".join(f"<li>{_html_parts(item)}</li>" for item in section.items)
            out.append(f"<ul>{entries}</ul>")
    return "".join(out)


def render_text(sections: Sequence[Section]) -> str:
    """Render result sections as plain text (one line per paragraph, row or list item)."""
    lines = []
    for section in sections:
        if section.header:
            lines.append(section.title)
            lines += ["- " + " | ".join(row) for row in section.rows]
            continue
        first = " ".join(x for x in (section.title, _text_parts(section.parts)) if x)
        if first:
            lines.append(first)
        lines += ["- " + _text_parts(item) for item in section.items]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the widget


class Explorer(widgets.VBox):
    """A labelled control, a prompt and an HTML result that follows the control.

    ``control`` is the input widget, ``output`` the ``kz-explorer-output`` HTML widget;
    ``sections(value)`` builds the result for a value of the control. ``text()`` and
    ``html()`` give the current result without a browser.
    """

    def __init__(
        self,
        css_class: str,
        prompt: str,
        control: widgets.ValueWidget,
        sections: Callable[[Any], list[Section]],
        extra: Sequence[widgets.Widget] = (),
    ) -> None:
        self.prompt = prompt
        self.control = control
        self._sections = sections
        self.output = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output.add_class("kz-explorer-output")
        heading = widgets.HTML(f"<p>{html.escape(prompt)}</p>")
        super().__init__([heading, control, self.output, *extra])
        self.add_class(css_class)
        self._current: list[Section] = []
        control.observe(self._changed, names="value")
        self.refresh()

    def _changed(self, change: dict[str, Any]) -> None:
        """Widget callback: the control changed."""
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the result for the control's current value."""
        self._current = self._sections(self.control.value)
        self.output.value = render_html(self._current)

    def _choices(self) -> str:
        """The control's label and its options, for the text form."""
        labels = [str(label) for label in getattr(self.control, "_options_labels", ())]
        chosen = getattr(self.control, "label", None) or self.control.value
        listing = f" Options: {', '.join(labels)}." if labels else ""
        return f"{self.control.description}: {chosen}.{listing}"

    def text(self) -> str:
        """The explorer as plain text: prompt, current choice and result."""
        return f"{self.prompt}\n{self._choices()}\n{render_text(self._current)}"

    def html(self) -> str:
        """The explorer as static HTML (for pages where widgets do not run)."""
        css = " ".join(sorted(self._dom_classes))
        return (
            f'<div class="{html.escape(css, quote=True)}">'
            f"<p>{html.escape(self.prompt)}</p><p><em>{html.escape(self._choices())}</em></p>"
            f'<div class="kz-explorer-output">{self.output.value}</div></div>'
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget view plus text/html and text/plain renderings of the current state."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self.html()
        return bundle


# ----------------------------------------------------------------------------- helpers


def _labeller(folder: Path) -> Callable[[str, str, Any], str]:
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


def _claim_item(claim: pd.Series, sources: pd.DataFrame, label: Callable) -> list[Part]:
    """One claim as a list entry: id, paragraph, speaker, claim, the article's words (a
    short quote, when the data has one), verdict (symbol + word), what sources say."""
    verdict = str(claim["verdict"])
    symbol = VERDICT_SYMBOLS.get(verdict, "•")
    speaker = label("claims", "speaker", claim["speaker"])
    word = label("claims", "verdict", verdict).lower()
    parts: list[Part] = [f"{claim.name} ({claim['paragraph_id']}, {speaker}): "]
    parts.append(_sentence(claim["claim"]))
    if not pd.isna(claim["quote"]):
        parts.append(f" The article: “{claim['quote']}”")
    parts.append(f" Verdict: {symbol} {word}.")
    if not pd.isna(claim["sources_say"]):
        parts.append(f" Sources say: {claim['sources_say']}")
    if len(claim["source_ids"]):
        parts.append(" (")
        parts += _source_links(claim["source_ids"], sources)
        parts.append(")")
    return parts


# ----------------------------------------------------------------------------- day stepper


def _day_sections(
    day: str, events: pd.DataFrame, names: dict[str, str], label: Callable
) -> list[Section]:
    """The table of one day's events."""
    from .plots import events_on, format_day, parse_day

    stamp = parse_day(day)
    todays = events_on(events, stamp)
    title = f"Events on {format_day(stamp, weekday=True)}: {len(todays)}"
    if todays.empty:
        return [Section(title=title, parts=["No events in the data on this day."])]
    rows = []
    for event in todays.itertuples(index=False):
        when = format_day(event.date)
        if not pd.isna(event.end_date) and event.end_date != event.date:
            when += f" to {format_day(event.end_date)}"
        place = names.get(str(event.place_id), str(event.place_id))
        place = "no single place" if pd.isna(event.place_id) else place
        in_article = "✓ yes" if bool(event.in_article) else "✗ no"
        verification = str(event.verification)
        check = (
            f"{VERIFICATION_SYMBOLS.get(verification, '•')} "
            + label("events", "verification", verification).lower()
        )
        rows.append(
            (
                when,
                place,
                str(event.summary),
                in_article,
                _ids(event.paragraph_ids),
                check,
                _ids(event.source_ids),
            )
        )
    header = (
        "Date",
        "Place",
        "What happened",
        "In the article?",
        "Paragraphs",
        "Verification",
        "Sources",
    )
    return [Section(title=title, header=header, rows=rows)]


class DayStepper(Explorer):
    """Explorer for the protest days: a table of the day's events and a map of their places."""

    def __init__(self, day: Any = None, *, directory: str | Path | None = None) -> None:
        from .plots import format_day

        folder = resolve_dir(directory)
        self._folder = folder
        events = load_table("events", folder)
        places = load_table("places", folder)
        names = dict(zip(places["id"].astype(str), places["name"].astype(str), strict=True))
        label = _labeller(folder)
        protest = events[events["phase"] == "protests"]
        days = sorted({d.normalize() for d in protest["date"]})
        if not days:
            raise ValueError(f"{folder}: the events table has no events in the 'protests' phase.")
        control = widgets.ToggleButtons(
            options=[
                (f"{d.strftime('%a')} {d.day} {d.strftime('%b')}", d.strftime("%Y-%m-%d"))
                for d in days
            ],
            value=_start_day(day, days).strftime("%Y-%m-%d"),
            description="Day",
            tooltips=[format_day(d, weekday=True) for d in days],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.map = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.map.add_class("kz-explorer-map")
        self._maps: dict[str, str] = {}
        self._map_texts: dict[str, str] = {}
        super().__init__(
            "kz-day-stepper",
            "Choose a day to see what happened, where, and whether the article mentions it.",
            control,
            lambda day: _day_sections(day, events, names, label),
            extra=[self.map],
        )

    def refresh(self) -> None:
        """Rebuild the events table and the map for the chosen day (maps are cached)."""
        super().refresh()
        day = str(self.control.value)
        if day not in self._maps:
            from .display import figure_html
            from .plots import description, places_map

            fig = places_map(day=day, directory=self._folder)
            self._maps[day] = figure_html(fig)
            self._map_texts[day] = description(fig)
        self.map.value = self._maps[day]

    def text(self) -> str:
        """The explorer as plain text, with the map's description."""
        return f"{super().text()}\nMap: {self._map_texts.get(str(self.control.value), '')}"

    def html(self) -> str:
        """The explorer as static HTML, with the map's description (not the picture)."""
        note = html.escape(self._map_texts.get(str(self.control.value), ""))
        return super().html() + f'<p class="kz-explorer-map-text">Map: {note}</p>'


def _start_day(day: Any, days: list[pd.Timestamp]) -> pd.Timestamp:
    """The protest day to open on: the first when ``day`` is None; "2022-01-05", a date or
    a Timestamp; "5 Jan" (no year) when one protest day has that day and month."""
    from .plots import format_day, parse_day

    if day is None:
        return days[0]
    stamp = parse_day(day)
    if isinstance(day, str) and not re.search(r"[0-9]{4}", day):  # "5 Jan": no year given
        with contextlib.suppress(ValueError):  # 29 February keeps its own year
            stamp = stamp.replace(year=days[0].year)
    if stamp in days:
        return stamp
    nearest = min(days, key=lambda d: abs(d.toordinal() - stamp.toordinal()))
    shown = format_day(stamp)
    raise BadValue(
        f"{shown} is not one of the protest days: choose one of "
        f"{', '.join(repr(d.strftime('%Y-%m-%d')) for d in days)}. "
        f"Did you mean {nearest.strftime('%Y-%m-%d')!r}?"
    )


@student_call("kz.explore.day_stepper")
def day_stepper(day: Any = None, *, directory: str | Path | None = None) -> DayStepper:
    """Step through the protest days (the dates of the 'protests' phase in the events table,
    2-7 January 2022 in the packaged data): that day's events and a map of their places.

    ``day`` (e.g. "2022-01-05", "5 Jan" or a date) is the day it opens on; the first by default.
    """
    return DayStepper(day, directory=directory)


# ----------------------------------------------------------------------------- perspectives


def _perspective_sections(reading_id: str, folder: Path) -> list[Section]:
    """Everything about one interpretation: summary, holders, stance, claims, evidence."""
    label = _labeller(folder)
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
            sections.append(Section(title=title, items=items))
        else:
            sections.append(Section(title=title, parts=["none in the data."]))
    sections.append(Section(title="Later evidence:", parts=[f"{reading['later_evidence']}"]))
    sections.append(Section(title="Paragraphs:", parts=[_ids(reading["paragraph_ids"])]))
    sections.append(
        Section(title="Sources:", parts=[*_source_links(reading["source_ids"], sources)])
    )
    return sections


def _start_reading(choice: Any, readings: pd.DataFrame) -> str:
    """The interpretation to open on: its id, or the start of its id or label (any case)."""
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


@student_call("kz.explore.perspectives")
def perspectives(interpretation: Any = None, *, directory: str | Path | None = None) -> Explorer:
    """Choose an interpretation and see who held it, the article's stance, and the claims
    for and against it with their verdicts, paragraphs and what later sources add.

    ``interpretation`` (an id such as "colour-revolution", or the start of its label such as
    "colour") is the one it opens on; the first by default.
    """
    folder = resolve_dir(directory)
    readings = load_table("interpretations", folder)
    control = widgets.Dropdown(
        options=[(str(r.label), str(r.id)) for r in readings.itertuples(index=False)],
        value=_start_reading(interpretation, readings),
        description="Interpretation",
        style={"description_width": "initial"},
    )
    return Explorer(
        "kz-perspectives",
        "Choose an interpretation of the events to see who held it and what the evidence says.",
        control,
        lambda reading_id: _perspective_sections(str(reading_id), folder),
    )


# ----------------------------------------------------------------------------- claim checker


def _paragraph_sections(paragraph_id: str, folder: Path) -> list[Section]:
    """One paragraph: speaker, section, summary, then its claims with verdicts and sources."""
    label = _labeller(folder)
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
                f"({label('paragraphs', 'section', paragraph['section'])}). Speaker: {speaker} "
                f"({how}). Summary: {paragraph['summary']}"
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


@student_call("kz.explore.claim_checker")
def claim_checker(
    paragraph: str | int | None = None, *, directory: str | Path | None = None
) -> Explorer:
    """Choose a paragraph (P1-P24) and see its speaker, summary, claims, verdicts and what
    the sources say.

    ``paragraph`` ("P4", "p4" or 4) is the one it opens on; the first by default.
    """
    folder = resolve_dir(directory)
    paragraphs = load_table("paragraphs", folder).sort_values("number")
    start = (
        str(paragraphs["id"].iloc[0]) if paragraph is None else find_paragraph(paragraph, folder)
    )
    label = _labeller(folder)
    control = widgets.Dropdown(
        options=[
            (f"{p.id} ({label('paragraphs', 'speaker', p.speaker)})", str(p.id))
            for p in paragraphs.itertuples(index=False)
        ],
        value=start,
        description="Paragraph",
        style={"description_width": "initial"},
    )
    return Explorer(
        "kz-claim-checker",
        "Choose a paragraph of the article to see who speaks, what it claims and what other "
        "sources say.",
        control,
        lambda paragraph_id: _paragraph_sections(str(paragraph_id), folder),
    )
