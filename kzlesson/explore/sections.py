"""What an explorer shows, as data: :class:`Section` blocks of text, :class:`Link` and lists,
rendered as escaped HTML (the widget and static pages) or as plain text (the text fallback).

Pure Python: no ipywidgets, no data loading. :mod:`kzlesson.explore.results` builds the
sections, :mod:`kzlesson.explore.widgets` shows them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Link:
    """A piece of text that links to a web address in HTML (plain text shows the address)."""

    text: str
    url: str


Part = str | Link
BREAK = "\n"  # a part on its own: a line break in HTML, a space in plain text


@dataclass
class Section:
    """A titled block of a result: a paragraph of parts, a bullet list, or a table."""

    title: str = ""
    parts: list[Part] = field(default_factory=list)
    items: list[list[Part]] = field(default_factory=list)
    header: Sequence[str] = ()
    rows: list[Sequence[str]] = field(default_factory=list)
    folded: bool = False  # shown closed (a <details> the student opens); plain text: as is


def _html_parts(parts: Iterable[Part]) -> str:
    """Escaped HTML for a run of text and links."""
    out = []
    for part in parts:
        if isinstance(part, Link):
            out.append(
                f'<a href="{html.escape(part.url, quote=True)}" target="_blank" '
                f'rel="noopener" style="text-decoration:underline">{html.escape(part.text)}</a>'
            )
        elif part == BREAK:
            out.append("<br>")
        else:
            out.append(html.escape(part))
    return "".join(out)


def _text_parts(parts: Iterable[Part]) -> str:
    """Plain text for a run of text and links (the address follows a link's text)."""
    return "".join(
        f"{p.text} <{p.url}>" if isinstance(p, Link) else " " if p == BREAK else p for p in parts
    )


def _folded_html(section: Section) -> str:
    """A folded section: a ``<details>`` whose ``<summary>`` is the title (a native
    disclosure: keyboard and screen readers know it), opened by the student."""
    inner = replace(section, title="", folded=False)
    return (
        f'<details class="kz-fold"><summary>{html.escape(section.title)}</summary>'
        f"{render_html([inner])}</details>"
    )


def render_html(sections: Sequence[Section]) -> str:
    """Render result sections as escaped HTML (paragraphs, lists and a captioned table;
    ``folded`` ones inside a closed ``<details>``)."""
    out = []
    for section in sections:
        if section.folded and section.title:
            out.append(_folded_html(section))
            continue
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
