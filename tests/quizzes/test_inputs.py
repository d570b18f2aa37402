"""The answer inputs every quiz widget is built from (kzlesson/quizzes/inputs.py): a saved answer
is put back into the controls, read out again, and cleared; a stale one never breaks them."""

from __future__ import annotations

import ipywidgets as widgets

from kzlesson.quizzes.inputs import paired, safe_set, together


def test_controls_together_hold_one_answer() -> None:
    boxes = [widgets.Checkbox(value=False) for _ in range(3)]
    ids = ["a", "b", "c"]
    answer = together(
        boxes,
        False,
        lambda value: [i in value for i in ids] if isinstance(value, list) else None,
        lambda ticks: [i for i, on in zip(ids, ticks, strict=True) if on],
    )
    assert answer.widgets == boxes
    answer.set(["a", "c"])
    assert [b.value for b in boxes] == [True, False, True] and answer.get() == ["a", "c"]
    answer.set("not a list")  # left as it is
    assert answer.get() == ["a", "c"]
    answer.clear()
    assert answer.get() == []


def test_paired_menus_read_and_set_by_item_id() -> None:
    def make(n: int, text: str) -> widgets.Dropdown:
        return widgets.Dropdown(options=[("-", ""), ("fact", "f"), ("opinion", "o")], value="")

    answer = paired([("s1", "Statement one"), ("s2", "Statement two")], make, "")
    assert len(answer.widgets) == 2  # one row per item: its text above its menu
    assert "Statement one" in answer.widgets[0].children[0].value
    answer.set({"s1": "o", "s2": "no such label"})  # a stale value is ignored
    assert answer.get() == {"s1": "o", "s2": ""}
    answer.clear()
    assert answer.get() == {"s1": "", "s2": ""}


def test_safe_set_ignores_values_a_widget_refuses() -> None:
    menu = widgets.Dropdown(options=["x", "y"], value="x")
    safe_set(menu, "z")
    assert menu.value == "x"
    safe_set(menu, "y")
    assert menu.value == "y"
