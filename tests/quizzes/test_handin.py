"""The hand-in's data (kzlesson/quizzes/handin.py): the block a hand-in page carries survives
any text a student types, is found again in the page, and a cut-off or foreign page is named."""

from __future__ import annotations

import pytest

from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.handin import HandinError, data_block, handin_data, problems, read_block


def _data(reflection: str) -> dict:
    entries = {
        "start-01": {"notebook": "start", "response": "a", "correct": True, "attempts": 1},
        "debate-07": {"notebook": "debate", "response": reflection, "correct": None},
    }
    return handin_data(load_bank(), entries, "Aigerim")


def test_the_block_round_trips_whatever_the_student_wrote() -> None:
    tricky = "</script><script>alert(1)</script> & \u2028 «Жаңаөзен»"
    data = _data(tricky)
    assert problems(data) == []
    page = f"<html><body><p>Aigerim</p>{data_block(data)}</body></html>"
    assert "</script><script>" not in page.split("kzlesson-handin", 1)[1].split("</script>")[0]
    back = read_block(page)
    assert back == data
    assert any(q["id"] == "debate-07" for q in back["questions"])


def test_a_cut_off_or_foreign_page_says_what_is_wrong() -> None:
    page = data_block(_data("My view."))
    with pytest.raises(HandinError, match="cut off"):
        read_block(page[: len(page) // 2])
    with pytest.raises(HandinError, match="no hand-in data block"):
        read_block("<html>just a page</html>")
    broken = {**_data("x"), "student": 42}
    assert any(path == ("student",) for path, _ in problems(broken))
