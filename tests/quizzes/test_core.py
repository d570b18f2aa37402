"""The pure checker: each question type, with hand-made questions (no data files needed)."""

from __future__ import annotations

import pytest

from kzlesson.quizzes.core import (
    Choice,
    Cite,
    Key,
    Question,
    Wrong,
    check,
    describe_response,
    without_echo,
)
from kzlesson.quizzes.parsing import NumberError, fold_text, parse_number

OPTIONS = (Choice("a", "Armenia"), Choice("b", "Belarus"), Choice("u", "Uzbekistan"))


def make(qtype: str, key: Key, **fields: object) -> Question:
    return Question(id="test-01", notebook="start", type=qtype, prompt="Prompt?", key=key, **fields)


SINGLE = make(
    "single",
    Key(answer="b", explanation="Because.", feedback={"a": "fa", "b": "fb", "u": "fu"}),
    options=OPTIONS,
)
MULTI = make(
    "multi",
    Key(
        answer=("a", "b"),
        explanation="Both.",
        feedback={"a": "fa", "b": "fb", "u": "Left in 2012."},
    ),
    options=OPTIONS,
)
NUMERIC = make(
    "numeric",
    Key(
        answer=120,
        tolerance=0,
        explanation="Doubled.",
        wrong=(Wrong("old price", value=60.0),),
        too_low="too low!",
        too_high="too high!",
    ),
)
TEXT = make(
    "text",
    Key(
        accept=frozenset({fold_text("Almaty"), fold_text("Alma-Ata")}),
        accept_shown=("Almaty", "Alma-Ata"),
        explanation="The big city.",
        wrong=(Wrong("That is the capital.", accept=frozenset({fold_text("Astana")})),),
        other="Try again.",
    ),
)
ORDERING = make(
    "ordering",
    Key(answer=("x", "y", "z"), explanation="In order.", feedback={"z": "z is last"}),
    items=(Choice("z", "Zed"), Choice("x", "Ex"), Choice("y", "Why")),
)
MATCHING = make(
    "matching",
    Key(answer={"l1": "r1", "l2": "r2"}, explanation="Pairs.", feedback={"l1": "n1", "l2": "n2"}),
    left=(Choice("l1", "Left one"), Choice("l2", "Left two")),
    right=(Choice("r1", "Right one"), Choice("r2", "Right two")),
)
CLASSIFY = make(
    "classify",
    Key(
        answer={"s1": "fact", "s2": "opinion"},
        explanation="Sorted.",
        feedback={"s1": "m1", "s2": "m2"},
    ),
    items=(Choice("s1", "Statement one"), Choice("s2", "Statement two")),
    labels=("fact", "claim", "opinion"),
)
REFLECTION = make(
    "reflection",
    Key(model_answer="A model.", rubric=("r one", "r two"), perspectives=("p one",)),
)


def test_single_right_and_wrong_with_option_feedback() -> None:
    right = check(SINGLE, "b")
    assert right.correct is True and right.message == "fb" and right.explanation == "Because."
    assert right.headline == "✓ Correct"
    wrong = check(SINGLE, "u")
    assert wrong.correct is False and wrong.message == "fu" and wrong.explanation == ""
    assert wrong.headline == "✗ Not yet"
    assert check(SINGLE, "belarus").correct is True  # the option text also works


@pytest.mark.parametrize("response", [None, "", "   ", "nonsense", 3, [], {"a": 1}])
def test_single_non_answers_are_not_counted(response: object) -> None:
    feedback = check(SINGLE, response)
    assert feedback.counted is False and feedback.correct is False
    assert feedback.headline == "ℹ Not checked"
    assert "Sources" not in feedback.text() + feedback.html(SINGLE.citations)
    assert feedback.message


def test_multi_names_extra_and_missing_options() -> None:
    feedback = check(MULTI, ["a", "u"])
    assert feedback.correct is False
    assert "Not right: 'Uzbekistan': Left in 2012." in feedback.message
    assert "Missing: 'Belarus'." in feedback.message
    marks = {p.label: (p.ok, p.note) for p in feedback.parts}
    assert marks == {
        "Armenia": (True, ""),
        "Uzbekistan": (False, "should not be ticked"),
        "Belarus": (False, "missing"),
    }
    assert check(MULTI, ("b", "a")).correct is True
    assert check(MULTI, {"a", "b"}).correct is True
    assert check(MULTI, []).counted is False


