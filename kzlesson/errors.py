"""Errors a student can cause with a typo, shown in a notebook as one line, not a traceback.

A :class:`StudentError` is a normal exception (``NotFound`` is still a ``KeyError``,
:class:`BadValue` a ``ValueError``), so programs and tests catch it as before. In IPython and
Jupyter it implements ``_render_traceback_``, the hook IPython calls instead of printing the
traceback, so the cell shows one line such as::

    ✗ kz.cite: There is no paragraph 'P25': valid ids are P1-P24. Did you mean 'P24'?

:func:`student_call` marks a public function: a StudentError raised inside it names the call
the student typed (``kz.cite``), and a call with the wrong arguments (``kz.plots.lpg_prices(1)``)
becomes a :class:`BadCall` that says how to call it.
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class StudentError(Exception):
    """An error caused by what the student typed; IPython shows it as ``✗ where: message``."""

    where: str = ""  # the call the student typed, e.g. "kz.cite" (set by student_call)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def _render_traceback_(self) -> list[str]:
        """The lines IPython shows instead of the traceback: the message, no frames."""
        lines = str(self).splitlines() or [type(self).__name__]
        head = f"✗ {self.where}: " if self.where else "✗ "
        return [head + lines[0], *lines[1:]]


class BadValue(StudentError, ValueError):
    """A value that is not one of the allowed choices (a phase, a day, an interpretation)."""


class BadCall(StudentError, TypeError):
    """A call with the wrong arguments (too many, a misspelt keyword) or the wrong kind of thing."""


def _usage(where: str, func: Callable[..., Any]) -> str:
    """How to call ``func``: 'kz.plots.timeline(phase='protests'); it also takes directory='."""
    positional, keywords = [], []
    for param in inspect.signature(func).parameters.values():
        if param.kind in (param.KEYWORD_ONLY, param.VAR_KEYWORD):
            keywords.append(f"{param.name}=" if param.kind is param.KEYWORD_ONLY else "")
        elif param.kind is param.VAR_POSITIONAL:
            positional.append(f"*{param.name}")
        elif param.default is param.empty:
            positional.append(param.name)
        else:
            positional.append(f"{param.name}={param.default!r}")
    also = [k for k in keywords if k]
    more = f"; it also takes {', '.join(also)}" if also else ""
    return f"call it like {where}({', '.join(positional)}){more}."


def _bad_call(
    where: str, func: Callable[..., Any], args: tuple, kwargs: dict, tip: str = ""
) -> BadCall | None:
    """A BadCall if ``args``/``kwargs`` do not fit ``func``'s signature, else None."""
    signature = inspect.signature(func)
    try:
        signature.bind(*args, **kwargs)
    except TypeError as exc:
        names = list(signature.parameters)
        hint = ""
        for key in kwargs:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            if key not in names and close:
                hint = f" Did you mean {close[0]}=?"
        positional = [
            p
            for p in signature.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        if tip and len(args) > len(positional):  # the tip is about one argument too many
            hint += f" {tip}"
        error = BadCall(f"{exc}. To fix it, {_usage(where, func)}{hint}")
        error.where = where
        return error
    return None


def student_call(where: str, tip: str = "") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a public function so that its StudentErrors name ``where`` (e.g. "kz.cite").

    The outermost decorated call wins, since it is what the student typed. A TypeError from
    arguments that do not fit the signature becomes a :class:`BadCall` saying how to call it;
    ``tip`` (e.g. the function the student probably meant) is added when the call passed more
    positional arguments than the function takes.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except StudentError as exc:
                exc.where = where
                raise
            except TypeError:
                error = _bad_call(where, func, args, kwargs, tip)
                if error is None:
                    raise
                raise error from None

        return wrapper

    return decorate
