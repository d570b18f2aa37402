"""Estimate how long a student needs for each notebook: read, run, answer, write.

An estimate built from the notebooks' own content, not a stopwatch: it counts the words a student
reads (our prose, the article paragraphs the notebook sends them to, the question prompts and
options) at a slow reading speed and adds a fixed allowance per task (running a cell, reading a
table, answering, writing). The speeds and allowances below are assumptions, not observations of
students: replace them with what you see in class. Run it after changing a notebook and update
the notebook header and docs/teacher-guide.md if a figure moves by more than 5 minutes.

    .venv/bin/python benchmarks/lesson_time.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference" / "article.md"
if not REFERENCE.is_file():
    REFERENCE = ROOT.parent.parent / "shared" / "reference" / "article.md"

READING_WPM = 120  # careful reading of history prose by 15-20-year-olds, some in a 2nd language
ARTICLE_WPM = 90  # close reading of the source itself, on the publisher's page
RUN_CELL = 0.4  # minutes to run a code cell and look at a short output
TABLE_CELL = 1.5  # minutes to read a table or a document's headnote
ANSWER = {  # minutes to answer, beyond reading the prompt: think, choose, read feedback
    "single": 1.5,
    "truefalse": 1.0,
    "multi": 2.5,
    "numeric": 1.5,
    "text": 1.0,
    "ordering": 2.5,
    "matching": 2.5,
    "classify": 3.5,
    "reflection": 8.0,
}
EXERCISE = 4.0  # read the task, edit one line, run, read feedback
INTERPRET = 2.0  # write the one-sentence interpretation
WIDGET = 4.0  # an explorer (claim checker, day stepper, perspectives)
KEYS = {"00": "start", "01": "context", "02": "timeline", "03": "grievances", "04": "debate"}
KEYS["05"] = "aftermath"


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


def _article_words() -> dict[str, int]:
    if not REFERENCE.is_file():
        return {}
    found = re.findall(r"^(P\d+)\. (.*)$", REFERENCE.read_text(encoding="utf-8"), re.M)
    return {pid: _words(text) for pid, text in found}


def _questions(key: str) -> dict[str, dict]:
    bank = yaml.safe_load((ROOT / "data" / "quizzes" / f"{key}.yaml").read_text(encoding="utf-8"))
    return {q["id"]: q for q in bank["questions"]}


def _exercises(key: str) -> dict[str, dict]:
    items = yaml.safe_load((ROOT / "data" / "exercises" / f"{key}.yaml").read_text("utf-8"))
    return {e["id"]: e for e in items}


def estimate(path: Path, article: dict[str, int]) -> dict[str, float]:
    """Minutes for one notebook, by activity."""
    key = KEYS[path.name[:2]]
    questions, exercises = _questions(key), _exercises(key)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    out = dict.fromkeys(["prose", "article", "code", "questions", "exercises"], 0.0)
    for cell in cells:
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            out["prose"] += _words(src) / READING_WPM
            continue
        for pid in re.findall(r'"(P\d+)"', src) if "kz.read" in src else []:
            out["article"] += article.get(pid, 120) / ARTICLE_WPM
        if asked := re.search(r'kz\.ask\("([\w-]+)"\)', src):
            q = questions[asked.group(1)]
            text = q["prompt"] + " ".join(o["text"] for o in q.get("options", q.get("items", [])))
            out["questions"] += _words(text) / READING_WPM + ANSWER[q["type"]]
        elif ex := re.search(r'kz\.exercise\("([\w-]+)"\)', src):
            item = exercises[ex.group(1)]
            out["exercises"] += EXERCISE + (INTERPRET if item.get("interpret") else 0)
        elif "kz.explore." in src:
            out["code"] += WIDGET
        elif re.search(r"\[\[|\.loc\[|load_|value_counts|plots\.", src):
            out["code"] += TABLE_CELL
        else:
            out["code"] += RUN_CELL
    return out


def main() -> None:
    article = _article_words()
    if not article:
        print("reference copy of the article not found: article reading counted at 120 words/P")
    print(
        f"{'notebook':<16}{'prose':>7}{'article':>9}{'code':>7}{'quiz':>7}{'exerc.':>8}{'total':>8}"
    )
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        parts = estimate(path, article)
        total = sum(parts.values())
        figures = "".join(f"{v:>7.0f}" for v in parts.values())
        print(f"{path.stem:<16}{figures}{total:>8.0f}  minutes")


if __name__ == "__main__":
    main()