def test_truefalse_accepts_bools_and_words() -> None:
    question = make("truefalse", Key(answer=False, feedback={"true": "no", "false": "yes"}))
    assert check(question, False).correct is True
    assert check(question, "no").correct is True
    assert check(question, " FALSE ").correct is True
    wrong = check(question, "true")
    assert wrong.correct is False and wrong.message == "no"
    assert check(question, "maybe").counted is False


@pytest.mark.parametrize(
    "typed", ["120", " 120 tenge", "120tenge", "₸120", "120.0", "0.12k", 120, 120.0, "+120"]
)
def test_numeric_forgiving_parsing_accepts(typed: object) -> None:
    assert check(NUMERIC, typed).correct is True


def test_numeric_typical_wrong_answer_and_direction() -> None:
    assert check(NUMERIC, "60").message == "old price"
    assert check(NUMERIC, "61").message == "too low!"
    assert check(NUMERIC, "1,000").message == "too high!"


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1,000", 1000.0),
        ("1 000", 1000.0),
        ("39\u202f000", 39000.0),
        ("1,000,000.5", 1000000.5),
        ("50%", 50.0),
        ("-3.5", -3.5),
        ("\u22123.5", -3.5),
        ("1.5k", 1500.0),
        ("39 thousand", 39000.0),
        ("2 million", 2e6),
        ("1,5", 1.5),
        ("1.000", 1.0),
        ("$0.28", 0.28),
    ],
)
def test_parse_number(typed: str, value: float) -> None:
    assert parse_number(typed) == pytest.approx(value)


@pytest.mark.parametrize(
    ("typed", "advice"),
    [
        ("60 to 120", "one number only"),
        ("twelve", "could not find a number"),
        ("", "Type a number first"),
        (float("nan"), "not a finite number"),
        (True, "Type a number"),
        ("9" * 500, "very long"),
    ],
)
def test_parse_number_refuses_with_advice(typed: object, advice: str) -> None:
    with pytest.raises(NumberError, match=advice):
        parse_number(typed)
    assert check(NUMERIC, typed).counted is False


def test_text_ignores_case_spaces_accents_and_punctuation() -> None:
    for typed in ["Almaty", "  almaty ", "ALMATY", "Alma-Ata", "alma ata", "Almatý", "the Almaty"]:
        assert check(TEXT, typed).correct is True, typed
    wrong = check(TEXT, "astana")
    assert wrong.correct is False and wrong.message == "That is the capital."
    assert check(TEXT, "Paris").message == "Try again."
    assert check(TEXT, "x" * 5000).counted is False
    assert check(TEXT, "!!!").counted is False


def test_ordering_says_which_positions_are_right() -> None:
    feedback = check(ORDERING, ["x", "z", "y"])
    assert feedback.correct is False
    assert "1 of 3 positions is right (position 1); the others are not." in feedback.message
    assert [p.ok for p in feedback.parts] == [True, False, False]
    assert feedback.parts[1].note == "z is last"
    assert check(ORDERING, ["x", "y", "z"]).correct is True
    assert check(ORDERING, ["Ex", "Why", "Zed"]).correct is True  # texts work too
    assert "used twice" in check(ORDERING, ["x", "x", "z"]).message
    assert "Position 2 is still empty" in check(ORDERING, ["x", "", "z"]).message
    assert check(ORDERING, ["x", "y"]).counted is False


def test_matching_gives_per_pair_feedback() -> None:
    feedback = check(MATCHING, {"l1": "r1", "l2": "r1"})
    assert feedback.correct is False
    assert [(p.ok, p.note) for p in feedback.parts] == [(True, ""), (False, "n2")]
    assert check(MATCHING, ["r1", "r2"]).correct is True
    assert check(MATCHING, {"l1": "r1"}).counted is False
    assert check(MATCHING, {"zz": "r1", "l2": "r2"}).counted is False


