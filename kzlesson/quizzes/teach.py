"""Feedback that teaches: what a wrong answer gets before the right answer is revealed.

The checker's full feedback (:meth:`~.core.Feedback.html`) names the right answer for every part
of a matching, ordering, multiple-choice or classify question, and the bank's notes on a single
or true/false option often name it too. So until the student has been wrong
:data:`REVEAL_AFTER` times or pressed "Show me the answer", a wrong answer gets only: which of
the student's own parts are right or wrong, how many are still missing, and which paragraphs to
reread. No ipywidgets here (kzlesson.quizzes.view shows it).
"""

from __future__ import annotations

import html

from .core import Feedback, Part, Question, answer_parts

REVEAL_AFTER = 3  # wrong checks after which the full feedback (with the answer) is shown
MISSING = "missing"  # the checker's note on a right option that was not ticked


def _answer_named(q: Question, message: str) -> bool:
    """True when ``message`` names (part of) the right answer of a one-part question."""
    key = q.key
    if q.type == "single":
        right = [c.text for c in q.options if c.id == key.answer]
    elif q.type == "truefalse":
        right = ["true" if key.answer else "false"]
    elif q.type == "numeric":
        right = [f"{float(key.answer):g}"]
    elif q.type == "text":
        right = list(key.accept_shown)
    else:
        return True
    low = message.lower()
    return any(r and r.lower() in low for r in right)


def _own_parts(q: Question, result: Feedback) -> tuple[list[Part], str]:
    """The student's own parts (without notes, which may name the answer) and a summary."""
    if q.type == "multi":
        chosen = [Part(p.label, p.ok) for p in result.parts if p.note != MISSING]
        missing = sum(p.note == MISSING for p in result.parts)
        wrong = sum(p.ok is False for p in chosen)
        bits = [f"{wrong} of your ticks should not be ticked"] if wrong else []
        if missing:
            bits.append(f"{missing} right option{'s are' if missing > 1 else ' is'} not ticked yet")
        # Counts only: marking each tick would tell exactly which ticks make the answer.
        return [], "; ".join(bits) + "."
    parts = [Part(p.label, p.ok) for p in result.parts]
    if q.type in ("matching", "classify", "ordering"):
        return parts, result.message  # the checker's counts ("2 of 4 positions are right")
    if q.type in ("numeric", "text") and not _answer_named(q, result.message):
        return [], result.message  # e.g. "too high": it helps and gives nothing away
    if q.type in ("single", "truefalse") and parts:
        note = result.message if not _answer_named(q, result.message) else ""
        return [], f"'{parts[0].label}' is not the right answer. {note}".strip()
    return [], "That is not the answer yet."


def _reread(q: Question) -> str:
    paragraphs = ", ".join(q.paragraphs)
    return f"Reread {paragraphs} of the article, then try again." if paragraphs else "Try again."


def teaching_text(q: Question, result: Feedback) -> str:
    """The teaching feedback as plain text (see the module docstring)."""
    parts, summary = _own_parts(q, result)
    lines = [f"{result.headline}: {summary}"]
    lines += [f"  {'✓' if p.ok else '✗'} {p.label}" for p in parts]
    lines.append(_reread(q))  # no source list: a source's title can name the answer
    return "\n".join(lines)


def teaching_html(q: Question, result: Feedback) -> str:
    """The teaching feedback as escaped HTML, with links to the paragraphs and sources."""
    e = html.escape
    parts, summary = _own_parts(q, result)
    out = [f"<p><strong>{e(result.headline)}</strong>: {e(summary)}</p>"]
    if parts:
        rows = "".join(f"<li>{'✓' if p.ok else '✗'} {e(p.label)}</li>" for p in parts)
        out.append(f"<ul>{rows}</ul>")
    out.append(f"<p>{e(_reread(q))}</p>")  # no source list: a title can name the answer
    return "".join(out)


def answer_html(q: Question) -> str:
    """The right answer and its explanation, for "Show me the answer"."""
    e = html.escape
    rows = "".join(f"<li>{e(line)}</li>" for line in answer_parts(q))
    why = f"<p>{e(q.key.explanation)}</p>" if q.key.explanation else ""
    return f"<p><strong>The answer</strong> (shown on request):</p><ul>{rows}</ul>{why}"
