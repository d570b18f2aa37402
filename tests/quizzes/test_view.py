"""Quiz widgets in a process without a kernel: set values, click, read the feedback widget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest
from quizhelpers import REFLECTION_TEXT, correct_response

from kzlesson.quizzes import progress
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.core import Choice, Key, Question
from kzlesson.quizzes.view import QuestionView, QuizBox, ask, quiz

BANK = load_bank()
CONTROLS = (
    widgets.RadioButtons,
    widgets.Checkbox,
    widgets.ToggleButtons,
    widgets.Text,
    widgets.Textarea,
    widgets.Dropdown,
    widgets.Button,
)


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def view_of(box: QuizBox, qid: str) -> QuestionView:
    return next(v for v in box.views if v.question.id == qid)


def test_quiz_structure_and_css_classes(progress_file: Path) -> None:
    box = quiz("timeline")
    assert "kz-quiz" in box._dom_classes
    questions = [w for w in walk(box) if "kz-question" in getattr(w, "_dom_classes", ())]
    assert len(questions) == len(BANK.notebooks["timeline"])
    for view in box.views:
        assert f"kz-q-{view.question.id}" in view.box._dom_classes
        assert view.check_button.description == "Check"
        assert "kz-check" in view.check_button._dom_classes
        assert "kz-feedback" in view.feedback._dom_classes
        assert isinstance(view.feedback, widgets.HTML)


def test_every_control_has_a_description(progress_file: Path) -> None:
    for key in BANK.notebooks:
        for widget in walk(quiz(key)):
            if isinstance(widget, CONTROLS):
                assert widget.description.strip(), (key, type(widget).__name__)


@pytest.mark.parametrize("key", list(BANK.notebooks))
def test_right_answers_through_the_widgets(progress_file: Path, key: str) -> None:
    box = quiz(key)
    for view in box.views:
        view.input.set(correct_response(view.question))
        view.check_button.click()
        expected = "✎ Saved" if view.question.type == "reflection" else "✓ Correct"
        assert expected in view.feedback.value, (view.question.id, view.feedback.value)
        assert view.attempts_label.value == "Attempts: 1"


def test_single_choice_radio(progress_file: Path) -> None:
    view = ask("start-01").views[0]
    radio = next(w for w in walk(view.box) if isinstance(w, widgets.RadioButtons))
    radio.value = "b"
    view.check_button.click()
    assert "✗ Not yet" in view.feedback.value and "he is not one" in view.feedback.value
    radio.value = "a"
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value
    assert "Sources:" in view.feedback.value and "internationalviewpoint.org" in view.feedback.value


def test_multi_select_checkboxes(progress_file: Path) -> None:
    view = ask("timeline-04").views[0]
    question = view.question
    boxes = {
        w.description: w for w in walk(view.box) if isinstance(w, widgets.Checkbox)
    }  # ticked by label, as a student does
    right = [c.text for c in question.options if c.id in question.key.answer]
    wrong = [c.text for c in question.options if c.id not in question.key.answer]
    boxes[right[0]].value = boxes[wrong[0]].value = True
    view.check_button.click()
    # issue 12: a first wrong answer says how many ticks are wrong or missing, not which
    assert "1 of your ticks should not be ticked" in view.feedback.value
    assert "not ticked yet" in view.feedback.value and "Missing:" not in view.feedback.value
    boxes[wrong[0]].value = False
    for text in right:
        boxes[text].value = True
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value


def test_true_false_toggle_and_typed_numbers(progress_file: Path) -> None:
    view = ask("timeline-03").views[0]
    toggle = next(w for w in walk(view.box) if isinstance(w, widgets.ToggleButtons))
    toggle.value = False
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value
    view = ask("grievances-04").views[0]
    text = next(w for w in walk(view.box) if isinstance(w, widgets.Text))
    text.value = " 39 000 workers "
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value


def test_short_text_accepts_an_alias(progress_file: Path) -> None:
    view = ask("timeline-05").views[0]
    text = next(w for w in walk(view.box) if isinstance(w, widgets.Text))
    text.value = "alma-ata"
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value


def test_ordering_and_matching_dropdowns(progress_file: Path) -> None:
    view = ask("start-02").views[0]
    menus = [w for w in walk(view.box) if isinstance(w, widgets.Dropdown)]
    for menu, item in zip(menus, ["protests", "zanovo", "iv", "lefteast"], strict=True):
        menu.value = item
    view.check_button.click()
    assert "2 of 4 positions are right (positions 1 and 2)" in view.feedback.value
    menus[2].value, menus[3].value = "lefteast", "iv"
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value
    view = ask("start-03").views[0]
    menus = [w for w in walk(view.box) if isinstance(w, widgets.Dropdown)]
    for menu in menus:
        menu.value = "kurmanov"
    view.check_button.click()
    assert "1 of 4 pairs are right" in view.feedback.value


def test_classify_toggles(progress_file: Path) -> None:
    view = ask("timeline-07").views[0]
    toggles = [w for w in walk(view.box) if isinstance(w, widgets.ToggleButtons)]
    for toggle in toggles:
        toggle.value = "consistent"
    view.check_button.click()
    assert "4 of 6 statements are labelled right" in view.feedback.value
    assert "unverifiable" not in view.feedback.value  # issue 12: no right label on a first try
    view.show_button.click()  # the right labels only on request
    shown = view.progress.get(view.question.id)["answer_shown"]
    assert "unverifiable" in view.feedback.value and shown


def test_reflection_writes_first_then_reveals(progress_file: Path) -> None:
    view = ask("debate-07").views[0]
    assert "kz-submit" in view.check_button._dom_classes
    assert view.check_button.description == "Submit"
    assert view.retry_button.layout.display == "none"  # no wrong answer to try again after
    assert ask("context-02").views[0].retry_button.layout.display != "none"
    view.check_button.click()
    assert "Not checked" in view.feedback.value and "A model answer" not in view.feedback.value
    area = next(w for w in walk(view.box) if isinstance(w, widgets.Textarea))
    area.value = REFLECTION_TEXT
    view.check_button.click()
    assert "✎ Saved" in view.feedback.value and "A model answer" in view.feedback.value
    assert "Check your own answer" in view.feedback.value
    assert progress.store().get("debate-07")["response"] == REFLECTION_TEXT


def test_hint_after_two_wrong_attempts_and_try_again(progress_file: Path) -> None:
    view = ask("context-02").views[0]
    text = next(w for w in walk(view.box) if isinstance(w, widgets.Text))
    text.value = "abc"  # a typo: feedback, not counted, no traceback
    view.check_button.click()
    assert "Not checked" in view.feedback.value and view.attempts_label.value == "Attempts: 0"
    text.value = "64"
    view.check_button.click()
    assert view.hint.layout.display == "none" and view.hint.value == ""
    text.value = "25"
    view.check_button.click()
    assert view.attempts_label.value == "Attempts: 2"
    assert view.hint.layout.display != "none" and "Hint:" in view.hint.value
    view.retry_button.click()
    assert text.value == "" and view.feedback.value == ""
    assert view.attempts_label.value == "Attempts: 2"


def test_answers_and_feedback_are_restored(progress_file: Path) -> None:
    box = quiz("grievances")
    answered = {}
    for view in box.views[:4]:
        view.input.set(correct_response(view.question))
        view.check_button.click()
        answered[view.question.id] = (view.input.get(), view.feedback.value)
    wrong = view_of(box, "grievances-01")
    next(w for w in walk(wrong.box) if isinstance(w, widgets.Text)).value = "60"
    wrong.check_button.click()
    answered["grievances-01"] = (wrong.input.get(), wrong.feedback.value)
    progress._STORES.clear()  # as if the kernel had restarted
    again = quiz("grievances")
    for qid, (value, feedback) in answered.items():
        view = view_of(again, qid)
        assert view.input.get() == value
        assert view.feedback.value == feedback
    assert view_of(again, "grievances-01").attempts_label.value == "Attempts: 2"
    assert view_of(again, "grievances-09").feedback.value == ""


def test_unwritable_progress_shows_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(progress.PROGRESS_ENV, str(blocker / "progress.json"))
    monkeypatch.setattr(progress, "_STORES", {})
    box = ask("start-05")
    notice = next(w for w in walk(box) if "kz-progress-notice" in w._dom_classes)
    box.views[0].input.set(box.views[0].question.key.answer)
    box.views[0].check_button.click()
    assert "✓ Correct" in box.views[0].feedback.value
    assert notice.value.startswith("⚠ Cannot save answers") and notice.layout.display != "none"


def test_damaged_progress_file_shows_a_notice(progress_file: Path) -> None:
    progress_file.write_text('{"format": "kzlesson-progress", "answers": {broken')
    box = quiz("start")
    notice = next(w for w in walk(box) if "kz-progress-notice" in w._dom_classes)
    assert "was damaged" in notice.value and "bak-" in notice.value


def test_unknown_quiz_gives_a_message_not_a_traceback(progress_file: Path) -> None:
    box = quiz("timline")
    text = box._repr_mimebundle_()["text/plain"]
    assert "no quiz called 'timline'" in text and "Did you mean 'timeline'?" in text
    assert "kz-quiz-problem" in box._dom_classes
    assert "no question called 'timeline-99'" in repr(ask("timeline-99"))
    assert "no quiz" in repr(quiz(None))  # type: ignore[arg-type]


def test_text_fallback_is_stable_and_has_no_answers(progress_file: Path) -> None:
    first = quiz("start")._repr_mimebundle_()
    for view in quiz("start").views:
        view.input.set(correct_response(view.question))
        view.check_button.click()
    second = quiz("start")._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in first
    assert first["text/plain"] == second["text/plain"]
    assert first["text/html"] == second["text/html"]
    text = first["text/plain"]
    assert not re.search(r"0x[0-9a-f]{6,}", text)
    for question in BANK.notebooks["start"]:
        assert question.prompt in text
        for option in question.options:
            assert option.text in text
        assert (question.key.explanation or question.key.model_answer)[:30] not in text
        assert "✓" not in text and "Correct" not in text
    assert "<script" not in first["text/html"] and "Quiz: " in first["text/html"]


def test_question_text_is_escaped(progress_file: Path) -> None:
    question = Question(
        id="start-99",
        notebook="start",
        type="single",
        prompt="Is <b>this</b> & that <script>x</script>?",
        key=Key(answer="a", feedback={"a": "<i>yes</i>", "b": "no"}, explanation="ok"),
        options=(Choice("a", "<img src=x onerror=alert(1)>"), Choice("b", "plain")),
        hint="h",
    )
    view = QuestionView(question, progress.store(), widgets.Label())
    html = " ".join(w.value for w in walk(view.box) if isinstance(w, widgets.HTML))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html
    view.input.set("a")
    view.check_button.click()
    assert "<i>" not in view.feedback.value and "&lt;i&gt;yes&lt;/i&gt;" in view.feedback.value


def test_damaged_progress_entry_still_gives_feedback(progress_file: Path) -> None:
    progress_file.write_text(
        '{"format":"kzlesson-progress","answers":{"start-01":{"history":5}}}', encoding="utf-8"
    )
    box = ask("start-01")
    view = box.views[0]
    view.input.set(view.question.key.answer)
    view.check_button.click()  # raised TypeError inside progress.record before
    assert "✓ Correct" in view.feedback.value
    assert view.attempts_label.value == "Attempts: 1"
    notice = next(w for w in walk(box) if "kz-progress-notice" in w._dom_classes)
    assert "damaged" in notice.value


def test_a_failing_save_never_hides_the_feedback(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    box = ask("start-01")
    view = box.views[0]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(view.progress, "record", broken)
    view.input.set(view.question.key.answer)
    view.check_button.click()
    assert "✓ Correct" in view.feedback.value
    assert view.attempts_label.value == "Attempts: 1"
    notice = next(w for w in walk(box) if "kz-progress-notice" in w._dom_classes)
    assert notice.value.startswith("⚠ This answer could not be saved")


def test_not_checked_feedback_in_the_widget_has_no_sources(progress_file: Path) -> None:
    view = ask("start-01").views[0]
    view.check_button.click()  # nothing chosen
    assert "ℹ Not checked" in view.feedback.value
    assert "Sources" not in view.feedback.value and "✗" not in view.feedback.value


def test_header_names_the_skill_practised(progress_file: Path) -> None:
    view = view_of(quiz("timeline"), "timeline-04")
    header = view.box.children[0].value
    assert "(skill: close reading)" in header and "timeline-04" not in header  # no internal id
    assert view.question.skill == "close-reading"


def test_the_notice_says_when_saving_works_again(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = progress._write_atomic
    full = {"on": True}

    def maybe_full(path: Path, text: str) -> None:
        if full["on"]:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(progress, "_write_atomic", maybe_full)
    box = ask("start-05")
    view = box.views[0]
    notice = next(w for w in walk(box) if "kz-progress-notice" in w._dom_classes)
    view.input.set(view.question.key.answer)
    view.check_button.click()
    assert notice.value.startswith("⚠ Cannot save answers") and "No space left" in notice.value
    full["on"] = False
    view.check_button.click()
    assert "Saving works again" in notice.value and "No space left" not in notice.value
    assert progress.store().get("start-05")["attempts"] == 2
