"""Check ``datapackage.json`` itself, before any table is read against it.

A mistake in the descriptor (a primary key naming a field that does not exist, a foreign key
pointing at a missing resource, ``"minimum": "1"`` on an integer field) would otherwise switch
a check off without a word or crash with a traceback. Every such mistake is a :class:`Problem`
naming ``datapackage.json``, the resource and the field. The descriptor follows Data Package
v2 (``$schema`` https://datapackage.org/profiles/2.0/datapackage.json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .schema import LIST_FOREIGN_KEYS, PACKAGE_FILE, SUPPORTED_TYPES, Problem, convert

ITEM_TYPES = ("string",)
CONSTRAINTS = (
    "required",
    "unique",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
)
_LENGTH_TYPES = ("string", "list")
_BOUND_TYPES = ("integer", "number", "date")


def _problem(where: str, message: str) -> Problem:
    """A problem in ``datapackage.json`` at ``where`` (resource, field, key)."""
    return Problem(PACKAGE_FILE, f"{where}: {message}")


def _names(value: Any) -> list[str] | None:
    """A key's field names: a string or a non-empty list of strings (None if neither)."""
    if isinstance(value, str) and value:
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return list(value)
    return None


def _text(value: Any) -> bool:
    """True for a non-empty string."""
    return isinstance(value, str) and bool(value)


def _is_int(value: Any) -> bool:
    """True for JSON integers (not true/false)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bound(where: str, kind: str, rule: str, bound: Any) -> list[Problem]:
    """``minimum``/``maximum`` must be a value of the field's own type."""
    if kind not in _BOUND_TYPES:
        return [_problem(where, f"constraint {rule!r} does not apply to {kind} fields")]
    if kind == "integer" and not _is_int(bound):
        return [_problem(where, f"constraint {rule!r} is {bound!r}; write a whole number like 1")]
    if kind == "number" and not (_is_int(bound) or isinstance(bound, float)):
        return [_problem(where, f"constraint {rule!r} is {bound!r}; write a number like 1.5")]
    if kind == "date":
        try:
            convert({"type": "date"}, bound if isinstance(bound, str) else "-")
        except ValueError:
            return [_problem(where, f"constraint {rule!r} is {bound!r}; write a date 'YYYY-MM-DD'")]
    return []


def _check_enum(where: str, spec: dict[str, Any], options: Any) -> list[Problem]:
    """``enum`` must be a non-empty list of values the field itself accepts."""
    if not isinstance(options, list) or not options:
        return [_problem(where, "constraint 'enum' must be a non-empty list of allowed values")]
    kind = spec.get("type", "string")
    problems = []
    for option in options:
        text = str(option)
        try:
            if kind == "string" and not isinstance(option, str):
                raise ValueError("write it as text in quotes")
            convert({"type": kind, "delimiter": spec.get("delimiter", ",")}, text)
        except ValueError as err:
            problems.append(
                _problem(
                    where,
                    f"enum value {option!r} is not a valid {kind} value: {err} "
                    "(write each allowed value as it appears in the CSV file)",
                )
            )
    return problems


def _check_constraints(where: str, spec: dict[str, Any]) -> list[Problem]:
    """Every constraint must be one kzlesson checks, with a value of the right type."""
    rules = spec.get("constraints", {})
    if not isinstance(rules, dict):
        return [_problem(where, "'constraints' must be an object")]
    problems = []
    for rule, value in rules.items():
        problems += _check_rule(where, spec, rule, value)
    return problems


def _check_rule(where: str, spec: dict[str, Any], rule: str, value: Any) -> list[Problem]:
    """One constraint of a field: known to kzlesson, with a value of the right type."""
    kind = spec.get("type", "string")
    if rule not in CONSTRAINTS:
        supported = ", ".join(CONSTRAINTS)
        return [
            _problem(
                where, f"constraint {rule!r} is not checked by kzlesson (supported: {supported})"
            )
        ]
    if rule in ("required", "unique") and not isinstance(value, bool):
        return [_problem(where, f"constraint {rule!r} is {value!r}; use true or false")]
    if rule == "enum":
        return _check_enum(where, spec, value)
    if rule == "pattern":
        try:
            re.compile(value)
        except (re.error, TypeError) as err:
            return [_problem(where, f"constraint 'pattern' is not a valid regex: {err}")]
    if rule in ("minLength", "maxLength"):
        if kind not in _LENGTH_TYPES:
            return [_problem(where, f"constraint {rule!r} does not apply to {kind} fields")]
        if not _is_int(value) or value < 0:
            return [_problem(where, f"constraint {rule!r} is {value!r}; write a whole number >= 0")]
    if rule in ("minimum", "maximum"):
        return _check_bound(where, kind, rule, value)
    return []


