"""The lesson's house style (kzlesson/house.py): a saved notebook shows one line saying to run
the cell again, named after what needs Python; the live widget is marked so that line hides."""

from __future__ import annotations

import ipywidgets as widgets
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from kzlesson.house import LIVE_CLASS, NOTE_METADATA, STALE_NOTE, display_live, static_html


def test_the_saved_note_names_what_needs_python() -> None:
    page = static_html("the claim checker")
    assert 'class="kz-reopen"' in page and "<style>" in page and "<script>" in page
    assert "This part of the lesson (the claim checker) needs Python running." in page
    assert "Shift+Enter" in page
    assert STALE_NOTE in static_html()


def test_display_live_shows_the_note_then_the_marked_widget() -> None:
    InteractiveShell.instance()  # display() needs a shell to publish to
    box = widgets.VBox([])
    with capture_output() as shown:
        display_live(box, "a quiz")
    assert LIVE_CLASS in box._dom_classes
    note, widget = shown.outputs
    assert "This part of the lesson (a quiz) needs Python" in note.data["text/html"]
    assert note.metadata == {"kzlesson": NOTE_METADATA}  # handouts drop it by this mark
    assert "application/vnd.jupyter.widget-view+json" in widget.data
