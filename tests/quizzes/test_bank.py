"""A malformed bank file gives a clear error naming file, line, question id and JSON path."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from kzlesson.quizzes import codec
from kzlesson.quizzes.bank import BankError, load_bank
from kzlesson.quizzes.datacheck import data_disagreements
from kzlesson.quizzes.maintain import dump_yaml, main, seal_document, unseal_document


def edit(
    folder: Path, key: str, change: Callable[[dict[str, Any]], None], seal: bool = True
) -> None:
    """Rewrite one bank file after ``change`` edits its unsealed (plain) form."""
    path = folder / f"{key}.yaml"
    doc = unseal_document(yaml.safe_load(path.read_text(encoding="utf-8")))
    change(doc)
    path.write_text(dump_yaml(seal_document(doc) if seal else doc), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(BankError) as info:
        load_bank(folder)
    assert str(info.value).startswith(f"{len(info.value.problems)} problem(s)")
    return info.value.problems


def question(doc: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for q in doc["questions"] if q["id"] == qid)


def test_the_copy_loads(bank_copy: Path) -> None:
    assert len(load_bank(bank_copy).all()) == len(load_bank().all())


def test_missing_field(bank_copy: Path) -> None:
    edit(bank_copy, "timeline", lambda d: question(d, "timeline-03").pop("hint"))
    [problem] = problems(bank_copy)
    assert problem.startswith("timeline.yaml line ")
    assert "question timeline-03" in problem
    assert "at questions[2]:" in problem and "'hint' is a required property" in problem


def test_wrong_type(bank_copy: Path) -> None:
    edit(bank_copy, "context", lambda d: question(d, "context-02").update(prompt=42))
    [problem] = problems(bank_copy)
    assert "context.yaml" in problem and "context-02" in problem
    assert "questions[1].prompt" in problem and "42 is not of type 'string'" in problem


def test_unknown_type(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-01").update(type="essay"))
    found = problems(bank_copy)
    assert any("start-01" in p and "questions[0].type" in p and "'essay'" in p for p in found)


def test_duplicate_id_across_files(bank_copy: Path) -> None:
    def copy_start_question(doc: dict[str, Any]) -> None:
        doc["questions"].append(dict(question(doc, "context-01"), id="start-01"))

    edit(bank_copy, "context", copy_start_question)
    found = problems(bank_copy)
    assert any(
        p.startswith("context.yaml") and "duplicate id: start-01 is also used in start.yaml" in p
        for p in found
    )


def test_bad_paragraph_id(bank_copy: Path) -> None:
    edit(bank_copy, "debate", lambda d: question(d, "debate-02").update(paragraphs=["P15", "P25"]))
    [problem] = problems(bank_copy)
    assert "debate-02" in problem and "questions[1].paragraphs[1]" in problem
    assert "'P25' is not a paragraph id (P1-P24)" in problem


def test_unknown_source_id(bank_copy: Path) -> None:
    edit(bank_copy, "debate", lambda d: question(d, "debate-02").update(sources=["no-such-source"]))
    [problem] = problems(bank_copy)
    assert "debate-02" in problem and "unknown sources id(s): no-such-source" in problem


def test_plain_text_answer_is_refused(bank_copy: Path) -> None:
    edit(bank_copy, "grievances", lambda d: None, seal=False)
    found = problems(bank_copy)
    assert len(found) == len(load_bank().notebooks["grievances"])  # every question of the file
    assert all("the answer is in plain text" in p and "seal" in p for p in found)
    assert any("grievances-01" in p and "questions[0].answer" in p for p in found)


def test_answer_like_field_is_refused(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-01").update(correct="a"))
    [problem] = problems(bank_copy)
    assert "start-01" in problem and "correct" in problem and "plain text" in problem


def test_damaged_encoding(bank_copy: Path) -> None:
    path = bank_copy / "start.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["questions"][0]["answer"] = "enc:v1:AAAA"
    path.write_text(dump_yaml(doc), encoding="utf-8")
    [problem] = problems(bank_copy)
    assert "start-01" in problem and "damaged" in problem


def test_decoded_answer_must_be_an_option(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-01")["answer"].update(answer="z"))
    [problem] = problems(bank_copy)
    assert "start-01" in problem and "answer 'z' is not an option id" in problem


def test_every_option_needs_feedback(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-01")["answer"]["feedback"].pop("c"))
    [problem] = problems(bank_copy)
    assert "start-01" in problem and "feedback is missing for: c" in problem


def test_decoded_answer_is_schema_checked(bank_copy: Path) -> None:
    edit(bank_copy, "context", lambda d: question(d, "context-02")["answer"].update(tolerance=-1))
    [problem] = problems(bank_copy)
    assert "context-02" in problem and "(decoded) at tolerance" in problem


def test_file_and_question_notebook_must_agree(bank_copy: Path) -> None:
    edit(bank_copy, "timeline", lambda d: question(d, "timeline-01").update(notebook="debate"))
    [problem] = problems(bank_copy)
    assert "timeline-01" in problem and "the file is timeline.yaml" in problem


def test_invalid_yaml_names_the_line(bank_copy: Path) -> None:
    (bank_copy / "aftermath.yaml").write_text("notebook: aftermath\nquestions: [\n  - oops: {\n")
    [problem] = problems(bank_copy)
    assert problem.startswith("aftermath.yaml line ") and "not valid YAML" in problem


def test_several_problems_are_all_listed(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-02").pop("prompt"))
    edit(bank_copy, "aftermath", lambda d: question(d, "aftermath-03").update(hint=""))
    found = problems(bank_copy)
    assert len(found) == 2
    assert any("start-02" in p for p in found) and any("aftermath-03" in p for p in found)


def test_maintainer_tool_round_trip(bank_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["encode", '{"answer": "b"}']) == 0
    encoded = capsys.readouterr().out.strip()
    assert encoded.startswith("enc:v1:") and '"answer"' not in encoded
    assert codec.decode(encoded) == {"answer": "b"}
    plain = bank_copy / "plain.yaml"
    assert main(["unseal", str(bank_copy / "debate.yaml"), "-o", str(plain)]) == 0
    assert re.search(r"answer:\n\s+answer:", plain.read_text(encoding="utf-8"))
    assert main(["seal", str(plain), "-o", str(bank_copy / "debate.yaml")]) == 0
    plain.unlink()
    assert main(["check", str(bank_copy)]) == 0
    assert "OK: " in capsys.readouterr().out
    edit(bank_copy, "debate", lambda d: question(d, "debate-01").pop("prompt"))
    assert main(["check", str(bank_copy)]) == 1
    assert "debate-01" in capsys.readouterr().err


def test_answer_that_the_data_contradicts_is_reported(
    bank_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        bank_copy,
        "timeline",
        lambda d: question(d, "timeline-07")["answer"]["answer"].update(c05="differs"),
    )
    edit(
        bank_copy,
        "grievances",
        lambda d: question(d, "grievances-04")["answer"].update(answer=40000),
    )
    found = data_disagreements(load_bank(bank_copy))
    assert "timeline-07 (claims.verdict): C05 is 'differs' here, 'consistent' in the data" in found
    wanted = "grievances-04 (figures row F14, verified_value): answer 40000"
    assert any(p.startswith(wanted) for p in found)
    assert len(found) == 2
    assert main(["check", str(bank_copy)]) == 1
    assert "disagrees with the data: timeline-07" in capsys.readouterr().err


def test_skill_is_required_and_one_of_the_four(bank_copy: Path) -> None:
    edit(bank_copy, "start", lambda d: question(d, "start-02").pop("skill"))
    edit(bank_copy, "debate", lambda d: question(d, "debate-04").update(skill="empathy"))
    found = problems(bank_copy)
    assert len(found) == 2, found
    assert any("start-02" in p and "'skill' is a required property" in p for p in found)
    assert any("debate-04" in p and "'empathy' is not one of" in p for p in found)
