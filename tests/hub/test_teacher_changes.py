"""nbgitpuller keeps a student's version of a line the teacher also changed; ``kzlesson doctor``
names those cells. Driven with nbgitpuller's own ``GitPuller`` (what the link runs), no hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzlesson.teacher import doctor

from .hubserver import ROOT, run_git

NOTEBOOK = "notebooks/00_start_here.ipynb"
ORIGINAL = 'answer = paragraphs[paragraphs[\\"speaker\\"] == \\"correspondent\\"]\\n'
STUDENT = ORIGINAL.replace("correspondent", "interviewee")
TEACHER = ORIGINAL.replace("]\\n", "]  # edit me\\n")
OTHER = ("The cell below already works,", "The cell below runs without an error,")


def _pull(url: str, folder: Path) -> None:
    """What the link does: nbgitpuller clones, or commits the student's changes and merges."""
    from nbgitpuller.pull import GitPuller

    for _line in GitPuller(url, str(folder), branch="main", depth=0).pull():
        pass


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    """Replace each old text (present exactly once) with its new text."""
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def upstream(tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository of this checkout's HEAD (branch main) and a teacher's clone of it."""
    bare = tmp_path / "kzlesson.git"
    run_git("clone", "-q", "--bare", "--no-tags", "--single-branch", str(ROOT), str(bare))
    head = run_git("rev-parse", "HEAD", cwd=ROOT).strip()
    run_git("update-ref", "refs/heads/main", head, cwd=bare)
    run_git("symbolic-ref", "HEAD", "refs/heads/main", cwd=bare)
    teacher = tmp_path / "teacher"
    run_git("clone", "-q", str(bare), str(teacher))
    return bare, teacher


def _teacher_commit(teacher: Path, *pairs: tuple[str, str]) -> None:
    _edit(teacher / NOTEBOOK, *pairs)
    run_git("commit", "-q", "-am", "Teacher's fix", cwd=teacher)
    run_git("push", "-q", "origin", "HEAD:main", cwd=teacher)


def test_doctor_names_the_cell_the_students_copy_kept_out(
    upstream: tuple[Path, Path], tmp_path: Path
) -> None:
    bare, teacher = upstream
    student = tmp_path / "home" / "kzlesson"
    _pull(bare.as_uri(), student)
    assert doctor.check_teacher_changes(student).ok  # fresh clone: nothing kept out
    _edit(student / NOTEBOOK, (ORIGINAL, STUDENT))
    _teacher_commit(teacher, (ORIGINAL, TEACHER), OTHER)
    _pull(bare.as_uri(), student)  # the second click

    text = (student / NOTEBOOK).read_text(encoding="utf-8")
    assert STUDENT in text and OTHER[1] in text and TEACHER not in text
    upstream_ref, kept = doctor.kept_cells(student)
    assert upstream_ref == "origin/main"
    assert kept == ["00_start_here: cell start-33"]
    check = doctor.check_teacher_changes(student)
    assert not check.ok and "start-33" in check.line() and "origin/main" in check.line()


def test_a_student_who_did_not_edit_gets_every_change(
    upstream: tuple[Path, Path], tmp_path: Path
) -> None:
    bare, teacher = upstream
    student = tmp_path / "home" / "kzlesson"
    _pull(bare.as_uri(), student)
    _teacher_commit(teacher, (ORIGINAL, TEACHER), OTHER)
    _pull(bare.as_uri(), student)
    assert TEACHER in (student / NOTEBOOK).read_text(encoding="utf-8")
    assert doctor.kept_cells(student) == ("origin/main", [])
    assert doctor.check_teacher_changes(student).ok
