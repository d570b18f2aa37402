"""A lesson checkout on a hub (nbgitpuller's clone): its notebooks use the data beside them,
doctor reports where answers go and any version skew, and the lesson branch holds only the
lesson, in notebooks that JupyterLab does not mark modified on opening."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from kzlesson import paths
from kzlesson.quizzes.progress import PROGRESS_ENV, PROGRESS_FILE
from kzlesson.teacher import doctor
from kzlesson.teacher.hublink import HubLinkError, lesson_branch, stamp_notebook

from .hubserver import ROOT, run_git

RUN_IN = f"import sys; sys.path.insert(0, {str(ROOT)!r}); "


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the lesson laid out as nbgitpuller clones it: notebooks/ and data/ side by
    side, with one question of the bank reworded (a teacher's fork or a newer commit)."""
    folder = tmp_path / "kzlesson"
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    shutil.copytree(paths.installed_data_dir(), folder / "data")
    quiz = folder / "data" / "quizzes" / "start.yaml"
    text = quiz.read_text(encoding="utf-8")
    prompt = next(line for line in text.splitlines() if line.strip().startswith("prompt:"))
    quiz.write_text(text.replace(prompt, prompt + " (edited by the teacher)", 1), "utf-8")
    return folder


def _kernel_like(cwd: Path, code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh Python in ``cwd``, as a notebook's kernel runs (cwd = its folder)."""
    return subprocess.run(
        [sys.executable, "-W", "always", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_notebook_in_a_checkout_uses_the_checkouts_data(checkout: Path) -> None:
    code = (
        "from kzlesson.paths import data_dir; from kzlesson.quizzes.bank import load_bank; "
        "print(data_dir()); "
        "print(next(q.prompt for q in load_bank().all() if q.notebook == 'start'))"
    )
    result = _kernel_like(checkout / "notebooks", code)
    assert result.returncode == 0, result.stderr
    folder, prompt = result.stdout.splitlines()[:2]
    assert Path(folder) == checkout / "data"
    assert prompt.endswith("(edited by the teacher)")
    assert result.stderr == ""  # same version: no warning


def test_outside_a_checkout_the_installed_data_is_used(checkout: Path, tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()  # a notebooks/ folder with no lesson data beside it
    for where in (tmp_path / "notebooks", checkout):
        assert paths.checkout_data_dir(where) is None
    assert paths.checkout_data_dir(checkout / "notebooks") == checkout / "data"
    other = tmp_path / "other" / "notebooks"
    (other.parent / "data").mkdir(parents=True)
    other.mkdir()
    (other.parent / "data" / "datapackage.json").write_text('{"name": "weather"}', "utf-8")
    assert paths.checkout_data_dir(other) is None  # someone else's data/ is never used


def test_version_skew_is_one_line_naming_both_versions(checkout: Path) -> None:
    descriptor = checkout / "data" / "datapackage.json"
    doc = json.loads(descriptor.read_text(encoding="utf-8"))
    doc["version"] = "9.9.9"
    descriptor.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    result = _kernel_like(checkout / "notebooks", "import kzlesson as kz; kz.load_events()")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "UserWarning" in line]
    assert len(lines) == 1, result.stderr
    assert "version 9.9.9" in lines[0] and "kzlesson package is version 0.1.0" in lines[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert doctor.check_checkout(checkout).ok is False
    assert "9.9.9" in doctor.check_checkout(checkout).detail


def test_doctor_in_a_hub_terminal(
    checkout: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hub terminal opens in the home folder; the lesson is one level down."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    assert doctor.lesson_checkouts() == [checkout]
    progress = doctor.check_progress()
    assert progress.ok and str(checkout / "notebooks" / PROGRESS_FILE) in progress.detail
    lines = [check.line() for check in doctor.check_checkouts()]
    assert any(str(checkout / "data") in line and "differs" in line for line in lines), lines


def _repo_with_lesson(tmp_path: Path) -> Path:
    """A bare clone of this checkout's HEAD."""
    bare = tmp_path / "up.git"
    run_git("clone", "-q", "--bare", "--no-tags", "--single-branch", str(ROOT), str(bare))
    return bare


def test_lesson_branch_holds_only_the_lesson(tmp_path: Path) -> None:
    bare = _repo_with_lesson(tmp_path)
    first = lesson_branch(bare, "HEAD", "lesson", python="3.12.1")
    assert lesson_branch(bare, "HEAD", "lesson", python="3.12.1") == first  # nothing new
    top = run_git("ls-tree", "--name-only", "lesson", cwd=bare).split()
    assert top == ["LICENSE", "data", "notebooks"]
    text = run_git("show", "lesson:notebooks/00_start_here.ipynb", cwd=bare)
    assert json.loads(text)["metadata"]["language_info"]["version"] == "3.12.1"
    source = run_git("show", "HEAD:notebooks/00_start_here.ipynb", cwd=bare)
    changed = [a for a, b in zip(source.splitlines(), text.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and '"version": "3.12.1"' in text  # only that line differs
    second = lesson_branch(bare, "HEAD", "lesson", python="3.12.2")
    assert run_git("rev-parse", f"{second}^", cwd=bare).strip() == first  # linear history
    clone = tmp_path / "student"
    run_git("clone", "-q", "--branch", "lesson", bare.as_uri(), str(clone))
    assert sorted(p.name for p in clone.iterdir()) == [".git", "LICENSE", "data", "notebooks"]
    with pytest.raises(HubLinkError, match="not a Python version"):
        lesson_branch(bare, "HEAD", "lesson", python="latest")


def test_cli_lesson_branch_leaves_the_working_tree_alone(tmp_path: Path) -> None:
    work = tmp_path / "work"
    run_git("clone", "-q", str(ROOT), str(work))
    before = run_git("status", "--porcelain", cwd=work)
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "lesson-branch", "--repo", str(work)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Branch lesson is at ")
    assert run_git("status", "--porcelain", cwd=work) == before
    assert run_git("rev-parse", "--abbrev-ref", "HEAD", cwd=work).strip() != "lesson"


def _kernel_language_info() -> tuple[dict, str]:
    """What a real ipykernel reports (JupyterLab copies it into the notebook) and the display
    name of its kernelspec."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.kernel_info(reply=True, timeout=60)
        info = reply["content"]["language_info"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    display = KernelSpecManager().get_kernel_spec("python3").display_name
    return info, display


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_notebooks_store_what_jupyterlab_writes(name: str) -> None:
    """JupyterLab sets ``kernelspec`` and ``language_info`` from the kernel when a notebook
    opens and marks it modified unless they are equal already (tests/hub/test_hub.py checks
    the dirty flag in a real Lab). The Python version is the one thing a hub stamps
    (``kzlesson lesson-branch --python``)."""
    info, display = _KERNEL
    text = (ROOT / "notebooks" / name).read_text(encoding="utf-8")
    meta = json.loads(text)["metadata"]
    assert meta["kernelspec"] == {"display_name": display, "language": "python", "name": "python3"}
    assert set(meta["language_info"]) == set(info)
    assert {k: v for k, v in meta["language_info"].items() if k != "version"} == {
        k: v for k, v in info.items() if k != "version"
    }
    stamped = json.loads(stamp_notebook(text, info["version"]))["metadata"]["language_info"]
    assert stamped == info
    assert stamp_notebook(text, meta["language_info"]["version"]) == text  # nbformat's layout


_KERNEL = _kernel_language_info()
