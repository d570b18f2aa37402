"""Fixtures for the exercise tests: a data copy with an exercise file covering every kind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kzlesson.paths import data_dir

ENGINE_YAML = """
- id: start-ex1
  notebook: start
  skill: data-skill
  prompt: Keep the events of 4 January 2022.
  hint: Compare the `date` column with "2022-01-04".
  solution: events[events["date"] == "2022-01-04"]
  check: {kind: frame, table: events, where: {date: "2022-01-04"}}
- id: start-ex2
  notebook: start
  skill: data-skill
  prompt: How many events of 4 January 2022 are there?
  hint: Use len(...) on the filtered table.
  solution: len(events[events["date"] == "2022-01-04"])
  check: {kind: count, table: events, where: {date: 2022-01-04}}
- id: start-ex3
  notebook: start
  skill: data-skill
  prompt: Which places had events on 4 or 5 January 2022?
  hint: Filter the dates, then take the `place_id` column.
  solution: set(events[events["date"].isin(pd.to_datetime(DAYS))]["place_id"])
  check: {kind: set, table: events, column: place_id, where: {date: ["2022-01-04", "2022-01-05"]}}
- id: start-ex4
  notebook: start
  skill: data-skill
  prompt: What number does the article give for figure F03?
  hint: Look at the `article_value` column of row F03.
  solution: figures.loc[figures["id"] == "F03", "article_value"]
  check: {kind: value, table: figures, id: F03, field: article_value}
- id: start-ex5
  notebook: start
  skill: data-skill
  prompt: Which glossary rows mention paragraph P24?
  hint: Look at `paragraph_ids`.
  solution: 'glossary[glossary["paragraph_ids"].map(lambda ids: "P24" in ids)]'
  check: {kind: frame, table: glossary, where: {paragraph_ids: P24}}
"""


@pytest.fixture
def engine_dir(data_copy: Path) -> Path:
    """A data copy with our own exercise file covering every kind."""
    folder = data_copy / "exercises"
    folder.mkdir()
    shutil.copyfile(data_dir() / "exercises" / "schema.json", folder / "schema.json")
    (folder / "start.yaml").write_text(ENGINE_YAML, encoding="utf-8")
    return data_copy
