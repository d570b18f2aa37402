"""The hand-in's machine-readable data: what the student did, as one versioned JSON document.

:func:`handin_data` builds it from the progress file's entries (quiz answers, exercise
attempts, organiser entries); :func:`data_block` embeds it in the hand-in HTML as
``<script type="application/json" id="kzlesson-handin">``, escaped so that nothing a student
types can end the block; :func:`read_block` finds and parses it again and :func:`problems`
checks it against ``handin.schema.json``. The format is described in ``docs/handin-schema.md``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .bank import Bank
from .core import Question, describe_response

FORMAT = "kzlesson-handin"
VERSION = 1
BLOCK_ID = "kzlesson-handin"
SCHEMA_FILE = Path(__file__).with_name("handin.schema.json")
EXERCISE_ID = re.compile(r"^[a-z]+-ex[0-9]+$")
# The graphic organiser's columns: claim | evidence for | evidence against | how reliable | verdict
ORGANISER_FIELDS = ("claim", "evidence_for", "evidence_against", "reliability", "verdict")
# The progress entry's flag saying the student pressed "Show me" (the answer was revealed).
SHOWN_FIELD = "answer_shown"
CHOICE_TYPES = ("single", "multi", "truefalse", "ordering", "matching", "classify")
_BLOCK = re.compile(
    r"<script\b[^>]*\bid=[\"']?" + BLOCK_ID + r"[\"']?[^>]*>(.*?)(</script\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)


class HandinError(ValueError):
    """A hand-in's data block is missing, cut off or not JSON; the message says which."""


def lesson_version(bank: Bank) -> dict[str, str]:
    """The package version and a fingerprint of the question ids (same ids, same fingerprint)."""
    from .. import __version__

    ids = "\n".join(sorted(q.id for q in bank.all()))
    return {"kzlesson": __version__, "questions": hashlib.sha256(ids.encode()).hexdigest()[:12]}


def _match(choices: Iterable[Any], value: Any) -> str | None:
    """The id of the choice ``value`` names (by id or by text), else None."""
    text = str(value).strip().casefold()
    for choice in choices:
        if text in (choice.id.casefold(), choice.text.casefold()):
            return choice.id
    return None


def _pairs(response: Any, keys: tuple[Any, ...]) -> list[str]:
    """``left=right`` ids for a dict (or list in key order) response."""
    if isinstance(response, list):
        response = {k.id: v for k, v in zip(keys, response, strict=False)}
    if not isinstance(response, dict):
        return []
    return [f"{k}={v}" for k, v in response.items() if v not in (None, "")]


def response_ids(q: Question, response: Any) -> list[str]:
    """The option, item or pair ids a response names (empty for number, text and reflection)."""
    if response is None or q.type not in CHOICE_TYPES:
        return []
    if q.type == "truefalse":
        word = str(response).strip().lower()
        return ["true"] if word in ("true", "t", "yes", "1") else ["false"]
    if q.type in ("matching", "classify"):
        return _pairs(response, q.left if q.type == "matching" else q.items)
    choices = q.options if q.type in ("single", "multi") else q.items
    values = response if isinstance(response, list) else [response]
    return [_match(choices, v) or str(v) for v in values]


def _given(q: Question, record: dict[str, Any]) -> dict[str, Any]:
    """One answer given: the raw response, its ids, its text, whether it was right, when."""
    response = record.get("response")
    return {
        "response": response,
        "ids": response_ids(q, response),
        "text": describe_response(q, response),
        "correct": record.get("correct") if isinstance(record.get("correct"), bool) else None,
        "time": str(record.get("time") or ""),
    }


def _outcomes(entry: dict[str, Any], history: list[dict[str, Any]]) -> tuple[Any, Any]:
    """(right first time, right eventually) of a marked entry; (None, None) if unmarked."""
    marks = [h.get("correct") for h in history if isinstance(h.get("correct"), bool)]
    last = entry.get("correct")
    if not marks and not isinstance(last, bool):
        return None, None
    attempts, wrong = entry.get("attempts", len(marks)), entry.get("wrong", 0)
    # with the whole history kept, the first mark; else right first time only if never wrong
    first = marks[0] if marks and len(history) >= attempts else wrong == 0 and last is True
    return first, last is True or any(marks)


