"""Write a hand-in file of the student's quiz answers (HTML or Markdown, by file extension).

The file holds the student's name, the date, the score per notebook, every question with the
answer given, whether it was correct and how many attempts it took, the full text of each
reflection, the pandas exercises tried and the graphic-organiser rows. Everything the student
typed is escaped. The same content is also in the file as data (:mod:`.handin`, a
``<script type="application/json" id="kzlesson-handin">`` block) for ``kzlesson class-report``.

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
from .handin import ORGANISER_FIELDS, SHOWN_FIELD, data_block, handin_data
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
    shown = "; the answer was shown (Show me)" if entry.get(SHOWN_FIELD) else ""
    return ("✓ correct" if entry.get("correct") is True else "✗ not correct") + shown


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


def _exercise_verdict(ex: dict[str, Any]) -> str:
    """An exercise's result in words: right or not, and whether its sentence is missing."""
    if ex.get("status") == "sentence missing":
        return "✓ data part correct, ✗ sentence missing"
    return "✓ correct" if ex["correct"] else "✗ not correct"


def _md_extras(data: dict[str, Any]) -> str:
    """The exercises and organiser rows as Markdown."""
    out = ["## Exercises", ""]
    for ex in data["exercises"]:
        if not ex["attempted"]:
            continue
        verdict = _exercise_verdict(ex)
        out += [f"### {md(ex['id'])}", "", f"**Result:** {verdict}; tries: {ex['tries']}  "]
        out += [f"**Marked:** {md(ex['result'] or '')}  "]
        if ex["interpretation"]:
            out += ["**What it means:**", "", md_quote(ex["interpretation"])]
        out.append("")
    if not any(ex["attempted"] for ex in data["exercises"]):
        out += ["*No exercise tried.*", ""]
    if data["organiser"]:
        out += ["## Organiser", ""]
        for row in data["organiser"]:
            out += [f"### {md(row['id'])}", ""]
            out += [f"- **{_ORG_LABELS[k]}:** {md(row[k])}" for k in ORGANISER_FIELDS] + [""]
    return "\n".join(out)


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


_ORG_LABELS = {
    "claim": "Claim",
    "evidence_for": "Evidence for",
    "evidence_against": "Evidence against",
    "reliability": "How reliable",
    "verdict": "My verdict",
}


def _exercise_html(ex: dict[str, Any]) -> str:
    """One exercise tried, as an HTML section."""
    verdict = _exercise_verdict(ex)
    meaning = (
        f"<p><strong>What it means:</strong></p><blockquote>{h_lines(ex['interpretation'])}"
        "</blockquote>"
        if ex["interpretation"]
        else ""
    )
    return (
        f'<section class="kz-answer" id="{h(ex["id"])}"><h3>{h(ex["id"])} (exercise)</h3>'
        f"<p><strong>Result:</strong> {verdict}; tries: {ex['tries']}</p>"
        f"<p><strong>Marked:</strong> {h(ex['result'] or '')}</p>{meaning}</section>"
    )


def _html_extras(data: dict[str, Any]) -> str:
    """The exercises and organiser rows as HTML, then the data block."""
    tried = [ex for ex in data["exercises"] if ex["attempted"]]
    out = ["<h2>Exercises</h2>"]
    out += [_exercise_html(ex) for ex in tried] or ["<p><em>No exercise tried.</em></p>"]
    if data["organiser"]:
        out.append("<h2>Organiser</h2>")
        for row in data["organiser"]:
            cells = "".join(
                f"<tr><th scope='row'>{_ORG_LABELS[k]}</th><td>{h_lines(row[k])}</td></tr>"
                for k in ORGANISER_FIELDS
            )
            out.append(f"<h3>{h(row['id'])}</h3><table class='kz-organiser'>{cells}</table>")
    return "\n".join(out)


def _render(
    fmt: str, bank: Bank, entries: dict[str, dict[str, Any]], shown: str, today: str, name: Any
) -> str:
    """The whole hand-in: the readable page, the exercises and organiser, the data block."""
    student = name.strip() if isinstance(name, str) else ""
    data = handin_data(bank, entries, student)
    if fmt == "md":
        return f"{_markdown(bank, entries, shown, today)}\n{_md_extras(data)}\n{data_block(data)}\n"
    page = _html(bank, entries, shown, today)
    extras = f"{_html_extras(data)}\n</main>\n{data_block(data)}\n</body></html>"
    return page.replace("</main></body></html>", extras)


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
    text = _render(fmt, bank, entries, shown_name, today, name)
    try:
        target.write_text(text, encoding="utf-8")
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
