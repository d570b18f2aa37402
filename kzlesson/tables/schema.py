"""Check CSV tables against ``datapackage.json`` (a Frictionless Table Schema).

Every check collects :class:`Problem` objects instead of stopping at the first one, so a
teacher who edits a table sees everything that needs fixing at once. Values are read as
text and converted strictly: nothing is dropped, trimmed, coerced or defaulted.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_FILE = "datapackage.json"
SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date", "list")

_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_EXPECTED = {
    "integer": "a whole number such as 12",
    "number": "a number with a dot for decimals, such as 3.5",
    "boolean": "true or false (lower case)",
    "date": "a date written YYYY-MM-DD, such as 2022-01-05",
}


MAX_ECHO = 240  # characters of a bad value a problem line shows (a longer one is cut)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data folder: where it is, the bad value and what was expected.

    ``row`` counts data rows (1 = the first line after the header); ``line`` is the line
    number in the file (the header is line 1).
    """

    file: str
    message: str
    row: int | None = None
    line: int | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [_short(self.file, 100)]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.line})")
        elif self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field '{_short(self.field, 60)}'")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"value {_short(self.value)!r}: "
        return text + _short(self.message, 400)


def _short(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` cut to ``limit`` characters (with its length), so no line echoes a huge input."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text):,} characters]"


@dataclass
class Table:
    """The raw text of one CSV table: its header and one dict per data row."""

    name: str
    file: str
    header: list[str]
    records: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def _numbered(table: Table) -> Iterable[tuple[int, dict[str, str], int]]:
    """Yield (row number, record, line number) for every data row."""
    for position, (record, line) in enumerate(zip(table.records, table.lines, strict=True)):
        yield position + 1, record, line


def key_fields(value: Any) -> list[str]:
    """A key's field names: Table Schema allows one name as a string or a list of names."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


LIST_FOREIGN_KEYS = "kzlesson:listForeignKeys"
"""Schema property for references held in ``list`` fields, checked item by item by kzlesson.

The Table Schema spec allows foreign keys on whole values only (``frictionless`` fails on one
declared on a list field), so they live in this custom property, in the ``foreignKeys`` shape.
"""


def foreign_keys(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every foreign key of a table schema: the spec's ``foreignKeys`` and the list-field ones."""
    found = []
    for key in ("foreignKeys", LIST_FOREIGN_KEYS):
        value = schema.get(key, [])
        found += value if isinstance(value, list) else []
    return found


def foreign_key_parts(resource: dict[str, Any], fk: dict[str, Any]) -> tuple[str, str, str]:
    """(own field, target resource, target field) of a checked one-column foreign key."""
    target = fk["reference"].get("resource") or resource["name"]
    return key_fields(fk["fields"])[0], target, key_fields(fk["reference"]["fields"])[0]


def resource_by_name(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """Return the resource called ``name``; KeyError if the package has none."""
    for resource in descriptor["resources"]:
        if resource["name"] == name:
            return resource
    raise KeyError(f"{PACKAGE_FILE} has no resource called {name!r}")


def read_table(directory: Path, resource: dict[str, Any]) -> tuple[Table | None, list[Problem]]:
    """Read one resource's CSV file as text; return (table or None, problems).

    A UTF-8 byte-order mark and Windows (CRLF) line endings are fine. Blank lines are
    skipped (they hold no data); a row with the wrong number of cells is a problem.
    """
    file = resource["path"]
    path = directory / file
    outside = _outside(directory, file)
    if outside:
        return None, [Problem(_short(str(file), 100), outside)]
    if not path.is_file():
        return None, [Problem(file, f"missing file: {path} does not exist")]
    rows, problem = _csv_rows(file, path.read_bytes())
    if problem:
        return None, [problem]
    if not rows:
        return None, [Problem(file, "the file is empty: the first line must be the header")]
    wrong_separator = _separator_problem(file, rows[0][1])
    if wrong_separator:
        return None, [wrong_separator]
    (_, header), data = rows[0], rows[1:]
    table = Table(resource["name"], file, header)
    problems = []
    for row_number, (line, cells) in enumerate(data, start=1):
        problem = _row_problem(file, header, cells, row_number, line)
        if problem:
            problems.append(problem)  # one line for the row; its cells are not checked
            continue
        table.records.append(dict(zip(header, cells, strict=True)))
        table.lines.append(line)
    return table, problems


def _csv_rows(file: str, raw: bytes) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """The non-blank rows of a CSV file with their line numbers, or the problem reading it."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return [], Problem(file, f"not UTF-8 text ({err.reason}); save it as UTF-8", line=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    next_line = 1
    try:
        for cells in reader:
            if cells:
                rows.append((next_line, cells))
            next_line = reader.line_num + 1
    except csv.Error as err:
        hint = " (a quote opened in this row is never closed)" if "end of data" in str(err) else ""
        return [], Problem(file, f"not readable as CSV: {err}{hint}", line=next_line)
    return rows, None


def _outside(directory: Path, file: Any) -> str:
    """Why a resource path must not be read (absolute, or leading out of the folder), or ""."""
    if not isinstance(file, str) or not file:
        return "the resource path must be a file name inside the data folder"
    base = directory.resolve()
    target = (directory / file).resolve()
    if Path(file).is_absolute() or not target.is_relative_to(base):
        return (
            "the resource path points outside the data folder; it was not read "
            "(give a file name inside the folder, e.g. events.csv)"
        )
    return ""


def _separator_problem(file: str, header: list[str]) -> Problem | None:
    """A problem naming the separator if the header is one cell holding ';', tabs or '|'."""
    if len(header) != 1:
        return None
    for separator, name in ((";", "semicolons (;)"), ("\t", "tabs"), ("|", "bars (|)")):
        if separator in header[0]:
            return Problem(
                file,
                f"the values are separated by {name}, not commas: save the table as CSV with "
                "comma separators (e.g. 'CSV UTF-8 (comma delimited)' in a spreadsheet)",
                line=1,
            )
    return None


def _row_problem(
    file: str, header: list[str], cells: list[str], row: int, line: int
) -> Problem | None:
    """One problem for a row with the wrong number of values or a NUL byte, else None."""
    if len(cells) != len(header):
        return Problem(
            file,
            f"has {len(cells)} values but the header has {len(header)} columns (check commas "
            "and quotes; the row's values were not checked further)",
            row=row,
            line=line,
        )
    for name, cell in zip(header, cells, strict=True):
        if "\x00" in cell:
            return Problem(
                file, "holds a NUL byte (\\x00): remove it", row=row, line=line, field=name
            )
    return None


def check_header(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Check that the header has exactly the schema's columns (in any order)."""
    expected = [spec["name"] for spec in resource["schema"]["fields"]]
    problems = []
    seen: set[str] = set()
    for name in table.header:
        if name in seen:
            problems.append(Problem(table.file, "column appears twice in the header", field=name))
        seen.add(name)
    extra = [name for name in table.header if name not in expected]
    for name in expected:
        if name not in table.header:
            guess = difflib.get_close_matches(name, extra, n=1, cutoff=0.5)
            hint = f" (is {guess[0]!r} meant to be {name!r}?)" if guess else ""
            problems.append(
                Problem(
                    table.file, f"missing column {name!r} in the header{hint}", line=1, field=name
                )
            )
    for name in extra:
        problems.append(
            Problem(
                table.file,
                f"unexpected column {name!r} in the header; expected columns: "
                + ", ".join(expected),
                line=1,
                field=name,
            )
        )
    return problems


def convert(spec: dict[str, Any], raw: str) -> Any:
    """Convert one cell's text to its Python value; ValueError says what was expected.

    Empty text gives None (an empty tuple for list fields). Constraints are not checked here.
    """
    kind = spec.get("type", "string")
    if raw == "":
        return () if kind == "list" else None
    if raw.strip() == "":
        raise ValueError("holds only spaces: leave it empty or write a value")
    if kind == "string":
        return raw
    if raw != raw.strip():
        raise ValueError("remove the spaces before or after the value")
    if kind == "list":
        return _to_list(raw, spec.get("delimiter", ","))
    if kind not in _CONVERTERS:
        raise ValueError(f"unsupported type {kind!r}")
    return _CONVERTERS[kind](raw)


def _to_integer(raw: str) -> int:
    if not _INTEGER.fullmatch(raw):
        raise ValueError(f"expected {_EXPECTED['integer']}")
    return int(raw)


def _to_number(raw: str) -> float:
    if not _NUMBER.fullmatch(raw):
        hint = " (use a dot, not a comma)" if "," in raw else ""
        raise ValueError(f"expected {_EXPECTED['number']}{hint}")
    value = float(raw)
    if math.isinf(value):
        raise ValueError(f"expected {_EXPECTED['number']}")
    return value


def _to_boolean(raw: str) -> bool:
    if raw not in ("true", "false"):
        raise ValueError(f"expected {_EXPECTED['boolean']}")
    return raw == "true"


def _to_date(raw: str) -> dt.date:
    if not _DATE.fullmatch(raw):
        raise ValueError(f"expected {_EXPECTED['date']}")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            "is not a real calendar date (expected YYYY-MM-DD, month 01-12, "
            "a day that exists in that month)"
        ) from None


def _to_list(raw: str, delimiter: str) -> tuple[str, ...]:
    items = raw.split(delimiter)
    for item in items:
        if item == "":
            raise ValueError(f"has an empty item: no {delimiter!r} at the start, end or twice")
        if item != item.strip():
            raise ValueError(f"remove the spaces around the items (write 'a{delimiter}b')")
    return tuple(items)


_CONVERTERS: dict[str, Callable[[str], Any]] = {
    "integer": _to_integer,
    "number": _to_number,
    "boolean": _to_boolean,
    "date": _to_date,
}


def _check_constraints(spec: dict[str, Any], raw: str, value: Any) -> list[str]:
    """Return the messages for every constraint the (non-empty) value breaks."""
    rules = spec.get("constraints", {})
    messages = []
    if "enum" in rules and raw not in [str(option) for option in rules["enum"]]:
        options = ", ".join(str(option) for option in rules["enum"])
        guess = difflib.get_close_matches(raw, [str(o) for o in rules["enum"]], n=1)
        hint = f" (did you mean {guess[0]!r}?)" if guess else ""
        messages.append(f"is not one of the allowed values: {options}{hint}")
    if "pattern" in rules and isinstance(value, str) and not re.fullmatch(rules["pattern"], value):
        messages.append(f"does not match the pattern {rules['pattern']}")
    if "minLength" in rules and len(value) < rules["minLength"]:
        messages.append(f"{_size(value)}; at least {rules['minLength']} needed")
    if "maxLength" in rules and len(value) > rules["maxLength"]:
        messages.append(f"{_size(value)}; at most {rules['maxLength']} allowed")
    if "minimum" in rules and value < _bound(spec, rules["minimum"]):
        messages.append(f"is below the minimum {rules['minimum']}")
    if "maximum" in rules and value > _bound(spec, rules["maximum"]):
        messages.append(f"is above the maximum {rules['maximum']}")
    return messages


def _size(value: str | tuple[str, ...]) -> str:
    """How long a text or a list is, in words."""
    if isinstance(value, tuple):
        return f"has {len(value)} items"
    return f"is {len(value)} characters long"


def _bound(spec: dict[str, Any], bound: Any) -> Any:
    """Return a minimum/maximum in the field's own type (dates are written as text)."""
    return dt.date.fromisoformat(bound) if spec.get("type") == "date" else bound


def check_values(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Check every cell: type, required, enum, pattern, min/maxLength, minimum and maximum."""
    problems = []
    specs = [spec for spec in resource["schema"]["fields"] if spec["name"] in table.header]
    for row_number, record, line in _numbered(table):
        for spec in specs:
            name, raw = spec["name"], record[spec["name"]]
            where = {"row": row_number, "line": line, "field": name, "value": raw}
            try:
                value = convert(spec, raw)
            except ValueError as err:
                problems.append(Problem(table.file, str(err), **where))
                continue
            if value is None or value == ():
                if spec.get("constraints", {}).get("required"):
                    problems.append(
                        Problem(
                            table.file, "a value is required here but the cell is empty", **where
                        )
                    )
                continue
            for message in _check_constraints(spec, raw, value):
                problems.append(Problem(table.file, message, **where))
    return problems


def check_unique(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Check that the primary key, any ``uniqueKeys`` and any ``unique`` field never repeat."""
    schema = resource["schema"]
    primary = key_fields(schema.get("primaryKey"))
    keys = [primary] if primary else []
    for columns in schema.get("uniqueKeys", []):
        if key_fields(columns) not in keys:
            keys.append(key_fields(columns))
    for spec in schema["fields"]:
        if spec.get("constraints", {}).get("unique") and [spec["name"]] not in keys:
            keys.append([spec["name"]])
    problems = []
    for columns in keys:
        if not all(name in table.header for name in columns):
            continue  # the missing column is reported by check_header
        first_row: dict[tuple[str, ...], int] = {}
        for row_number, (record, line) in enumerate(
            zip(table.records, table.lines, strict=True), 1
        ):
            key = tuple(record[name] for name in columns)
            if any(part == "" for part in key):
                continue
            if key in first_row:
                shown = ";".join(key)
                problems.append(
                    Problem(
                        table.file,
                        f"duplicate {'+'.join(columns)}: already used in row {first_row[key]}; "
                        "every row needs its own",
                        row=row_number,
                        line=line,
                        field="+".join(columns),
                        value=shown,
                    )
                )
            else:
                first_row[key] = row_number
    return problems


def check_foreign_keys(
    resource: dict[str, Any],
    table: Table,
    tables: dict[str, Table | None],
    descriptor: dict[str, Any],
) -> list[Problem]:
    """Check that every reference (every item, for list fields) exists in the target table."""
    problems = []
    specs = {spec["name"]: spec for spec in resource["schema"]["fields"]}
    for fk in foreign_keys(resource["schema"]):
        name, target_name, target_field = foreign_key_parts(resource, fk)
        if name not in table.header:
            continue
        target = table if target_name == resource["name"] else tables.get(target_name)
        try:
            target_file = resource_by_name(descriptor, target_name)["path"]
        except KeyError:
            target_file = f"{target_name} (not in {PACKAGE_FILE})"
        if target is None or target_field not in target.header:
            problems.append(
                Problem(
                    table.file,
                    f"cannot check the references in {name!r}: {target_file} is missing or "
                    f"has no column {target_field!r}",
                    field=name,
                )
            )
            continue
        known = {record[target_field] for record in target.records}
        for row_number, (record, line) in enumerate(
            zip(table.records, table.lines, strict=True), 1
        ):
            raw = record[name]
            try:
                value = convert(specs[name], raw)
            except ValueError:
                continue  # already reported by check_values
            items = value if isinstance(value, tuple) else (() if value is None else (raw,))
            for item in items:
                if item in known:
                    continue
                guess = difflib.get_close_matches(item, sorted(known), n=1)
                hint = f" (did you mean {guess[0]!r}?)" if guess else ""
                in_list = f"item {item!r} " if isinstance(value, tuple) and len(items) > 1 else ""
                problems.append(
                    Problem(
                        table.file,
                        f"{in_list}is not an {target_field} in {target_file}{hint}",
                        row=row_number,
                        line=line,
                        field=name,
                        value=raw,
                    )
                )
    return problems


def check_rules(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Checks a Table Schema cannot express, for claims.

    A claim with verdict ``differs`` must say what the sources say instead, and a claim checked
    against sources (``consistent`` or ``differs``) must name at least one source.
    """
    if resource["name"] != "claims" or not {"verdict", "sources_say"} <= set(table.header):
        return []
    problems = []
    rows = zip(table.records, table.lines, strict=True)
    for row_number, (record, line) in enumerate(rows, 1):
        verdict = record["verdict"]
        if verdict == "differs" and record["sources_say"].strip() == "":
            problems.append(
                Problem(
                    table.file,
                    "a claim with verdict 'differs' must say what the sources say",
                    row=row_number,
                    line=line,
                    field="sources_say",
                    value=record["sources_say"],
                )
            )
        sources = record.get("source_ids")
        if verdict in ("consistent", "differs") and sources is not None and not sources.strip():
            problems.append(
                Problem(
                    table.file,
                    f"a claim with verdict {verdict!r} must name the sources it was checked with",
                    row=row_number,
                    line=line,
                    field="source_ids",
                    value=sources,
                )
            )
    return problems


def check_table(resource: dict[str, Any], table: Table) -> list[Problem]:
    """Run every check that needs only this table: header, values, uniqueness, rules."""
    return (
        check_header(resource, table)
        + check_values(resource, table)
        + check_unique(resource, table)
        + check_rules(resource, table)
    )


def enum_label(resource: dict[str, Any], field_name: str, value: str) -> str:
    """Return a readable label for an enum value.

    Uses the field's optional ``categories`` (Table Schema v2: ``{"value": ..., "label": ...}``
    objects) in ``datapackage.json``; otherwise turns the slug into words ("model-republic" ->
    "Model republic").
    """
    for spec in resource["schema"]["fields"]:
        if spec["name"] == field_name:
            for category in spec.get("categories", []):
                if isinstance(category, dict) and str(category.get("value")) == value:
                    return str(category.get("label", value))
    return value.replace("-", " ").capitalize()


def field_names(resource: dict[str, Any]) -> list[str]:
    """Return the resource's column names in schema order."""
    return [spec["name"] for spec in resource["schema"]["fields"]]


def iter_fields(resource: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """Yield the resource's field descriptors in schema order."""
    yield from resource["schema"]["fields"]
