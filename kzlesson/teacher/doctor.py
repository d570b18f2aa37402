"""``kzlesson doctor``: check that this computer can run the lesson, and say what to fix.

Each check returns a :class:`Check`; :func:`run_checks` runs them all. Nothing here needs the
network or starts a kernel, so the whole run takes about a second.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

MIN_PYTHON = (3, 10)
# Checked only when kzlesson's own metadata cannot be read (not installed): the lesson's core.
FALLBACK_PACKAGES = ("jupyterlab", "pandas", "matplotlib", "ipywidgets")
WIDGETS_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# Until kzlesson is on PyPI, the install that works (docs/running.md, README):
INSTALL = 'pip install nbgitpuller "kzlesson @ git+https://github.com/kzlesson/kzlesson"'


@dataclass(frozen=True)
class Check:
    """The result of one check: its name, whether it passed, what was found, how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        """One line of output: ``OK`` or ``PROBLEM``, the name, the finding and the fix."""
        status = "OK     " if self.ok else "PROBLEM"
        text = f"{status} {self.name}: {self.detail}"
        if not self.ok and self.fix:
            text += f" Fix: {self.fix}"
        return text


def check_python() -> Check:
    """Python must be 3.10 or newer."""
    version = ".".join(str(n) for n in sys.version_info[:3])
    if sys.version_info[:2] >= MIN_PYTHON:
        return Check("Python", True, f"{version} ({sys.executable})")
    return Check(
        "Python",
        False,
        f"{version} is too old; kzlesson needs 3.10 or newer.",
        "install Python 3.10+ (python.org or your package manager), or use Binder.",
    )


def _requirements() -> dict[str, Requirement]:
    """kzlesson's own runtime requirements, by lower-case project name."""
    try:
        listed = importlib.metadata.requires("kzlesson") or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    found: dict[str, Requirement] = {}
    for text in listed:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is None:  # extras ("test", "dev") carry a marker
            found[req.name.lower()] = req
    return found


def runtime_packages() -> list[str]:
    """Every runtime dependency kzlesson's metadata lists (in that order), by project name.

    Falls back to :data:`FALLBACK_PACKAGES` when kzlesson is not installed (the kzlesson
    check reports that).
    """
    return list(_requirements()) or list(FALLBACK_PACKAGES)


def check_package(name: str, requirements: dict[str, Requirement] | None = None) -> Check:
    """The package must be installed in a version kzlesson's requirements accept."""
    reqs = _requirements() if requirements is None else requirements
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return Check(name, False, "not installed.", f'pip install "{reqs.get(name, name)}"')
    req = reqs.get(name)
    if req is not None and not req.specifier.contains(version, prereleases=True):
        return Check(
            name, False, f"{version} installed, but kzlesson needs {req}.", f'pip install "{req}"'
        )
    return Check(name, True, version)


def check_kzlesson() -> Check:
    """kzlesson itself must be installed (so the notebooks can ``import kzlesson``)."""
    try:
        version = importlib.metadata.version("kzlesson")
    except importlib.metadata.PackageNotFoundError:
        return Check("kzlesson", False, "not installed as a package.", INSTALL)
    here = Path(__file__).resolve().parent.parent  # the kzlesson package folder
    return Check("kzlesson", True, f"{version} ({here})")


def check_widgets_extension() -> Check:
    """ipywidgets needs jupyterlab_widgets and its JupyterLab extension, or widgets stay blank."""
    fix = "pip install --force-reinstall jupyterlab_widgets, then restart JupyterLab."
    try:
        version = importlib.metadata.version("jupyterlab_widgets")
    except importlib.metadata.PackageNotFoundError:
        return Check("widgets extension", False, "jupyterlab_widgets is not installed.", fix)
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("labextensions"):
        manifest = Path(folder) / WIDGETS_EXTENSION / "package.json"
        if manifest.is_file():
            return Check(
                "widgets extension", True, f"jupyterlab_widgets {version}, {manifest.parent}"
            )
    return Check(
        "widgets extension",
        False,
        f"jupyterlab_widgets {version} is installed but {WIDGETS_EXTENSION} is not in any "
        "JupyterLab extension folder, so quizzes would not display.",
        fix,
    )


