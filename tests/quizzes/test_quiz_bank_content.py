"""Every question in the real bank: right answers accepted, wrong ones explained, sources real."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest
import yaml
from quizhelpers import correct_response, wrong_responses

import kzlesson as kz
from kzlesson.exercises.prompt import load_exercises
from kzlesson.quizzes import codec
from kzlesson.quizzes.bank import NOTEBOOKS, load_bank, quiz_dir
from kzlesson.quizzes.core import TYPES, Question, check, describe_answer, without_echo
from kzlesson.quizzes.datacheck import data_disagreements
from kzlesson.tables.load import TABLES, load_table

BANK = load_bank()
ALL = BANK.all()
IDS = [q.id for q in ALL]
MINIMUM = {"start": 4, "context": 8, "timeline": 8, "grievances": 8, "debate": 8, "aftermath": 4}
DATA_CHECKED = 11  # questions whose answer data_disagreements() compares with a table cell
EVENT_ORDERED = 4  # ordering questions whose items name the events they stand for
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
# The main places and people, with names a student may type in Kazakh or Russian.
CYRILLIC = {
    "places": {
        "almaty": ["Алматы", "Алма-Ата"],
        "astana": ["Астана", "Нур-Султан"],
        "zhanaozen": ["Жанаозен", "Жаңаөзен"],
        "aktau": ["Актау", "Ақтау"],
        "mangystau": ["Мангистау", "Маңғыстау"],
        "atyrau": ["Атырау"],
        "tengiz": ["Тенгиз"],
        "kyzylorda": ["Кызылорда", "Қызылорда"],
        "shymkent": ["Шымкент"],
        "aktobe": ["Актобе"],
        "oral": ["Уральск", "Орал"],
    },
    "actors": {
        "tokayev": ["Токаев", "Тоқаев"],
        "nazarbayev": ["Назарбаев", "Елбасы"],
        "csto": ["ОДКБ"],
    },
}
# Glossary terms with the Russian or Kazakh names a student may type (term -> names).
CYRILLIC_GLOSSARY = {
    "Collective Security Treaty Organization": ["ОДКБ"],
    "Commonwealth of Independent States": ["СНГ"],
    "Elbasy": ["Елбасы"],
    "KNB": ["КНБ"],
    "Security Council of Kazakhstan": ["Совет безопасности"],
    "Tenge": ["тенге", "теңге"],
    "Akimat": ["аким", "акимат", "әкім"],
    "Oblast": ["область", "облыс"],
    "Mazhilis": ["Мажилис", "Мәжіліс"],
    "LPG": ["СУГ", "сжиженный газ"],
    "Strike": ["забастовка"],
    "Privatisation": ["приватизация"],
}
# Cyrillic names that are both an actor and a glossary term: both lookups must find them.
CYRILLIC_BOTH = {
    "ОДКБ": "csto",
    "СНГ": "cis",
    "Елбасы": "nazarbayev",
    "КНБ": "knb",
    "Совет безопасности": "security-council",
}


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
        # as a note on the option, or as the message (without a "No:" the headline repeats)
        shown = feedback.text()
        assert expected in shown or without_echo(expected, False) in shown, (response, shown)


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
    assert len(checked) >= DATA_CHECKED, [q.id for q in checked]
    assert {q.type for q in checked} >= {"single", "numeric", "classify", "matching"}
    assert data_disagreements(BANK) == []


def test_claim_verdict_questions_label_every_item_with_a_claim() -> None:
    claims = kz.load_claims().set_index("id")
    for question in ALL:
        if question.data_check.get("table") == "claims" and question.type == "classify":
            for item in question.items:
                assert item.ref in claims.index
                assert question.key.answer[item.id] == claims.loc[item.ref, "verdict"]


def test_statements_sorted_against_the_claims_use_the_checker_s_four_verdicts() -> None:
    """Third reader: context-10 and debate-09 once defined 'unconfirmed' two ways. Every classify
    question that sorts the article's claims uses the claim checker's four verdicts and is checked
    against the claims table, so one word means one thing across the lesson."""
    sorting = [
        q
        for q in ALL
        if q.type == "classify"
        and q.items
        and all(item.ref for item in q.items)
        and all(re.fullmatch(r"C\d+", item.ref) for item in q.items)
    ]
    assert {"context-10", "debate-09"} <= {q.id for q in sorting}
    for question in sorting:
        assert set(question.labels) <= {"consistent", "differs", "unverifiable", "opinion"}, (
            question.id,
            question.labels,
        )
        assert "unconfirmed" not in question.prompt, question.id
        assert question.data_check == {"table": "claims", "field": "verdict"}, question.id
        for label in question.labels:
            assert label in question.prompt, (question.id, label)


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


def _numbers(text: str) -> set[float]:
    return {round(float(n.replace(",", "")), 6) for n in _NUMBER.findall(text)}


def _data_numbers() -> set[float]:
    """Every number the curated tables hold: values, numbers in their text, date parts."""
    found: set[float] = set()
    for name in TABLES:
        table = load_table(name)
        for column in table.columns:
            series = table[column].dropna()
            kind = str(series.dtype)
            if kind.startswith("datetime"):
                for stamp in series:
                    found.update({stamp.year, stamp.month, stamp.day})
            elif kind in ("Int64", "Float64"):
                found.update(round(float(v), 6) for v in series)
            else:
                for cell in series:
                    for text in cell if isinstance(cell, tuple) else (cell,):
                        found |= _numbers(str(text))
    return found


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _question_texts(raw: dict) -> list[str]:
    """Everything a student or teacher reads in a question: its prompt, hint and choices, and
    the decoded answer's feedback, explanation and model answer."""
    texts = [raw[f] for f in ("prompt", "hint", "unit", "placeholder") if f in raw]
    texts += [c["text"] for f in ("options", "items", "left", "right") for c in raw.get(f, [])]
    texts += raw.get("labels", [])
    return texts + _strings(codec.decode(raw["answer"]))


