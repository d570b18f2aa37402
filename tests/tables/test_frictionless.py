"""data/datapackage.json is a Data Package the reference tool accepts (`frictionless validate`).

The real command line from PyPI is run on the packaged descriptor, and on a copy with a planted
mistake to show the check can fail. What the spec cannot say (references held in list fields)
lives in the custom ``kzlesson:listForeignKeys`` property, which kzlesson's own validator reads.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kzlesson.paths import data_dir
from kzlesson.tables.load import validate_dir
from kzlesson.tables.schema import LIST_FOREIGN_KEYS, enum_label

FRICTIONLESS = shutil.which("frictionless") or str(Path(sys.executable).parent / "frictionless")


def _frictionless(descriptor: Path) -> subprocess.CompletedProcess[str]:
    if not Path(FRICTIONLESS).exists():
        pytest.fail("frictionless is not installed: pip install -e '.[test]'")
    return subprocess.run(
        [FRICTIONLESS, "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=descriptor.parent,
    )


def _edit(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


@pytest.mark.slow
def test_frictionless_validate_accepts_the_packaged_data() -> None:
    result = _frictionless(data_dir() / "datapackage.json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["valid"] is True
    names = {task["name"] for task in report["tasks"]}
    assert {"sources", "claims", "figures"} <= names


@pytest.mark.slow
def test_frictionless_rejects_a_url_that_only_starts_right(data_copy: Path, edit_cell) -> None:
    # Patterns match the whole value (the spec's rule, and kzlesson's since issue 11).
    edit_cell(data_copy, "sources.csv", 1, "url", "https://")
    result = _frictionless(data_copy / "datapackage.json")
    assert result.returncode != 0
    assert "constraint-error" in result.stdout
    assert any(p.field == "url" for p in validate_dir(data_copy))


def test_list_references_are_a_custom_property_not_foreign_keys() -> None:
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    listed = 0
    for resource in descriptor["resources"]:
        types = {spec["name"]: spec["type"] for spec in resource["schema"]["fields"]}
        for fk in resource["schema"].get("foreignKeys", []):
            assert types[fk["fields"][0]] != "list", (resource["name"], fk)
        for fk in resource["schema"].get(LIST_FOREIGN_KEYS, []):
            assert types[fk["fields"][0]] == "list", (resource["name"], fk)
            listed += 1
        for spec in resource["schema"]["fields"]:
            assert "kzlesson:enumLabels" not in spec  # replaced by v2 categories
    assert listed >= 10


def test_a_list_foreign_key_is_still_checked_item_by_item(data_copy: Path, edit_cell) -> None:
    edit_cell(data_copy, "events.csv", 1, "source_ids", "nosuchsource")
    found = [p for p in validate_dir(data_copy) if p.field == "source_ids"]
    assert len(found) == 1 and "nosuchsource" in str(found[0])


def test_a_list_foreign_key_in_foreign_keys_is_reported(data_copy: Path) -> None:
    def move(descriptor: dict) -> None:
        schema = _resource(descriptor, "events")["schema"]
        schema["foreignKeys"].append(schema[LIST_FOREIGN_KEYS].pop())

    _edit(data_copy, move)
    text = "\n".join(map(str, validate_dir(data_copy)))
    assert "foreign key on list field" in text and LIST_FOREIGN_KEYS in text


def test_categories_give_the_labels() -> None:
    descriptor = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    paragraphs = _resource(descriptor, "paragraphs")
    assert enum_label(paragraphs, "section", "total-poverty") == "Region of total poverty"
    assert enum_label(paragraphs, "section", "no-such-section") == "No such section"


def test_old_enum_labels_and_stray_categories_are_reported(data_copy: Path) -> None:
    def old_style(descriptor: dict) -> None:
        for spec in _resource(descriptor, "paragraphs")["schema"]["fields"]:
            if spec["name"] == "section":
                spec["kzlesson:enumLabels"] = {"introduction": "Introduction"}
            if spec["name"] == "speaker":
                spec["categories"].append({"value": "nobody", "label": "Nobody"})

    _edit(data_copy, old_style)
    text = "\n".join(map(str, validate_dir(data_copy)))
    assert "'kzlesson:enumLabels' was replaced by Table Schema v2 'categories'" in text
    assert "category 'nobody' is not one of the field's enum values" in text
