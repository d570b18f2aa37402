"""JSON Schema checks for the quiz bank and the exercise files: fast when valid, full when not.

``jsonschema`` gives the best error messages but takes one to two seconds to import in a fresh
kernel (it loads URI-grammar parsers for its format checks), which students would pay in every
notebook. So each file is first checked with ``fastjsonschema`` (compiled once per schema, a few
milliseconds); only when that check fails is ``jsonschema`` imported to list every problem with
its path. Both read the same schema file; ``tests/test_content.py`` keeps them in agreement.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema import ValidationError


@functools.lru_cache(maxsize=64)
def _compiled(schema_text: str) -> Callable[[Any], Any]:
    """A fastjsonschema validator for one schema (given as canonical JSON text)."""
    import fastjsonschema

    return fastjsonschema.compile(json.loads(schema_text))


def is_valid(schema: dict[str, Any], instance: Any) -> bool:
    """Whether ``instance`` satisfies ``schema`` (fast yes/no check, no messages)."""
    import fastjsonschema

    validate = _compiled(json.dumps(schema, sort_keys=True))
    try:
        validate(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def errors(schema: dict[str, Any], instance: Any) -> list[ValidationError]:
    """Every JSON Schema error of ``instance`` (draft 2020-12), sorted by path; [] when valid."""
    if is_valid(schema, instance):
        return []
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    found = validator.iter_errors(instance)
    return sorted(found, key=lambda e: [str(p) for p in e.absolute_path])
