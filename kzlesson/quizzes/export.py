"""Write a hand-in file of the student's quiz answers (HTML or Markdown, by file extension).

The file holds the student's name, the date, the score per notebook, every question with the
answer given, whether it was correct and how many attempts it took, and the full text of each
reflection. Everything the student typed is escaped.

:func:`export_answers` raises (ValueError, :class:`ExportError`) for programs;
:func:`export_for_notebook`, which ``kz.export_answers`` calls, shows the same problem as one
line (:class:`ExportProblem`) instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .bank import Bank, load_bank
from .core import TYPE_NAMES, Question, describe_response
from .progress import ProgressStore, store
from .textfmt import h, h_lines, md, md_quote


class ExportError(OSError):
    """The hand-in file cannot be written; the message says where and why."""


EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md"}


@dataclass(frozen=True)
class Exported:
    """Where the hand-in file was written and how many questions it holds answers for."""

    path: Path
    answered: int
    total: int

    def __str__(self) -> str:
        return (
            f"Saved {self.answered} of {self.total} answers to {self.path}. "
            "Download or hand in this file."
        )

    def __repr__(self) -> str:
        return str(self)

    def __fspath__(self) -> str:
        return str(self.path)

    def _repr_html_(self) -> str:
        return f'<p class="kz-export">✓ {h(str(self))}</p>'


@dataclass(frozen=True)
class ExportProblem:
    """Why the hand-in file was not written, shown as one line instead of a traceback."""

    message: str

    def __str__(self) -> str:
        return f"✗ Not saved: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f'<p class="kz-export kz-export-problem">{h(str(self))}</p>'


def _result(q: Question, entry: dict[str, Any] | None) -> str:
    """The outcome of one question in words (with a symbol)."""
    if entry is None:
        return "not answered"
    if q.type == "reflection":
        return "✎ written"
    return "✓ correct" if entry.get("correct") is True else "✗ not correct"


def _scores(bank: Bank, entries: dict[str, dict[str, Any]]) -> list[tuple[str, int, int, int, int]]:
    """(title, answered, correct, marked, total) per notebook."""
    rows = []
    for key, questions in bank.notebooks.items():
        answered = [q for q in questions if q.id in entries]
        correct = sum(entries[q.id].get("correct") is True for q in answered)
        marked = sum(q.type != "reflection" for q in questions)
        rows.append((bank.titles[key], len(answered), correct, marked, len(questions)))
    if rows:
        rows.append(("All notebooks", *(sum(row[i] for row in rows) for i in range(1, 5))))
    return rows


SCORES_NOTE = (
    "answered: questions with a saved answer; correct: answered right (the last answer "
    "checked); marked: questions that have a right answer (reflections are written, not "
    "marked); total: all questions of the notebook."
)


def _markdown(bank: Bank, entries: dict[str, dict[str, Any]], name: str, today: str) -> str:
    out = ["# My quiz answers (kzlesson)", "", f"**Name:** {md(name)}  ", f"**Date:** {today}", ""]
    out += [
        "## Scores",
        "",
        "| notebook | answered | correct | marked | total |",
        "|---|---|---|---|---|",
    ]
    for title, answered, correct, marked, total in _scores(bank, entries):
        out.append(f"| {md(title)} | {answered} | {correct} | {marked} | {total} |")
    out += ["", f"*{md(SCORES_NOTE)}*", ""]
    for key, questions in bank.notebooks.items():
        out += [f"## {md(bank.titles[key])}", ""]
        for q in questions:
            entry = entries.get(q.id)
            out += [f"### {q.id} ({TYPE_NAMES[q.type]})", "", md(q.prompt), ""]
            if entry is None:
                out += ["*Not answered.*", ""]
                continue
            attempts = entry.get("attempts", 0)
            if q.type == "reflection":
                out += ["**My answer:**", "", md_quote(entry.get("response") or ""), ""]
            else:
                answer = describe_response(q, entry.get("response"))
                out += [f"**My answer:** {md(answer)}  "]
            out += [f"**Result:** {_result(q, entry)}; attempts: {attempts}", ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse}td,th{border:1px solid #555;padding:.2em .5em}"
    "blockquote{border-left:4px solid #555;margin:0;padding-left:1em}"
)


def _html(bank: Bank, entries: dict[str, dict[str, Any]], name: str, today: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>My quiz answers: {h(name)}</title><style>{_CSS}</style></head><body>",
        "<main><h1>My quiz answers (kzlesson)</h1>",
        f"<p><strong>Name:</strong> {h(name)}<br><strong>Date:</strong> {h(today)}</p>",
        "<h2>Scores</h2><table><thead><tr><th scope='col'>notebook</th><th scope='col'>answered"
        "</th><th scope='col'>correct</th><th scope='col'>marked</th><th scope='col'>total</th>"
        "</tr></thead><tbody>",
    ]
    for title, answered, correct, marked, total in _scores(bank, entries):
        out.append(
            f"<tr><td>{h(title)}</td><td>{answered}</td><td>{correct}</td>"
            f"<td>{marked}</td><td>{total}</td></tr>"
        )
    out.append(f"</tbody></table><p><small>{h(SCORES_NOTE)}</small></p>")
    for key, questions in bank.notebooks.items():
        out.append(f"<h2>{h(bank.titles[key])}</h2>")
        for q in questions:
            entry = entries.get(q.id)
            out.append(f'<section class="kz-answer" id="{h(q.id)}">')
            out.append(f"<h3>{h(q.id)} ({h(TYPE_NAMES[q.type])})</h3><p>{h(q.prompt)}</p>")
            if entry is None:
                out.append("<p><em>Not answered.</em></p></section>")
                continue
            if q.type == "reflection":
                text = h_lines(entry.get("response") or "")
                out.append(f"<p><strong>My answer:</strong></p><blockquote>{text}</blockquote>")
            else:
                answer = describe_response(q, entry.get("response"))
                out.append(f"<p><strong>My answer:</strong> {h(answer)}</p>")
            out.append(
                f"<p><strong>Result:</strong> {h(_result(q, entry))}; "
                f"attempts: {h(entry.get('attempts', 0))}</p></section>"
            )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def export_answers(
    path: str | Path, name: str | None = None, progress: ProgressStore | None = None
) -> Exported:
    """Write the hand-in file; ``.html``/``.htm`` gives HTML, ``.md`` Markdown.

    ValueError for any other extension. ``progress`` defaults to the usual progress file.
    """
    target = Path(path).expanduser()
    fmt = EXTENSIONS.get(target.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"Cannot tell the format of {str(path)!r}: the file name must end in .html, .htm "
            "or .md, e.g. export_answers('my-answers.html', name='Aigerim')."
        )
    bank = load_bank()
    source = progress if progress is not None else store()
    entries = source.entries()
    shown_name = name.strip() if isinstance(name, str) and name.strip() else "(no name given)"
    today = date.today().strftime("%d %B %Y")
    render = _html if fmt == "html" else _markdown
    try:
        target.write_text(render(bank, entries, shown_name, today), encoding="utf-8")
    except OSError as exc:
        raise ExportError(
            f"Cannot write {target}: {exc.strerror or exc}. Choose a file in a folder you can "
            "write, e.g. export_answers('my-answers.html', name='Aigerim')."
        ) from None
    total = len(bank.all())
    answered = sum(q.id in entries for q in bank.all())
    return Exported(target.absolute(), answered, total)


def export_for_notebook(path: Any, name: str | None = None) -> Exported | ExportProblem:
    """:func:`export_answers` for a notebook cell: a one-line :class:`ExportProblem` on failure."""
    try:
        return export_answers(path, name=name)
    except (ValueError, TypeError, OSError) as exc:  # ExportError is an OSError
        return ExportProblem(str(exc))
