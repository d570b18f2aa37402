"""The class report as one self-contained HTML page (charts embedded as PNG) and as CSV.

Every piece of student text is escaped. Charts follow the lesson's figure conventions
(:mod:`kzlesson.figures.style`): Okabe-Ito colours, hatching and value labels so nothing rests on
colour, alt text and a visible description.
"""

from __future__ import annotations

import csv
import html
import textwrap
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..quizzes.core import TYPE_NAMES
from ..quizzes.handin import ORGANISER_FIELDS
from .classreport import ClassSummary, QuestionStats, Score

NOT_FOR_MARKING = (
    "A hand-in is the student's own file and can be edited before it is handed in: use this "
    "report for teaching (what to go over again), not for high-stakes marking."
)
ORGANISER_LABELS = ("Claim", "Evidence for", "Evidence against", "How reliable", "My verdict")

_CSS = """
body{font-family:system-ui,sans-serif;font-size:1.05rem;line-height:1.45;margin:1.5em auto;
max-width:72em;padding:0 1em;color:#111}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #555;padding:.25em .5em;
vertical-align:top;text-align:left}th[scope=col]{background:#eee}td.n{text-align:right}
.kz-note{border:2px solid #0072b2;padding:.5em 1em}.kz-problems li{font-family:monospace}
.kz-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(16em,1fr));gap:.6em}
.kz-card{border:1px solid #555;padding:.4em .7em;white-space:pre-wrap;overflow-wrap:anywhere}
.kz-card h4{margin:0 0 .3em;white-space:normal}figure img{max-width:100%;height:auto}
ol.kz-wrong{margin:0;padding-left:1.2em}
@media print{body{font-size:11pt;max-width:none}.kz-cards{display:block}
.kz-card{break-inside:avoid;margin-bottom:.4em}tr,figure{break-inside:avoid}h2,h3{break-after:avoid}}
"""


def e(text: object) -> str:
    """Escape for HTML text and attributes."""
    return html.escape(str(text), quote=True)


