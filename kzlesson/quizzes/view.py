"""Quiz widgets: ``quiz("timeline")`` shows a notebook's questions, ``ask("timeline-03")`` one.

Plain ipywidgets only (no custom JavaScript), so the quizzes work the same in JupyterLab,
Notebook 7 and Voila, and every control is a standard, keyboard-usable widget with a
description. Feedback goes into an ``HTML`` widget (CSS class ``kz-feedback``) as words plus a
symbol (✓ Correct / ✗ Not yet), never colour alone. All question text is HTML-escaped.

Each check is saved (see :mod:`kzlesson.quizzes.progress`); building a quiz again restores the
saved answers and their feedback into the widgets. Without a live kernel (GitHub, nbconvert,
print) the returned box still reads as text: prompts and options, never answers.

Options, ordering items and matching choices are shown in :func:`~.core.display_order` (a stable
shuffle per question), never in the bank's order, which often puts the answer first. If saving
fails for any reason, the feedback is still shown and the notice line says the answer was not
saved.
"""

from __future__ import annotations

import contextlib
import html
import textwrap
import warnings
from typing import Any

import ipywidgets as widgets

from . import registry
from .bank import BankError, UnknownQuiz, load_bank
from .core import Feedback, Question, check, question_text, skill_name
from .inputs import WIDE, Input
from .progress import SHOWN, ProgressStore, ProgressWarning, store
from .teach import REVEAL_AFTER, answer_html, teaching_html

# Shown once per quiz (inside its heading): a chosen toggle is marked by a tick and bold text,
# not only by a darker grey, and each statement is set apart from the buttons above it.
_QUIZ_CSS = (
    "<style>"
    ".kz-question .widget-toggle-button.mod-active{font-weight:bold;"
    "box-shadow:inset 0 0 0 2px currentColor}"
    '.kz-question .widget-toggle-button.mod-active::before{content:"\\2713  "}'
    ".kz-question .kz-item{margin-top:0.6em}"
    ".kz-question .kz-qid{font-size:0.9em}"
    "</style>"
)
_END = {1: " (first)", -1: " (last)"}


class QuizBox(widgets.VBox):
    """A VBox whose display also carries a stable text/plain and text/html form of the quiz."""

    def __init__(self, children: list[widgets.Widget], text: str, html_text: str) -> None:
        super().__init__(children=children)
        self.kz_text = text
        self.kz_html = html_text

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = self.kz_text
        data["text/html"] = self.kz_html
        return data

    def __repr__(self) -> str:
        return self.kz_text

    def _ipython_display_(self) -> None:
        # House style, accessibility script and a "run this cell again" note shown when the
        # notebook is reopened without its kernel (issue 12; see kzlesson.house).
        from ..house import display_live

        display_live(self, "a quiz")


def _short(text: str, width: int = 60) -> str:
    """A short label for a widget description."""
    return textwrap.shorten(text, width=width, placeholder=" ...")


