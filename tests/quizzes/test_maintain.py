"""The maintainer's bank command (kzlesson/quizzes/maintain.py): unseal shows the answers to
edit, seal hides them again, and the sealed file is the one the bank loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from kzlesson.quizzes import codec
from kzlesson.quizzes.bank import load_bank, quiz_dir
from kzlesson.quizzes.maintain import main


def test_unseal_then_seal_gives_back_a_bank_that_loads(tmp_path: Path, capsys) -> None:
    bank = Path(shutil.copytree(quiz_dir(), tmp_path / "quizzes"))
    sealed = bank / "start.yaml"
    plain = tmp_path / "start.plain.yaml"
    assert main(["unseal", str(sealed), "-o", str(plain)]) == 0
    text = plain.read_text(encoding="utf-8")
    assert codec.PREFIX not in text  # every answer readable for editing
    assert main(["seal", str(plain), "-o", str(sealed)]) == 0
    resealed = yaml.safe_load(sealed.read_text(encoding="utf-8"))
    keys = [q["answer"] for q in resealed["questions"]]
    assert keys and all(codec.is_encoded(k) for k in keys)
    assert load_bank(bank).questions("start") == load_bank().questions("start")


def test_encode_and_decode_one_answer(capsys) -> None:
    assert main(["encode", '{"answer": "b"}']) == 0
    encoded = capsys.readouterr().out.strip()
    assert codec.is_encoded(encoded)
    assert main(["decode", encoded]) == 0
    assert json.loads(capsys.readouterr().out) == {"answer": "b"}
