"""Keep quiz answers out of plain sight (NOT security).

Answers in the question bank are stored as ``enc:v1:`` followed by base64 of the answer's JSON,
XOR-ed with a fixed key that is written below. Anyone who reads this file can decode them in one
line of Python. The only aim is that a student who opens a YAML file, prints a question or looks at
a notebook's saved state does not see the answers by accident.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

PREFIX = "enc:v1:"
_KEY = b"kzlesson: not a secret, only out of plain sight"


class CodecError(ValueError):
    """Raised when an ``enc:v1:`` string cannot be decoded."""


def _xor(data: bytes) -> bytes:
    """XOR ``data`` with the repeating fixed key (its own inverse)."""
    return bytes(byte ^ _KEY[i % len(_KEY)] for i, byte in enumerate(data))


def encode(value: Any) -> str:
    """Turn a JSON-serialisable answer into an ``enc:v1:...`` string."""
    raw = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return PREFIX + base64.b64encode(_xor(raw)).decode("ascii")


def is_encoded(text: Any) -> bool:
    """True when ``text`` is a string in the ``enc:v1:`` form."""
    return isinstance(text, str) and text.startswith(PREFIX)


def decode(text: str) -> Any:
    """Turn an ``enc:v1:...`` string back into the answer; CodecError if it is damaged."""
    if not is_encoded(text):
        raise CodecError(f"expected a string starting with {PREFIX!r}")
    try:
        raw = _xor(base64.b64decode(text[len(PREFIX) :], validate=True))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodecError(f"the encoded answer is damaged ({exc.__class__.__name__})") from None