class QuestionView:
    """The widgets of one question and what its buttons do."""

    def __init__(
        self, question: Question, progress: ProgressStore, notice: widgets.Label, number: int = 0
    ) -> None:
        self.question = question
        self.progress = progress
        self.notice = notice
        self.attempts = 0
        self.wrong = 0
        qtype = registry.get(question.type)
        if qtype is None:
            raise ValueError(f"Unknown question type {question.type!r} in {question.id}.")
        self.input: Input = qtype.widget(question)
        self.marked = qtype.marked
        reflection = not qtype.marked  # saved, not marked: Submit, no retry, no hint
        self.check_button = widgets.Button(
            description="Submit" if reflection else "Check",
            tooltip="Save your answer and see other views" if reflection else "Check your answer",
            button_style="primary",  # set apart from the answer buttons
        )
        self.check_button.add_class("kz-submit" if reflection else "kz-check")
        self.retry_button = widgets.Button(description="Try again", tooltip="Clear and try again")
        self.retry_button.add_class("kz-retry")
        if reflection:  # nothing to retry: the student edits the text and submits again
            self.retry_button.layout.display = "none"
        # "Show me the answer": shown after a wrong check; recorded as answer_shown (issue 12).
        self.revealed = False
        self.show_button = widgets.Button(
            description="Show me the answer",
            tooltip="Show the right answer (your teacher sees that you asked)",
            layout=widgets.Layout(display="none"),
        )
        self.show_button.add_class("kz-show")
        self.show_button.on_click(self.on_show)
        self.attempts_label = widgets.Label(value="Attempts: 0")
        self.attempts_label.add_class("kz-attempts")
        self.feedback = widgets.HTML(value="", layout=WIDE)
        self.feedback.add_class("kz-feedback")
        self.hint = widgets.HTML(value="", layout=widgets.Layout(display="none"))
        self.hint.add_class("kz-hint")
        self.check_button.on_click(self.on_check)
        self.retry_button.on_click(self.on_retry)
        title = f"Question {number}" if number else "Question"
        header = widgets.HTML(
            # No internal id for students (issue 12); the id stays in the box's class.
            value=f"<p><strong>{html.escape(title)}</strong> <span class='kz-qid'>(skill: "
            f"{html.escape(skill_name(question.skill))})</span><br>"
            f"{html.escape(question.prompt)}</p>",
            layout=WIDE,
        )
        buttons = widgets.HBox(
            [self.check_button, self.retry_button, self.show_button, self.attempts_label]
        )
        self.box = widgets.VBox(
            [header, *self.input.widgets, buttons, self.hint, self.feedback], layout=WIDE
        )
        self.box.add_class("kz-question")
        self.box.add_class(f"kz-q-{question.id}")
        self.restore()

    def _save(self, response: Any, result: Feedback) -> None:
        """Record a counted check; show any progress-file warning in the notice label.

        Never raises: if saving fails, the attempt is counted in this session only and the
        notice label says so.
        """
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ProgressWarning)
                entry = self.progress.record(
                    self.question.id, self.question.notebook, response, result.correct
                )
            _show_notices(self.notice, caught)
            self.attempts = int(entry["attempts"])
            self.wrong = int(entry["wrong"])
        except Exception as exc:  # noqa: BLE001 - saving must never hide the feedback
            self.attempts += 1
            self.wrong += result.correct is False
            self.notice.value = (
                f"⚠ This answer could not be saved ({exc.__class__.__name__}); "
                "it counts in this session only."
            )
            self.notice.layout.display = None

    def show(self, result: Feedback) -> None:
        """Put feedback, attempts and (after two wrong attempts) the hint into the widgets."""
        self.feedback.value = self._feedback_html(result)
        self.attempts_label.value = f"Attempts: {self.attempts}"
        if self.wrong >= 2 and result.correct is not True and self.marked:
            self.hint.value = f"<p><strong>Hint:</strong> {html.escape(self.question.hint)}</p>"
            self.hint.layout.display = None
        else:
            self.hint.value = ""
            self.hint.layout.display = "none"

    def _feedback_html(self, result: Feedback) -> str:
        """Full feedback, or (a wrong answer before the answer is revealed) teaching feedback
        that says what is wrong and what to reread without giving the answer away."""
        wrong = result.counted and result.correct is False
        self.show_button.layout.display = None if wrong and not self.revealed else "none"
        if not wrong:
            return result.html(self.question.citations)
        if self.revealed or self.wrong >= REVEAL_AFTER:
            return result.html(self.question.citations) + answer_html(self.question)
        return teaching_html(self.question, result)

    def on_show(self, _button: Any = None) -> None:
        """Show the right answer and record in the progress file that it was shown."""
        self.revealed = True
        with contextlib.suppress(Exception):  # saving must never hide the answer
            self.progress.mark_shown(self.question.id)
        self.show_button.layout.display = "none"
        self.feedback.value += answer_html(self.question)

    def on_check(self, _button: Any = None) -> Feedback:
        """Check (or, for a reflection, submit) the current answer."""
        response = self.input.get()
        result = check(self.question, response)
        if result.counted:
            self._save(response, result)
        self.show(result)
        return result

    def on_retry(self, _button: Any = None) -> None:
        """Clear the answer and the feedback (attempts and the hint stay)."""
        self.input.clear()
        self.feedback.value = ""

    def restore(self) -> None:
        """Put the saved answer and its feedback back into the widgets (skipped if unusable)."""
        with contextlib.suppress(Exception):
            self._restore()

    def _restore(self) -> None:
        entry = self.progress.get(self.question.id)
        if not entry or "response" not in entry:
            return
        self.attempts = entry.get("attempts", 0) if isinstance(entry.get("attempts"), int) else 0
        self.wrong = entry.get("wrong", 0) if isinstance(entry.get("wrong"), int) else 0
        self.revealed = entry.get(SHOWN) is True
        response = entry["response"]
        self.input.set(response)
        self.show(check(self.question, response))


