"""Escaping a student's words for the hand-in and the answer key (kzlesson/quizzes/textfmt.py):
nothing they type becomes markup, and their line breaks are kept."""

from __future__ import annotations

from kzlesson.quizzes.textfmt import h, h_lines, md, md_quote


def test_markdown_markup_in_an_answer_stays_text() -> None:
    assert md("<script>x</script>") == "&lt;script>x&lt;/script>"
    assert md("*bold* [link](x) | table") == r"\*bold\* \[link\](x) \| table"
    assert md("- not a list") == r"\- not a list" and md("1. not a list") == r"\1. not a list"
    assert md("A & B -> C") == "A & B -> C"  # plain text stays as it is
    assert md("&amp;") == "&amp;amp;"


def test_line_breaks_are_kept() -> None:
    assert md("one\ntwo") == "one<br>two"
    assert md_quote("one\n\ntwo") == "> one\n>\n> two"
    assert h_lines("<a>\nb") == "&lt;a&gt;<br>b"
    assert h('"x" & <y>') == "&quot;x&quot; &amp; &lt;y&gt;"
