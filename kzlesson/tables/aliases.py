"""Find names that point to two different rows of places, actors or glossary.

``kz.resolve_place("Alma-Ata")`` compares names after :func:`~kzlesson.lookup.normalise_name`
(no case, accents, spaces or hyphens). If an alias of one row folds to the same text as a name,
id or alias of another row, a student's lookup is ambiguous or silently finds the other row.
:func:`alias_collisions` reports every such pair, naming the file, both rows and both names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..lookup import normalise_name
from . import schema
from .descriptor import read_package
from .schema import Problem, Table

# table -> the columns whose values are names of the row (the id, the display name, aliases)
NAME_COLUMNS = {
    "places": ("id", "name", "aliases"),
    "actors": ("id", "name", "aliases"),
    "glossary": ("term", "aliases"),
}


def _names(resource: dict[str, Any], table: Table, row: int) -> list[tuple[str, str]]:
    """(column, name) for every name of one data row (0-based ``row``); list cells split."""
    specs = {spec["name"]: spec for spec in resource["schema"]["fields"]}
    record = table.records[row]
    found = []
    for column in NAME_COLUMNS[table.name]:
        if column not in record:
            continue  # a missing column is reported by check_header
        try:
            value = schema.convert(specs[column], record[column])
        except ValueError:
            continue  # reported by check_values
        items = value if isinstance(value, tuple) else (() if value is None else (value,))
        found += [(column, item) for item in items]
    return found


def table_collisions(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Every name of a row that folds to the same text as a name of an earlier row."""
    first: dict[str, tuple[int, str, str]] = {}  # folded -> (row number, column, name)
    problems = []
    for index, line in enumerate(table.lines):
        row = index + 1
        reported: set[str] = set()
        for column, name in _names(resource, table, index):
            key = normalise_name(name)
            if not key:
                continue
            if key not in first:
                first[key] = (row, column, name)
                continue
            other_row, other_column, other_name = first[key]
            if other_row == row or key in reported:
                continue
            reported.add(key)
            problems.append(
                Problem(
                    table.file,
                    f"names the same thing as row {other_row} ({other_column} {other_name!r}): "
                    f"both fold to {key!r}, so a lookup by this name cannot tell the two rows "
                    "apart; remove or change one of them",
                    row=row,
                    line=line,
                    field=column,
                    value=name,
                )
            )
    return problems


def alias_collisions(directory: Path) -> list[Problem]:
    """Check places, actors and glossary of a data folder for names shared by two rows.

    Tables that cannot be read are skipped here: their problems are reported elsewhere.
    """
    descriptor, _ = read_package(directory)
    if descriptor is None:
        return []
    found: list[Problem] = []
    for name in NAME_COLUMNS:
        try:
            resource = schema.resource_by_name(descriptor, name)
        except KeyError:
            continue
        table, _ = schema.read_table(directory, resource)
        if table is not None:
            found += table_collisions(resource, table)
    return found
