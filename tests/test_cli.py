"""The ``kzlesson`` command as a whole: subcommands, help, and errors on bad arguments."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kzlesson.cli import build_parser, main

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
        ["doctor", "--fix"],
        ["handouts", "--only"],
        ["answer-key", "--format", "pdf"],
    ],
)
def test_bad_arguments_exit_2_via_main(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: kzlesson") and "error:" in err


def test_handouts_unknown_notebook_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("handouts", str(tmp_path / "out"), "--only", "99_nothing")
    assert result.returncode == 1
    assert "kzlesson handouts: error: No notebook called 99_nothing" in result.stderr
    assert "02_timeline" in result.stderr  # lists what exists
    assert "Traceback" not in result.stderr
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


def test_answer_key_unknown_quiz_is_a_clear_error() -> None:
    result = _run("answer-key", "--notebook", "timline")
    assert result.returncode == 1
    assert result.stderr.startswith("kzlesson answer-key: error: There is no quiz called 'timline'")
    assert "timeline" in result.stderr and "Traceback" not in result.stderr
