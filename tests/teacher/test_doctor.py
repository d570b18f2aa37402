"""``kzlesson doctor``: one OK/PROBLEM line per check, exit 1 when something needs fixing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import kzlesson.paths
from kzlesson.quizzes.progress import PROGRESS_ENV, PROGRESS_FILE
from kzlesson.teacher import doctor
from kzlesson.teacher.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
CHECK_NAMES = [
    "Python",
    *doctor.runtime_packages(),
    "kzlesson",
    "widgets extension",
    "notebooks",
    "data",
    "progress file",
]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty writable folder with no KZLESSON_PROGRESS set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    return tmp_path


def _lines(output: str) -> dict[str, str]:
    """Map each check's name to its output line."""
    found = {}
    for line in output.splitlines():
        for name in CHECK_NAMES:
            if line.split(":", 1)[0].split(None, 1)[-1] == name:
                found[name] = line
    return found


def test_healthy_install_is_all_ok(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor"])
    out = capsys.readouterr().out
    lines = _lines(out)
    assert list(lines) == CHECK_NAMES, out
    problems = [line for line in lines.values() if not line.startswith("OK")]
    assert problems == [] and code == 0
    assert str(here / PROGRESS_FILE) in lines["progress file"]
    assert "Everything needed" in out


def test_progress_path_under_a_regular_file(
    here: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = here / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(PROGRESS_ENV, str(blocker / "progress.json"))
    code = main(["doctor"])
    out = capsys.readouterr().out
    line = _lines(out)["progress file"]
    assert code == 1
    assert line.startswith("PROBLEM progress file:")
    assert f"{blocker} is a file, not a folder" in line
    assert "$KZLESSON_PROGRESS" in line and "Fix: set KZLESSON_PROGRESS" in line
    assert "1 problem(s) found" in out


def test_progress_folder_missing(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROGRESS_ENV, str(here / "nowhere" / "p.json"))
    result = doctor.check_progress()
    assert not result.ok and "does not exist" in result.detail


def test_progress_path_is_a_folder(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROGRESS_ENV, str(here))
    result = doctor.check_progress()
    assert not result.ok and "is a folder, not a file" in result.detail


def test_progress_probe_leaves_nothing_behind(here: Path) -> None:
    assert doctor.check_progress().ok
    assert list(here.iterdir()) == []


def test_old_python_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "version_info", (3, 9, 18, "final", 0))
    result = doctor.check_python()
    assert not result.ok
    assert "3.9.18 is too old" in result.line() and "Fix:" in result.line()


def test_package_outside_required_range() -> None:
    result = doctor.check_package("pandas", {"pandas": Requirement("pandas>=99")})
    assert not result.ok
    assert "kzlesson needs pandas>=99" in result.detail
    assert result.fix == 'pip install "pandas>=99"'


def test_package_not_installed() -> None:
    result = doctor.check_package("kzlesson-no-such-package", {})
    assert not result.ok and result.detail == "not installed."


def test_package_versions_match_the_installed_ones() -> None:
    from importlib.metadata import version

    for name in doctor.runtime_packages():
        result = doctor.check_package(name)
        assert result.ok and result.detail == version(name)


def test_every_runtime_dependency_is_checked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {Requirement(text).name.lower() for text in project["dependencies"]}
    assert set(doctor.runtime_packages()) == declared
    checked = {name for name, _ in doctor.all_checks()}
    assert declared <= checked
    assert {"pyyaml", "jsonschema", "nbformat"} <= checked  # beyond the lesson's core four


def test_packages_fall_back_to_the_core_when_kzlesson_metadata_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(doctor, "_requirements", dict)
    assert doctor.runtime_packages() == list(doctor.FALLBACK_PACKAGES)


def test_widgets_extension_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import jupyter_core.paths

    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *parts: [str(tmp_path)])
    result = doctor.check_widgets_extension()
    assert not result.ok
    assert "@jupyter-widgets/jupyterlab-manager" in result.detail
    assert "quizzes would not display" in result.detail


def test_widgets_extension_found_in_a_labextensions_folder() -> None:
    result = doctor.check_widgets_extension()
    assert result.ok and "jupyterlab-manager" in result.detail


def test_broken_data_is_reported(
    monkeypatch: pytest.MonkeyPatch, data_copy: Path, edit_cell
) -> None:
    edit_cell(data_copy, "events.csv", 1, "date", "2022-02-30")
    monkeypatch.setattr(kzlesson.paths, "data_dir", lambda: data_copy)
    result = doctor.check_data()
    assert not result.ok
    assert "events.csv" in result.detail and "2022-02-30" in result.detail
    assert "kzlesson validate" in result.fix


def test_data_check_covers_quizzes_and_exercises(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the tables stay clean: only an exercise is broken, which validate_dir alone cannot see
    copy = Path(shutil.copytree(kzlesson.paths.data_dir(), tmp_path / "data"))
    monkeypatch.setattr(kzlesson.paths, "data_dir", lambda: copy)
    clean = doctor.check_data()
    assert clean.ok and "quiz questions" in clean.detail and "exercises" in clean.detail
    path = copy / "exercises" / "timeline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: frame", "kind: guess", 1), "utf-8"
    )
    result = doctor.check_data()
    assert not result.ok
    assert "1 problem(s)" in result.detail and "timeline-ex1" in result.detail


def test_a_crashing_check_becomes_a_problem_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> doctor.Check:
        raise ImportError("numpy is broken")

    monkeypatch.setattr(doctor, "check_data", broken)
    results = {result.name: result for result in doctor.run_checks()}
    assert not results["data"].ok
    assert "ImportError: numpy is broken" in results["data"].detail


def test_subprocess_exit_code_and_lines(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    env = dict(os.environ, KZLESSON_PROGRESS=str(blocker / "sub" / "p.json"))
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "doctor"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 1
    lines = _lines(result.stdout)
    assert list(lines) == CHECK_NAMES
    assert lines["progress file"].startswith("PROBLEM")
    assert lines["Python"].startswith("OK")
    assert "Traceback" not in result.stdout + result.stderr


def test_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "doctor", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "exits with 1" in result.stdout
