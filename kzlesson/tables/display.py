"""How a pandas table reads in the lesson's notebooks: list cells as words, missing values blank.

The loaders keep list fields as tuples and missing values as ``<NA>`` (that is what pandas code
should see). A student reading a table needs ``kt-food-prices`` rather than
``(kt-food-prices,)`` and an empty cell rather than ``<NA>``. Inside IPython, ``import kzlesson``
registers :func:`frame_html` as the HTML display of DataFrames; the data and ``text/plain`` are
untouched. Text is left-aligned by the house stylesheet (kzlesson.house). Date cells do not wrap
(a narrow column would otherwise break "2022-01-02" at its hyphens): a style on the cell, not a
different character, so a date copied from the table still works in code.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pandas as pd

MARK = "_kzlesson_tables"
# A cell that holds only a date (and perhaps a time), as pandas writes it in HTML.
_DATE_CELL = re.compile(r"<td>(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)</td>")
_NOWRAP_CELL = r'<td class="kz-date" style="white-space:nowrap">\1</td>'


def _cell(value: Any) -> Any:
    """A tuple as 'a, b'; anything else unchanged."""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return value


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: tuples joined with commas, missing text and numbers blank."""
    shown = frame.copy()
    for column in shown.columns:
        series = shown[column]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            continue
        if series.dtype == object:
            series = series.map(_cell)
        if series.isna().any():
            series = series.astype(object).where(series.notna(), "")
        shown[column] = series
    return shown


def nowrap_dates(table_html: str) -> str:
    """``table_html`` with every cell that holds only a date kept on one line."""
    return _DATE_CELL.sub(_NOWRAP_CELL, table_html)


def frame_html(frame: pd.DataFrame) -> str | None:
    """The HTML display of ``frame`` (see :func:`readable`), its dates unbroken
    (:func:`nowrap_dates`); None lets IPython fall back."""
    try:
        shown = readable(frame)._repr_html_()
        return None if shown is None else nowrap_dates(shown)
    except Exception:  # noqa: BLE001 - a display must never fail: IPython shows the default
        return None


def install(shell: Any = None) -> bool:
    """Register :func:`frame_html` for DataFrames in the running IPython (if any)."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # never import IPython outside it
        shell = ipython.get_ipython() if ipython is not None else None
    formatter = getattr(getattr(shell, "display_formatter", None), "formatters", {}).get(
        "text/html"
    )
    if formatter is None:
        return False
    if not getattr(shell, MARK, False):
        formatter.for_type(pd.DataFrame, frame_html)
        setattr(shell, MARK, True)
    return True
