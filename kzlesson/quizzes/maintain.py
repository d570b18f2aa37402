"""The maintainer's command line for the question bank: check, encode, decode, seal, unseal.

The encoding only keeps answers out of plain sight (see :mod:`kzlesson.quizzes.codec`): it is NOT
security. Run it as ``python -m kzlesson.quizzes.maintain COMMAND``::

    python -m kzlesson.quizzes.maintain check                 # check the packaged bank and its data
    python -m kzlesson.quizzes.maintain unseal data/quizzes/timeline.yaml -o timeline.plain.yaml
    python -m kzlesson.quizzes.maintain seal timeline.plain.yaml -o data/quizzes/timeline.yaml
    python -m kzlesson.quizzes.maintain encode '{"answer": "b", ...}'
    python -m kzlesson.quizzes.maintain decode 'enc:v1:...'
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from . import codec
from .bank import BankError, load_bank
from .datacheck import data_disagreements


def seal_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Encode every plain ``answer`` mapping of a bank document (already encoded ones stay)."""
    for raw in doc.get("questions", []):
        if isinstance(raw, dict) and "answer" in raw and not codec.is_encoded(raw["answer"]):
            raw["answer"] = codec.encode(raw["answer"])
    return doc


def unseal_document(doc: dict[str, Any]) -> dict[str, Any]:
    """Decode every ``answer`` of a bank document into plain YAML, for editing."""
    for raw in doc.get("questions", []):
        if isinstance(raw, dict) and codec.is_encoded(raw.get("answer")):
            raw["answer"] = codec.decode(raw["answer"])
    return doc


def dump_yaml(doc: dict[str, Any]) -> str:
    """Write a bank document as readable YAML (keys in their order, Unicode kept)."""
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def _data_folder_of(bank_folder: str | None) -> Path | None:
    """The data folder a bank folder belongs to: its parent if that holds a data package."""
    if bank_folder is None:
        return None
    parent = Path(bank_folder).expanduser().resolve().parent
    return parent if (parent / "datapackage.json").is_file() else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m kzlesson.quizzes.maintain",
        description="Check the quiz bank and encode/decode its answers. The encoding only keeps "
        "answers out of plain sight: it is NOT security.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check a bank folder (default: the packaged bank)")
    p.add_argument("directory", nargs="?", default=None)
    p = sub.add_parser("encode", help="encode one answer given as JSON")
    p.add_argument("json")
    p = sub.add_parser("decode", help="decode one enc:v1: string to JSON")
    p.add_argument("encoded")
    for name, text in (("seal", "encode every plain answer"), ("unseal", "decode every answer")):
        p = sub.add_parser(name, help=f"{text} of a bank YAML file")
        p.add_argument("file")
        p.add_argument("-o", "--output", default=None, help="write here instead of printing")
    return parser


def _check(args: argparse.Namespace) -> int:
    # A bank folder is checked against the data folder that holds it (``DIR/..`` when DIR
    # is a ``quizzes/`` folder inside a data folder), otherwise against the packaged data.
    data_folder = _data_folder_of(args.directory)
    try:
        bank = load_bank(args.directory, data_folder)
    except BankError as exc:
        print(exc, file=sys.stderr)
        return 1
    disagreements = data_disagreements(bank, data_folder)
    for line in disagreements:
        print(f"disagrees with the data: {line}", file=sys.stderr)
    if disagreements:
        return 1
    counts = ", ".join(f"{k}: {len(v)}" for k, v in bank.notebooks.items())
    print(f"OK: {len(bank.all())} questions ({counts}).")
    return 0


def _encode(args: argparse.Namespace) -> int:
    try:
        print(codec.encode(json.loads(args.json)))
    except json.JSONDecodeError as exc:
        print(f"error: not valid JSON ({exc})", file=sys.stderr)
        return 2
    return 0


def _decode(args: argparse.Namespace) -> int:
    try:
        print(json.dumps(codec.decode(args.encoded), ensure_ascii=False, indent=2))
    except codec.CodecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _seal_or_unseal(args: argparse.Namespace) -> int:
    doc = yaml.safe_load(Path(args.file).read_text(encoding="utf-8"))
    doc = seal_document(doc) if args.command == "seal" else unseal_document(doc)
    text = dump_yaml(doc)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


_COMMANDS = {
    "check": _check,
    "encode": _encode,
    "decode": _decode,
    "seal": _seal_or_unseal,
    "unseal": _seal_or_unseal,
}


def main(argv: Sequence[str] | None = None) -> int:
    """The maintainer command line (see the module docstring)."""
    args = _parser().parse_args(argv)
    return _COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