def _raw_questions() -> list[dict]:
    out = []
    for key in NOTEBOOKS:
        doc = yaml.safe_load((quiz_dir() / f"{key}.yaml").read_text(encoding="utf-8"))
        out += doc["questions"]
    return out


def test_every_number_in_the_bank_comes_from_the_data() -> None:
    """A number in a prompt, an option or a feedback is a fact: the curated data must hold it."""
    known = _data_numbers()
    missing = {
        raw["id"]: sorted(extra)
        for raw in _raw_questions()
        if (extra := {n for text in _question_texts(raw) for n in _numbers(text)} - known)
    }
    assert missing == {}, "numbers the data does not hold (add them with a source, or drop them)"


def test_the_number_check_can_fail() -> None:
    known = _data_numbers()
    assert {238.0, 39000.0, 77.18, 2022.0} <= known
    assert 123457.0 not in known and 1789.0 not in known


def _row_text(table: str, row_id: str) -> str:
    frame = load_table(table)
    row = frame[frame["id"] == row_id]
    assert len(row) == 1, f"{table}.csv has no row {row_id!r}"
    parts = []
    for value in row.iloc[0]:
        if isinstance(value, pd.Timestamp):
            parts.append(f"{value.year} {value.month} {value.day}")
        elif isinstance(value, tuple):
            parts += [str(v) for v in value]
        elif not pd.isna(value):
            parts.append(str(value))
    return " ".join(parts)


@pytest.mark.parametrize("question", [q for q in ALL if q.type == "numeric"], ids=lambda q: q.id)
def test_numeric_answers_are_in_the_rows_they_cite(question: Question) -> None:
    """The right number appears in a data row the question names in data_refs."""
    rows = [(table, row_id) for table, ids in question.data_refs.items() for row_id in ids]
    assert rows, f"{question.id}: name the data rows that hold the answer (data_refs)"
    answer = round(float(question.key.answer), 6)
    assert any(answer in _numbers(_row_text(t, r)) for t, r in rows), (
        f"{question.id}: {answer:g} is in none of {rows}"
    )


