"""Mistakes in datapackage.json itself are reported (file, resource, field), never ignored."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kzlesson as kz
from kzlesson.paths import data_dir
from kzlesson.tables.descriptor import check_descriptor
from kzlesson.tables.load import DataError, load_table, validate_dir

V2_PACKAGE = "https://datapackage.org/profiles/2.0/datapackage.json"
V2_RESOURCE = "https://datapackage.org/profiles/2.0/dataresource.json"


def _edit(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Rewrite the folder's datapackage.json through ``change`` (which edits it in place)."""
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _field(descriptor: dict[str, Any], resource: str, name: str) -> dict[str, Any]:
    return next(f for f in _resource(descriptor, resource)["schema"]["fields"] if f["name"] == name)


def _only_text(folder: Path) -> str:
    """The one problem validate_dir finds, as text; it must name datapackage.json."""
    problems = validate_dir(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].file == "datapackage.json"
    return str(problems[0])


def test_packaged_descriptor_has_no_problems() -> None:
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert check_descriptor(descriptor) == []


def test_packaged_descriptor_is_data_package_v2() -> None:
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == V2_PACKAGE
    assert "profile" not in descriptor  # v1's "tabular-data-package" was removed in v2
    lists = 0
    for resource in descriptor["resources"]:
        assert resource["$schema"] == V2_RESOURCE and resource["type"] == "table"
        assert "profile" not in resource
        for spec in resource["schema"]["fields"]:
            if spec["type"] == "list":
                lists += 1
                assert (spec["itemType"], spec["delimiter"]) == ("string", ";"), spec["name"]
    assert lists >= 10


def test_primary_key_naming_a_missing_field(data_copy: Path, edit_cell) -> None:
    _edit(data_copy, lambda d: _resource(d, "places")["schema"].update(primaryKey=["idd"]))
    text = _only_text(data_copy)
    assert "resource 'places'" in text and "primaryKey" in text and "'idd'" in text
    assert "does not exist" in text
    with pytest.raises(DataError, match="primaryKey"):
        kz.load_places(directory=data_copy)


def test_unique_keys_naming_a_missing_field(data_copy: Path) -> None:
    _edit(data_copy, lambda d: _resource(d, "events")["schema"].update(uniqueKeys=[["nope"]]))
    text = _only_text(data_copy)
    assert "resource 'events'" in text and "uniqueKeys" in text and "'nope'" in text


def test_unique_keys_are_enforced(data_copy: Path, edit_cell) -> None:
    _edit(data_copy, lambda d: _resource(d, "places")["schema"].update(uniqueKeys=[["name"]]))
    assert validate_dir(data_copy) == []
    first = kz.load_places(directory=data_copy).loc[0, "name"]
    edit_cell(data_copy, "places.csv", 2, "name", first)
    problems = validate_dir(data_copy)
    assert [(p.file, p.row, p.field) for p in problems] == [("places.csv", 2, "name")]
    assert "duplicate name" in problems[0].message


def test_foreign_key_on_a_missing_field(data_copy: Path) -> None:
    def change(descriptor: dict[str, Any]) -> None:
        _resource(descriptor, "events")["schema"]["foreignKeys"][0]["fields"] = ["plaze_id"]

    _edit(data_copy, change)
    text = _only_text(data_copy)
    assert "resource 'events'" in text and "foreignKeys" in text and "'plaze_id'" in text


def test_foreign_key_to_a_missing_resource(data_copy: Path) -> None:
    def change(descriptor: dict[str, Any]) -> None:
        _resource(descriptor, "events")["schema"]["foreignKeys"][0]["reference"]["resource"] = (
            "placez"
        )

    _edit(data_copy, change)
    text = _only_text(data_copy)
    assert "resource 'events'" in text and "'place_id'" in text
    assert "resource 'placez', which is not in datapackage.json" in text


def test_foreign_key_to_a_missing_field(data_copy: Path) -> None:
    def change(descriptor: dict[str, Any]) -> None:
        _resource(descriptor, "events")["schema"]["foreignKeys"][0]["reference"]["fields"] = [
            "code"
        ]

    _edit(data_copy, change)
    text = _only_text(data_copy)
    assert "resource 'events'" in text and "'place_id'" in text
    assert "field 'code' of resource 'places', which does not exist" in text


