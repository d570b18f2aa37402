"""One line, with "did you mean", for a misspelt column or row id in a pandas table.

``paragraphs["speakr"]`` or ``views.loc["working-class"]`` raise a pandas ``KeyError`` with a
60-line traceback. Inside IPython (Jupyter, Voila), ``import kzlesson`` registers
:func:`key_error_handler` as a custom exception handler for ``KeyError`` only. It shortens the
error to one line only when all of these hold: the key is a string, the error was raised inside
pandas while indexing a DataFrame or Series, and the key is not one of that table's columns or
row ids. Anything else (a KeyError from a dict, from kzlesson, from other code) is shown as
IPython always shows it. A ``NameError`` (a misspelt variable, or one whose cell has not run or
stopped with an error) gets one line too: the nearest defined name, or "run the cells above
first". The error still counts as an error (the cell stops), it is only told
in one line.
"""

from __future__ import annotations

import difflib
import sys
from types import TracebackType
from typing import Any

import pandas as pd

HANDLER_MARK = "_kzlesson_key_hints"


def _table(tb: TracebackType | None) -> tuple[Any, str] | None:
    """The outermost pandas table being indexed in ``tb``, and whether by column or by row id."""
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith("pandas."):
            me = frame.f_locals.get("self")
            if isinstance(me, pd.DataFrame):
                return me, "column"
            if isinstance(me, pd.Series):
                return me, "row id"
            owner = getattr(me, "obj", None)  # .loc / .at indexers keep their table as .obj
            if isinstance(owner, (pd.DataFrame, pd.Series)):
                return owner, "row id"
        tb = tb.tb_next
    return None


def key_hint(error: BaseException, tb: TracebackType | None) -> str | None:
    """The one-line message for a misspelt column or row id, or None when it is not one."""
    if not isinstance(error, KeyError) or len(error.args) != 1:
        return None
    key = error.args[0]
    found = _table(tb)
    if not isinstance(key, str) or found is None:
        return None
    table, kind = found
    names = [str(c) for c in (table.columns if kind == "column" else table.index)]
    if kind == "row id" and isinstance(table, pd.DataFrame):
        names += [str(c) for c in table.columns]  # views.loc[:, "sumary"] names a column
    if key in names:
        return None  # the key exists: this KeyError is about something else
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        hint = f" Did you mean '{close[0]}'?"
    elif len(names) <= 12:
        hint = " It has: " + ", ".join(f"'{n}'" for n in names) + "."
    else:
        hint = ""
    return f"✗ KeyError: this table has no {kind} '{key}'.{hint}"


def name_hint(error: BaseException, namespace: dict[str, Any]) -> str | None:
    """One line for a NameError: the nearest defined name, or run the cells above first."""
    name = getattr(error, "name", None)
    if not isinstance(error, NameError) or not isinstance(name, str):
        return None
    known = [n for n in namespace if not n.startswith("_")]
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.7)
    if close:
        return f"✗ NameError: '{name}' is not defined. Did you mean '{close[0]}'?"
    return (
        f"✗ NameError: '{name}' is not defined yet. Run the cells above first (the cell that "
        f"sets {name} = ... may have stopped with an error): Run > Run All Above Selected Cell."
    )


def key_error_handler(
    shell: Any, etype: type, value: BaseException, tb: TracebackType, tb_offset: Any = None
) -> list[str] | None:
    """IPython custom exception handler: one line for a pandas typo, else the usual traceback.

    IPython ignores what a custom handler returns, so the handler shows the error itself
    (``_showtraceback`` is what ipykernel overrides to send the error to the notebook).
    """
    line = key_hint(value, tb) or name_hint(value, getattr(shell, "user_ns", {}))
    if line is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell._showtraceback(etype, value, [line])
    return None


def install(shell: Any = None) -> bool:
    """Register :func:`key_error_handler` in the running IPython (if any, and if free).

    Returns True when the handler is (now) registered. A notebook's own custom handler is
    never replaced.
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # never import IPython outside it (plain scripts)
        shell = ipython.get_ipython() if ipython is not None else None
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    if getattr(shell, HANDLER_MARK, False):
        return True
    if getattr(shell, "custom_exceptions", ()):
        return False
    shell.set_custom_exc((KeyError, NameError), key_error_handler)
    setattr(shell, HANDLER_MARK, True)
    return True