def check_data() -> Check:
    """The packaged data must pass ``kzlesson validate``: tables, quizzes and exercises."""
    from .validate import validate_folder

    report = validate_folder()
    if report.ok:
        return Check("data", True, report.summary().removeprefix("OK: "))
    first = report.problems[0]
    return Check(
        "data",
        False,
        f"{len(report.problems)} problem(s); first: {first.rstrip('.')}.",
        "run `kzlesson validate` for the full list; reinstall kzlesson if you did not edit data/.",
    )


def lesson_checkouts(start: Path | None = None) -> list[Path]:
    """Lesson checkouts (a ``notebooks/`` folder with kzlesson's ``data/`` beside it) at,
    above or one level below ``start`` (default: here). On a hub a terminal opens in the home
    folder and nbgitpuller's checkout is one level down (``~/kzlesson``)."""
    from ..paths import checkout_data_dir

    here = Path.cwd() if start is None else start
    candidates = [here, *here.parents[:2]]
    with contextlib.suppress(OSError):
        candidates += sorted(p for p in here.iterdir() if p.is_dir() and p.name[:1] != ".")
    found = []
    for folder in candidates:
        if checkout_data_dir(folder / "notebooks") is not None and folder not in found:
            found.append(folder)
    return found


def _same_data(a: Path, b: Path) -> bool:
    """True when two data folders hold the same files with the same bytes."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def check_checkout(folder: Path) -> Check:
    """A lesson checkout's notebooks use its own data/: it must be valid and match the
    installed kzlesson's version (the notebooks there are what students run on a hub)."""
    from ..paths import DataDirNotFound, data_version, installed_data_dir, skew_message
    from .validate import validate_folder

    data = folder / "data"
    name = f"lesson in {folder}"
    report = validate_folder(data)
    if not report.ok:
        return Check(
            name,
            False,
            f"its data/ has {len(report.problems)} problem(s); first: "
            f"{report.problems[0].rstrip('.')}.",
            f"run `kzlesson validate {data}`, or update the checkout (click the link again).",
        )
    skew = skew_message(data)
    if skew:
        fix = f'pip install "kzlesson=={data_version(data)}" (or from the repository: {INSTALL})'
        return Check(name, False, skew, fix)
    try:
        same = _same_data(data, installed_data_dir())
    except (OSError, DataDirNotFound):
        same = False
    note = "" if same else "; it differs from the installed package's data (a newer or edited copy)"
    return Check(name, True, f"its notebooks use {data} (version {data_version(data)}){note}")


def _git(folder: Path, *args: str) -> str | None:
    """git's output in ``folder``, or None if git fails or is missing."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def _cells(text: str | None) -> dict[str, str]:
    """A notebook's cell sources by cell id (empty for a missing or unreadable notebook)."""
    import json

    try:
        cells = json.loads(text or "")["cells"]
        return {c["id"]: "".join(c["source"]) for c in cells if "id" in c}
    except (ValueError, KeyError, TypeError):
        return {}


def kept_cells(folder: Path) -> tuple[str, list[str]]:
    """The upstream branch and the cells (``notebook: cell id``) the teacher changed upstream
    after this copy was made, that this copy does not have: nbgitpuller keeps a student's
    version of a line both changed, so a teacher's later fix never reaches that student."""
    upstream = (_git(folder, "rev-parse", "--abbrev-ref", "@{upstream}") or "").strip()
    if not upstream:
        return "", []
    local = (_git(folder, "rev-list", "--first-parent", "HEAD", "--not", upstream) or "").split()
    base = f"{local[-1]}^1" if local else "HEAD"
    names = (_git(folder, "ls-tree", "--name-only", upstream, "notebooks/") or "").split()
    kept = []
    for name in (n for n in names if n.endswith(".ipynb")):
        new = _cells(_git(folder, "show", f"{upstream}:{name}"))
        old = _cells(_git(folder, "show", f"{base}:{name}"))
        try:
            mine = _cells((folder / name).read_text(encoding="utf-8"))
        except OSError:
            continue
        for cell, source in new.items():
            if old.get(cell) != source and cell in mine and mine[cell] != source:
                kept.append(f"{Path(name).stem}: cell {cell}")
    return upstream, kept


def check_teacher_changes(folder: Path) -> Check:
    """Tell a student which of the teacher's later changes their copy kept out."""
    upstream, kept = kept_cells(folder)
    name = f"teacher's changes in {folder.name}"
    if not kept:
        return Check(name, True, "every change from the teacher is in your copy.")
    shown = ", ".join(kept[:5]) + (f" and {len(kept) - 5} more" if len(kept) > 5 else "")
    return Check(
        name,
        False,
        f"your teacher changed {len(kept)} cell(s) you had edited; your version is kept: {shown}.",
        f"to read the teacher's version, run in a terminal: git -C {folder} show "
        f"{upstream}:notebooks/NOTEBOOK.ipynb > NOTEBOOK-teacher.ipynb (NOTEBOOK as above).",
    )


