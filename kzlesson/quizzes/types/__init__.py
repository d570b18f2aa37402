"""The question types, one module per family; importing this package registers them all.

- :mod:`.choice`: single, multi, truefalse;
- :mod:`.typed`: numeric, text;
- :mod:`.arrange`: ordering, matching, classify;
- :mod:`.reflection`: reflection;
- :mod:`.exercise`: a coding exercise (pandas in a code cell; its key computed from the data).

A new family is a module here that calls :func:`kzlesson.quizzes.registry.register`, plus one
import line below (the list is explicit: no plugin discovery).
"""

from __future__ import annotations

from . import arrange, choice, exercise, reflection, typed

__all__ = ["arrange", "choice", "exercise", "reflection", "typed"]
