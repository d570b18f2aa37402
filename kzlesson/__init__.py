"""kzlesson: teaching notebooks on the January 2022 protests in Kazakhstan.

Students read one call instead of forty lines of pandas::

    import kzlesson as kz
    events = kz.load_events()
    kz.cite("P4")
    kz.quiz("timeline")

Importing this package loads pandas only; matplotlib and ipywidgets are imported the
first time a plot, widget or quiz is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .cite import Citation, ReadLink, cite, read
from .errors import StudentError, student_call
from .lookup import GlossaryEntry, glossary, resolve_actor, resolve_place
from .tables.load import (
    ARTICLE_TITLE,
    ARTICLE_URL,
    DataError,
    load_actors,
    load_claims,
    load_documents,
    load_events,
    load_figures,
    load_glossary,
    load_interpretations,
    load_paragraphs,
    load_places,
    load_publishers,
    load_sources,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__version__ = "0.1.0"

__all__ = [
    "ARTICLE_TITLE",
    "ARTICLE_URL",
    "Citation",
    "DataError",
    "GlossaryEntry",
    "StudentError",
    "ask",
    "cite",
    "read",
    "ReadLink",
    "explore",
    "exercise",
    "export_answers",
    "glossary",
    "load_actors",
    "load_claims",
    "load_events",
    "load_figures",
    "load_glossary",
    "load_documents",
    "load_interpretations",
    "load_paragraphs",
    "load_places",
    "load_publishers",
    "load_sources",
    "organiser",
    "plots",
    "progress",
    "quiz",
    "resolve_actor",
    "resolve_place",
    "show",
]


@student_call("kz.quiz")
def quiz(notebook: str) -> Any:
    """Show every question of one notebook's quiz (e.g. ``kz.quiz("timeline")``)."""
    from .quizzes.view import quiz as _quiz

    return _quiz(notebook)


@student_call("kz.ask")
def ask(question_id: str) -> Any:
    """Show one question by id (e.g. ``kz.ask("timeline-03")``)."""
    from .quizzes.view import ask as _ask

    return _ask(question_id)


@student_call("kz.progress")
def progress() -> Any:
    """Show the score table of every notebook's quiz from the saved progress file."""
    from .quizzes.progress import progress_table

    return progress_table()


@student_call("kz.export_answers")
def export_answers(path: str, name: str | None = None) -> Any:
    """Write a hand-in file (.html or .md, by extension) with answers, scores and reflections.

    A problem (wrong extension, a folder that cannot be written) is shown as one line.
    """
    from .quizzes.export import export_for_notebook

    return export_for_notebook(path, name=name)


@student_call("kz.exercise")
def exercise(exercise_id: str, *answer: Any, interpretation: str | None = None) -> Any:
    """Show an exercise's prompt, or check a student's answer to it (``kz.exercise(id, ans)``).

    A checked answer is saved for the hand-in, with ``interpretation`` (a sentence saying what
    the result means) when the exercise asks for one.
    """
    from .exercises.prompt import exercise as _exercise

    return _exercise(exercise_id, *answer, interpretation=interpretation)


@student_call("kz.organiser")
def organiser(about: str, *, notebook: str | None = None) -> Any:
    """A graphic organiser for a document ("D3") or a claim ("C24"): claim, evidence for,
    evidence against, how reliable, my verdict; saved for the hand-in, back when re-run.
    """
    from .explore.organiser import organiser as _organiser

    return _organiser(about, notebook=notebook)


@student_call("kz.show")
def show(fig: Figure) -> Any:
    """Display a figure from ``kz.plots`` with its alt text and text description."""
    from .figures.display import show as _show

    return _show(fig)


def __getattr__(name: str) -> Any:
    """Import the heavier submodules (plots, explore) only when first used.

    ``kz.plots`` is :mod:`kzlesson.figures.charts` (which also offers the map and the figure
    helpers) and ``kz.explore`` is :mod:`kzlesson.explore.widgets.widgets`.
    """
    modules = {"plots": ".figures.charts", "explore": ".explore.widgets"}
    if name in modules:
        import importlib

        return importlib.import_module(modules[name], __name__)
    raise AttributeError(f"module 'kzlesson' has no attribute {name!r}")


# Inside IPython/Jupyter: a misspelt column or row id in a pandas table is told in one line with
# "did you mean", and tables show list cells as words and missing values blank (issue 12).
# See kzlesson.keyhints and kzlesson.tables.display.
from . import keyhints as _keyhints  # noqa: E402
from .tables import display as _tables  # noqa: E402

_keyhints.install()
_tables.install()
