"""The ``kzlesson`` command (also ``python -m kzlesson``).

Each subcommand is a thin wrapper: the work lives in the module that owns it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _cmd_validate(args: argparse.Namespace) -> int:
    from .data import validate_dir

    problems = validate_dir(args.directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found in {args.directory or 'the packaged data'}.",
              file=sys.stderr)
        return 1
    print(f"OK: every table in {args.directory or 'the packaged data'} matches datapackage.json.")
    return 0


def _cmd_answer_key(args: argparse.Namespace) -> int:
    from .quiz.answerkey import render_answer_key

    print(render_answer_key(fmt=args.format, notebook=args.notebook))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="kzlesson",
        description="Teaching notebooks on the January 2022 protests in Kazakhstan.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="check a data directory against datapackage.json")
    p.add_argument("directory", nargs="?", default=None,
                   help="folder holding datapackage.json (default: the packaged data)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("answer-key", help="print the quiz answer key for teachers")
    p.add_argument("--format", choices=["md", "html"], default="md")
    p.add_argument("--notebook", default=None, help="only this notebook's quiz (e.g. timeline)")
    p.set_defaults(func=_cmd_answer_key)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
