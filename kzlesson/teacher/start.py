"""``kzlesson start``: copy the lesson notebooks into a working folder and open JupyterLab there.

A student's own file is never overwritten: new notebooks are added, notebooks the student has
changed are left alone (and reported), identical ones are reported as up to date.

To tell a student's edit from a newer packaged notebook, the lesson folder keeps a manifest
(``.kzlesson-manifest.json``) with the SHA-256 of every notebook as it was copied. A file whose
content still matches its recorded copy was never edited, so a newer version replaces it; a file
that differs from its record (or has none) is the student's and is kept.

Copies are atomic: each notebook is written under a temporary name in the lesson folder,
flushed to disk, then renamed, and the manifest is rewritten (atomically too) as each file
lands. A run that fails half-way (a full disk) therefore leaves only whole notebooks, and the
next run finishes the job. A notebook that is a truncated copy of the lesson's (left by an
older kzlesson that copied in place) is repaired, never kept as the student's.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import json
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = "kzlesson-lesson"
FIRST_NOTEBOOK = "00_start_here.ipynb"
MANIFEST = ".kzlesson-manifest.json"
MANIFEST_VERSION = 1


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
    """Return the lesson's ``.ipynb`` files in reading order (sorted by name).

    ``source`` is a folder chosen by the user (adapted notebooks); without it, the packaged ones.
    """
    if source is None:
        folder = notebooks_dir()
        advice = " Reinstall kzlesson (pip install --force-reinstall kzlesson)."
    else:
        folder = Path(source)
        advice = " Give a folder that holds the lesson's .ipynb files."
        if not folder.exists():
            raise StartError(f"The notebooks folder {folder} does not exist.{advice}")
        if not folder.is_dir():
            raise StartError(f"{folder} is a file, not a folder of notebooks.{advice}")
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if not found:
        raise StartError(f"No notebooks (*.ipynb) in {folder}.{advice}")
    return found


@dataclass
class CopyReport:
    """What :func:`copy_notebooks` did, one list of file names per outcome."""

    target: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Human-readable summary, one line per file plus advice for kept files."""
        out = [f"Lesson folder: {self.target}"]
        out += [f"  added       {name}" for name in self.added]
        out += [
            f"  updated     {name} (a newer version; you had not changed it)"
            for name in self.updated
        ]
        out += [
            f"  repaired    {name} (an earlier copy was cut short; replaced with the whole one)"
            for name in self.repaired
        ]
        out += [f"  up to date  {name}" for name in self.up_to_date]
        out += [f"  kept yours  {name} (you changed it; not overwritten)" for name in self.kept]
        if self.kept:
            out.append(
                "To get a fresh copy of a notebook you changed, rename your file "
                "and run `kzlesson start` again."
            )
        return out


def file_hash(path: Path) -> str:
    """Return the SHA-256 hex digest of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(target: Path) -> dict[str, str]:
    """Return ``{file name: SHA-256 of the copy kzlesson wrote}`` from the lesson folder.

    A missing, unreadable or malformed manifest counts as empty: every differing file is then
    treated as the student's (kept), which never loses work.
    """
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): v for k, v in files.items() if isinstance(v, str)}


def write_manifest(target: Path, files: dict[str, str]) -> None:
    """Record the hashes of the copies kzlesson wrote (see :func:`read_manifest`), atomically."""
    data = {
        "about": "Written by `kzlesson start`: the notebooks as copied, to tell edits from "
        "updates. Safe to delete (then every changed notebook is kept as yours).",
        "version": MANIFEST_VERSION,
        "files": dict(sorted(files.items())),
    }
    _write_atomic(target / MANIFEST, (json.dumps(data, indent=1) + "\n").encode("utf-8"))


def _write_atomic(dest: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name next to ``dest``, fsync, then rename onto it.

    StartError (naming the file and saying nothing of the student's changed) if impossible.
    """
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StartError(
            f"Cannot write {dest}: {exc.strerror or exc}. Nothing of yours was changed; "
            "fix that (e.g. free some space) and run `kzlesson start` again to finish."
        ) from exc


def _copy(notebook: Path, dest: Path) -> str:
    """Copy ``notebook`` to ``dest`` atomically; return the copy's hash."""
    data = notebook.read_bytes()
    _write_atomic(dest, data)
    return hashlib.sha256(data).hexdigest()


def _cut_short(dest: Path, notebook: Path) -> bool:
    """True if ``dest`` is empty or a strict beginning of ``notebook`` (a copy cut short)."""
    mine, theirs = dest.read_bytes(), notebook.read_bytes()
    return len(mine) < len(theirs) and theirs.startswith(mine)


def _place(notebook: Path, dest: Path, recorded: dict[str, str], report: CopyReport) -> None:
    """Decide what to do with one notebook, do it and record the outcome."""
    name = notebook.name
    if not dest.exists():
        recorded[name] = _copy(notebook, dest)
        report.added.append(name)
        return
    current = file_hash(dest) if dest.is_file() else None
    if current == file_hash(notebook):
        recorded[name] = current
        report.up_to_date.append(name)
    elif current is not None and current == recorded.get(name):
        recorded[name] = _copy(notebook, dest)
        report.updated.append(name)
    elif current is not None and _cut_short(dest, notebook):
        recorded[name] = _copy(notebook, dest)
        report.repaired.append(name)
    else:
        report.kept.append(name)


def copy_notebooks(target: str | Path, source: Path | None = None) -> CopyReport:
    """Copy the lesson notebooks into ``target`` (created if missing) without overwriting edits.

    Outcomes per notebook: *added* (missing in ``target``), *up to date* (same content),
    *updated* (``target`` holds exactly the copy recorded in the manifest, so the student never
    edited it, and the lesson's version is newer), *repaired* (a copy cut short by an earlier
    failed run) or *kept* (the student changed it). The manifest is saved after each copy.
    """
    target = Path(target).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise StartError(f"{target} is a file, not a folder. Choose another lesson folder.")
    notebooks = lesson_notebooks(source)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartError(f"Cannot create the lesson folder {target}: {exc.strerror}.") from exc
    recorded = read_manifest(target)
    report = CopyReport(target=target)
    for notebook in notebooks:
        before = dict(recorded)
        _place(notebook, target / notebook.name, recorded, report)
        if recorded != before:
            write_manifest(target, recorded)
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
