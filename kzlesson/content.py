"""Content files (the quiz bank and the exercise files): one YAML reader, one "N problem(s)"
error, and JSON Schema checks that are fast when valid and full when not.

:func:`read_yaml` is the one place a content file is parsed (libyaml's C loader when PyYAML has
it); a file that cannot be read or parsed raises :class:`UnreadableFile` with the reason and the
line, which each caller words for its author. :class:`ContentProblems` is the error listing
every problem of a content folder (the bank's ``BankError`` and the exercises' ``ExerciseError``
are its subclasses).

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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema import ValidationError


class ContentProblems(ValueError):
    """Content files are broken (an author's mistake); ``.problems`` lists every problem.

    The message is "N problem(s) in <what>:" and one line per problem (at most ``shown`` of
    them); a single problem with ``one_line`` set is the message by itself.
    """

    what = "the content files"
    shown: int | None = None
    one_line = False

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """The message: a count and one line per problem."""
        if self.one_line and len(self.problems) == 1:
            return self.problems[0]
        listed = self.problems if self.shown is None else self.problems[: self.shown]
        lines = [f"{len(self.problems)} problem(s) in {self.what}:"]
        lines += [f"  - {p}" for p in listed]
        if len(listed) < len(self.problems):
            lines.append(
                f"  ... and {len(self.problems) - len(listed)} more (see this error's .problems)"
            )
        return "\n".join(lines)


class UnreadableFile(Exception):
    """A content file that cannot be read (``kind="read"``) or is not YAML (``kind="yaml"``)."""

    def __init__(self, kind: str, reason: str, line: int | None = None) -> None:
        self.kind, self.reason, self.line = kind, reason, line
        super().__init__(reason)


@dataclass(frozen=True)
class YamlFile:
    """A parsed content file: its data and (when asked for) its node tree, for line numbers."""

    data: Any
    node: Any = None


def read_yaml(path: Path, with_lines: bool = False) -> YamlFile:
    """Read and parse one YAML content file; :class:`UnreadableFile` if that fails."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader if built
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=loader) if with_lines else None
        return YamlFile(yaml.load(text, Loader=loader), node)
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile("read", str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise UnreadableFile("yaml", str(getattr(exc, "problem", None) or exc), line) from None


def folder_version(
    folder: Path, schema_file: str, pattern: str = "*.yaml"
) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of a content folder's files and its schema: a cache
    key, so a loader reads the folder again after any edit (the bank and the exercises)."""
    paths = sorted(folder.glob(pattern)) + [folder / schema_file]
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())


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
