"""A misspelt column or row id in a pandas table gives one line with 'did you mean' in IPython."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from kzlesson import keyhints


@pytest.fixture(scope="module")
def shell() -> InteractiveShell:
    shell = InteractiveShell.instance()
    assert keyhints.install(shell)
    shell.run_cell(
        "import kzlesson as kz\nparagraphs = kz.load_paragraphs()\n"
        "views = kz.load_interpretations().set_index('id')"
    )
    return shell


def run(shell: InteractiveShell, code: str, capsys: pytest.CaptureFixture[str]) -> str:
    result = shell.run_cell(code)
    assert result.error_in_exec is not None, "the cell should still fail"
    out = capsys.readouterr()
    return out.out + out.err


def test_misspelt_column_is_one_line_with_nearest(shell, capsys) -> None:
    shown = run(shell, 'paragraphs["speakr"]', capsys)
    assert "Did you mean 'speaker'?" in shown
    assert "Traceback" not in shown and len(shown.strip().splitlines()) == 1


def test_misspelt_row_id_with_loc(shell, capsys) -> None:
    shown = run(shell, 'views.loc["working-class"]', capsys)
    assert "row id 'working-class'" in shown and "'working-class-uprising'" in shown
    assert "Traceback" not in shown and len(shown.strip().splitlines()) == 1


def test_other_key_errors_keep_their_traceback(shell, capsys) -> None:
    shown = run(shell, 'd = {"a": 1}\nd["b"]', capsys)
    assert "Traceback" in shown or "KeyError" in shown
    assert "Did you mean" not in shown and "this table has no" not in shown
    shown = run(shell, "paragraphs[123]", capsys)  # not a string key: the usual error
    assert "this table has no" not in shown


def test_install_is_registered_on_import_inside_ipython(shell) -> None:
    assert getattr(shell, keyhints.HANDLER_MARK) is True
    assert shell.custom_exceptions == (KeyError, NameError)


def test_name_error_is_one_line(shell, capsys) -> None:
    shown = run(shell, "paragraph.head()", capsys)
    assert "Did you mean 'paragraphs'?" in shown and len(shown.strip().splitlines()) == 1
    shown = run(shell, "kz.exercise('start-ex1', answer_never_set)", capsys)
    assert "Run the cells above first" in shown and "Traceback" not in shown