def test_orderings_follow_the_event_dates() -> None:
    """An ordering whose items name their events (ref) must follow the events' dates."""
    events = kz.load_events().set_index("id")
    checked = []
    for question in ALL:
        refs = {item.id: item.ref for item in question.items if item.ref}
        if question.type != "ordering" or not refs:
            continue
        assert set(refs.values()) <= set(events.index), question.id
        assert set(refs.values()) <= set(question.data_refs.get("events", ())), question.id
        dates = [events.loc[refs[i], "date"] for i in question.key.answer if i in refs]
        assert dates == sorted(dates), f"{question.id}: the answer is not in the events' order"
        assert len(set(dates)) == len(dates), f"{question.id}: two items share a date"
        checked.append(question.id)
    assert len(checked) >= EVENT_ORDERED, checked


def test_main_places_and_people_have_cyrillic_names() -> None:
    for table, rows in CYRILLIC.items():
        frame = load_table(table).set_index("id")
        for row_id, names in rows.items():
            missing = [n for n in names if n not in frame.loc[row_id, "aliases"]]
            assert missing == [], f"{table}.csv {row_id}: add {missing} to its aliases"


def test_glossary_terms_have_cyrillic_names() -> None:
    glossary = load_table("glossary").set_index("term")
    for term, names in CYRILLIC_GLOSSARY.items():
        missing = [n for n in names if n not in glossary.loc[term, "aliases"]]
        assert missing == [], f"glossary.csv {term!r}: add {missing} to its aliases"
        for name in names:
            assert kz.glossary(name).term == term, name
            assert kz.glossary(name.upper()).term == term, name


def test_cyrillic_names_find_the_actor_and_the_glossary_term() -> None:
    for name, actor in CYRILLIC_BOTH.items():
        assert kz.resolve_actor(name)["id"] == actor, name
        [term] = [t for t, names in CYRILLIC_GLOSSARY.items() if name in names]
        assert kz.glossary(name).term == term, name


def test_text_answers_accept_every_alias_of_their_place_or_actor() -> None:
    """A text answer that names a gazetteer row accepts each of its names, Cyrillic ones too;
    a wrong place or person typed in Cyrillic gets the feedback written for it."""
    checked = []
    for raw in _raw_questions():
        if raw["type"] != "text":
            continue
        question = next(q for q in ALL if q.id == raw["id"])
        key = codec.decode(raw["answer"])
        for kind, table in (("place", "places"), ("actor", "actors")):
            if key.get(kind):
                row = load_table(table).set_index("id").loc[key[kind]]
                for name in (row["name"], *row["aliases"]):
                    assert check(question, name).correct is True, (question.id, name)
                checked.append((question.id, key[kind]))
            for wrong in key["wrong"]:
                if wrong.get(kind) and wrong[kind] in CYRILLIC[table]:
                    for name in CYRILLIC[table][wrong[kind]]:
                        feedback = check(question, name)
                        assert feedback.correct is False and feedback.counted, (question.id, name)
                        assert wrong["feedback"] in feedback.text(), (question.id, name)
    assert ("timeline-05", "almaty") in checked and ("timeline-09", "tokayev") in checked
    timeline_05 = next(q for q in ALL if q.id == "timeline-05")
    assert check(timeline_05, "Алматы").correct is True
    assert check(timeline_05, "Астана").correct is False


# The four skills of Stanford's "Reading Like a Historian" that the lesson teaches, and the
# notebook that leads on each (README's table).
SKILLS = {
    "sourcing": "start",
    "contextualisation": "context",
    "close-reading": "timeline",
    "corroboration": "grievances",
}


def test_every_skill_is_practised_in_quizzes_and_exercises() -> None:
    """A student meets each skill in a quiz question and in a pandas exercise."""
    questions = Counter(q.skill for q in BANK.all())
    exercises = Counter(e.skill for e in load_exercises().values())
    for skill in SKILLS:
        assert questions[skill] >= 3, (skill, questions)
        assert exercises[skill] >= 1, (skill, exercises)
    # an exercise that practises pandas only says so ("data-skill") instead of claiming a skill
    assert set(questions) == set(SKILLS) and set(exercises) <= set(SKILLS) | {"data-skill"}


@pytest.mark.parametrize(("skill", "key"), SKILLS.items())
def test_each_notebook_practises_the_skill_it_leads_on(skill: str, key: str) -> None:
    assert any(q.skill == skill for q in BANK.notebooks[key]), (key, skill)