def _show_notices(label: widgets.Label, caught: list[warnings.WarningMessage]) -> None:
    """Show progress-file warnings (one line each) in the quiz's notice label."""
    messages = [str(w.message) for w in caught if issubclass(w.category, ProgressWarning)]
    if messages:
        label.value = "⚠ " + " ".join(dict.fromkeys(messages))
        label.layout.display = None


def _fallback(title: str, questions: tuple[Question, ...]) -> tuple[str, str]:
    """The quiz as plain text and simple HTML, for places without a live kernel."""
    note = (
        "(In Jupyter, run this cell to answer the questions and get feedback. On paper, write "
        "your answers beside the questions.)"
    )
    text = "\n\n".join([f"Quiz: {title}", *(question_text(q) for q in questions), note])
    parts = [f'<div class="kz-quiz-text"><p><strong>Quiz: {html.escape(title)}</strong></p><ol>']
    for q in questions:
        body = question_text(q).split("\n", 1)
        rest = f"<pre>{html.escape(body[1])}</pre>" if len(body) > 1 else ""
        parts.append(f'<li class="kz-q-{q.type}"><p>{html.escape(body[0])}</p>{rest}</li>')
    parts.append(f"</ol><p><em>{html.escape(note)}</em></p></div>")
    return text, "".join(parts)


def _problem_box(message: str) -> QuizBox:
    """A box that explains what went wrong instead of a traceback."""
    shown = widgets.HTML(value=f"<pre>{html.escape(message)}</pre>", layout=WIDE)
    shown.add_class("kz-feedback")
    box = QuizBox([shown], message, f"<pre>{html.escape(message)}</pre>")
    box.add_class("kz-quiz")
    box.add_class("kz-quiz-problem")
    return box


def _build(title: str, questions: tuple[Question, ...], numbered: bool) -> QuizBox:
    """The quiz box for some questions, with saved answers restored."""
    notice = widgets.Label(value="", layout=widgets.Layout(display="none"))
    notice.add_class("kz-progress-notice")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ProgressWarning)
        progress = store()
        progress.refresh()
    _show_notices(notice, caught)
    views = [
        QuestionView(q, progress, notice, number=n if numbered else 0)
        for n, q in enumerate(questions, 1)
    ]
    # A whole quiz gets a heading; one question asked in the text (kz.ask) does not, so a page
    # is not 55 repeats of the same "Quiz: ..." line (issue 12).
    heading = widgets.HTML(
        value=f"{_QUIZ_CSS}<p><strong>Quiz: {html.escape(title)}</strong> ({len(questions)} "
        f"question{'s' if len(questions) != 1 else ''}; your answers are saved in "
        f"<code>{html.escape(progress.path.name)}</code>)</p>"
        if numbered
        else _QUIZ_CSS,
        layout=WIDE,
    )
    text, html_text = _fallback(title, questions)
    box = QuizBox([heading, notice, *(v.box for v in views)], text, html_text)
    box.add_class("kz-quiz")
    box.views = views  # for tests and teachers: the QuestionView of each question
    return box


def quiz(notebook: str) -> QuizBox:
    """Show every question of one notebook's quiz, e.g. ``quiz("timeline")``."""
    try:
        bank = load_bank()
        questions = bank.questions(str(notebook).strip().lower())
    except (UnknownQuiz, BankError) as exc:
        return _problem_box(str(exc))
    return _build(bank.titles[str(notebook).strip().lower()], questions, numbered=True)


def ask(question_id: str) -> QuizBox:
    """Show one question by id, e.g. ``ask("timeline-03")``."""
    try:
        bank = load_bank()
        question = bank.question(str(question_id).strip().lower())
    except (UnknownQuiz, BankError) as exc:
        return _problem_box(str(exc))
    return _build(bank.titles[question.notebook], (question,), numbered=False)
