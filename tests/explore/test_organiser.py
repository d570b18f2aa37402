"""The graphic organiser, in the kernel (ipywidgets without a browser): saving, restoring in a
fresh store (a new kernel reading the same progress file), refusing to lose what was written,
and reaching the hand-in and the class report. The judge-first claim checker is in
test_checker.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import kzlesson as kz
from kzlesson.errors import BadValue
from kzlesson.explore.organiser import Organiser, entry_id, find_subject
from kzlesson.quizzes import handin, progress
from kzlesson.quizzes.export import export_answers
from kzlesson.teacher.cli import main

BLOCK = re.compile(r'<script type="application/json" id="kzlesson-handin">(.*?)</script>', re.S)


def fill(form: Organiser, **values: str) -> None:
    for name, value in values.items():
        form.fields[name].value = value


def handin_data(path: Path) -> dict:
    return json.loads(BLOCK.search(path.read_text(encoding="utf-8")).group(1))


def test_document_and_claim_subjects() -> None:
    assert find_subject("D3").id == "D3-hrw-almaty"
    assert find_subject("d3-hrw-almaty").kind == "document"
    claim = find_subject("c24")
    assert (claim.id, claim.kind) == ("C24", "claim")
    assert "40,000" in claim.claim
    with pytest.raises(BadValue, match="Did you mean 'D9'"):
        find_subject("D99")
    with pytest.raises(BadValue, match="Did you mean 'C44'"):
        find_subject("C244")
    with pytest.raises(BadValue, match="document id such as 'D3'"):
        find_subject(24)


def test_organiser_saves_restores_and_is_handed_in(
    progress_file: Path, tmp_path: Path, new_kernel: Callable[[], None]
) -> None:
    form = kz.organiser("D3")
    labels = [form.fields[n].description for n in handin.ORGANISER_FIELDS]
    assert all(labels) and len(set(labels)) == 5  # every field is labelled
    fill(
        form,
        claim="Security forces shot people who posed no threat",
        evidence_for="Eyewitness video (D7)",
        evidence_against="Tokayev's 'bandits' (D1)",
        reliability="Partly reliable for this",
        verdict="Mostly holds: two sources agree",
    )
    message = form.save()
    assert message.startswith("✓ Saved")
    assert "kz-feedback" in form.status._dom_classes and "Saved" in form.status.value

    new_kernel()  # a restarted kernel: the same cell run again
    again = kz.organiser("D3")
    assert again.values()["evidence_for"] == "Eyewitness video (D7)"
    assert again.values()["reliability"] == "Partly reliable for this"
    assert "back" in again.status.value

    entry = progress.store().get(entry_id(again.subject))
    assert entry["response"]["kind"] == "document"
    assert handin.is_organiser(entry)

    out = tmp_path / "hand" / "aigerim.html"
    out.parent.mkdir()
    export_answers(out, name="Aigerim", progress=progress.store())
    rows = {row["id"]: row for row in handin_data(out)["organiser"]}
    assert rows["organiser-D3-hrw-almaty"]["verdict"] == "Mostly holds: two sources agree"
    assert "Eyewitness video (D7)" in out.read_text(encoding="utf-8")

    report = tmp_path / "class.html"
    assert main(["class-report", str(out.parent), "-o", str(report)]) == 0
    page = report.read_text(encoding="utf-8")
    assert "Organiser organiser-D3-hrw-almaty" in page and "Eyewitness video (D7)" in page


def test_an_empty_form_never_overwrites_a_saved_one(
    progress_file: Path, new_kernel: Callable[[], None]
) -> None:
    form = kz.organiser("C24")
    assert form.save().startswith("Nothing saved")  # only the claim's own words: nothing to save
    assert progress.store().get("organiser-C24") is None
    fill(form, verdict="Differs: the cuts were planned in stages")
    form.save()
    new_kernel()
    again = kz.organiser("C24")
    assert again.values()["verdict"] == "Differs: the cuts were planned in stages"


def test_exercise_sentence_is_saved_and_handed_in(progress_file: Path, tmp_path: Path) -> None:
    paragraphs = kz.load_paragraphs()
    answer = paragraphs[paragraphs["speaker"] == "kurmanov"]
    first = kz.exercise("start-ex1", answer)
    assert first.ok and 'my_sentence = ""' in first.message  # tells the student how
    said = kz.exercise("start-ex1", answer, interpretation="  One man's view, so check it.  ")
    assert "saved for your hand-in" in said.message and "One man's view" in said.message
    out = tmp_path / "me.html"
    export_answers(out, name="Dana", progress=progress.store())
    rows = {row["id"]: row for row in handin_data(out)["exercises"]}
    assert rows["start-ex1"]["interpretation"] == "One man's view, so check it."


def test_every_interpret_exercise_cell_passes_a_sentence() -> None:
    """Each exercise that asks for an interpretation is checked in its notebook with one."""
    import nbformat

    from kzlesson.exercises.files import read_exercises

    root = Path(__file__).resolve().parents[2] / "notebooks"
    code = "\n".join(
        cell.source
        for path in sorted(root.glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    )
    wanted = [e.id for e in read_exercises()[0].values() if e.interpret]
    assert len(wanted) >= 5
    missing = [x for x in wanted if f'kz.exercise("{x}", answer, interpretation=' not in code]
    assert missing == []
    for subject in ("D3", "D6", "D9", "C24", "C52"):
        assert f'kz.organiser("{subject}"' in code
    # 04: one document of the student's choice (D8 until they change it)
    assert 'my_document = "D8"' in code and "kz.organiser(my_document)" in code
