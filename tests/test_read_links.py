"""Paragraph read links: every text fragment is checked against the reference copy of the article.

The article is copyrighted and does not ship with the package; the reference copy lives beside
the clone in ``../shared/reference/article.md`` (as in CI). Without it these checks skip.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

import pytest

import kzlesson as kz

ROOT = Path(__file__).resolve().parents[1]
# CI has ../shared beside the clone; a worktree under <parent>/wt/<name> looks one level up.
CANDIDATES = [
    base / "shared" / "reference" / "article.md" for base in (ROOT.parent, ROOT.parent.parent)
]
REFERENCE = next((c for c in CANDIDATES if c.is_file()), CANDIDATES[0])
PREFIX = kz.ARTICLE_URL + "#:~:text="
MAX_WORDS = 8


def _normalise(text: str) -> str:
    """Lower case, markdown links reduced to their text, whitespace collapsed (as browsers do)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def article() -> dict[str, str]:
    if not REFERENCE.is_file():
        pytest.skip(f"reference copy of the article not found at {REFERENCE} (it never ships)")
    found = re.findall(r"^(P\d+)\. (.*)$", REFERENCE.read_text(encoding="utf-8"), re.M)
    return {pid: _normalise(text) for pid, text in found}


def _fragment(url: str) -> tuple[str, str]:
    assert url.startswith(PREFIX), url
    start, end = url[len(PREFIX) :].split(",")
    return urllib.parse.unquote(start), urllib.parse.unquote(end)


def test_every_paragraph_has_a_read_link() -> None:
    paragraphs = kz.load_paragraphs()
    assert len(paragraphs) == 24
    for pid, url in zip(paragraphs["id"], paragraphs["read_url"], strict=True):
        start, end = _fragment(url)
        for words in (start, end):
            assert 1 <= len(words.split()) <= MAX_WORDS, (pid, words)
            # characters the spec reserves must be percent-encoded, never literal
            assert "&" not in url and " " not in url, pid


def test_fragments_match_the_reference_copy(article: dict[str, str]) -> None:
    """The browser highlights from the first match of the start words to the next match of the
    end words, so both must fall inside the right paragraph when the article is read in order."""
    order = list(article)
    whole = " ".join(article[p] for p in order)
    offsets, at = {}, 0
    for pid in order:
        offsets[pid] = (at, at + len(article[pid]))
        at += len(article[pid]) + 1
    for pid, url in zip(kz.load_paragraphs()["id"], kz.load_paragraphs()["read_url"], strict=True):
        start, end = (w.lower() for w in _fragment(url))
        lo, hi = offsets[pid]
        first = whole.find(start)
        assert lo <= first < lo + 20, (
            f"{pid}: start words {start!r} first match is not at its start"
        )
        stop = whole.find(end, first + len(start)) + len(end)
        assert stop <= hi, f"{pid}: end words {end!r} first match after the start is past {pid}"
        assert hi - stop <= 2 or pid == "P14", f"{pid}: end words {end!r} stop before its end"


def test_cite_shows_the_read_link() -> None:
    citation = kz.cite("P4")
    assert citation.read_url.startswith(PREFIX)
    assert "Read P4 on the publisher's page" in citation._repr_html_()
    link = kz.read("p4")
    assert link.url == citation.read_url
    assert "Read P4 on the publisher's page" in html.unescape(link._repr_html_())
    assert f'href="{html.escape(citation.read_url)}"' in link._repr_html_()


def test_read_links_are_underlined_not_told_by_colour_alone() -> None:
    """axe's link-in-text-block rule: in Voila the theme does not underline links in text."""
    for shown in (kz.read("P4")._repr_html_(), kz.cite("P4")._repr_html_()):
        links = re.findall(r"<a [^>]*>", shown)
        assert links and all("text-decoration:underline" in a for a in links), links


def test_read_names_a_wrong_id() -> None:
    with pytest.raises(KeyError) as info:
        kz.read("P25")
    assert "Did you mean 'P24'" in str(info.value)
