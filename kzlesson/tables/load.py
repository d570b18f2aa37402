"""Load the curated tables as typed, validated pandas DataFrames.

Each ``load_*()`` reads one CSV file named in ``datapackage.json``, checks it (types,
constraints, keys and references to the other tables of the same folder) and returns a
fresh copy of a cached DataFrame. Bad data raises :class:`DataError`, which lists every
problem with file, row, field and value.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import student_call
from ..paths import DataDirNotFound, resolve_dir
from . import schema
from .descriptor import read_package
from .schema import Problem, Table

ARTICLE_URL = "https://internationalviewpoint.org/spip.php?article7467"
ARTICLE_TITLE = "Protests in Kazakhstan: A Color Revolution or a Working-Class Uprising?"
ARTICLE_SOURCE = "International Viewpoint, 7 Jan 2022"

TABLES = (
    "sources",
    "publishers",
    "paragraphs",
    "places",
    "actors",
    "events",
    "claims",
    "figures",
    "interpretations",
    "documents",
    "glossary",
)

_MAX_SHOWN = 25


class DataError(Exception):
    """Raised when a data folder breaks its schema; ``.problems`` lists every problem."""

    def __init__(self, problems: list[Problem], context: str = "") -> None:
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s) in the data{context}:"]
        lines += [f"  - {problem}" for problem in self.problems[:_MAX_SHOWN]]
        if len(self.problems) > _MAX_SHOWN:
            lines.append(
                f"  ... and {len(self.problems) - _MAX_SHOWN} more: see this error's .problems "
                "or run `python -m kzlesson validate FOLDER`"
            )
        super().__init__("\n".join(lines))


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of the folder's data files (so edits reload)."""
    entries = []
    for path in sorted(directory.glob("*.csv")) + [directory / schema.PACKAGE_FILE]:
        if path.is_file():
            stat = path.stat()
            entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


@functools.cache
def _read_package(directory: Path, signature: tuple) -> dict[str, Any]:
    """Return the folder's checked ``datapackage.json`` descriptor (cached)."""
    descriptor, problems = read_package(directory)
    if problems or descriptor is None:
        raise DataError(problems, f" folder {directory}")
    return descriptor


@functools.cache
def _read_raw(directory: Path, name: str, signature: tuple) -> tuple[Table | None, list[Problem]]:
    """Return one table's raw text and its own problems (cached)."""
    descriptor = _read_package(directory, signature)
    resource = schema.resource_by_name(descriptor, name)
    table, problems = schema.read_table(directory, resource)
    if table is not None:
        problems = problems + schema.check_table(resource, table)
    return table, problems


def _references(descriptor: dict[str, Any], name: str) -> list[str]:
    """Names of the other tables that ``name`` refers to through foreign keys."""
    resource = schema.resource_by_name(descriptor, name)
    targets = [fk["reference"].get("resource") for fk in schema.foreign_keys(resource["schema"])]
    return sorted({target for target in targets if target and target != name})


@functools.cache
def _load_cached(directory: Path, name: str, signature: tuple) -> pd.DataFrame:
    """Validate one table (with its references) and build its typed DataFrame (cached)."""
    descriptor = _read_package(directory, signature)
    resource = schema.resource_by_name(descriptor, name)
    table, problems = _read_raw(directory, name, signature)
    if table is None:
        raise DataError(problems, f" folder {directory}")
    others = {
        other: _read_raw(directory, other, signature)[0] for other in _references(descriptor, name)
    }
    problems = problems + schema.check_foreign_keys(resource, table, others, descriptor)
    if problems:
        raise DataError(problems, f" folder {directory}")
    return to_frame(resource, table)


def _column(spec: dict[str, Any], values: list[Any]) -> pd.Series:
    """Build one typed column from converted Python values (None = missing)."""
    kind = spec.get("type", "string")
    enum = spec.get("constraints", {}).get("enum")
    if enum is not None:
        categories = [schema.convert(spec, str(option)) for option in enum]
        return pd.Series(pd.Categorical(values, categories=categories))
    if kind == "list":
        return pd.Series(values, dtype=object)
    if kind == "date":
        stamps = [pd.NaT if value is None else pd.Timestamp(value) for value in values]
        return pd.Series(stamps, dtype="datetime64[ns]")
    dtype = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
    return pd.Series(pd.array(values, dtype=dtype[kind]))


