"""Where the data lives: the packaged ``datafiles/`` folder or the repository's ``data/``."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


class DataDirNotFound(FileNotFoundError):
    """Raised when neither the packaged data nor the repository's data/ folder exists."""


def data_dir() -> Path:
    """Return the folder holding ``datapackage.json`` and the CSV tables.

    In an installed wheel that is ``kzlesson/datafiles/``; in a source checkout or an
    editable install it is the repository's ``data/`` folder next to the package.
    """
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
        "(pip install --force-reinstall kzlesson) or pass directory= to the loader."
    )


def resolve_dir(directory: str | Path | None = None) -> Path:
    """Return ``directory`` as an absolute path, or :func:`data_dir` when it is None."""
    if directory is None:
        return data_dir()
    return Path(directory).expanduser().resolve()
