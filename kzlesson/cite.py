"""Cite a paragraph of the article: ``kz.cite("P4")``."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import student_call
from .lookup import NotFound
from .tables import schema
from .tables.load import ARTICLE_SOURCE, ARTICLE_TITLE, ARTICLE_URL, load_descriptor, load_table

_PARAGRAPH_ID = re.compile(r"[Pp]?\s*([0-9]+)")


@dataclass(frozen=True)
class Citation:
    """One paragraph of the article, ready to quote in an answer."""

    id: str
    section: str
    speaker: str
    summary: str
    title: str
    url: str
    read_url: str = ""

    def __str__(self) -> str:
        return (
            # "·", not brackets: a speaker label has its own brackets ("... (publisher)").
            f"{self.id} · {self.section} · {self.speaker}: {self.summary} - "
            f'"{self.title}", {ARTICLE_SOURCE}, {self.url}'
        )

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f'<p class="kz-citation"><strong>{e(self.id)}</strong> '
            f"· {e(self.section)} · {e(self.speaker)}: {e(self.summary)} - "
            f'<a href="{e(self.url)}" target="_blank" rel="noopener" '
            f'style="text-decoration:underline">{e(self.title)}</a>, '
            f"{e(ARTICLE_SOURCE)}{self._read_link_html()}</p>"
        )

    def _read_link_html(self) -> str:
        """A link that opens the publisher's page at this paragraph, highlighted."""
        if not self.read_url:
            return ""
        return (
            f'<br><a class="kz-read" href="{html.escape(self.read_url)}" target="_blank" '
            f'rel="noopener" style="text-decoration:underline">'
            f"Read {html.escape(self.id)} on the publisher's page</a>"
        )


def _no_paragraph(given: object, numbers: list[int]) -> NotFound:
    """NotFound naming the valid ids and, when ``given`` holds a number, the nearest id."""
    span = f"P{numbers[0]}-P{numbers[-1]}" if numbers else "none: the table is empty"
    digits = None if isinstance(given, bool) else re.search(r"[0-9]+", str(given))
    hint = ""
    if digits and numbers:
        wanted = int(digits.group())
        hint = f" Did you mean 'P{min(numbers, key=lambda n: (abs(n - wanted), n))}'?"
    return NotFound(f"There is no paragraph {given!r}: valid ids are {span}.{hint}")


def _paragraph_id(given: str | int, ids: list[str]) -> str:
    """Turn "P4", "p4", "4" or 4 into "P4" if it is one of ``ids``; NotFound if not."""
    match = _PARAGRAPH_ID.fullmatch(str(given).strip())
    wanted = f"P{int(match.group(1))}" if match and not isinstance(given, bool) else None
    if wanted not in ids:
        numbers = sorted(int(m.group(1)) for i in ids if (m := _PARAGRAPH_ID.fullmatch(i)))
        raise _no_paragraph(given, numbers)
    return wanted


def find_paragraph(given: str | int, directory: str | Path | None = None) -> str:
    """Turn "P4", "p4", "4" or 4 into "P4" if the paragraphs table has it; NotFound if not."""
    return _paragraph_id(given, [str(i) for i in load_table("paragraphs", directory)["id"]])


@student_call("kz.cite", tip='Cite one paragraph at a time, e.g. kz.cite("P4").')
def cite(paragraph_id: str | int, *, directory: str | Path | None = None) -> Citation:
    """Return a :class:`Citation` for a paragraph: "P4", "p4", "4" and 4 all work."""
    paragraphs = load_table("paragraphs", directory)
    wanted = _paragraph_id(paragraph_id, [str(i) for i in paragraphs["id"]])
    row = paragraphs[paragraphs["id"] == wanted].iloc[0]
    resource = schema.resource_by_name(load_descriptor(directory), "paragraphs")
    return Citation(
        id=wanted,
        section=schema.enum_label(resource, "section", str(row["section"])),
        speaker=schema.enum_label(resource, "speaker", str(row["speaker"])),
        summary=str(row["summary"]),
        title=ARTICLE_TITLE,
        url=ARTICLE_URL,
        read_url=str(row.get("read_url", "") or ""),
    )


@dataclass(frozen=True)
class ReadLink:
    """A link that opens the publisher's page at one paragraph, highlighted."""

    id: str
    url: str

    def __str__(self) -> str:
        return f"Read {self.id} on the publisher's page: {self.url}"

    def _repr_html_(self) -> str:
        return (
            f'<p class="kz-read"><a href="{html.escape(self.url)}" target="_blank" '
            'rel="noopener" style="text-decoration:underline">'
            f"Read {html.escape(self.id)} on the publisher's page</a> "
            "(opens the article where it is published, with the paragraph highlighted)</p>"
        )


@student_call("kz.read", tip='Read one paragraph at a time, e.g. kz.read("P4").')
def read(paragraph_id: str | int, *, directory: str | Path | None = None) -> ReadLink:
    """Return a link that opens the publisher's page at a paragraph, highlighted.

    The article is not shipped with the lesson; this link shows it where it is published.
    """
    citation = cite(paragraph_id, directory=directory)
    return ReadLink(id=citation.id, url=citation.read_url)