def test_classify_gives_per_item_feedback() -> None:
    feedback = check(CLASSIFY, {"s1": "opinion", "s2": "opinion"})
    assert feedback.correct is False and "1 of 2" in feedback.message
    assert [(p.ok, p.note) for p in feedback.parts] == [(False, "m1"), (True, "")]
    # each line says which label the student chose, apart from the statement and the note
    first = feedback.text().splitlines()
    assert any(line.endswith("→ your label: opinion — m1") for line in first), first
    assert check(CLASSIFY, ["Fact", "OPINION"]).correct is True
    assert check(CLASSIFY, {"s1": "fact", "s2": "maybe"}).counted is False


def test_reflection_saves_then_reveals_model_answer_and_rubric() -> None:
    assert check(REFLECTION, "").counted is False
    assert check(REFLECTION, "too short").counted is False
    feedback = check(REFLECTION, "My own view is that it was a workers' revolt.")
    assert feedback.correct is None and feedback.counted is True
    assert feedback.headline == "✎ Saved"
    shown = dict(feedback.reveal)
    assert shown["A model answer"] == ("A model.",)
    assert shown["Check your own answer: does it ..."] == ("r one", "r two")
    assert "p one" in feedback.text() and "A model." in feedback.html()


def test_feedback_html_is_escaped() -> None:
    question = make("text", Key(accept=frozenset({"x"}), other="Nope"))
    html = check(question, "<script>alert(1)</script>").html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_repr_and_str_never_show_answers() -> None:
    for question in (SINGLE, MULTI, NUMERIC, TEXT, ORDERING, MATCHING, CLASSIFY, REFLECTION):
        shown = repr(question) + str(question) + repr(question.key)
        for secret in ("Because.", "Both.", "Doubled.", "The big city.", "A model.", "120", "fb"):
            assert secret not in shown


def test_describe_response_uses_option_texts() -> None:
    assert describe_response(SINGLE, "b") == "Belarus"
    assert describe_response(MULTI, ["a", "u"]) == "Armenia; Uzbekistan"
    assert describe_response(ORDERING, ["x", "y", "z"]) == "Ex → Why → Zed"
    assert describe_response(MATCHING, {"l1": "r1", "l2": "r2"}).startswith("Left one → Right one")
    assert describe_response(SINGLE, None) == "(no answer)"


@pytest.mark.parametrize(("typed", "value"), [(".5", 0.5), ("-.5", -0.5), ("+.25", 0.25)])
def test_parse_number_leading_point(typed: str, value: float) -> None:
    assert parse_number(typed) == value


THOUSANDS = make("numeric", Key(answer=39000, explanation="Workers."))


@pytest.mark.parametrize("typed", ["39.000", "39.000 workers", "about 39.000"])
def test_dotted_thousands_ask_again_when_the_answer_is_large(typed: str) -> None:
    feedback = check(THOUSANDS, typed)
    assert feedback.counted is False, feedback
    assert "without a dot" in feedback.message


def test_dotted_thousands_are_decimals_for_small_answers() -> None:
    small = make("numeric", Key(answer=1.5, tolerance=0.01))
    assert check(small, "1.500").correct is True
    assert check(THOUSANDS, "39000").correct is True
    # not three decimals, so not read as thousands: only told the answer is a whole number
    half = check(THOUSANDS, "39.5")
    assert "thousands" not in half.message and "whole number" in half.message


DAY = make("numeric", Key(answer=5, unit="January", too_high="Too late."))


@pytest.mark.parametrize("typed", ["05.01", "5.1", "5,5"])
def test_decimals_for_a_whole_number_answer_are_not_counted(typed: str) -> None:
    """A day typed as day.month ("05.01") is not marked too late: the student is asked for a
    whole number and keeps the attempt."""
    feedback = check(DAY, typed)
    assert feedback.counted is False, feedback
    assert f"{typed!r} is not a whole number" in feedback.message
    assert check(DAY, "5").correct is True
    assert check(DAY, "6").message == "Too late."
    assert check(DAY, 6).message == "Too late."  # an int typed in code, not text
    # a tolerance accepts decimals, so they are marked, not refused
    near = make("numeric", Key(answer=5, tolerance=0.5))
    assert check(near, "5.4").correct is True and check(near, "5.6").counted is True
    # a listed wrong answer with decimals keeps its own feedback
    listed = make("numeric", Key(answer=5, wrong=(Wrong(value=4.5, feedback="half"),)))
    assert check(listed, "4.5").message == "half"
    # an answer with decimals still takes decimals
    assert check(make("numeric", Key(answer=1.5, tolerance=0.01)), "1.6").counted is True