def check_checkouts() -> list[Check]:
    """Per lesson checkout found near here: its data, and the teacher's changes it kept out
    (none found: one OK line saying so)."""
    found = lesson_checkouts()
    if not found:
        return [Check("lesson checkout", True, f"none in or next to {Path.cwd()}")]
    checks = []
    for folder in found:
        checks.append(check_checkout(folder))
        if (folder / ".git").exists():
            checks.append(check_teacher_changes(folder))
    return checks


def progress_target() -> tuple[Path, str]:
    """Where answers are saved, and why: ``$KZLESSON_PROGRESS``; else the notebooks' folder of a
    lesson checkout found here (a notebook's kernel runs in its own folder); else here."""
    from ..quizzes.progress import PROGRESS_ENV, PROGRESS_FILE, progress_path

    if os.environ.get(PROGRESS_ENV):
        return progress_path(), f" (from ${PROGRESS_ENV})"
    found = lesson_checkouts()
    if found:
        return found[0] / "notebooks" / PROGRESS_FILE, " (next to the lesson's notebooks)"
    return progress_path(), ""


def check_progress(path: Path | None = None) -> Check:
    """The progress file's folder must exist and accept a new file (probed with a temp file)."""
    from ..quizzes.progress import PROGRESS_ENV, PROGRESS_FILE

    if path is None:
        target, source = progress_target()
    else:
        target, source = path, ""
    fix = (
        f"set {PROGRESS_ENV} to a file in a folder you can write, e.g. "
        f"{PROGRESS_ENV}=$HOME/{PROGRESS_FILE}, or start Jupyter in such a folder."
    )
    if target.is_dir():
        return Check("progress file", False, f"{target}{source} is a folder, not a file.", fix)
    for parent in [target.parent, *target.parent.parents]:
        if parent.exists():
            if not parent.is_dir():
                return Check(
                    "progress file",
                    False,
                    f"cannot save to {target}{source}: {parent} is a file, not a folder.",
                    fix,
                )
            break
    if not target.parent.is_dir():
        return Check(
            "progress file", False, f"the folder {target.parent}{source} does not exist.", fix
        )
    try:
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".kzlesson-doctor-"):
            pass
    except OSError as exc:
        return Check(
            "progress file",
            False,
            f"cannot write in {target.parent}{source}: {exc.strerror}.",
            fix,
        )
    if target.exists() and not os.access(target, os.W_OK):
        return Check("progress file", False, f"{target}{source} is read-only.", fix)
    return Check("progress file", True, f"answers will be saved in {target}{source}")


def check_notebooks() -> Check:
    """The lesson notebooks must be present (for ``kzlesson start``)."""
    from .start import StartError, lesson_notebooks

    try:
        found = lesson_notebooks()
    except StartError as exc:
        fix = f"reinstall kzlesson: {INSTALL} --force-reinstall"
        return Check("notebooks", False, str(exc), fix)
    return Check("notebooks", True, f"{len(found)} found in {found[0].parent}")


def all_checks() -> list[tuple[str, Callable[[], Check | list[Check]]]]:
    """Every check with its name, in the order they are printed."""
    packages = [(name, functools.partial(check_package, name)) for name in runtime_packages()]
    return [
        ("Python", check_python),
        *packages,
        ("kzlesson", check_kzlesson),
        ("widgets extension", check_widgets_extension),
        ("notebooks", check_notebooks),
        ("data", check_data),
        ("lesson checkout", check_checkouts),
        ("progress file", check_progress),
    ]


def run_checks() -> list[Check]:
    """Run every check; a check that crashes becomes a PROBLEM line instead of a traceback."""
    results = []
    for name, check in all_checks():
        try:
            outcome = check()
            results.extend(outcome if isinstance(outcome, list) else [outcome])
        except Exception as exc:  # a broken install must still give a readable report
            detail = f"the check itself failed: {type(exc).__name__}: {exc}"
            fix = f"reinstall kzlesson and its dependencies: {INSTALL} --force-reinstall"
            results.append(Check(name, False, detail, fix))
    return results
