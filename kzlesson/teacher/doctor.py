"""``kzlesson doctor``: check that this computer can run the lesson, and say what to fix.

Each check returns a :class:`Check`; :func:`run_checks` runs them all. Nothing here needs the
network or starts a kernel, so the whole run takes about a second.
"""

from __future__ import annotations

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
        return Check(
            "kzlesson", False, "not installed as a package.", "pip install kzlesson (or -e .)"
        )
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


def check_progress(path: Path | None = None) -> Check:
    """The progress file's folder must exist and accept a new file (probed with a temp file)."""
    from ..quizzes.progress import PROGRESS_ENV, PROGRESS_FILE, progress_path

    target = progress_path() if path is None else path
    source = f" (from ${PROGRESS_ENV})" if os.environ.get(PROGRESS_ENV) else ""
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
        return Check("notebooks", False, str(exc), "pip install --force-reinstall kzlesson")
    return Check("notebooks", True, f"{len(found)} found in {found[0].parent}")


def all_checks() -> list[tuple[str, Callable[[], Check]]]:
    """Every check with its name, in the order they are printed."""
    packages = [(name, functools.partial(check_package, name)) for name in runtime_packages()]
    return [
        ("Python", check_python),
        *packages,
        ("kzlesson", check_kzlesson),
        ("widgets extension", check_widgets_extension),
        ("notebooks", check_notebooks),
        ("data", check_data),
        ("progress file", check_progress),
    ]


def run_checks() -> list[Check]:
    """Run every check; a check that crashes becomes a PROBLEM line instead of a traceback."""
    results = []
    for name, check in all_checks():
        try:
            results.append(check())
        except Exception as exc:  # a broken install must still give a readable report
            detail = f"the check itself failed: {type(exc).__name__}: {exc}"
            fix = "reinstall kzlesson and its dependencies: pip install --force-reinstall kzlesson"
            results.append(Check(name, False, detail, fix))
    return results
