"""The teacher's answer key: every question, its answer, the explanation and the citations.

``render_answer_key(fmt="md" | "html", notebook=None)`` returns Markdown or an HTML fragment
(``<section class="kz-answer-key">``, for embedding, e.g. in the teacher handout);
``page=True`` wraps the HTML in a complete page (``<!DOCTYPE html>``, UTF-8) that can be saved
as ``key.html``. The command line prints it::

    kzlesson answer-key --format md --notebook timeline

Choices are listed in the order students see them (:func:`~.core.display_order`).
"""

from __future__ import annotations

from . import registry
from .bank import NOTEBOOKS, Bank, load_bank
from .core import Question, answer_parts, citation_html, describe_answer, skill_name
from .registry import QuestionType
from .textfmt import h, md


def _type(q: Question) -> QuestionType:
    """The question's registered type (KeyError naming it if there is none)."""
    qtype = registry.get(q.type)
    if qtype is None:
        raise KeyError(f"{q.id}: unknown question type {q.type!r}")
    return qtype


def _choices(q: Question) -> list[str]:
    """The choices shown to the student, as plain strings."""
    return _type(q).key_choices(q)


def _notebooks(bank: Bank, notebook: str | None) -> list[str]:
    """The notebooks to include; ValueError (naming the valid keys) for an unknown one."""
    if notebook is None:
        return list(bank.notebooks)
    key = str(notebook).strip().lower()
    if key not in bank.notebooks:
        raise ValueError(_valid_message(notebook, bank))
    return [key]


def _valid_message(notebook: str, bank: Bank) -> str:
    """Which notebook keys exist."""
    keys = [k for k in NOTEBOOKS if k in bank.notebooks]
    return f"There is no quiz called {notebook!r}. Valid notebooks: {', '.join(keys)}."


def _md_citations(q: Question) -> str:
    """Citations as Markdown links (brackets and parentheses in addresses are encoded)."""
    links = []
    for c in q.citations:
        url = c.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        links.append(f"[{md(c.label)}]({url})" if url else md(c.label))
    return "; ".join(links)


def _md_question(q: Question) -> list[str]:
    qtype = _type(q)
    out = [f"### {q.id} ({qtype.title}; skill: {skill_name(q.skill)})", "", md(q.prompt), ""]
    out += [f"- {md(choice)}" for choice in _choices(q)]
    if _choices(q):
        out.append("")
    out += [f"**{qtype.answer_label}:** {md(describe_answer(q))}", ""]
    if q.key.explanation:
        out += [f"**Why:** {md(q.key.explanation)}", ""]
    for heading, lines in qtype.key_notes(q):
        out += [f"**{heading}:**", *[f"- {md(line)}" for line in lines], ""]
    out += [f"**Hint:** {md(q.hint)}", "", f"**Sources:** {_md_citations(q)}", ""]
    return out


def _html_question(q: Question, level: int) -> str:
    qtype = _type(q)
    kind = f"{qtype.title}; skill: {skill_name(q.skill)}"
    parts = [f"<h{level}>{h(q.id)} ({h(kind)})</h{level}>", f"<p>{h(q.prompt)}</p>"]
    if qtype.key_choices_html is not None:
        parts.append(qtype.key_choices_html(q))
    elif _choices(q):
        parts.append("<ul>" + "".join(f"<li>{h(c)}</li>" for c in _choices(q)) + "</ul>")
    label = qtype.answer_label
    lines = answer_parts(q)
    if len(lines) > 1:  # one line per option, position, pair or label
        tag = "ol" if qtype.ordered_answer else "ul"
        items = "".join(f"<li>{h(line)}</li>" for line in lines)
        parts.append(f"<p><strong>{label}:</strong></p><{tag}>{items}</{tag}>")
    else:
        parts.append(f"<p><strong>{label}:</strong> {h(lines[0])}</p>")
    if q.key.explanation:
        parts.append(f"<p><strong>Why:</strong> {h(q.key.explanation)}</p>")
    for heading, notes in qtype.key_notes(q):
        items = "".join(f"<li>{h(note)}</li>" for note in notes)
        parts.append(f"<p><strong>{h(heading)}:</strong></p><ul>{items}</ul>")
    parts.append(f"<p><strong>Hint:</strong> {h(q.hint)}</p>")
    parts.append(f"<p><strong>Sources:</strong> {citation_html(q.citations)}</p>")
    return f'<div class="kz-key-question" id="key-{h(q.id)}">{"".join(parts)}</div>'


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;line-height:1.45}"
    ".kz-key-question{border-top:1px solid #555;margin-top:1em}"
)


def html_page(fragment: str, title: str = "Quiz answer key (teachers only)") -> str:
    """A complete HTML page (doctype, UTF-8, title) around an answer-key fragment."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(title)}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>{h(title)}</h1>\n{fragment}\n</main></body></html>\n"
    )


def render_answer_key(fmt: str = "md", notebook: str | None = None, page: bool = False) -> str:
    """The answer key as Markdown (``fmt="md"``) or an HTML fragment (``fmt="html"``).

    ``page=True`` makes the HTML a complete page (see :func:`html_page`). ``notebook`` limits
    it to one quiz (e.g. ``"timeline"``); ValueError for an unknown quiz or format.
    """
    if fmt not in ("md", "html"):
        raise ValueError(f"Unknown answer-key format {fmt!r}: use 'md' or 'html'.")
    bank = load_bank()
    keys = _notebooks(bank, notebook)
    if fmt == "md":
        out = ["# Quiz answer key (teachers only)", ""]
        for key in keys:
            out += [f"## {md(bank.titles[key])} (`{key}`)", ""]
            for q in bank.notebooks[key]:
                out += _md_question(q)
        return "\n".join(out).rstrip() + "\n"
    level = 4 if notebook is not None else 3
    parts = ['<section class="kz-answer-key">']
    for key in keys:
        if notebook is None:
            parts.append(f"<h2>{h(bank.titles[key])} ({h(key)})</h2>")
        parts += [_html_question(q, level) for q in bank.notebooks[key]]
    parts.append("</section>")
    fragment = "\n".join(parts)
    return html_page(fragment) if page else fragment