@pytest.mark.parametrize(
    ("qid", "typed"),
    [
        ("context-03", "in Almaty"),
        ("context-03", "Almaty, Kazakhstan"),
        ("timeline-05", "city of Almaty"),
        ("timeline-05", "Alma-Ata city"),
        ("context-04", "Zhanaozen (again)"),
        ("grievances-09", "Tengizchevroil (TCO)"),
        ("context-04", "Zhanaozen town"),
        ("debate-08", "Abliazov"),
        ("debate-08", "M. Ablyazov"),
        ("timeline-09", "K. Tokayev"),
        ("timeline-09", "Tokayev Kassym-Jomart"),
    ],
)
def test_bank_text_answers_with_extra_words_are_right(qid: str, typed: str) -> None:
    from kzlesson.quizzes.bank import load_bank

    feedback = check(load_bank().question(qid), typed)
    assert feedback.correct is True and feedback.counted, (qid, typed, feedback.message)


@pytest.mark.parametrize(
    ("qid", "typed"),
    [("context-03", "Almati"), ("context-04", "Zhanozen"), ("context-03", "in Almatty")],
)
def test_bank_text_near_misses_are_not_counted(qid: str, typed: str) -> None:
    from kzlesson.quizzes.bank import load_bank

    feedback = check(load_bank().question(qid), typed)
    assert feedback.counted is False and feedback.correct is False
    assert feedback.message.startswith("Almost: check the spelling")


@pytest.mark.parametrize(
    ("qid", "typed", "counted"),
    [
        ("context-03", "not Almaty", False),  # extra words: asked to type just the answer
        ("context-03", "Almaty or Astana", False),  # two answers named
        ("context-03", "Astana, Almaty", False),
        ("context-03", "Almaty Zhanaozen", False),
        ("context-03", "in Astana", True),  # a listed wrong answer with filler words
        ("context-03", "Astanna", True),  # close to a wrong answer: its feedback
        ("context-03", "Paris", True),
        ("timeline-09", "Putin", True),
        ("debate-08", "Kurmanov", True),
        ("timeline-05", "Zhanaozen city", True),
    ],
)
def test_bank_text_wrong_or_unclear_answers_do_not_pass(
    qid: str, typed: str, counted: bool
) -> None:
    from kzlesson.quizzes.bank import load_bank

    feedback = check(load_bank().question(qid), typed)
    assert feedback.correct is False and feedback.counted is counted, (typed, feedback.message)


def test_text_listed_wrong_answer_with_filler_gets_its_feedback() -> None:
    assert check(TEXT, "in Astana").message == "That is the capital."
    assert check(TEXT, "Astana city").message == "That is the capital."


def test_surname_only_for_people() -> None:
    from kzlesson.quizzes.bank import load_bank

    place = load_bank().question("context-03")  # "Alma Ata": a place, not a person
    assert check(place, "Ata").correct is False


def test_not_checked_feedback_is_neutral_and_cites_nothing() -> None:
    feedback = check(SINGLE, "")
    assert feedback.headline == "ℹ Not checked" and "✗" not in feedback.text()
    assert "Sources" not in feedback.html(SINGLE.citations + (Cite("A source", "https://x"),))
    counted = check(SINGLE, "u")
    assert "Sources" in counted.html((Cite("A source", "https://x"),))


def test_feedback_does_not_repeat_its_headline() -> None:
    """'✓ Correct: Right: ...' says it twice; the leading word goes, the rest is kept."""
    question = make(
        "truefalse", Key(answer=True, feedback={"true": "Right: it was.", "false": "No: it was."})
    )
    right, wrong = check(question, True), check(question, False)
    assert right.message == "It was." and right.text().startswith("✓ Correct: It was.")
    assert wrong.message == "It was." and wrong.text().startswith("✗ Not yet: It was.")
    assert without_echo("Rightly so.", True) == "Rightly so."  # only the word on its own
    assert without_echo("No", False) == "No"
