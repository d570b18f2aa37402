"""What every quiz widget is built from: an answer ``Input`` and small widget helpers.

Imported only by the view and, inside their widget builders, by the question types in
:mod:`kzlesson.quizzes.types` (so checking a question never imports ipywidgets).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

WIDE = widgets.Layout(width="auto", max_width="100%")
STYLE = {"description_width": "initial"}
CHOOSE = "(choose)"


@dataclass
class Input:
    """The answer widgets of one question, with how to read, set and clear them."""

    widgets: list[widgets.Widget]
    get: Callable[[], Any]
    set: Callable[[Any], None]
    clear: Callable[[], None]


def text_html(text: str, css: str = "") -> widgets.HTML:
    """An HTML widget showing escaped text."""
    box = widgets.HTML(value=f"<span>{html.escape(text)}</span>", layout=WIDE)
    if css:
        box.add_class(css)
    return box


def safe_set(widget: widgets.Widget, value: Any) -> None:
    """Set a widget's value, ignoring values it does not accept (e.g. after a bank edit)."""
    # A stale saved answer (e.g. after a bank edit) must not break the quiz.
    with contextlib.suppress(Exception):
        widget.value = value


def paired(
    keys: list[tuple[str, str]], make: Callable[[int, str], widgets.Widget], empty: Any
) -> Input:
    """One widget per statement or left item, each under the item's text."""
    rows: list[widgets.Widget] = []
    menus: list[widgets.Widget] = []
    for n, (_, text) in enumerate(keys, 1):
        menu = make(n, text)
        menus.append(menu)
        rows.append(widgets.VBox([text_html(f"{n}. {text}", "kz-item"), menu]))
    ids = [key for key, _ in keys]

    def set_value(value: Any) -> None:
        if isinstance(value, dict):
            for key, menu in zip(ids, menus, strict=True):
                safe_set(menu, value.get(key, empty))

    def clear() -> None:
        for menu in menus:
            safe_set(menu, empty)

    return Input(
        rows,
        lambda: {key: menu.value for key, menu in zip(ids, menus, strict=True)},
        set_value,
        clear,
    )
