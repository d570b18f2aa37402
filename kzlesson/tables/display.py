"""How a pandas table reads in the lesson's notebooks: list cells as words, missing values blank.

The loaders keep list fields as tuples and missing values as ``<NA>`` (that is what pandas code
should see). A student reading a table needs ``kt-food-prices`` rather than
``(kt-food-prices,)`` and an empty cell rather than ``<NA>``. Inside IPython, ``import kzlesson``
registers :func:`frame_html` as the HTML display of DataFrames; the data and ``text/plain`` are
untouched. Text is left-aligned by the house stylesheet (kzlesson.house).
"""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

MARK = "_kzlesson_tables"


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


def frame_html(frame: pd.DataFrame) -> str | None:
    """The HTML display of ``frame`` (see :func:`readable`); None lets IPython fall back."""
    try:
        return readable(frame)._repr_html_()
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
