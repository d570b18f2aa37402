"""The ``kzlesson`` command (also ``python -m kzlesson``).

Each subcommand is a thin wrapper: the work lives in the module that owns it.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

GLOBAL_OPTIONS = ("-h", "--help", "--version")


def _fail(command: str, message: str, code: int = 1) -> int:
    """Print ``kzlesson COMMAND: error: MESSAGE`` to stderr and return ``code``."""
    print(f"kzlesson {command}: error: {message}", file=sys.stderr)
    return code


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_folder

    report = validate_folder(args.directory)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if not report.ok:
        print(report.summary(), file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _cmd_answer_key(args: argparse.Namespace) -> int:
    from ..quizzes.answerkey import render_answer_key

    try:
        key = render_answer_key(fmt=args.format, notebook=args.notebook, page=args.format == "html")
    except ValueError as err:  # an unknown quiz name, or a broken question bank
        return _fail("answer-key", str(err))
    print(key)
    return 0


def _cmd_start(args: argparse.Namespace) -> int:
    from .start import StartError, copy_notebooks, launch_lab

    try:
        report = copy_notebooks(args.directory)
    except StartError as err:
        return _fail("start", str(err))
    print("\n".join(report.lines()))
    if args.no_launch:
        print(f"Open it later with: cd {report.target} && jupyter lab")
        return 0
    print("Opening JupyterLab (stop it with Ctrl+C) ...", flush=True)
    launch_lab(report.target, open_browser=not args.no_browser)
    return 0  # pragma: no cover (launch_lab replaces this process)


def _cmd_handouts(args: argparse.Namespace) -> int:
    from .handouts import HandoutError, build_handouts, check_arguments
    from .start import StartError

    try:
        check_arguments(args.out, only=args.only, source=args.notebooks)
        problem = writable_folder(Path(args.out))
        if problem:
            return _fail("handouts", problem)
        print(f"Executing the notebooks and writing handouts to {args.out} ...", flush=True)
        report = build_handouts(args.out, only=args.only, source=args.notebooks)
    except (HandoutError, StartError) as err:
        return _fail("handouts", str(err))
    for path in report.student + report.teacher:
        print(f"  wrote {path}")
    print(f"Open {report.index} in a browser to print them.")
    return 0


def writable_folder(folder: Path) -> str | None:
    """Why files cannot be written into ``folder`` (created if missing), or None if they can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kzlesson-probe-"):
            pass
    except OSError as exc:
        return (
            f"cannot write into the output folder {folder} ({exc.strerror or exc}). "
            "Give a folder you can write: kzlesson handouts FOLDER."
        )
    return None