def _check_field(where: str, spec: dict[str, Any]) -> list[Problem]:
    """One field: a supported type, list details (Data Package v2) and its constraints."""
    kind = spec.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        return [
            _problem(
                where,
                f"unsupported type {kind!r} (supported: {', '.join(SUPPORTED_TYPES)})",
            )
        ]
    problems = []
    if kind == "list":
        if spec.get("itemType") not in ITEM_TYPES:
            problems.append(
                _problem(
                    where,
                    f'a list field needs "itemType": "string" (found {spec.get("itemType")!r}'
                    "; kzlesson lists hold ids and names, which are text)",
                )
            )
        delimiter = spec.get("delimiter")
        if not isinstance(delimiter, str) or not delimiter or delimiter.strip() != delimiter:
            problems.append(
                _problem(
                    where,
                    f'a list field needs a "delimiter" such as ";" (found {delimiter!r})',
                )
            )
    return problems + _check_constraints(where, spec) + _check_categories(where, spec)


def _check_categories(where: str, spec: dict[str, Any]) -> list[Problem]:
    """Labels for allowed values are v2 ``categories``: ``{"value": ..., "label": ...}`` items
    whose values are among the field's ``enum`` (the old ``kzlesson:enumLabels`` is refused)."""
    if "kzlesson:enumLabels" in spec:
        return [
            _problem(
                where,
                "'kzlesson:enumLabels' was replaced by Table Schema v2 'categories': "
                '[{"value": "...", "label": "..."}, ...]',
            )
        ]
    categories = spec.get("categories")
    if categories is None:
        return []
    if not isinstance(categories, list) or not all(
        isinstance(c, dict) and "value" in c and isinstance(c.get("label", ""), str)
        for c in categories
    ):
        return [_problem(where, '\'categories\' must be a list of {"value": ..., "label": ...}')]
    allowed = (
        spec.get("constraints", {}).get("enum")
        if isinstance(spec.get("constraints"), dict)
        else None
    )
    if not isinstance(allowed, list):
        return []
    unknown = [str(c["value"]) for c in categories if c["value"] not in allowed]
    return [
        _problem(where, f"category {value!r} is not one of the field's enum values")
        for value in unknown
    ]


def _check_resource(number: int, resource: Any) -> tuple[list[str] | None, list[Problem]]:
    """One resource's name, path and fields; return (field names or None, problems)."""
    if not isinstance(resource, dict) or not _text(resource.get("name")):
        return None, [_problem(f"resource {number}", "needs a 'name' and a 'path'")]
    if not _text(resource.get("path")):
        return None, [
            _problem(f"resource {resource['name']!r}", "needs a 'path' naming one CSV file")
        ]
    where = f"resource {resource['name']!r}"
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        return None, [_problem(where, "has no schema with a list of 'fields'")]
    problems = []
    names: list[str] = []
    for position, spec in enumerate(fields, start=1):
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            problems.append(_problem(f"{where}, field {position}", "every field needs a 'name'"))
            continue
        if spec["name"] in names:
            problems.append(_problem(f"{where}, field {spec['name']!r}", "is listed twice"))
        names.append(spec["name"])
        problems += _check_field(f"{where}, field {spec['name']!r}", spec)
    return names, problems


def _missing(where: str, key: str, wanted: list[str], names: list[str]) -> list[Problem]:
    """A problem for each name in ``wanted`` that is not one of the resource's fields."""
    return [
        _problem(
            f"{where}, {key}",
            f"names the field {name!r}, which does not exist (fields: {', '.join(names)})",
        )
        for name in wanted
        if name not in names
    ]


def _check_keys(
    resource: dict[str, Any], fields: dict[str, list[str] | None], problems: list[Problem]
) -> None:
    """primaryKey, uniqueKeys and foreignKeys must name fields and resources that exist."""
    schema, name = resource["schema"], resource["name"]
    where, names = f"resource {name!r}", fields[name] or []
    if "primaryKey" in schema:
        primary = _names(schema["primaryKey"])
        if primary is None:
            problems.append(_problem(where, "'primaryKey' must be a field name or a list of them"))
        else:
            problems += _missing(where, "primaryKey", primary, names)
    unique_keys = schema.get("uniqueKeys", [])
    if not isinstance(unique_keys, list):
        problems.append(_problem(where, "'uniqueKeys' must be a list of lists of field names"))
        unique_keys = []
    for columns in unique_keys:
        wanted = _names(columns) if isinstance(columns, list) else None
        if wanted is None:
            problems.append(_problem(where, f"uniqueKeys entry {columns!r} is not a list of names"))
        else:
            problems += _missing(where, "uniqueKeys", wanted, names)
    types = {
        spec.get("name"): spec.get("type", "string")
        for spec in schema.get("fields", [])
        if isinstance(spec, dict)
    }
    for key in ("foreignKeys", LIST_FOREIGN_KEYS):
        problems += _check_foreign_keys(where, key, schema.get(key, []), types)
        for fk in schema.get(key, []) if isinstance(schema.get(key), list) else []:
            problems += _check_foreign_key(where, name, fk, fields)


