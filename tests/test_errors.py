"""A student's typo gets one friendly line, never a traceback: the ``_render_traceback_`` of
each student error, the :func:`student_call` decorator, and the same typos in a real kernel."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import pytest  # noqa: E402

import kzlesson as kz  # noqa: E402
from kzlesson.errors import BadCall, BadValue, StudentError, student_call  # noqa: E402

# (the call as a student types it, the exception class it must still be, words the one line
# must hold: the function, the bad value and the suggestions)
TYPOS: list[tuple[str, type[Exception], list[str]]] = [
    ('kz.exercise("timeline-ex99")', KeyError, ["kz.exercise: ", "'timeline-ex99'"]),
    ('kz.cite("P25")', KeyError, ["kz.cite: ", "'P25'", "P1-P24", "Did you mean 'P24'"]),
    ('kz.glossary("CST0")', KeyError, ["kz.glossary: ", "'CST0'", "Collective Security Treaty"]),
    ('kz.resolve_place("Almatty")', KeyError, ["kz.resolve_place: ", "'Almatty'", "'Almaty'"]),
    ('kz.resolve_place("Atlantis")', KeyError, ["'Atlantis'", "kz.load_places()"]),
    ('kz.resolve_actor("Bob")', KeyError, ["kz.resolve_actor: ", "'Bob'", "kz.load_actors()"]),
    (
        'kz.plots.timeline(phase="protest")',
        ValueError,
        ["kz.plots.timeline: ", "'protest'", "Did you mean 'protests'"],
    ),
    (
        'kz.plots.places_map(day="2022-13-01")',
        ValueError,
        ["kz.plots.places_map: ", "'2022-13-01'", "Did you mean '2022-01-13'"],
    ),
    (
        'kz.explore.claim_checker("P25")',
        KeyError,
        ["kz.explore.claim_checker: ", "'P25'", "P1-P24", "'P24'"],
    ),
    (
        'kz.explore.day_stepper("2022-01-09")',
        ValueError,
        ["kz.explore.day_stepper: ", "9 January 2022", "'2022-01-02'", "Did you mean '2022-01-07'"],
    ),
    (
        'kz.explore.perspectives("color")',
        ValueError,
        ["kz.explore.perspectives: ", "'color'", "Did you mean 'colour-revolution'"],
    ),
    (
        'kz.plots.lpg_prices("data")',
        TypeError,
        ["kz.plots.lpg_prices: ", "kz.plots.lpg_prices()", "directory="],
    ),
    ('kz.plots.timeline(phse="protests")', TypeError, ["'phse'", "Did you mean phase=?"]),
    # a loader given what the lookup function takes: pointed to the lookup function
    ('kz.load_glossary("CSTO")', TypeError, ["kz.load_glossary: ", 'kz.glossary("CSTO")']),
    ('kz.load_places("Almaty")', TypeError, ["kz.load_places: ", "kz.resolve_place("]),
    ('kz.load_events(phase="protests")', TypeError, ["kz.load_events: ", "'phase'"]),
    # two things at once: the second is not taken for a data folder
    ('kz.cite("P4", "P5")', TypeError, ["kz.cite: ", "one paragraph at a time"]),
    ('kz.glossary("CSTO", 1)', TypeError, ["kz.glossary: ", "one term at a time"]),
    ('kz.resolve_place("Almaty", "Aktau")', TypeError, ["kz.resolve_place(name)", "one place"]),
]
_IDS = [call for call, _, _ in TYPOS]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _friendly_problems(lines: list[str], words: list[str]) -> list[str]:
    """What keeps rendered error lines from being one friendly message with ``words``."""
    text = _ANSI.sub("", "\n".join(lines))
    problems = []
    if not 1 <= len(text.splitlines()) <= 2:
        problems.append(f"{len(text.splitlines())} lines")
    if not text.startswith("✗ "):
        problems.append("no ✗ at the start")
    for frame in ("Traceback", 'File "', "File /", "Cell In[", "---------"):
        if frame in text:
            problems.append(f"traceback text {frame!r}")
    problems += [f"missing {word!r}" for word in words if word not in text]
    return problems


# ----------------------------------------------------------------------------- unit tests


@pytest.mark.parametrize(("call", "kind", "words"), TYPOS, ids=_IDS)
def test_typo_renders_as_one_friendly_line(call: str, kind: type, words: list[str]) -> None:
    with pytest.raises(kind) as info:
        eval(call, {"kz": kz})
    assert isinstance(info.value, StudentError)
    lines = info.value._render_traceback_()
    assert isinstance(lines, list) and all(isinstance(line, str) for line in lines)
    assert _friendly_problems(lines, words) == []
    assert len(lines[0]) < 400


def test_the_checker_finds_a_real_traceback() -> None:
    """The check above can fail: a traceback formatted by IPython is caught."""
    from IPython.core.ultratb import FormattedTB

    try:
        kz.load_events(directory="/no/such/folder")
    except Exception as exc:  # noqa: BLE001
        lines = FormattedTB().structured_traceback(type(exc), exc, exc.__traceback__)
    assert _friendly_problems(lines, ["kz.load_events"]) != []


def test_student_errors_stay_ordinary_exceptions() -> None:
    with pytest.raises(KeyError, match="No place called"):
        kz.resolve_place("Atlantis")
    with pytest.raises(ValueError, match="phase must be one of"):
        kz.plots.timeline("protest")
    assert issubclass(BadValue, ValueError) and issubclass(BadCall, TypeError)
    assert str(BadValue("plain words")) == "plain words"


def test_outermost_call_names_the_error_and_multiline_messages_keep_their_lines() -> None:
    @student_call("kz.inner")
    def inner() -> None:
        raise BadValue("first line\nsecond line")

    @student_call("kz.outer")
    def outer() -> None:
        inner()

    with pytest.raises(BadValue) as info:
        outer()
    assert info.value._render_traceback_() == ["✗ kz.outer: first line", "second line"]
    assert BadValue("no call")._render_traceback_() == ["✗ no call"]


def test_a_type_error_inside_the_function_is_not_disguised() -> None:
    @student_call("kz.broken")
    def broken(value: int = 1) -> int:
        return value + "text"  # type: ignore[operator]

    with pytest.raises(TypeError) as info:
        broken(2)
    assert not isinstance(info.value, StudentError)


def test_decorated_functions_keep_name_signature_and_docstring() -> None:
    import inspect

    assert kz.cite.__name__ == "cite" and "Citation" in (kz.cite.__doc__ or "")
    assert list(inspect.signature(kz.plots.timeline).parameters) == ["phase", "rows", "directory"]
    assert kz.plots.timeline.__module__ == "kzlesson.figures.charts"


@pytest.mark.parametrize(
    "function",
    [
        kz.plots.timeline,
        kz.plots.places_map,
        kz.plots.claims_by_speaker,
        kz.plots.interpretation_matrix,
        kz.plots.lpg_prices,
        kz.plots.lpg_figures,
        kz.explore.day_stepper,
        kz.explore.perspectives,
        kz.explore.claim_checker,
    ],
    ids=lambda f: f.__name__,
)
def test_the_data_folder_is_keyword_only(function: Callable[..., Any]) -> None:
    import inspect

    parameter = inspect.signature(function).parameters["directory"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY


# ----------------------------------------------------------------------------- in a kernel


def test_typos_in_a_real_kernel_show_one_line(tmp_path: Path) -> None:
    """Run each typo in its own cell of a fresh kernel: the error output is the one line."""
    from nbclient import NotebookClient

    control = 'raise KeyError("control")'  # a real traceback, so the check can fail
    cells = ["import kzlesson as kz", *_IDS, control]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["KZLESSON_PROGRESS"] = str(tmp_path / "progress.json")
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=env)
    errors = {}
    for cell in nb.cells:
        found = [out for out in cell.outputs if out.output_type == "error"]
        errors[cell.source] = found[0] if found else None
    assert errors["import kzlesson as kz"] is None
    for call, kind, words in TYPOS:
        error = errors[call]
        assert error is not None, f"{call} raised nothing"
        assert _friendly_problems(error["traceback"], words) == [], (call, error["traceback"])
        assert kind.__name__ != error["ename"]  # kzlesson's own class, e.g. NotFound
    assert _friendly_problems(errors[control]["traceback"], []) != []


def test_a_tip_about_an_extra_argument_is_not_given_for_a_misspelt_keyword() -> None:
    with pytest.raises(BadCall) as info:
        kz.load_paragraphs(directry="x")
    assert "Did you mean directory=?" in str(info.value)
    assert "kz.cite" not in str(info.value)  # the tip for one argument too many
    with pytest.raises(BadCall) as info:
        kz.load_paragraphs("P4")
    assert 'kz.cite("P4")' in str(info.value)
