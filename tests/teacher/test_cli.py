"""The ``kzlesson`` command as a whole: subcommands, help, and errors on bad arguments."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzlesson.teacher.cli import build_parser, main

SUBCOMMANDS = ["validate", "answer-key", "start", "handouts", "hub-link", "doctor"]


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kzlesson", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_top_level_help_lists_every_subcommand() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name: str) -> None:
    result = _run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: kzlesson {name}")


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "kzlesson"
    found = shutil.which("kzlesson") or (str(script) if script.exists() else None)
    assert found, "the kzlesson console script is not installed"
    result = subprocess.run([found, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "hub-link" in result.stdout


def test_no_subcommand_is_a_usage_error() -> None:
    result = _run()
    assert result.returncode == 2
    assert "required" in result.stderr and "COMMAND" in result.stderr


def test_unknown_subcommand_names_the_choices() -> None:
    result = _run("strat")
    assert result.returncode == 2
    assert "invalid choice: 'strat'" in result.stderr and "start" in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["start", "--launch-now"],
        ["start", "a", "b"],
        ["hub-link", "--hub"],
        ["hub-link", "--hub", "h.example", "extra"],
        ["doctor", "--fix"],
        ["doctor", "extra"],
        ["handouts", "--only"],
        ["handouts", "a", "b"],
        ["answer-key", "--format", "pdf"],
        ["answer-key", "timeline"],
        ["validate", "a", "b"],
    ],
)
def test_bad_arguments_show_the_subcommands_usage(
    argv: list[str], capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: kzlesson {argv[0]} "), err
    assert f"kzlesson {argv[0]}: error:" in err


def test_extra_arguments_name_what_was_not_understood(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["start", "a", "b"])
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "usage: kzlesson start [-h] [--no-browser] [--no-launch] [DIR]",
        "kzlesson start: error: unrecognized arguments: b",
    ]


def test_subprocess_doctor_extra_shows_doctors_usage() -> None:
    result = _run("doctor", "extra")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: kzlesson doctor [-h]")
    assert "kzlesson doctor: error: unrecognized arguments: extra" in result.stderr
    assert result.stdout == ""  # nothing was checked


def test_handouts_missing_notebooks_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    result = _run("handouts", str(tmp_path / "out"), "--notebooks", str(missing))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"kzlesson handouts: error: The notebooks folder {missing} does not exist."
    )
    assert "Reinstall" not in result.stderr and "Traceback" not in result.stderr
    assert "Executing" not in result.stdout  # arguments are checked before any work
    assert not (tmp_path / "out").exists()


def test_handouts_empty_notebooks_folder_does_not_blame_the_install(tmp_path: Path) -> None:
    result = _run("handouts", str(tmp_path / "out"), "--notebooks", str(tmp_path))
    assert result.returncode == 1
    assert f"No notebooks (*.ipynb) in {tmp_path}." in result.stderr
    assert "Reinstall" not in result.stderr and "Executing" not in result.stdout


def test_answer_key_help_explains_every_option() -> None:
    result = _run("answer-key", "--help")
    assert result.returncode == 0
    out = " ".join(result.stdout.split())
    assert "Print every quiz question with its right answer" in out  # the description
    assert "--format {md,html} md: Markdown text" in out
    assert "--notebook KEY only this notebook's quiz" in out
    for action in build_parser()._subparsers._group_actions[0].choices["answer-key"]._actions:
        assert action.help, f"answer-key {action.option_strings} has no help text"


def test_handouts_unknown_notebook_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("handouts", str(tmp_path / "out"), "--only", "99_nothing")
    assert result.returncode == 1
    assert "kzlesson handouts: error: No notebook called 99_nothing" in result.stderr
    assert "02_timeline" in result.stderr  # lists what exists
    assert "Traceback" not in result.stderr and "Executing" not in result.stdout
    assert not (tmp_path / "out").exists()


def test_handouts_into_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    target.write_text("x", encoding="utf-8")
    result = _run("handouts", str(target), "--only", "start")
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr and "Traceback" not in result.stderr


def test_parser_defaults() -> None:
    parser = build_parser()
    assert parser.parse_args(["start"]).directory == "kzlesson-lesson"
    assert parser.parse_args(["handouts"]).out == "handouts"
    args = parser.parse_args(["hub-link", "--hub", "h.example"])
    assert (args.branch, args.notebook, args.repo) == ("main", "00_start_here", None)


def test_handouts_takes_notebook_like_answer_key_and_no_abbreviations() -> None:
    """`--notebook NAME` picks a notebook, as in answer-key; it was once read as an
    abbreviation of `--notebooks DIR` (a folder), which no option may be abbreviated to."""
    parser = build_parser()
    args = parser.parse_args(["handouts", "--notebook", "debate", "--only", "start"])
    assert args.only == ["debate", "start"] and args.notebooks is None
    with pytest.raises(SystemExit):
        parser.parse_args(["handouts", "--note", "debate"])
    with pytest.raises(SystemExit):
        parser.parse_args(["answer-key", "--form", "html"])


def test_answer_key_unknown_quiz_is_a_clear_error() -> None:
    result = _run("answer-key", "--notebook", "timline")
    assert result.returncode == 1
    assert result.stderr.startswith("kzlesson answer-key: error: There is no quiz called 'timline'")
    assert "timeline" in result.stderr and "Traceback" not in result.stderr


def test_answer_key_html_is_a_complete_page_to_print() -> None:
    result = _run("answer-key", "--format", "html", "--notebook", "timeline")
    assert result.returncode == 0, result.stderr
    page = result.stdout.strip()
    assert page.lower().startswith("<!doctype html>") and page.endswith("</html>")
    assert '<meta charset="utf-8">' in page.lower()
    assert "<title>" in page and "timeline" in page.lower()


def test_answer_key_markdown_is_not_wrapped_in_html() -> None:
    result = _run("answer-key", "--notebook", "timeline")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Quiz answer key") and "<html" not in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["hub-link", "--hub", "ftp://hub.example"], 1),  # a value that fails its check
        (["answer-key", "--notebook", "nowhere"], 1),
        (["hub-link"], 2),  # typed wrongly: --hub missing
        (["answer-key", "--format", "pdf"], 2),
    ],
)
def test_exit_codes_follow_the_documented_rule(args: list[str], code: int) -> None:
    assert "Exit codes: 0 done; 1 a problem" in _run("--help").stdout
    result = _run(*args)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
