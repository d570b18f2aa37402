"""A timed walkthrough of the lesson as a student works it, in a real browser (JupyterLab).

Run by hand (a benchmark, never part of the test suite); it prints figures per notebook:

    KZLESSON_CHROMIUM=/usr/bin/chromium .venv/bin/python benchmarks/walkthrough.py [01_context]

What it does, per notebook, in a private JupyterLab on 127.0.0.1 driven by Playwright and
Debian's Chromium (the harness of tests/browser/):

1. opens the notebook and runs every cell (Run > Run All Cells);
2. answers every quiz question the notebook asks: wrong once, then right (a reflection, which
   has no wrong answer, is written once), with the right answer taken from kzlesson's own
   decoded answer key (the bank loader), never from this file;
3. fills every graphic organiser (and commits a verdict in every claim checker) with sentences of
   a typical length for a 15-16-year-old, and presses Save;
4. reads the page: counts the words actually rendered on screen in each cell (our prose, the
   code, every output: tables, figure descriptions, widgets, and every feedback message the
   student got), plus the article paragraphs the notebook sends the student to read on the
   publisher's page (``kz.read``; counted from the reference copy, which is not shipped).

**Machine time** is measured on the wall clock (opening, running, clicking, waiting for the
kernel). **Reading and writing time** are not waited out in real time (five hours of sleeping
would measure nothing): they are computed from the words rendered and typed, at the rates
below, and added on a virtual clock.

Rates (assumptions, stated so a teacher can replace them with what they see in class):

- READING_WPM = 150: silent reading of informational text by 15-16-year-olds. Brysbaert (2019,
  "How many words do we read per minute? A review and meta-analysis of reading rate", Journal
  of Memory and Language 109, 104047) finds about 238 wpm for adults reading non-fiction
  silently; secondary-school students read more slowly, and many of ours read English as a
  second language, so we take the lower end of the 150-200 wpm often quoted for that age.
- SOURCE_WPM = 100: close reading of the primary source (the article), slower than ordinary
  reading: the lesson asks students to weigh the writer's words.
- TABLE_WPM = 250: tables are scanned for a row or a column, not read word by word.
- TYPING_WPM = 20: composing a sentence on a keyboard. Copy typing averages about 52 wpm
  (Dhakal et al. 2018, "Observations on Typing from 136 Million Keystrokes", CHI '18), but
  composing, thinking what to say while typing, is far slower; 20 wpm is our assumption.
- SENTENCE_WORDS = 20: a typical one-sentence answer by a 15-16-year-old.
- DECIDE_MIN = 0.5: deciding on an answer once it is read (per attempt at a question: wrong,
  then right, so two per question; one per organiser, claim checker and reflection). Reading
  and typing do not cover it; it is an assumption, printed in its own column.
- EXERCISE_EDIT_MIN = 1.5: reading the starter code, changing one line and running it. The
  exercise code edit and its sentence are NOT typed in the browser by this script: their time is
  added from these rates (exercise feedback is then not counted in the words read).

Limits: no real class was timed. Thinking time beyond DECIDE_MIN (talking in pairs, looking
back at earlier cells) is not counted; explorers (day stepper, perspectives) are counted as first
shown, not as every option a curious student opens.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # reuse the browser-test harness

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, new_page  # noqa: E402
from browser.lab import open_notebook, run_all  # noqa: E402
from browser.quiz import question_root, round_trip  # noqa: E402
from browser.servers import start_lab  # noqa: E402

READING_WPM = 150
SOURCE_WPM = 100
TABLE_WPM = 250
TYPING_WPM = 20
SENTENCE_WORDS = 20
DECIDE_MIN = 0.5
EXERCISE_EDIT_MIN = 1.5
REFERENCE = ROOT.parent / "shared" / "reference" / "article.md"
if not REFERENCE.is_file():
    REFERENCE = ROOT.parent.parent / "shared" / "reference" / "article.md"

# The cut lists of docs/teacher-guide.md, as the sections (headings) and questions they keep.
READ = "Read first: the article's own words"
CUT_45 = {
    "00_start_here": [READ, "Who is speaking?"],
    "02_timeline": [READ, "Judge first", "timeline-10"],
    "04_debate": [
        "Two more readings",
        "-debate-13",
        "Evidence that fits every reading supports none",
        "-debate-04",
    ],
}
CUT_90_ADDS = {
    "03_grievances": [READ, "Judge first"],
    "04_debate": ["Evidence for and against (Corroboration)", "debate-04", "debate-07"],
    "05_aftermath": [READ, "Judge first"],
}

# A typical student sentence (20 words), used wherever the student writes.
SENTENCE = (
    "The report backs the claim because two other sources give the same date, "
    "but it does not prove who organised it."
)

# Words rendered per cell: Markdown, code, outputs (tables apart).
_ASK = re.compile(r"""kz\.ask\(\s*["']([a-z]+-\d{2})["']""")
_QUIZ = re.compile(r"""kz\.quiz\(\s*["']([a-z]+)["']""")
_COUNT_JS = r"""
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const count = (t) => ((t || '').match(/[\p{L}\p{N}][\p{L}\p{N}'\u2019.,%-]*/gu) || []).length;
  const rows = [];
  panel.querySelectorAll('.jp-Cell').forEach((cell) => {
    let prose = 0, code = 0, table = 0, output = 0;
    if (cell.classList.contains('jp-MarkdownCell')) {
      prose = count((cell.querySelector('.jp-RenderedMarkdown') || {}).innerText);
    } else {
      code = count((cell.querySelector('.jp-InputArea .cm-content') || {}).innerText);
      cell.querySelectorAll('.jp-OutputArea-output').forEach((out) => {
        const inTables = [...out.querySelectorAll('table')]
          .reduce((sum, t) => sum + count(t.innerText), 0);
        table += inTables;
        output += count(out.innerText) - inTables;
      });
    }
    rows.push({prose, code, table, output});
  });
  return rows;
}
"""


@dataclass
class Tally:
    """What one cell (or a sum of cells) cost: words read by kind, words written, decisions."""

    words: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("prose", "code", "output", "table", "source"), 0)
    )
    feedback: int = 0  # wrong-answer feedback read before trying again (right one is on screen)
    typed: int = 0  # words the student types
    edits: int = 0  # exercise code edits
    decisions: int = 0  # answer attempts, organisers, claim-checker verdicts
    questions: int = 0
    organisers: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally to this one."""
        for kind, count in other.words.items():
            self.words[kind] += count
        for name in ("feedback", "typed", "edits", "decisions", "questions", "organisers"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rendered(self) -> int:
        """Words rendered on screen and read (the article itself apart)."""
        return sum(v for k, v in self.words.items() if k != "source") + self.feedback

    def reading_minutes(self) -> float:
        w = self.words
        plain = w["prose"] + w["code"] + w["output"] + self.feedback
        return plain / READING_WPM + w["table"] / TABLE_WPM + w["source"] / SOURCE_WPM

    def writing_minutes(self) -> float:
        return self.typed / TYPING_WPM + self.edits * EXERCISE_EDIT_MIN

    def deciding_minutes(self) -> float:
        return self.decisions * DECIDE_MIN

    def minutes(self) -> float:
        """Reading, writing and deciding (machine time is the notebook's, see Walk)."""
        return self.reading_minutes() + self.writing_minutes() + self.deciding_minutes()


@dataclass
class Walk:
    """One notebook walked: machine seconds, one tally per cell, each cell's section heading."""

    machine: float
    cells: list[Tally]
    sections: list[str]
    asked: list[list[str]]  # the question ids each cell asks

    def total(self) -> Tally:
        whole = Tally()
        for cell in self.cells:
            whole.add(cell)
        return whole

    def selected(self, selectors: list[str]) -> float:
        """Minutes of the cells a cut list keeps: whole sections (by heading) and single
        question cells (by id); an id with a leading "-" drops that question's cell."""
        dropped = {s[1:] for s in selectors if s.startswith("-")}
        minutes = 0.0
        for title, cell, asked in zip(self.sections, self.cells, self.asked, strict=True):
            keep = title in selectors or any(q in selectors for q in asked)
            if keep and not any(q in dropped for q in asked):
                minutes += cell.minutes()
        return minutes

    def by_section(self) -> dict[str, float]:
        """Minutes of reading, writing and deciding per section heading, in order."""
        found: dict[str, float] = {}
        for title, cell in zip(self.sections, self.cells, strict=True):
            found[title] = found.get(title, 0.0) + cell.minutes()
        return found


def _words(text: str) -> int:
    return len(re.findall(r"[^\W_][\w'\u2019.,%-]*", text))


def _article_words() -> dict[str, int]:
    """Words per paragraph of the reference copy (P1-P24); empty if it is not on this machine."""
    if not REFERENCE.is_file():
        return {}
    found = re.findall(r"^(P\d+)\. (.*)$", REFERENCE.read_text(encoding="utf-8"), re.M)
    return {pid: _words(text) for pid, text in found}


def _sections(cells: list) -> list[str]:
    """Each cell's section: the last H2 or H3 heading at or above it."""
    titles, current = [], "(top)"
    for cell in cells:
        if cell.cell_type == "markdown":
            headings = re.findall(r"^#{2,3}\s+(.+)$", cell.source, re.M)
            current = headings[-1].strip() if headings else current
        titles.append(current)
    return titles


def _planned(cell, article: dict[str, int], interpret: set[str]) -> Tally:
    """What a code cell asks of the student beyond reading its output: the article paragraphs it
    sends them to, the exercise edit and sentence, the organisers and claim checkers."""
    tally = Tally()
    source = cell.source
    if "kz.read" in source:
        tally.words["source"] = sum(
            article.get(pid, 0) for pid in re.findall(r"""["'](P\d{1,2})["']""", source)
        )
    for exercise in re.findall(r"""kz\.exercise\(\s*["']([\w-]+)["']\s*,""", source):
        tally.edits += 1  # the cell the student edits and runs
        tally.typed += SENTENCE_WORDS if exercise in interpret else 0
    organisers = source.count("kz.organiser(")
    checkers = source.count("claim_checker(")
    tally.organisers = organisers
    tally.typed += (3 * organisers + checkers) * SENTENCE_WORDS
    tally.decisions += organisers + checkers
    return tally


def _answer(page, question, tally: Tally) -> None:
    """Answer one question wrong then right (a reflection once); note what it cost."""
    wrong, _right = round_trip(page, question)
    tally.questions += 1
    if question.type == "reflection":
        tally.typed += 2 * SENTENCE_WORDS  # two or three sentences
        tally.decisions += 1
        return
    tally.feedback += _words(wrong)
    tally.decisions += 2
    if question.type == "text":
        tally.typed += 2  # a name or a place, typed twice (wrong, then right)


def _fill_organisers(page) -> int:
    """Fill and save every organiser on the page; return how many."""
    boxes = page.locator(".kz-organiser")
    for n in range(boxes.count()):
        root = boxes.nth(n)
        root.scroll_into_view_if_needed()
        for label in ("Evidence for", "Evidence against", "My verdict"):
            root.get_by_label(label).fill(SENTENCE)
        reliable = root.get_by_label("How reliable")
        reliable.select_option(index=min(1, reliable.locator("option").count() - 1))
        root.get_by_label("My verdict").press("Tab")
        status = root.locator(".kz-organiser-status")
        root.locator("button.kz-organiser-save").click()
        page.wait_for_function(
            "el => el.innerText.includes('Saved')", arg=status.element_handle(), timeout=15_000
        )
    return boxes.count()


def _commit_checkers(page) -> int:
    """Commit a verdict and a reason in every claim checker; return how many."""
    boxes = page.locator(".kz-claim-checker")
    for n in range(boxes.count()):
        root = boxes.nth(n)
        root.scroll_into_view_if_needed()
        root.locator(".widget-radio-box label", has_text="consistent").first.click()
        root.get_by_label("Your reason").fill(SENTENCE)
        root.locator("button.kz-commit").click()
        output = root.locator(".kz-explorer-output")
        page.wait_for_function(
            "el => el.innerText.includes('Our verdict')",
            arg=output.element_handle(),
            timeout=15_000,
        )
    return boxes.count()


def _interpreting_exercises(key: str) -> set[str]:
    """Ids of the exercises that ask for a one-sentence interpretation."""
    import yaml

    items = yaml.safe_load((ROOT / "data" / "exercises" / f"{key}.yaml").read_text("utf-8"))
    return {item["id"] for item in items if item.get("interpret")}


def _asked(cell, bank) -> list[str]:
    """The question ids a code cell asks (kz.quiz asks its whole file)."""
    if cell.cell_type != "code":
        return []
    ids = _ASK.findall(cell.source)
    for name in _QUIZ.findall(cell.source):
        ids += [q.id for q in bank.questions(name)]
    return ids


def walk(page, lab, path: Path, article: dict[str, int]) -> Walk:
    """Work one notebook as a student does; return what each cell cost."""
    import nbformat

    from kzlesson.quizzes.bank import load_bank

    bank = load_bank()
    nb = nbformat.read(path, as_version=4)
    interpret = _interpreting_exercises(nb.metadata.get("kzlesson", {}).get("key", ""))
    cells = [
        _planned(cell, article, interpret) if cell.cell_type == "code" else Tally()
        for cell in nb.cells
    ]
    asked = [_asked(cell, bank) for cell in nb.cells]
    start = time.monotonic()
    open_notebook(page, lab, path.name)
    run_all(page)
    for number, ids in enumerate(asked):
        for question_id in ids:
            question = bank.question(question_id)
            question_root(page, question).wait_for(timeout=30_000)
            _answer(page, question, cells[number])
    _fill_organisers(page)
    _commit_checkers(page)
    rows = page.evaluate(_COUNT_JS)
    assert len(rows) == len(cells), (
        f"{path.name}: {len(rows)} cells on screen, {len(cells)} in file"
    )
    for row, tally in zip(rows, cells, strict=True):
        for kind in ("prose", "code", "output", "table"):
            tally.words[kind] += row[kind]
    return Walk(time.monotonic() - start, cells, _sections(nb.cells), asked)


def _copy_lesson(root: Path) -> list[Path]:
    from kzlesson.teacher.start import lesson_notebooks

    root.mkdir()
    copies = []
    for notebook in lesson_notebooks():
        copy = root / notebook.name
        copy.write_bytes(notebook.read_bytes())
        copies.append(copy)
    return copies


def _print(results: dict[str, Walk], sections: bool) -> None:
    print(
        f"{'notebook':<16}{'machine':>9}{'words':>7}{'source':>8}{'questions':>10}"
        f"{'reading':>9}{'writing':>9}{'deciding':>10}{'total':>7}"
    )
    details: list[str] = []
    for name, walked in results.items():
        t = walked.total()
        total = walked.machine / 60 + t.minutes()
        print(
            f"{name:<16}{walked.machine / 60:>8.1f}m{t.rendered():>7}{t.words['source']:>8}"
            f"{t.questions:>10}{t.reading_minutes():>8.0f}m{t.writing_minutes():>8.0f}m"
            f"{t.deciding_minutes():>9.0f}m{total:>6.0f}m"
        )
        parts = ", ".join(f"{k} {v}" for k, v in t.words.items()) + f", feedback {t.feedback}"
        details.append(f"  {name}: words {parts}; typed {t.typed}; organisers {t.organisers}")
        if sections:
            details += [f"    {m:5.1f} min  {title}" for title, m in walked.by_section().items()]
    everything = sum(w.machine / 60 + w.total().minutes() for w in results.values())
    print(f"{'all':<16}{'':>61}{everything:>6.0f}m")
    print("\n".join(details))
    print(
        f"rates: reading {READING_WPM} wpm, source {SOURCE_WPM} wpm, tables {TABLE_WPM} wpm, "
        f"typing {TYPING_WPM} wpm, {SENTENCE_WORDS}-word sentences, "
        f"{DECIDE_MIN} min per decision, {EXERCISE_EDIT_MIN} min per exercise edit"
    )


def _print_cuts(results: dict[str, Walk]) -> None:
    """Minutes of each item of the teacher guide's cut lists (reading, writing, deciding)."""
    for title, plan in (("45-minute cut list", CUT_45), ("90-minute additions", CUT_90_ADDS)):
        total = 0.0
        for name, selectors in plan.items():
            if name in results:
                minutes = results[name].selected(selectors)
                total += minutes
                print(f"  {title}: {name} {minutes:.0f} min")
        print(f"{title}: {total:.0f} min in all")


def main() -> int:
    """Walk the lesson notebooks (all, or those named) and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="e.g. 01_context (default: all six)")
    parser.add_argument("--sections", action="store_true", help="minutes per section heading")
    parser.add_argument("--cuts", action="store_true", help="minutes of the guide's cut lists")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    article = _article_words()
    if not article:
        print("the reference copy of the article is not here: source reading counted as 0")
    results: dict[str, Walk] = {}
    with tempfile.TemporaryDirectory(prefix="kzwalk-") as tmp:
        copies = _copy_lesson(Path(tmp) / "lesson")
        wanted = [c for c in copies if not args.notebooks or c.stem in args.notebooks]
        lab = start_lab(Path(tmp) / "lesson", Path(tmp), Path(tmp) / "progress.json")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                page = new_page(browser)
                page.set_default_timeout(60_000)
                for path in wanted:
                    results[path.stem] = walk(page, lab, path, article)
                    print(f"  walked {path.stem}", flush=True)
                browser.close()
        finally:
            lab.stop()
    print(f"kzlesson walkthrough ({os.cpu_count()} cores, JupyterLab, Chromium {CHROMIUM})")
    _print(results, args.sections)
    if args.cuts:
        _print_cuts(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
