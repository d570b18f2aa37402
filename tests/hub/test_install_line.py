"""The hub install line in README.md and docs/running.md works before any PyPI release: it
installs kzlesson from the repository (tested here from a local bare clone, offline)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from kzlesson.teacher.doctor import INSTALL
from kzlesson.teacher.hublink import default_repo

from .hubserver import ROOT, run_git

# "pip install kzlesson" (or "pip install nbgitpuller kzlesson"): fails until a PyPI release
PYPI_ONLY = re.compile(r"pip install(?: [^\s\"]+)* kzlesson(?=[\s`]|$)", re.MULTILINE)


@pytest.mark.parametrize("doc", ["README.md", "docs/running.md"])
def test_docs_give_the_install_line_that_works(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert INSTALL in text
    assert not PYPI_ONLY.search(text), PYPI_ONLY.search(text).group(0)  # fails: not on PyPI


def test_install_line_names_the_project_repository() -> None:
    quoted = re.findall(r'"([^"]+)"', INSTALL)
    requirement = Requirement(quoted[0])
    assert requirement.name == "kzlesson"
    assert requirement.url == "git+" + default_repo()


def test_the_same_line_installs_from_a_git_repository(tmp_path: Path) -> None:
    """pip resolves ``kzlesson @ git+URL`` by cloning and building the package: done here
    against a bare clone of this checkout (no network), as far as a dry run goes."""
    bare = tmp_path / "kzlesson.git"
    run_git("clone", "-q", "--bare", "--no-tags", "--single-branch", str(ROOT), str(bare))
    local = f"file://localhost{bare}"  # pip 23 wants a host in a git+file URL
    requirement = re.findall(r'"([^"]+)"', INSTALL)[0].replace(default_repo(), local)
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--no-deps"]
    command += ["--no-build-isolation", "--report", "-", "--quiet", requirement]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"name": "kzlesson"' in result.stdout
