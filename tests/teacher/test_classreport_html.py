"""The class report page (kzlesson/teacher/classreport_html.py): each chart has alt text and a
visible description holding its numbers, students are put in the right score band, and the
questions most got wrong lead the "re-teach" list. (tests/browser/test_class_report.py reads the
page in Chromium.)"""

from __future__ import annotations

import re
from pathlib import Path

from kzlesson.quizzes import progress
from kzlesson.quizzes.export import export_answers
from kzlesson.teacher.classreport import read_class, summarise
from kzlesson.teacher.classreport_html import render, reteach, student_bands


def _class(folder: Path, answers: dict[str, str]) -> Path:
    for name, answer in answers.items():
        store = progress.ProgressStore(folder / f".{name}.json")
        store.record("start-01", "start", answer, answer == "a")
        export_answers(folder / f"{name}.html", name=name, progress=store)
    return folder


def test_bands_reteach_and_described_charts(tmp_path: Path) -> None:
    folder = _class(tmp_path, {"Aigerim": "a", "Bolat": "c", "Dana": "c"})
    reading = read_class([folder])
    summary = summarise(reading)
    bands = student_bands(summary)
    assert bands == [3, 0, 0, 0, 0]  # one question of the whole lesson answered: under 20% each
    (top,) = reteach(summary)  # the only question answered wrong: 2 of 3 gave the same answer
    assert top.question.id == "start-01" and top.wrong[0].students == 2
    page = render(summary, reading.problems)
    alts = re.findall(r'<img[^>]*alt="([^"]+)"', page)
    assert len(alts) == 2 and all(len(alt) > 30 for alt in alts)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)
    assert len(captions) == 2 and "Students per band: 0-19%: 3; 20-39%: 0" in captions[1]
    assert "Aigerim" in page and "Bolat" in page
