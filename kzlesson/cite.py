"""Cite a paragraph of the article: ``kz.cite("P4")``."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .data import ARTICLE_SOURCE, ARTICLE_TITLE, ARTICLE_URL, load_descriptor, load_table
from .lookup import NotFound

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

    def __str__(self) -> str:
        return (
            f"{self.id} ({self.section}, {self.speaker}): {self.summary} - "
            f'"{self.title}", {ARTICLE_SOURCE}, {self.url}'
        )

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f'<p class="kz-citation"><strong>{e(self.id)}</strong> '
            f"({e(self.section)}, {e(self.speaker)}): {e(self.summary)} - "
            f'<a href="{e(self.url)}" target="_blank" rel="noopener">{e(self.title)}</a>, '
            f"{e(ARTICLE_SOURCE)}</p>"
        )


def _paragraph_id(paragraph_id: str | int) -> str:
    """Turn "P4", "p4", "4" or 4 into "P4"; NotFound for anything else."""
    match = _PARAGRAPH_ID.fullmatch(str(paragraph_id).strip())
    if isinstance(paragraph_id, bool) or match is None:
        raise NotFound(
            f"{paragraph_id!r} is not a paragraph id: valid ids are P1-P24 (e.g. cite('P4'))."
        )
    return f"P{int(match.group(1))}"


def cite(paragraph_id: str | int, directory: str | Path | None = None) -> Citation:
    """Return a :class:`Citation` for a paragraph: "P4", "p4", "4" and 4 all work."""
    wanted = _paragraph_id(paragraph_id)
    paragraphs = load_table("paragraphs", directory)
    rows = paragraphs[paragraphs["id"] == wanted]
    if rows.empty:
        raise NotFound(f"No paragraph {paragraph_id!r}: valid ids are P1-P24 (e.g. cite('P4')).")
    row = rows.iloc[0]
    resource = schema.resource_by_name(load_descriptor(directory), "paragraphs")
    return Citation(
        id=wanted,
        section=schema.enum_label(resource, "section", str(row["section"])),
        speaker=schema.enum_label(resource, "speaker", str(row["speaker"])),
        summary=str(row["summary"]),
        title=ARTICLE_TITLE,
        url=ARTICLE_URL,
    )
