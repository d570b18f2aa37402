"""Small helpers to write escaped Markdown and HTML (for the hand-in file and the answer key)."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def md(text: object) -> str:
    """Escape text for Markdown: no HTML tags, no emphasis, links or tables by accident.

    Only what Markdown would read as markup is escaped: ``<`` (a tag) becomes ``&lt;``, ``&``
    only where it would start an entity such as ``&amp;``, Markdown punctuation
    gets a backslash. ``A & B`` and ``->`` stay as they are.
    """
    escaped = _ENTITY.sub("&amp;", str(text)).replace("<", "&lt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    lines = escaped.splitlines() or [""]
    lines = [re.sub(r"^(\s*)([-=>]|\d+\.)", r"\1\\\2", line) for line in lines]
    return "<br>".join(lines)


def md_quote(text: object) -> str:
    """Escaped text as a Markdown block quote (keeps the student's line breaks)."""
    lines = str(text).splitlines() or [""]
    return "\n".join(f"> {md(line)}" if line.strip() else ">" for line in lines)


def h(text: object) -> str:
    """Escape text for HTML."""
    return html.escape(str(text))


def h_lines(text: object) -> str:
    """Escaped HTML text keeping line breaks."""
    return "<br>".join(h(line) for line in str(text).splitlines()) or ""