def pct(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage ("-" when there is nothing to count)."""
    return f"{round(100 * part / whole)}%" if whole else "-"


def _table(head: Iterable[str], rows: Iterable[Iterable[str]], cls: str = "") -> str:
    """An HTML table; cells are given already escaped."""
    th = "".join(f"<th scope='col'>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table class='{cls}'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


# --------------------------------------------------------------------------- scores


def notebook_rows(summary: ClassSummary) -> list[tuple[str, int, float, float, int]]:
    """(title, students who started, mean % answered, mean % correct, finished) per notebook."""
    rows = []
    for key, title in summary.bank.titles.items():
        scores = [s[key] for s in summary.scores]
        started = sum(s.answered > 0 for s in scores)
        done = sum(s.answered == s.total for s in scores)
        answered = _mean(100 * s.answered / s.total for s in scores if s.total)
        correct = _mean(100 * s.correct / s.marked for s in scores if s.marked)
        rows.append((title, started, answered, correct, done))
    return rows


def _mean(values: Iterable[float]) -> float:
    """The mean, 0 for nothing."""
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def total(scores: dict[str, Score]) -> Score:
    """One student's scores added up over the notebooks."""
    out = Score()
    for s in scores.values():
        out.answered += s.answered
        out.correct += s.correct
        out.marked += s.marked
        out.total += s.total
    return out


def _notebook_section(summary: ClassSummary) -> str:
    """Scores by notebook: table, chart and description."""
    rows = [
        (e(t), str(n), f"{a:.0f}%", f"{c:.0f}%", str(d)) for t, n, a, c, d in notebook_rows(summary)
    ]
    head = (
        "notebook",
        "students who started it",
        "answered (class average)",
        "right, of the marked items (class average)",
        "students who did everything",
    )
    return (
        "<h2 id='by-notebook'>Scores by notebook</h2>"
        + _table(head, rows, "kz-notebooks")
        + "<p><small>Items are quiz questions and pandas exercises. Right counts the last "
        "answer checked; reflections are written, not marked.</small></p>"
        + _notebook_chart(summary)
    )


def _student_section(summary: ClassSummary) -> str:
    """Scores by student: one row per student, one column per notebook."""
    keys = list(summary.bank.titles)
    head = ["student", *(e(summary.bank.titles[k]) for k in keys), "all notebooks"]
    rows = []
    for label, scores in zip(summary.labels, summary.scores, strict=True):
        cells = [_score_cell(scores[k]) for k in keys]
        all_ = total(scores)
        rows.append([e(label), *cells, _score_cell(all_)])
    note = (
        "<p><small>Each cell: items right of the marked items (quiz questions with a right "
        "answer, and exercises); items answered of all items (reflections included). "
        f"{e(NOT_FOR_MARKING)}</small></p>"
    )
    return (
        "<h2 id='by-student'>Scores by student</h2>"
        + _table(head, rows, "kz-students")
        + note
        + _student_chart(summary)
    )


def _score_cell(s: Score) -> str:
    """ "right of marked (answered of total)" for one notebook."""
    return f"{s.correct}/{s.marked} right<br>{s.answered}/{s.total} answered"


# --------------------------------------------------------------------------- charts


def _notebook_chart(summary: ClassSummary) -> str:
    """Grouped bars per notebook: % answered (plain) and % right (hatched), labelled."""
    from ..figures.display import figure_html
    from ..figures.style import BLUE, ORANGE, describe, new_figure

    rows = notebook_rows(summary)
    fig = new_figure(8, 0.55 * len(rows) + 1.6)
    ax = fig.subplots()
    ys = list(range(len(rows)))
    series = (("answered", 2, BLUE, ""), ("right (of marked)", 3, ORANGE, "//"))
    for offset, (label, column, colour, hatch) in zip((-0.2, 0.2), series, strict=True):
        values = [row[column] for row in rows]
        bars = ax.barh(
            [y + offset for y in ys],
            values,
            height=0.38,
            color=colour,
            hatch=hatch,
            edgecolor="black",
            label=label,
        )
        ax.bar_label(bars, labels=[f"{label.split()[0]} {v:.0f}%" for v in values], padding=3)
    ax.set_yticks(ys, [textwrap.fill(row[0], 28) for row in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 135)
    ax.set_xlabel("percent of the notebook's items (class average)")
    ax.set_title("Class average per notebook: answered and right")
    ax.legend(loc="lower right")
    details = "; ".join(f"{r[0]}: {r[2]:.0f}% answered, {r[3]:.0f}% right" for r in rows)
    describe(
        fig,
        "Horizontal bar chart of the class average per notebook: the share of items answered "
        "(plain bars) and answered right (hatched bars).",
        f"{len(summary.labels)} students. {details}.",
    )
    return figure_html(fig)


BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


def student_bands(summary: ClassSummary) -> list[int]:
    """How many students have an overall score (right of marked) in each band of 20%."""
    counts = [0] * len(BANDS)
    for scores in summary.scores:
        s = total(scores)
        share = 100 * s.correct / s.marked if s.marked else 0
        counts[next(i for i, (lo, hi) in enumerate(BANDS) if lo <= share < hi)] += 1
    return counts


def _student_chart(summary: ClassSummary) -> str:
    """Bars: how many students score 0-19%, 20-39%, ... over the whole lesson."""
    from ..figures.display import figure_html
    from ..figures.style import GREEN, describe, new_figure

    counts = student_bands(summary)
    names = [f"{lo}-{min(hi, 100) if hi > 100 else hi - 1}%" for lo, hi in BANDS]
    fig = new_figure(7, 3.2)
    ax = fig.subplots()
    bars = ax.bar(names, counts, color=GREEN, hatch="..", edgecolor="black")
    ax.bar_label(bars, labels=[f"{c} students" if c != 1 else "1 student" for c in counts])
    ax.set_xlabel("overall score: right of all marked items in the lesson")
    ax.set_ylabel("students")
    ax.set_ylim(0, max(counts + [1]) * 1.25)
    ax.set_title("How many students reach each score")
    details = "; ".join(f"{n}: {c}" for n, c in zip(names, counts, strict=True))
    describe(
        fig,
        "Bar chart of how many students have an overall score in each band of 20 percent.",
        f"Students per band: {details}.",
    )
    return figure_html(fig)


# --------------------------------------------------------------------------- questions


def _wrong_cell(stats: QuestionStats) -> str:
    """The most chosen wrong answers, each with the lesson's feedback for it."""
    if not stats.wrong:
        return "-"
    items = "".join(
        f"<li>“{e(w.text)}”: {w.students} student{'s' if w.students != 1 else ''}"
        + (f"<br><small>Feedback: {e(w.feedback)}</small>" if w.feedback else "")
        + "</li>"
        for w in stats.wrong
    )
    return f"<ol class='kz-wrong'>{items}</ol>"


def _question_row(s: QuestionStats) -> list[str]:
    """One row of the question table."""
    q = s.question
    marked = q.type != "reflection"
    prompt = q.prompt if len(q.prompt) < 160 else q.prompt[:157] + "..."
    return [
        f"<span id='q-{e(q.id)}'>{e(q.id)}</span>",
        e(prompt),
        e(TYPE_NAMES.get(q.type, q.type)),
        str(s.answered),
        f"{s.first} ({pct(s.first, s.answered)})" if marked else "-",
        f"{s.eventually} ({pct(s.eventually, s.answered)})" if marked else "-",
        str(s.shown) if marked else "-",
        _wrong_cell(s),
    ]


def _questions_section(summary: ClassSummary) -> str:
    """Question by question, notebook by notebook."""
    head = (
        "id",
        "question",
        "type",
        "answered",
        "right first time",
        "right eventually",
        "answer shown",
        "most chosen wrong answers (what to reteach)",
    )
    out = ["<h2 id='by-question'>Question by question</h2>"]
    for key, title in summary.bank.titles.items():
        rows = [_question_row(s) for s in summary.questions if s.question.notebook == key]
        out.append(f"<h3>{e(title)}</h3>" + _table(head, rows, "kz-questions"))
    return "".join(out)


def reteach(summary: ClassSummary, limit: int = 5) -> list[QuestionStats]:
    """The questions whose top wrong answer most students gave."""
    ranked = [s for s in summary.questions if s.wrong]
    ranked.sort(key=lambda s: (-s.wrong[0].students, s.first / max(s.answered, 1)))
    return ranked[:limit]


def _reteach_section(summary: ClassSummary) -> str:
    """The short list to open the next lesson with."""
    items = []
    for s in reteach(summary):
        w = s.wrong[0]
        items.append(
            f"<li><a href='#q-{e(s.question.id)}'>{e(s.question.id)}</a>: {w.students} of "
            f"{s.answered} students answered “{e(w.text)}”. "
            f"<small>Feedback: {e(w.feedback)}</small></li>"
        )
    body = f"<ol>{''.join(items)}</ol>" if items else "<p>No wrong answers were given.</p>"
    return (
        "<h2 id='reteach'>Most chosen wrong answers: start the next lesson here</h2>"
        "<p>The wrong answers most students gave, with the feedback the lesson gives for them.</p>"
        + body
    )


def _exercises_section(summary: ClassSummary) -> str:
    """Exercises: tried, right first time, right eventually, code right but the sentence still
    missing, tries; interpretations."""
    head = (
        "exercise",
        "tried",
        "right first time",
        "right eventually",
        "sentence missing",
        "tries (average)",
    )
    rows = [
        [
            e(x.id),
            str(x.attempted),
            f"{x.first} ({pct(x.first, x.attempted)})",
            f"{x.eventually} ({pct(x.eventually, x.attempted)})",
            str(x.sentence_missing),
            f"{x.tries / x.attempted:.1f}" if x.attempted else "-",
        ]
        for x in summary.exercises
    ]
    texts = "".join(_cards(f"{x.id}: what the result means", x.texts) for x in summary.exercises)
    return "<h2 id='exercises'>Pandas exercises</h2>" + _table(head, rows, "kz-exercises") + texts


# --------------------------------------------------------------------------- texts


def _cards(title: str, texts: list[tuple[str, str]]) -> str:
    """Texts of several students side by side, one card each."""
    if not texts:
        return ""
    cards = "".join(
        f"<article class='kz-card'><h4>{e(who)}</h4>{e(text)}</article>" for who, text in texts
    )
    return f"<h3>{e(title)}</h3><div class='kz-cards'>{cards}</div>"


def _texts_section(summary: ClassSummary) -> str:
    """Reflections and organiser rows grouped by question."""
    out = ["<h2 id='reflections'>Reflections and organiser entries</h2>"]
    reflections = [s for s in summary.questions if s.question.type == "reflection"]
    for s in reflections:
        out.append(_cards(f"{s.question.id}: {s.question.prompt}", s.texts))
    for key, rows in summary.organiser.items():
        head = ["student", *ORGANISER_LABELS]
        body = [[e(who), *(e(row[f]) for f in ORGANISER_FIELDS)] for who, row in rows]
        out.append(f"<h3>Organiser {e(key)}</h3>" + _table(head, body, "kz-organiser"))
    if len(out) == 1:
        out.append("<p>No reflections or organiser entries were handed in.</p>")
    return "".join(out)


def _problems_section(problems: list[str], anonymous: bool) -> str:
    """The files not read (or read in part); only their number when names are hidden."""
    if not problems:
        return ""
    if anonymous:
        return (
            f"<p class='kz-problems'>{len(problems)} file(s) could not be read in full; "
            "the command listed them in the terminal.</p>"
        )
    items = "".join(f"<li>{e(p)}</li>" for p in problems)
    return f"<h2 id='problems'>Files not read in full</h2><ul class='kz-problems'>{items}</ul>"


def render(summary: ClassSummary, problems: list[str], when: datetime | None = None) -> str:
    """The whole report page."""
    when = when or datetime.now()
    names = "names hidden" if summary.anonymous else "with names"
    header = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Class report (kzlesson)</title><style>{_CSS}</style></head><body><main>"
        "<h1>Class report: Kazakhstan, January 2022 (kzlesson)</h1>"
        f"<p>{len(summary.labels)} students ({names}); made {e(when.strftime('%d %B %Y %H:%M'))}."
        f"</p><p class='kz-note'>{e(NOT_FOR_MARKING)}</p>"
    )
    parts = [
        header,
        _problems_section(problems, summary.anonymous),
        _reteach_section(summary),
        _notebook_section(summary),
        _student_section(summary),
        _questions_section(summary),
        _exercises_section(summary),
        _texts_section(summary),
        "</main></body></html>\n",
    ]
    return "\n".join(p for p in parts if p)


def write_csv(summary: ClassSummary, path: Path) -> None:
    """One row per student, one column per notebook: percent right of the marked items."""
    keys = list(summary.bank.titles)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["student", *(f"{k} (% right)" for k in keys)])
        for label, scores in zip(summary.labels, summary.scores, strict=True):
            cells = [
                round(100 * scores[k].correct / scores[k].marked) if scores[k].marked else ""
                for k in keys
            ]
            out.writerow([_cell(label), *cells])


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def build_report(
    paths: list[str], out: Path, anonymous: bool = False, csv_path: Path | None = None
) -> tuple[int, list[str], str]:
    """Read the class, write the report (and CSV): (exit code, problem lines, done line)."""
    from .classreport import EXIT_NOTHING, EXIT_OK, EXIT_SKIPPED, read_class, summarise

    written = {p.expanduser().resolve() for p in (out, csv_path) if p is not None}
    reading = read_class(paths, exclude=written)
    if not reading.handins:
        reading.problems.append("no hand-in could be read: no report written")
        return EXIT_NOTHING, reading.problems, ""
    summary = summarise(reading, anonymous=anonymous)
    try:
        out.write_text(render(summary, reading.problems), encoding="utf-8")
        if csv_path is not None:
            write_csv(summary, csv_path)
    except OSError as exc:
        where = exc.filename or out
        reading.problems.append(f"{where}: cannot write the report ({exc.strerror or exc})")
        return EXIT_NOTHING, reading.problems, ""
    extra = f" and {csv_path}" if csv_path is not None else ""
    skipped = f"; {len(reading.problems)} problem(s) listed above" if reading.problems else ""
    done = f"Wrote {out}{extra}: {len(summary.labels)} students{skipped}."
    return (EXIT_SKIPPED if reading.problems else EXIT_OK), reading.problems, done
