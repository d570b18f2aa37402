"""What an explorer shows, as sections (kzlesson/explore/sections.py): escaped HTML with links,
and the same content as plain text for the text fallback."""

from __future__ import annotations

from kzlesson.explore.sections import BREAK, Link, Section, render_html, render_text

SECTIONS = [
    Section("Claim:", ["<b>Prices</b> doubled", BREAK, Link("source", "https://hrw.org/x")]),
    Section("What happened", items=[["Protest in Zhanaozen"], ["Strike & march"]]),
    Section("Sources", header=("id", "publisher"), rows=[("hrw-1", "HRW")]),
]


def test_html_is_escaped_and_links_are_links() -> None:
    page = render_html(SECTIONS)
    assert "<b>Prices</b>" not in page and "&lt;b&gt;Prices&lt;/b&gt;" in page
    assert 'href="https://hrw.org/x"' in page and ">source</a>" in page
    assert "<li>Strike &amp; march</li>" in page
    assert "<th" in page and "HRW" in page


def test_plain_text_holds_the_same_content() -> None:
    text = render_text(SECTIONS).splitlines()
    assert text[0].startswith("Claim: <b>Prices</b> doubled") and "https://hrw.org/x" in text[0]
    assert "- Protest in Zhanaozen" in text and "- Strike & march" in text
    assert "- hrw-1 | HRW" in text