def _history(entry: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The entry's history (its last response if it has none)."""
    if not entry:
        return []
    history = [h for h in entry.get("history") or [] if isinstance(h, dict)]
    if not history and "response" in entry:
        history = [{"response": entry.get("response"), "correct": entry.get("correct")}]
    return history


def question_data(q: Question, entry: dict[str, Any] | None) -> dict[str, Any]:
    """One question of the hand-in: what was answered, how often, how well."""
    history = _history(entry)
    first, eventually = _outcomes(entry or {}, history) if entry else (None, None)
    reflection = entry.get("response") if entry and q.type == "reflection" else None
    return {
        "id": q.id,
        "notebook": q.notebook,
        "type": q.type,
        "answered": entry is not None,
        "attempts": int((entry or {}).get("attempts", len(history))),
        "correct": (entry or {}).get("correct") if entry else None,
        "right_first_time": first,
        "right_eventually": eventually,
        "answer_shown": bool((entry or {}).get(SHOWN_FIELD, False)),
        "answer": _given(q, history[-1]) if history else None,
        "answers_given": [] if q.type == "reflection" else [_given(q, h) for h in history],
        "reflection": reflection if isinstance(reflection, str) else None,
    }


def exercise_status(exercise: Any, entry: dict[str, Any] | None) -> str | None:
    """``complete``, ``sentence missing`` or ``not yet`` (None if not attempted): the saved
    status, or for an attempt saved without one, worked out from its mark and sentence."""
    from .types.exercise import STATUSES, attempt_status

    if not entry:
        return None
    history = _history(entry)
    last = history[-1].get("response") if history else None
    last = last if isinstance(last, dict) else {}
    if last.get("status") in STATUSES:
        return str(last["status"])
    return attempt_status(exercise, entry.get("correct"), last.get("interpretation"))


def exercise_data(exercise: Any, entry: dict[str, Any] | None) -> dict[str, Any]:
    """One pandas exercise: the result as marked, right or wrong, tries, the interpretation,
    and whether it is complete (an exercise labelled with a history skill needs the sentence)."""
    history = _history(entry)
    first, eventually = _outcomes(entry or {}, history) if entry else (None, None)
    last = history[-1].get("response") if history else None
    last = last if isinstance(last, dict) else {}
    return {
        "id": exercise.id,
        "notebook": exercise.notebook,
        "attempted": entry is not None,
        "tries": int((entry or {}).get("attempts", len(history))),
        "correct": (entry or {}).get("correct") if entry else None,
        "right_first_time": first,
        "right_eventually": eventually,
        "answer": _text(last.get("answer")),
        "result": _text(last.get("result")),
        "interpretation": _text(last.get("interpretation")),
        "skill": str(getattr(exercise, "skill", "") or ""),
        "status": exercise_status(exercise, entry),
    }


def _text(value: Any) -> str | None:
    """A saved text field, or None."""
    return value if isinstance(value, str) and value.strip() else None


def is_organiser(entry: Any) -> bool:
    """True for a progress entry holding a graphic-organiser row (a response with its fields)."""
    response = entry.get("response") if isinstance(entry, dict) else None
    return isinstance(response, dict) and "claim" in response and "verdict" in response


def organiser_data(entry_id: str, entry: dict[str, Any]) -> dict[str, Any]:
    """One organiser row: claim | evidence for | evidence against | how reliable | my verdict."""
    response = entry["response"]
    row = {name: str(response.get(name) or "") for name in ORGANISER_FIELDS}
    return {"id": entry_id, "notebook": str(entry.get("notebook") or ""), **row}


@functools.cache
def lesson_exercises() -> tuple[Any, ...]:
    """Every exercise of the packaged lesson in notebook order (a broken file is skipped)."""
    from ..exercises.files import read_exercises
    from .bank import load_bank

    order = list(load_bank().notebooks)

    def place(item: Any) -> tuple[int, int]:
        rank = order.index(item.notebook) if item.notebook in order else len(order)
        return rank, int(item.id.rsplit("ex", 1)[-1] or 0)

    return tuple(sorted(read_exercises()[0].values(), key=place))


def handin_data(bank: Bank, entries: dict[str, dict[str, Any]], student: str) -> dict[str, Any]:
    """The whole hand-in as a JSON-ready dict (see docs/handin-schema.md)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "student": student,
        "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
        "lesson": lesson_version(bank),
        "questions": [question_data(q, entries.get(q.id)) for q in bank.all()],
        "exercises": [exercise_data(e, entries.get(e.id)) for e in lesson_exercises()],
        "organiser": [
            organiser_data(key, entry) for key, entry in entries.items() if is_organiser(entry)
        ],
    }


def data_block(data: dict[str, Any]) -> str:
    """The ``<script type="application/json">`` element; ``<``, ``>`` and ``&`` as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" id="{BLOCK_ID}">\n{text}\n</script>'


def read_block(text: str) -> dict[str, Any]:
    """The hand-in data in a page's text; :class:`HandinError` saying what is wrong."""
    at = text.find(BLOCK_ID)  # a plain search first: the regex alone is slow on a long page
    found = _BLOCK.search(text, max(text.rfind("<script", 0, at), 0)) if at >= 0 else None
    if found is None:
        raise HandinError("no hand-in data block")
    if not found.group(2):
        raise HandinError("the hand-in data is cut off (the file is truncated)")
    try:
        data = json.loads(found.group(1))
    except json.JSONDecodeError as exc:
        raise HandinError(
            f"the hand-in data is damaged (not valid JSON at line {exc.lineno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise HandinError("the hand-in data is damaged (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise HandinError("the data block is not kzlesson hand-in data")
    return data


@functools.cache
def _schema() -> dict[str, Any]:
    """The hand-in JSON Schema."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def problems(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Where ``data`` breaks the hand-in schema: (path, message) pairs; empty if valid."""
    from ..content import errors

    return [(tuple(e.absolute_path), e.message[:160]) for e in errors(_schema(), data)]
