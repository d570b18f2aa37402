"""Where the data lives: a lesson checkout's ``data/`` beside the notebooks, the packaged
``datafiles/`` folder, or the repository's ``data/`` next to the package.

A notebook runs with its own folder as the working directory. When that folder is the
``notebooks/`` of a lesson checkout (a git clone, e.g. made by nbgitpuller on a JupyterHub) with
the lesson's ``data/`` beside it, that data is used, so notebooks and their quizzes, exercises and
tables always come from the same commit, whatever kzlesson version is installed.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import os
from pathlib import Path

DATA_PACKAGE_NAME = "kzlesson-data"  # the ``name`` in data/datapackage.json


class DataDirNotFound(FileNotFoundError):
    """Raised when neither the packaged data nor the repository's data/ folder exists."""


def data_version(folder: Path) -> str | None:
    """The lesson data's ``version`` in ``folder/datapackage.json``, or None if it is not
    kzlesson's data package (missing, unreadable, or another package's)."""
    path = folder / "datapackage.json"
    try:
        return _version(str(path), path.stat().st_mtime_ns)
    except OSError:
        return None


@functools.lru_cache(maxsize=16)
def _version(path: str, mtime_ns: int) -> str | None:
    """The version in one ``datapackage.json`` (cached until the file changes)."""
    try:
        descriptor = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(descriptor, dict) or descriptor.get("name") != DATA_PACKAGE_NAME:
        return None
    return str(descriptor.get("version", "?"))


def checkout_data_dir(start: str | Path | None = None) -> Path | None:
    """The ``data/`` of the lesson checkout whose ``notebooks/`` folder is ``start`` (default:
    the working directory, which is the notebook's folder in Jupyter), else None.

    Only a folder named ``notebooks`` whose parent holds kzlesson's ``data/datapackage.json``
    counts, so an unrelated ``data/`` folder is never picked up.
    """
    try:
        here = Path(os.getcwd() if start is None else start).absolute()
    except OSError:  # the working directory was deleted
        return None
    if here.name != "notebooks":
        return None
    candidate = here.parent / "data"
    return candidate if data_version(candidate) is not None else None


def data_dir() -> Path:
    """Return the folder holding ``datapackage.json`` and the CSV tables.

    A notebook in a lesson checkout uses that checkout's ``data/`` (see
    :func:`checkout_data_dir`). Otherwise, in an installed wheel that is
    ``kzlesson/datafiles/``; in a source checkout or an editable install it is the
    repository's ``data/`` folder next to the package.
    """
    checkout = checkout_data_dir()
    if checkout is not None:
        _warn_skew(checkout)
        return checkout
    return installed_data_dir()


_warned: set[Path] = set()


def skew_message(folder: Path) -> str | None:
    """One line naming both versions when the checkout's data and the installed kzlesson
    package have different versions, else None."""
    import importlib.metadata

    try:
        installed = importlib.metadata.version("kzlesson")
    except importlib.metadata.PackageNotFoundError:
        return None
    lesson = data_version(folder)
    if lesson is None or lesson == installed:
        return None
    return (
        f"This lesson's data ({folder}) is version {lesson} but the installed kzlesson package "
        f"is version {installed}; if a cell fails, ask your teacher to install kzlesson {lesson}."
    )


def _warn_skew(folder: Path) -> None:
    """Warn once per folder (one line, pointing at the student's cell) about version skew."""
    if folder in _warned:
        return
    _warned.add(folder)
    message = skew_message(folder)
    if message:
        import warnings

        warnings.warn(message, UserWarning, stacklevel=3)


def installed_data_dir() -> Path:
    """The data installed with the kzlesson package (wheel or editable), ignoring checkouts."""
    packaged = importlib.resources.files("kzlesson") / "datafiles"
    if packaged.is_dir():
        return Path(str(packaged))
    package_dir = Path(str(importlib.resources.files("kzlesson")))
    checkout = package_dir.parent / "data"
    if checkout.is_dir():
        return checkout
    raise DataDirNotFound(
        "kzlesson cannot find its data: neither the packaged folder "
        f"{packaged} nor the source folder {checkout} exists. Reinstall kzlesson "
        '(pip install --force-reinstall "kzlesson @ git+https://github.com/kzlesson/kzlesson") '
        "or pass directory= to the loader."
    )


def resolve_dir(directory: str | Path | None = None) -> Path:
    """Return ``directory`` as an absolute path, or :func:`data_dir` when it is None."""
    if directory is None:
        return data_dir()
    return Path(directory).expanduser().resolve()
