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


def together(
    controls: list[widgets.Widget],
    empty: Any,
    values: Callable[[Any], list[Any] | None],
    read: Callable[[list[Any]], Any] = list,
    shown: list[widgets.Widget] | None = None,
) -> Input:
    """Several controls that hold one answer between them (boxes to tick, menus per position).

    ``values(saved)`` gives each control's value for a saved answer (None: leave them as they
    are), ``read(values)`` turns the controls' values back into the answer; ``clear`` sets
    every control to ``empty``; ``shown`` are the widgets to show (default: the controls).
    """

    def set_value(value: Any) -> None:
        wanted = values(value)
        if wanted is not None:
            for control, one in zip(controls, wanted, strict=True):
                safe_set(control, one)

    def clear() -> None:
        for control in controls:
            safe_set(control, empty)

    return Input(
        shown if shown is not None else list(controls),
        lambda: read([control.value for control in controls]),
        set_value,
        clear,
    )


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
    return together(
        menus,
        empty,
        lambda value: [value.get(key, empty) for key in ids] if isinstance(value, dict) else None,
        lambda got: dict(zip(ids, got, strict=True)),
        shown=rows,
    )
