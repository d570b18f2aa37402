"""Issue 12: tables in the notebooks show no tuple syntax and no <NA>."""

from __future__ import annotations

from IPython.core.interactiveshell import InteractiveShell

import kzlesson as kz
from kzlesson.tables import display as tables


def test_tables_read_as_words_in_ipython() -> None:
    shell = InteractiveShell.instance()
    assert tables.install(shell)
    figures = kz.load_figures()
    before = figures._repr_html_()
    assert ",)</td>" in before and "&lt;NA&gt;" in before  # what pandas alone shows
    data, _ = shell.display_formatter.format(figures)
    shown = data["text/html"]
    assert ",)</td>" not in shown and "&lt;NA&gt;" not in shown and "(" + "'" not in shown
    assert "kt-food-prices" in shown
    assert kz.load_figures().equals(figures)  # the data are untouched


def test_dates_stay_on_one_line_in_html_only() -> None:
    """A narrow column must not break "2022-01-02" at its hyphens: the HTML cell gets
    white-space:nowrap; the characters (what a student copies into code) and text/plain stay."""
    shell = InteractiveShell.instance()
    assert tables.install(shell)
    events = kz.load_events()[["id", "date", "summary"]].head(3)
    data, _ = shell.display_formatter.format(events)
    shown = data["text/html"]
    first = events["date"].iloc[0].strftime("%Y-%m-%d")
    assert f'<td class="kz-date" style="white-space:nowrap">{first}</td>' in shown
    assert shown.count("white-space:nowrap") == len(events)  # the date cells, nothing else
    assert "\u2011" not in shown  # no look-alike hyphen that would break a copied date
    assert first in data["text/plain"] and "nowrap" not in data["text/plain"]
    assert tables.nowrap_dates("<td>E001</td><td>2022-01-05 nearby</td>") == (
        "<td>E001</td><td>2022-01-05 nearby</td>"
    )  # only cells that hold a date alone