def test_foreign_key_fields_may_be_a_string(data_copy: Path, edit_cell) -> None:
    def change(descriptor: dict[str, Any]) -> None:
        fk = _resource(descriptor, "events")["schema"]["foreignKeys"][0]
        fk["fields"], fk["reference"]["fields"] = "place_id", "id"

    _edit(data_copy, change)
    assert validate_dir(data_copy) == []
    edit_cell(data_copy, "events.csv", 1, "place_id", "atlantis")
    assert [(p.field, p.value) for p in validate_dir(data_copy)] == [("place_id", "atlantis")]


@pytest.mark.parametrize(
    ("resource", "field", "rule", "value", "words"),
    [
        ("paragraphs", "number", "minimum", "1", "'minimum' is '1'; write a whole number"),
        ("paragraphs", "number", "maximum", 24.5, "'maximum' is 24.5; write a whole number"),
        ("places", "latitude", "minimum", "-90", "'minimum' is '-90'; write a number"),
        ("events", "date", "minimum", "1 Jan 1991", "write a date 'YYYY-MM-DD'"),
        ("paragraphs", "number", "maxLength", 3, "'maxLength' does not apply to integer fields"),
        ("events", "summary", "maxLength", "400", "'maxLength' is '400'"),
        ("events", "summary", "minimum", 1, "'minimum' does not apply to string fields"),
        ("events", "in_article", "enum", [True, "false"], "enum value True is not a valid boolean"),
        ("events", "phase", "enum", [], "non-empty list"),
        ("sources", "url", "pattern", "^(https?://", "not a valid regex"),
        ("events", "summary", "required", "yes", "'required' is 'yes'; use true or false"),
        ("events", "summary", "exclusiveMinimum", 1, "'exclusiveMinimum' is not checked"),
    ],
)
def test_constraint_of_the_wrong_type(
    data_copy: Path, resource: str, field: str, rule: str, value: Any, words: str
) -> None:
    _edit(
        data_copy,
        lambda d: _field(d, resource, field).setdefault("constraints", {}).update({rule: value}),
    )
    text = _only_text(data_copy)
    assert f"resource {resource!r}, field {field!r}" in text
    assert words in text
    with pytest.raises(DataError):  # a readable error, not a TypeError traceback
        load_table(resource, data_copy)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda spec: spec.pop("itemType"), 'needs "itemType": "string" (found None'),
        (lambda spec: spec.update(itemType="integer"), "(found 'integer'"),
        (lambda spec: spec.pop("delimiter"), 'needs a "delimiter"'),
        (lambda spec: spec.update(delimiter=""), 'needs a "delimiter"'),
    ],
)
def test_list_fields_need_item_type_and_delimiter(
    data_copy: Path, change: Callable[[dict[str, Any]], Any], words: str
) -> None:
    _edit(data_copy, lambda d: change(_field(d, "events", "actor_ids")))
    text = _only_text(data_copy)
    assert "resource 'events', field 'actor_ids'" in text and words in text


def test_min_length_is_checked(data_copy: Path, edit_cell) -> None:
    _edit(data_copy, lambda d: _field(d, "events", "summary")["constraints"].update(minLength=5))
    line = edit_cell(data_copy, "events.csv", 3, "summary", "Riot")
    problems = validate_dir(data_copy)
    assert [(p.file, p.row, p.line, p.field) for p in problems] == [
        ("events.csv", 3, line, "summary")
    ]
    assert "is 4 characters long; at least 5 needed" in problems[0].message


def test_every_descriptor_mistake_is_listed_by_the_cli(data_copy: Path) -> None:
    def change(descriptor: dict[str, Any]) -> None:
        _resource(descriptor, "places")["schema"]["primaryKey"] = "idd"
        _field(descriptor, "paragraphs", "number")["constraints"]["minimum"] = "1"
        _resource(descriptor, "figures")["schema"]["foreignKeys"][0]["reference"]["resource"] = (
            "claimz"
        )

    _edit(data_copy, change)
    result = subprocess.run(
        [sys.executable, "-m", "kzlesson", "validate", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for words in ("'idd'", "'minimum' is '1'", "'claimz'"):
        assert words in result.stderr
    assert result.stderr.count("datapackage.json: resource") == 3
