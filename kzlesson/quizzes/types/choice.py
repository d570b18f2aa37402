"""Choice questions: single choice, multiple select, true or false."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import (
    Choice,
    Feedback,
    Part,
    Question,
    as_list,
    choice_id,
    display_order,
    is_missing,
    not_checked,
    result,
    short,
)
from ..registry import QuestionType, register

if TYPE_CHECKING:  # pragma: no cover
    from ..inputs import Input


def choice_ids(raw: dict[str, Any], field_name: str) -> list[str]:
    """The ids of a bank entry's choice list (options, items, left, right)."""
    return [c["id"] for c in raw.get(field_name, [])]


def feedback_for(key: dict[str, Any], expected: list[str]) -> list[str]:
    """Feedback must be given for each expected choice id, and for no other."""
    feedback = key.get("feedback", {})
    missing = [i for i in expected if i not in feedback]
    unknown = [i for i in feedback if i not in expected]
    return ([f"feedback is missing for: {', '.join(missing)}"] if missing else []) + (
        [f"feedback for unknown choice(s): {', '.join(unknown)}"] if unknown else []
    )


def _structure_single(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    found = []
    if key["answer"] not in choice_ids(raw, "options"):
        found.append(f"answer {key['answer']!r} is not an option id")
    return found + feedback_for(key, choice_ids(raw, "options"))


def _structure_multi(raw: dict[str, Any], key: dict[str, Any]) -> list[str]:
    unknown = [a for a in key["answer"] if a not in choice_ids(raw, "options")]
    found = [f"answer has unknown option id(s): {', '.join(unknown)}"] if unknown else []
    return found + feedback_for(key, choice_ids(raw, "options"))


def _check_single(q: Question, response: Any) -> Feedback:
    if is_missing(response):
        return not_checked(q, "Choose one of the options first, then press Check.")
    chosen = choice_id(q.options, response)
    if chosen is None:
        return not_checked(q, f"{short(response)!r} is not one of the options: choose one.")
    correct = chosen == q.key.answer
    parts = tuple(Part(c.text, correct) for c in q.options if c.id == chosen)
    return result(q, correct, q.key.feedback.get(chosen, ""), parts)


def _chosen_options(q: Question, response: Any) -> tuple[list[str], str]:
    """The option ids a response ticks, in its order without repeats; or a problem to say."""
    items = as_list(response)
    if items is None:
        items = [] if is_missing(response) else [response]
    chosen: list[str] = []
    for item in items:
        if is_missing(item):
            continue
        option = choice_id(q.options, item)
        if option is None:
            return [], f"{short(item)!r} is not one of the options."
        if option not in chosen:
            chosen.append(option)
    return chosen, "" if chosen else "Tick at least one box, then press Check."


def _multi_parts(q: Question, chosen: list[str], answer: set[str]) -> tuple[Part, ...]:
    """One part per ticked option (right or "should not be ticked") and per missing one."""
    parts = []
    for c in display_order(q, "options"):
        if c.id in chosen:
            ok = c.id in answer
            parts.append(Part(c.text, ok, "" if ok else "should not be ticked"))
        elif c.id in answer:
            parts.append(Part(c.text, False, "missing"))
    return tuple(parts)


def _multi_message(q: Question, extra: list[Choice], missing: list[Choice]) -> str:
    """What is not right (each wrongly ticked option's feedback, then the missing ones)."""
    if not extra and not missing:
        return "You ticked exactly the right options."
    bits = []
    if extra:
        notes = " ".join(f"'{c.text}': {q.key.feedback.get(c.id, '')}" for c in extra)
        bits.append(f"Not right: {notes}")
    if missing:
        bits.append("Missing: " + ", ".join(f"'{c.text}'" for c in missing) + ".")
    return " ".join(bits)


def _check_multi(q: Question, response: Any) -> Feedback:
    chosen, problem = _chosen_options(q, response)
    if problem:
        return not_checked(q, problem)
    answer = set(q.key.answer)
    extra = [c for c in q.options if c.id in chosen and c.id not in answer]
    missing = [c for c in q.options if c.id in answer and c.id not in chosen]
    message = _multi_message(q, extra, missing)
    return result(q, not extra and not missing, message, _multi_parts(q, chosen, answer))


_TRUE = {"true", "t", "yes", "y", "1", "right", "correct"}
_FALSE = {"false", "f", "no", "n", "0", "wrong", "incorrect"}


def _as_bool(response: Any) -> bool | None:
    """True/False from a bool or a word; None if it is neither."""
    if isinstance(response, bool):
        return response
    if type(response).__name__ == "bool_":  # numpy
        return bool(response)
    if isinstance(response, str) and len(response) < 20:
        word = response.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _check_truefalse(q: Question, response: Any) -> Feedback:
    if is_missing(response):
        return not_checked(q, "Choose True or False first, then press Check.")
    value = _as_bool(response)
    if value is None:
        return not_checked(q, f"{short(response)!r} is neither True nor False: choose one.")
    correct = value == bool(q.key.answer)
    feedback = q.key.feedback.get("true" if value else "false", "")
    return result(q, correct, feedback, (Part("True" if value else "False", correct),))


def _options_text(q: Question) -> list[str]:
    box = "( )" if q.type == "single" else "[ ]"
    return [f"  {box} {c.text}" for c in display_order(q, "options")]


def _truefalse_text(q: Question) -> list[str]:
    return ["  ( ) True   ( ) False"]


def _options_shown(q: Question) -> list[str]:
    return [c.text for c in display_order(q, "options")]


def _describe_single(q: Question, response: Any) -> str:
    chosen = choice_id(q.options, response)
    return next((c.text for c in q.options if c.id == chosen), short(response, 200))


def _describe_multi(q: Question, response: Any) -> str:
    items = as_list(response)
    items = [response] if items is None else items
    names = {c.id: c.text for c in q.options}
    texts = [names.get(choice_id(q.options, i) or "", short(i)) for i in items]
    return "; ".join(texts) if texts else "(nothing ticked)"


def _describe_truefalse(q: Question, response: Any) -> str:
    value = _as_bool(response)
    return "(no answer)" if value is None else ("True" if value else "False")


def _answer_single(q: Question) -> list[str]:
    return [next(c.text for c in q.options if c.id == q.key.answer)]


def _answer_multi(q: Question) -> list[str]:
    return [c.text for c in q.options if c.id in q.key.answer]


def _answer_truefalse(q: Question) -> list[str]:
    return ["True" if q.key.answer else "False"]


def _single(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import STYLE, WIDE, Input, safe_set

    radio = widgets.RadioButtons(
        options=[(c.text, c.id) for c in display_order(q, "options")],
        value=None,
        description="Choose one:",
        layout=WIDE,
        style=STYLE,
    )
    return Input(
        [radio],
        lambda: radio.value,
        lambda v: safe_set(radio, v),
        lambda: safe_set(radio, None),
    )


def _multi(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import WIDE, together

    shown = display_order(q, "options")
    boxes = [
        widgets.Checkbox(value=False, description=c.text, indent=False, layout=WIDE) for c in shown
    ]
    ids = [c.id for c in shown]

    def ticks(value: Any) -> list[bool]:
        chosen = set(value) if isinstance(value, (list, tuple)) else set()
        return [option in chosen for option in ids]

    label = widgets.Label(value="Tick every option that is right:")
    return together(
        list(boxes),
        False,
        ticks,
        lambda ticked: [option for option, on in zip(ids, ticked, strict=True) if on],
        shown=[label, *boxes],
    )


def _truefalse(q: Question) -> Input:
    import ipywidgets as widgets

    from ..inputs import STYLE, Input, safe_set

    toggle = widgets.ToggleButtons(
        options=[("True", True), ("False", False)],
        value=None,
        description="True or false?",
        tooltips=["The statement is true", "The statement is false"],
        style=STYLE,
    )
    return Input(
        [toggle],
        lambda: toggle.value,
        lambda v: safe_set(toggle, v if isinstance(v, bool) else None),
        lambda: safe_set(toggle, None),
    )


SINGLE = register(
    QuestionType(
        name="single",
        title="single choice",
        check=_check_single,
        key_schema={"$ref": "#/$defs/key_single"},
        widget=_single,
        describe=_describe_single,
        answer_parts=_answer_single,
        text_lines=_options_text,
        structure=_structure_single,
        key_choices=_options_shown,
        fields=("options",),
    )
)
MULTI = register(
    QuestionType(
        name="multi",
        title="multiple select",
        check=_check_multi,
        key_schema={"$ref": "#/$defs/key_multi"},
        widget=_multi,
        describe=_describe_multi,
        answer_parts=_answer_multi,
        text_lines=_options_text,
        structure=_structure_multi,
        key_choices=_options_shown,
        fields=("options",),
    )
)
TRUEFALSE = register(
    QuestionType(
        name="truefalse",
        title="true or false",
        check=_check_truefalse,
        key_schema={"$ref": "#/$defs/key_truefalse"},
        widget=_truefalse,
        describe=_describe_truefalse,
        answer_parts=_answer_truefalse,
        text_lines=_truefalse_text,
    )
)
