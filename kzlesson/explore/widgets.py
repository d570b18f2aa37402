"""Explorer widgets: step through the days, compare interpretations, check a paragraph.

Each function returns an :class:`Explorer` (an ``ipywidgets.VBox``) with a labelled
control (``.control``) and an HTML result widget (``.output``, CSS class
``kz-explorer-output``) that changes when the control does::

    stepper = kz.explore.day_stepper()
    stepper.control.value = "2022-01-04"
    stepper.output.value        # the HTML table of that day's events

Where widgets cannot run (nbconvert HTML, GitHub, a notebook opened without a kernel) the
explorer still reads sensibly: its ``_repr_mimebundle_`` adds a ``text/html`` and a
``text/plain`` rendering of the current choice next to the widget view. All data text is
HTML-escaped. Every result states its verdicts in words plus a symbol, never colour alone.

This module holds the widgets; the results they show are built by
:mod:`kzlesson.explore.results` as :mod:`kzlesson.explore.sections` blocks, and the starting
choices are read by :func:`kzlesson.reading.protest_day` and
:func:`kzlesson.explore.choices.find_interpretation`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..errors import student_call
from ..paths import resolve_dir
from ..reading import format_day, protest_day
from ..tables.load import load_table
from .choices import find_interpretation
from .results import day_sections, labeller, perspective_sections
from .sections import Section, render_html, render_text

# ----------------------------------------------------------------------------- the widget


class Explorer(widgets.VBox):
    """A labelled control, a prompt and an HTML result that follows the control.

    ``control`` is the input widget, ``output`` the ``kz-explorer-output`` HTML widget;
    ``sections(value)`` builds the result for a value of the control; ``above`` widgets go
    between the control and the result, ``extra`` ones after it. ``text()`` and ``html()``
    give the current result without a browser.
    """

    def __init__(
        self,
        css_class: str,
        prompt: str,
        control: widgets.ValueWidget,
        sections: Callable[[Any], list[Section]],
        extra: Sequence[widgets.Widget] = (),
        above: Sequence[widgets.Widget] = (),
    ) -> None:
        self.prompt = prompt
        self.control = control
        self._sections = sections
        self.output = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.output.add_class("kz-explorer-output")
        heading = widgets.HTML(f"<p>{html.escape(prompt)}</p>")
        super().__init__([heading, control, *above, self.output, *extra])
        self.add_class(css_class)
        self._current: list[Section] = []
        control.observe(self._changed, names="value")
        self.refresh()

    def _changed(self, change: dict[str, Any]) -> None:
        """Widget callback: the control changed."""
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the result for the control's current value."""
        self._current = self._sections(self.control.value)
        self.output.value = render_html(self._current)

    def _choices(self) -> str:
        """The control's label and its options, for the text form."""
        labels = [str(label) for label in getattr(self.control, "_options_labels", ())]
        chosen = getattr(self.control, "label", None) or self.control.value
        listing = f" Options: {', '.join(labels)}." if labels else ""
        return f"{self.control.description}: {chosen}.{listing}"

    def text(self) -> str:
        """The explorer as plain text: prompt, current choice and result."""
        return f"{self.prompt}\n{self._choices()}\n{render_text(self._current)}"

    def html(self) -> str:
        """The explorer as static HTML (for pages where widgets do not run)."""
        css = " ".join(sorted(self._dom_classes))
        return (
            f'<div class="{html.escape(css, quote=True)}">'
            f"<p>{html.escape(self.prompt)}</p><p><em>{html.escape(self._choices())}</em></p>"
            f'<div class="kz-explorer-output">{self.output.value}</div></div>'
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget view plus text/html and text/plain renderings of the current state."""
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self.text()
        bundle["text/html"] = self.html()
        return bundle

    def _ipython_display_(self) -> None:
        """Show the house-style note (a "run again" line without a kernel), then the widget."""
        from ..house import display_live

        display_live(self, "an explorer")


# ----------------------------------------------------------------------------- day stepper


class DayStepper(Explorer):
    """Explorer for the protest days: a table of the day's events and a map of their places."""

    def __init__(self, day: Any = None, *, directory: str | Path | None = None) -> None:
        folder = resolve_dir(directory)
        self._folder = folder
        events = load_table("events", folder)
        places = load_table("places", folder)
        sources = load_table("sources", folder).set_index("id")
        names = dict(zip(places["id"].astype(str), places["name"].astype(str), strict=True))
        label = labeller(folder)
        protest = events[events["phase"] == "protests"]
        days = sorted({d.normalize() for d in protest["date"]})
        if not days:
            raise ValueError(f"{folder}: the events table has no events in the 'protests' phase.")
        control = widgets.ToggleButtons(
            options=[
                (f"{d.strftime('%a')} {d.day} {d.strftime('%b')}", d.strftime("%Y-%m-%d"))
                for d in days
            ],
            value=(days[0] if day is None else protest_day(day, days)).strftime("%Y-%m-%d"),
            description="Day",
            tooltips=[format_day(d, weekday=True) for d in days],
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.map = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.map.add_class("kz-explorer-map")
        self._maps: dict[str, str] = {}
        self._map_texts: dict[str, str] = {}
        super().__init__(
            "kz-day-stepper",
            "Choose a day to see what happened, where, and whether the article mentions it.",
            control,
            lambda day: day_sections(day, events, names, label, sources),
            above=[self.map],  # the map first, so it changes in view when a day is chosen
        )

    def refresh(self) -> None:
        """Rebuild the events table and the map for the chosen day (maps are cached)."""
        super().refresh()
        day = str(self.control.value)
        if day not in self._maps:
            from ..figures.charts import description, places_map
            from ..figures.display import figure_html

            fig = places_map(day=day, directory=self._folder)
            self._maps[day] = figure_html(fig)
            self._map_texts[day] = description(fig)
        self.map.value = self._maps[day]

    def text(self) -> str:
        """The explorer as plain text, with the map's description."""
        return f"{super().text()}\nMap: {self._map_texts.get(str(self.control.value), '')}"

    def html(self) -> str:
        """The explorer as static HTML, with the map's description (not the picture)."""
        note = html.escape(self._map_texts.get(str(self.control.value), ""))
        return super().html() + f'<p class="kz-explorer-map-text">Map: {note}</p>'


@student_call("kz.explore.day_stepper")
def day_stepper(day: Any = None, *, directory: str | Path | None = None) -> DayStepper:
    """Step through the protest days (the dates of the 'protests' phase in the events table,
    2-7 January 2022 in the packaged data): that day's events and a map of their places.

    ``day`` (e.g. "2022-01-05", "5 Jan", "05.01.2022" read day first, or a date; see
    :func:`kzlesson.reading.parse_day`) is the day it opens on; the first by default.
    """
    return DayStepper(day, directory=directory)


# ----------------------------------------------------------------------------- perspectives


@student_call("kz.explore.perspectives")
def perspectives(interpretation: Any = None, *, directory: str | Path | None = None) -> Explorer:
    """Choose an interpretation and see who held it, the article's stance, and the claims
    for and against it with their verdicts, paragraphs and what later sources add.

    ``interpretation`` (an id such as "colour-revolution", or the start of its label such as
    "colour") is the one it opens on; the first by default.
    """
    folder = resolve_dir(directory)
    readings = load_table("interpretations", folder)
    control = widgets.Dropdown(
        options=[(str(r.label), str(r.id)) for r in readings.itertuples(index=False)],
        value=find_interpretation(interpretation, readings),
        description="Interpretation",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="auto", max_width="100%"),  # the whole label shows
    )
    return Explorer(
        "kz-perspectives",
        "Choose an interpretation of the events to see who held it and what the evidence says.",
        control,
        lambda reading_id: perspective_sections(str(reading_id), folder),
    )


# ----------------------------------------------------------------------------- claim checker
# The judge-first claim checker lives in :mod:`kzlesson.explore.checker`; ``kz.explore`` is this
# module, so it is re-exported here.
from .checker import ClaimChecker, claim_checker  # noqa: E402

__all__ = ["ClaimChecker", "DayStepper", "Explorer", "claim_checker", "day_stepper", "perspectives"]