def to_frame(resource: dict[str, Any], table: Table) -> pd.DataFrame:
    """Convert a checked table's text to a DataFrame with the documented dtypes."""
    columns = {}
    for spec in resource["schema"]["fields"]:
        values = [schema.convert(spec, record[spec["name"]]) for record in table.records]
        columns[spec["name"]] = _column(spec, values)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(table.records)))


def data_version(directory: str | Path | None = None) -> tuple:
    """A value that changes whenever a data file in the folder changes (for caches)."""
    folder = resolve_dir(directory)
    return (folder, _signature(folder))


def load_descriptor(directory: str | Path | None = None) -> dict[str, Any]:
    """Return a copy of the folder's checked ``datapackage.json``; DataError if broken."""
    folder = resolve_dir(directory)
    return copy.deepcopy(_read_package(folder, _signature(folder)))


def load_table(name: str, directory: str | Path | None = None) -> pd.DataFrame:
    """Load any table named in ``datapackage.json`` (a copy of the cached frame)."""
    if name not in TABLES:
        raise KeyError(f"no table called {name!r}; tables: {', '.join(TABLES)}")
    try:
        folder = resolve_dir(directory)
    except DataDirNotFound as err:
        raise DataError([Problem("datapackage.json", str(err))]) from None
    return _load_cached(folder, name, _signature(folder)).copy()


@student_call("kz.load_sources")
def load_sources(*, directory: str | Path | None = None) -> pd.DataFrame:
    """The article and every external source the data cites (one row each)."""
    return load_table("sources", directory)


@student_call("kz.load_publishers")
def load_publishers(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Each publisher the sources cite and the web hosts it owns (sources link to those hosts)."""
    return load_table("publishers", directory)


@student_call("kz.load_paragraphs", tip='To see one paragraph, use kz.cite("P4").')
def load_paragraphs(*, directory: str | Path | None = None) -> pd.DataFrame:
    """The article's paragraphs P1-P24: section, speaker and a summary (no article text)."""
    return load_table("paragraphs", directory)


@student_call("kz.load_places", tip='To look up one place, use kz.resolve_place("Almaty").')
def load_places(*, directory: str | Path | None = None) -> pd.DataFrame:
    """The gazetteer: places with aliases, coordinates and their role in the story."""
    return load_table("places", directory)


@student_call(
    "kz.load_actors", tip='To look up one person or group, use kz.resolve_actor("Tokayev").'
)
def load_actors(*, directory: str | Path | None = None) -> pd.DataFrame:
    """People, organisations and states, with aliases and their role in the story."""
    return load_table("actors", directory)


@student_call("kz.load_events")
def load_events(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Dated events: background, the 2-6 January chronology and the aftermath."""
    return load_table("events", directory)


@student_call("kz.load_claims")
def load_claims(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Claims the article makes, with a verdict and what other sources say."""
    return load_table("claims", directory)


@student_call("kz.load_figures")
def load_figures(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Numbers in the article next to the verified values."""
    return load_table("figures", directory)


@student_call("kz.load_interpretations")
def load_interpretations(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Readings of the events that the article names or argues with."""
    return load_table("interpretations", directory)


@student_call("kz.load_documents")
def load_documents(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Short documents to read beside the article: headnote, excerpt, link, sourcing questions."""
    return load_table("documents", directory)


@student_call("kz.load_glossary", tip='To look up one term, use kz.glossary("CSTO").')
def load_glossary(*, directory: str | Path | None = None) -> pd.DataFrame:
    """Terms with short definitions for students."""
    return load_table("glossary", directory)


def validate_dir(directory: str | Path | None = None) -> list[Problem]:
    """Check every table of a data folder; return all problems (empty list = all good).

    Never raises on bad data: a missing folder, file or column is a problem like any other.
    """
    try:
        folder = resolve_dir(directory)
    except DataDirNotFound as err:
        return [Problem("datapackage.json", str(err))]
    descriptor, problems = read_package(folder)
    if descriptor is None:
        return problems
    tables: dict[str, Table | None] = {}
    for resource in descriptor["resources"]:
        table, found = schema.read_table(folder, resource)
        tables[resource["name"]] = table
        problems += found
        if table is not None:
            problems += schema.check_table(resource, table)
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        if table is not None:
            problems += schema.check_foreign_keys(resource, table, tables, descriptor)
    order = {resource["path"]: number for number, resource in enumerate(descriptor["resources"])}
    return sorted(problems, key=lambda p: (order.get(p.file, -1), p.line or 0))
