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
