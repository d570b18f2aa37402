"""Every question in the real bank: right answers accepted, wrong ones explained, sources real."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from quizhelpers import correct_response, wrong_responses

import kzlesson as kz
from kzlesson.quiz import codec
from kzlesson.quiz.bank import NOTEBOOKS, load_bank, quiz_dir
from kzlesson.quiz.core import TYPES, Question, check, describe_answer
from kzlesson.quiz.datacheck import data_disagreements

BANK = load_bank()
ALL = BANK.all()
IDS = [q.id for q in ALL]
MINIMUM = {"start": 4, "context": 8, "timeline": 8, "grievances": 8, "debate": 8, "aftermath": 4}


def test_every_notebook_has_enough_questions() -> None:
    assert list(BANK.notebooks) == list(NOTEBOOKS)
    counts = {key: len(questions) for key, questions in BANK.notebooks.items()}
    assert all(counts[key] >= n for key, n in MINIMUM.items()), counts


def test_every_type_is_used_at_least_twice() -> None:
    counts = Counter(q.type for q in ALL)
    assert {t: counts[t] for t in TYPES if counts[t] < 2} == {}


def test_ids_are_unique_and_numbered_per_notebook() -> None:
    assert len(IDS) == len(set(IDS))
    for key, questions in BANK.notebooks.items():
        assert [q.id for q in questions] == [f"{key}-{n:02d}" for n in range(1, len(questions) + 1)]


@pytest.mark.parametrize("question", ALL, ids=IDS)
def test_correct_response_is_accepted(question: Question) -> None:
    feedback = check(question, correct_response(question))
    assert feedback.counted
    if question.type == "reflection":
        assert feedback.correct is None and feedback.reveal
    else:
        assert feedback.correct is True, feedback.text()
        assert feedback.explanation == question.key.explanation
    assert feedback.citation


@pytest.mark.parametrize("question", [q for q in ALL if q.type != "reflection"], ids=lambda q: q.id)
def test_every_listed_wrong_answer_gets_its_own_feedback(question: Question) -> None:
    wrongs = wrong_responses(question)
    assert wrongs, f"{question.id} lists no wrong answers with feedback"
    for response, expected in wrongs:
        feedback = check(question, response)
        assert feedback.counted and feedback.correct is False, (response, feedback.text())
        assert expected in feedback.text(), (response, feedback.text())


@pytest.mark.parametrize("question", ALL, ids=IDS)
def test_citations_resolve_to_real_paragraphs_and_sources(question: Question) -> None:
    paragraphs = set(kz.load_paragraphs()["id"])
    sources = kz.load_sources().set_index("id")
    assert set(question.paragraphs) <= paragraphs
    assert set(question.sources) <= set(sources.index)
    for source_id in question.sources:
        if source_id != "article":
            assert str(sources.loc[source_id, "url"]) in question.citation
    for paragraph in question.paragraphs:
        assert re.search(rf"\b{paragraph}\b", question.citation)
    assert question.hint.strip()


def test_text_answers_use_the_gazetteer_aliases() -> None:
    almaty = [q for q in ALL if q.type == "text" and "almaty" in q.data_refs.get("places", ())]
    assert almaty, "expected a question whose answer is the place almaty"
    for question in almaty:
        for typed in ["Almaty", "Alma-Ata", "alma ata", "ALMATY"]:
            assert check(question, typed).correct is True, (question.id, typed)
    tokayev = [q for q in ALL if q.type == "text" and "tokayev" in q.data_refs.get("actors", ())]
    assert tokayev and all(check(q, "Takayev").correct for q in tokayev)


def test_wrong_answer_forms_do_not_overlap_right_ones() -> None:
    clashes = [
        (q.id, sorted(w.accept & q.key.accept))
        for q in ALL
        if q.type == "text"
        for w in q.key.wrong
        if w.accept & q.key.accept
    ]
    assert clashes == []


def test_answers_agree_with_the_curated_data() -> None:
    checked = [q for q in ALL if q.data_check]
    assert len(checked) >= 8
    assert {q.type for q in checked} >= {"single", "numeric", "classify", "matching"}
    assert data_disagreements(BANK) == []


def test_claim_verdict_questions_label_every_item_with_a_claim() -> None:
    claims = kz.load_claims().set_index("id")
    for question in ALL:
        if question.data_check.get("table") == "claims" and question.type == "classify":
            for item in question.items:
                assert item.ref in claims.index
                assert question.key.answer[item.id] == claims.loc[item.ref, "verdict"]


def test_source_criticism_errors_are_covered() -> None:
    refs = {ref for q in ALL for ref in q.data_refs.get("claims", ())}
    refs |= {c.ref for q in ALL for c in q.items + q.left if c.ref}
    # Zhanaozen 15 vs 16, Tengiz 40,000 vs 39,000, the CSTO list, "Union of Turkic States",
    # foreign ownership, "the last" party banned
    for claim in ["C08", "C24", "C55", "C44", "C22", "C36"]:
        assert claim in refs, f"no question checks claim {claim}"
    speakers = [q for q in ALL if q.data_check.get("table") == "paragraphs"]
    assert len(speakers) >= 2  # "who is speaking in this paragraph?"


def test_the_answer_key_describes_every_question() -> None:
    for question in ALL:
        assert describe_answer(question).strip()


def test_bank_files_hold_no_plain_answers() -> None:
    for key in NOTEBOOKS:
        path = quiz_dir() / f"{key}.yaml"
        text = path.read_text(encoding="utf-8")
        doc = yaml.safe_load(text)
        for raw in doc["questions"]:
            assert codec.is_encoded(raw["answer"]), raw["id"]
            assert not {"correct", "solution", "explanation", "feedback"} & set(raw), raw["id"]
        for question in BANK.notebooks[key]:
            if question.key.explanation:
                assert question.key.explanation[:40] not in text, question.id
            if question.type in ("single", "multi"):
                answers = (
                    [question.key.answer] if question.type == "single" else question.key.answer
                )
                for answer in answers:
                    option = next(c for c in question.options if c.id == answer)
                    pattern = rf"(answer|correct|solution)\w*\s*:\s*['\"]?{re.escape(option.text)}"
                    assert not re.search(pattern, text, re.IGNORECASE), question.id
            if question.type == "reflection":
                assert question.key.model_answer[:40] not in text
