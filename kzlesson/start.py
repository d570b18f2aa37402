"""``kzlesson start``: copy the lesson notebooks into a working folder and open JupyterLab there.

A student's own file is never overwritten: new notebooks are added, notebooks the student has
changed are left alone (and reported), identical ones are reported as up to date.
"""

from __future__ import annotations

import filecmp
import importlib.resources
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = "kzlesson-lesson"
FIRST_NOTEBOOK = "00_start_here.ipynb"


class StartError(RuntimeError):
    """Raised when the lesson cannot be copied (no notebooks, target is a file, not writable)."""


def notebooks_dir() -> Path:
    """Return the folder holding the lesson notebooks.

    In an installed wheel that is ``kzlesson/notebooks/``; in a source checkout or an editable
    install it is the repository's ``notebooks/`` folder next to the package.
    """
    packaged = importlib.resources.files("kzlesson") / "notebooks"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(str(importlib.resources.files("kzlesson"))).parent / "notebooks"
    if checkout.is_dir():
        return checkout
    raise StartError(
        f"kzlesson cannot find its notebooks: neither {packaged} nor {checkout} exists. "
        "Reinstall kzlesson (pip install --force-reinstall kzlesson)."
    )


def lesson_notebooks(source: Path | None = None) -> list[Path]:
    """Return the lesson's ``.ipynb`` files in reading order (sorted by name)."""
    folder = source if source is not None else notebooks_dir()
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not found:
        raise StartError(f"No notebooks (*.ipynb) in {folder}. Reinstall kzlesson.")
    return found


@dataclass
class CopyReport:
    """What :func:`copy_notebooks` did, one list of file names per outcome."""

    target: Path
    added: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable summary, one line per file plus advice for kept files."""
        out = [f"Lesson folder: {self.target}"]
        out += [f"  added       {name}" for name in self.added]
        out += [f"  up to date  {name}" for name in self.up_to_date]
        out += [f"  kept yours  {name} (you changed it; not overwritten)" for name in self.kept]
        if self.kept:
            out.append(
                "To get a fresh copy of a notebook you changed, rename your file "
                "and run `kzlesson start` again."
            )
        return out


def copy_notebooks(target: str | Path, source: Path | None = None) -> CopyReport:
    """Copy the lesson notebooks into ``target`` (created if missing) without overwriting."""
    target = Path(target).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise StartError(f"{target} is a file, not a folder. Choose another lesson folder.")
    notebooks = lesson_notebooks(source)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartError(f"Cannot create the lesson folder {target}: {exc.strerror}.") from exc
    report = CopyReport(target=target)
    for notebook in notebooks:
        dest = target / notebook.name
        if not dest.exists():
            try:
                shutil.copyfile(notebook, dest)
            except OSError as exc:
                raise StartError(f"Cannot write {dest}: {exc.strerror}.") from exc
            report.added.append(notebook.name)
        elif dest.is_file() and filecmp.cmp(notebook, dest, shallow=False):
            report.up_to_date.append(notebook.name)
        else:
            report.kept.append(notebook.name)
    return report


def lab_command(target: Path, open_browser: bool = True) -> list[str]:
    """Return the command that opens JupyterLab in ``target`` on the first notebook."""
    command = [sys.executable, "-m", "jupyter", "lab"]
    if (target / FIRST_NOTEBOOK).is_file():
        command.append(FIRST_NOTEBOOK)
    if not open_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # JupyterLab refuses to run as root without it
    return command


def launch_lab(target: Path, open_browser: bool = True) -> None:
    """Replace this process with JupyterLab running in ``target`` (does not return)."""
    command = lab_command(target, open_browser)
    os.chdir(target)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(command[0], command)