def _version() -> str:
    """The installed kzlesson version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kzlesson")
    except PackageNotFoundError:  # pragma: no cover (running from an uninstalled checkout)
        return "unknown"


def _cmd_hub_link(args: argparse.Namespace) -> int:
    from .hublink import HubLinkError, nbgitpuller_link

    try:
        link = nbgitpuller_link(args.hub, args.repo, args.branch, args.notebook)
    except HubLinkError as err:
        return _fail("hub-link", str(err))
    print(link)
    return 0


def _cmd_lesson_branch(args: argparse.Namespace) -> int:
    from .hublink import HubLinkError, lesson_branch

    try:
        commit = lesson_branch(args.repo, args.source, args.branch, args.python)
    except HubLinkError as err:
        return _fail("lesson-branch", str(err))
    print(f"Branch {args.branch} is at {commit[:12]}: push it, then use --branch {args.branch}")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    results = run_checks()
    for result in results:
        print(result.line())
    problems = sum(not result.ok for result in results)
    if problems:
        print(f"{problems} problem(s) found: fix them, then run `kzlesson doctor` again.")
        return 1
    print("Everything needed for the lesson is in place.")
    return 0


def _cmd_class_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .classreport_html import build_report

    csv_path = Path(args.csv) if args.csv else None
    code, problems, done = build_report(args.hand_ins, Path(args.out), args.anonymous, csv_path)
    for line in problems:
        print(line, file=sys.stderr)
    if done:
        print(done)
    return code


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="kzlesson",
        description="Teaching notebooks on the January 2022 protests in Kazakhstan.",
        epilog="Exit codes: 0 done; 1 a problem with the data, files or a value given "
        "(the message says what to fix); 2 a command typed wrongly (usage shown).",
    )
    parser.add_argument("--version", action="version", version=f"kzlesson {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("validate", help="check a data directory against datapackage.json")
    p.add_argument(
        "directory",
        nargs="?",
        default=None,
        help="folder holding datapackage.json (default: the packaged data)",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "answer-key",
        help="print the quiz answer key for teachers",
        description="Print every quiz question with its right answer and explanation, for "
        "teachers. Redirect it to a file: kzlesson answer-key --format html > key.html",
    )
    p.add_argument(
        "--format",
        choices=["md", "html"],
        default="md",
        help="md: Markdown text (the default); html: a page to open in a browser and print",
    )
    p.add_argument(
        "--notebook",
        default=None,
        metavar="KEY",
        help="only this notebook's quiz, by its key: start, context, timeline, grievances, "
        "debate or aftermath (default: every notebook)",
    )
    p.set_defaults(func=_cmd_answer_key)

    p = sub.add_parser(
        "start",
        help="copy the notebooks into a lesson folder and open JupyterLab there",
        description="Copy the lesson notebooks into DIR and open JupyterLab there. Your own "
        "files are never overwritten: new notebooks are added, notebooks you changed are kept.",
    )
    p.add_argument(
        "directory",
        nargs="?",
        default="kzlesson-lesson",
        metavar="DIR",
        help="lesson folder (default: ./kzlesson-lesson)",
    )
    p.add_argument(
        "--no-browser", action="store_true", help="start JupyterLab without opening a browser tab"
    )
    p.add_argument(
        "--no-launch", action="store_true", help="only copy the notebooks; do not start JupyterLab"
    )
    p.set_defaults(func=_cmd_start)

    p = sub.add_parser(
        "handouts",
        help="build printable HTML editions (student and teacher)",
        description="Execute every notebook and write printable HTML: OUT/student/ (no "
        "answers), OUT/teacher/ (with solutions and the quiz answer key) and OUT/index.html.",
    )
    p.add_argument(
        "out",
        nargs="?",
        default="handouts",
        metavar="OUT",
        help="output folder (default: ./handouts)",
    )
    p.add_argument(
        "--only",
        "--notebook",
        dest="only",
        action="append",
        metavar="NAME",
        help="only this notebook (file name like 02_timeline, or key like timeline); "
        "repeat for more",
    )
    p.add_argument(
        "--notebooks",
        default=None,
        metavar="DIR",
        help="use the notebooks in DIR (e.g. your adapted copies) instead of the packaged ones",
    )
    p.set_defaults(func=_cmd_handouts)

    p = sub.add_parser(
        "hub-link",
        help="print an nbgitpuller link that opens the lesson on a JupyterHub",
        description="Print a link that clones the lesson repository into each student's "
        "JupyterHub home (nbgitpuller) and opens a notebook.",
    )
    p.add_argument(
        "--hub",
        required=True,
        metavar="URL",
        help="your JupyterHub's address, e.g. https://hub.school.example",
    )
    p.add_argument(
        "--repo",
        default=None,
        metavar="URL",
        help="git repository to pull (default: kzlesson's own repository)",
    )
    p.add_argument("--branch", default="main", metavar="B", help="branch (default: main)")
    p.add_argument(
        "--notebook",
        default="00_start_here",
        metavar="NAME",
        help="notebook to open (default: 00_start_here)",
    )
    p.set_defaults(func=_cmd_hub_link)

    p = sub.add_parser(
        "lesson-branch",
        help="commit only the lesson files (notebooks/, data/, LICENSE) to a branch for the hub",
        description="Commit the notebooks, data and licence of a commit to a branch (default: "
        "lesson), leaving the working tree alone, so students on a hub get only the lesson.",
    )
    p.add_argument("--repo", default=".", metavar="DIR", help="repository (default: here)")
    p.add_argument("--from", dest="source", default="HEAD", metavar="REF", help="default: HEAD")
    p.add_argument("--branch", default="lesson", metavar="B", help="default: lesson")
    p.add_argument(
        "--python",
        default=None,
        metavar="X.Y.Z",
        help="the hub's Python version, written into the notebooks so JupyterLab does not "
        "mark them modified on opening",
    )
    p.set_defaults(func=_cmd_lesson_branch)

    p = sub.add_parser(
        "doctor",
        help="check this computer can run the lesson and say what to fix",
        description="Check Python, the packages, the widgets extension, the data and where "
        "progress is saved. Prints one line per check; exits with 1 if anything needs fixing.",
    )
    p.set_defaults(func=_cmd_doctor)

    p = sub.add_parser(
        "class-report",
        help="sum up a class's hand-ins in one HTML report for the teacher",
        description="Read the students' hand-in files (my-answers.html) or progress files "
        "(kzlesson-progress.json, e.g. in their hub folders) and write one offline HTML page: "
        "scores per notebook and student, each question's most chosen wrong answers with the "
        "feedback to reteach, reflections and organiser entries side by side. Hand-ins are "
        "the students' own, editable files: the report is for teaching, not high-stakes marking.",
        epilog="Exit codes: 0 every file read; 1 no report written (nothing readable, or the "
        "report cannot be written); 2 the command typed wrongly; 3 report written, but some "
        "files (or parts of files) were skipped: one line each on stderr says which and why.",
    )
    p.add_argument(
        "hand_ins",
        nargs="+",
        metavar="HAND_IN",
        help="hand-in files (.html, .md), progress files, or folders holding them",
    )
    p.add_argument(
        "-o", "--out", required=True, metavar="FILE", help="the report to write, e.g. class.html"
    )
    p.add_argument(
        "--anonymous",
        action="store_true",
        help="show Student 1, Student 2, ... instead of names (for projecting in class)",
    )
    p.add_argument(
        "--csv",
        default=None,
        metavar="FILE",
        help="also write a CSV for a gradebook: one row per student, one column per notebook",
    )
    p.set_defaults(func=_cmd_class_report)

    for subparser in [parser, *sub.choices.values()]:
        # no abbreviations: "--notebook" must never be taken for "--notebooks"
        subparser.allow_abbrev = False
    for subparser in sub.choices.values():
        subparser.set_defaults(parser=subparser)
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; report arguments a subcommand does not take with that subcommand's usage.

    (``argparse`` itself would report them with the top-level usage, which does not help.)
    """
    words = list(sys.argv[1:] if argv is None else argv)
    for word in words:
        if not word.startswith("-"):
            break
        if word not in GLOBAL_OPTIONS:
            close = difflib.get_close_matches(word, GLOBAL_OPTIONS, n=1, cutoff=0.7)
            tip = f" Did you mean {close[0]}?" if close else ""
            parser.error(  # exits with 2
                f"unknown option {_short(word)}: options go after the command "
                f"(e.g. kzlesson start --no-launch); see kzlesson --help.{tip}"
            )
    args, extra = parser.parse_known_args(words)
    if extra:
        args.parser.error(f"unrecognized arguments: {_short(' '.join(extra))}")  # exits with 2
    return args


def _short(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters, so an error line never echoes a huge input."""
    return text if len(text) <= limit else text[:limit] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Output that cannot be written gives one line, never a traceback: a closed pipe
    (``kzlesson answer-key | head -1``) ends quietly, a full disk names the problem.
    """
    args = parse(build_parser(), argv)
    try:
        code = int(args.func(args))
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:
        _silence_stdout()
        where = f" {exc.filename}" if exc.filename else " the output"
        return _fail(args.command, f"cannot write{where}: {exc.strerror or exc}.")
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