def _check_foreign_keys(where: str, key: str, value: Any, types: dict[str, Any]) -> list[Problem]:
    """``foreignKeys`` must name whole-value fields, ``kzlesson:listForeignKeys`` list fields."""
    if not isinstance(value, list):
        return [_problem(where, f"{key!r} must be a list")]
    problems = []
    for fk in value:
        own = _names(fk.get("fields")) if isinstance(fk, dict) else None
        if not own or own[0] not in types:
            continue  # _check_foreign_key reports it
        is_list = types[own[0]] == "list"
        if key == "foreignKeys" and is_list:
            problems.append(
                _problem(
                    where,
                    f"foreign key on list field {own[0]!r}: declare it in "
                    f"{LIST_FOREIGN_KEYS!r} (the Table Schema spec has no list foreign keys)",
                )
            )
        elif key == LIST_FOREIGN_KEYS and not is_list:
            problems.append(
                _problem(where, f"{key!r} entry on {own[0]!r}, which is not a list field")
            )
    return problems


def _check_foreign_key(
    where: str, name: str, fk: Any, fields: dict[str, list[str] | None]
) -> list[Problem]:
    """One foreign key: one own field that exists, a resource and a field that exist."""
    reference = fk.get("reference") if isinstance(fk, dict) else None
    own = _names(fk.get("fields")) if isinstance(fk, dict) else None
    theirs = _names(reference.get("fields")) if isinstance(reference, dict) else None
    if own is None or theirs is None:
        return [_problem(where, f"foreign key {fk!r} needs 'fields' and 'reference.fields'")]
    if len(own) != 1 or len(theirs) != 1:
        return [_problem(where, f"foreign key on {own}: only one-column foreign keys work")]
    problems = _missing(where, "foreignKeys", own, fields[name] or [])
    target = reference.get("resource") or name  # no resource (v2) or "" (v1): the same table
    label = f"{where}, foreign key on {own[0]!r}"
    if target not in fields:
        problems.append(
            _problem(
                label,
                f"points at resource {target!r}, which is not in {PACKAGE_FILE} "
                f"(resources: {', '.join(fields)})",
            )
        )
    elif fields[target] is not None and theirs[0] not in (fields[target] or []):
        problems.append(
            _problem(
                label,
                f"points at field {theirs[0]!r} of resource {target!r}, which does not exist "
                f"(fields: {', '.join(fields[target] or [])})",
            )
        )
    return problems


def check_descriptor(descriptor: Any) -> list[Problem]:
    """Check every part of a descriptor that the table checks rely on; return all problems."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [Problem(PACKAGE_FILE, "expected an object with a 'resources' list")]
    problems: list[Problem] = []
    fields: dict[str, list[str] | None] = {}  # None: the resource's schema is broken
    usable = []
    for number, resource in enumerate(descriptor["resources"], start=1):
        names, found = _check_resource(number, resource)
        problems += found
        if not isinstance(resource, dict) or not _text(resource.get("name")):
            continue
        if resource["name"] in fields:
            problems.append(_problem(f"resource {resource['name']!r}", "the name is used twice"))
            continue
        fields[resource["name"]] = names
        if names is not None:
            usable.append(resource)
    for resource in usable:
        _check_keys(resource, fields, problems)
    return problems


def read_package(directory: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Read ``datapackage.json`` from ``directory``; return (descriptor or None, problems)."""
    path = directory / PACKAGE_FILE
    if not directory.is_dir():
        return None, [Problem(str(directory), "folder not found")]
    if not path.is_file():
        return None, [Problem(PACKAGE_FILE, f"missing file: {path} does not exist")]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as err:
        return None, [Problem(PACKAGE_FILE, f"not UTF-8 text ({err.reason})")]
    except json.JSONDecodeError as err:
        return None, [Problem(PACKAGE_FILE, f"not valid JSON: {err.msg}", line=err.lineno)]
    problems = check_descriptor(descriptor)
    return (descriptor if not problems else None), problems
