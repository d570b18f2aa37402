"""Check that the bank's answers agree with the curated data tables they point to.

A question may name, in ``data_check``, the table cell that holds its answer (a claim's verdict, a
figure's verified value, a paragraph's speaker). :func:`data_disagreements` lists every question
whose answer the data contradicts: such a question is a bug in the bank or in the data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..tables.load import load_table
from .bank import Bank


def _cell(frame: Any, row_id: str, field_name: str) -> Any:
    """One cell of a data table by row id (None if there is no such row)."""
    rows = frame[frame["id"] == row_id]
    return None if rows.empty else rows.iloc[0][field_name]


def data_disagreements(bank: Bank, data_directory: str | Path | None = None) -> list[str]:
    """Questions whose answer disagrees with the curated data their ``data_check`` names.

    single: the right option's id equals the cell; numeric: the answer is within the tolerance
    of the cell; truefalse: the answer equals the (boolean) cell; classify and matching: each
    item's label or match equals the cell of the row its ``ref`` names. Each problem names the
    question, the table, the row id and the field.
    """
    problems: list[str] = []
    for q in bank.all():
        spec = q.data_check
        if not spec:
            continue
        frame = load_table(spec["table"], data_directory)
        if q.type in ("single", "numeric", "truefalse"):
            problems += _one_cell(q, frame, spec)
        elif q.type in ("classify", "matching"):
            problems += _item_cells(q, frame, spec)
        else:
            where = f"{q.id} ({spec['table']}.{spec['field']})"
            problems.append(f"{where}: data_check is not supported for {q.type} questions")
    return problems


def _one_cell(q: Any, frame: Any, spec: dict[str, Any]) -> list[str]:
    """A single, numeric or truefalse answer against the one cell ``spec`` names."""
    row_id = spec.get("id", "")
    where = f"{q.id} ({spec['table']} row {row_id}, {spec['field']})"
    cell = _cell(frame, row_id, spec["field"])
    if cell is None or str(cell) in ("<NA>", "nan", "NaT"):
        return [f"{where}: no value for {row_id!r} in the data"]
    if q.type == "numeric":
        agrees = abs(float(cell) - float(q.key.answer)) <= q.key.tolerance
    elif q.type == "truefalse":
        agrees = bool(cell) == bool(q.key.answer)
    else:
        agrees = str(cell) == q.key.answer
    if agrees:
        return []
    if q.type == "single":
        return [f"{where}: answer {q.key.answer!r} but the data says {cell!r}"]
    return [f"{where}: answer {q.key.answer} but the data says {cell}"]


def _item_cells(q: Any, frame: Any, spec: dict[str, Any]) -> list[str]:
    """Each classify label or matching choice against the cell of the row its ``ref`` names."""
    where = f"{q.id} ({spec['table']}.{spec['field']})"
    items = q.items if q.type == "classify" else q.left
    problems = []
    for item in items:
        if not item.ref:
            continue
        cell = _cell(frame, item.ref, spec["field"])
        given = q.key.answer[item.id]
        if cell is None or str(cell) != given:
            problems.append(f"{where}: {item.ref} is {given!r} here, {cell!r} in the data")
    return problems
