"""The progress store never loses or destroys: foreign files, damage, full disks, two kernels."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from kzlesson.quizzes import progress
from kzlesson.quizzes.progress import ProgressStore, ProgressWarning

NOTEBOOK = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []})


def _snapshot(path: Path) -> tuple[int, int, bytes | None]:
    info = os.lstat(path)
    data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    return info.st_ino, info.st_mode, data


def _assert_refused_and_untouched(path: Path) -> None:
    before = _snapshot(path)
    folder = sorted(path.parent.iterdir())
    with pytest.warns(ProgressWarning, match="left untouched") as caught:
        store = ProgressStore(path)
        entry = store.record("start-01", "start", "a", True)
    assert len(caught) == 1 and "\n" not in str(caught[0].message)
    assert "in memory" in str(caught[0].message)
    assert entry["attempts"] == 1 and store.get("start-01") is not None
    assert store.memory_only
    assert _snapshot(path) == before
    assert sorted(path.parent.iterdir()) == folder  # no backup, lock or temp file next to it


def test_a_notebook_is_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "00_start_here.ipynb"
    path.write_text(NOTEBOOK, encoding="utf-8")
    _assert_refused_and_untouched(path)


@pytest.mark.parametrize("content", ['{"answers": []}', "[1, 2, 3]", '{"a": 1}', "plain text"])
def test_other_files_are_never_touched(tmp_path: Path, content: str) -> None:
    path = tmp_path / "data.json"
    path.write_text(content, encoding="utf-8")
    _assert_refused_and_untouched(path)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a character device needs root")
def test_a_device_is_never_touched(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    _assert_refused_and_untouched(device)


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    _assert_refused_and_untouched(fifo)  # reading a FIFO would hang this test


def test_kz_progress_on_a_notebook_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's reproduction: KZLESSON_PROGRESS=00_start_here.ipynb, then kz.progress()."""
    notebook = tmp_path / "00_start_here.ipynb"
    notebook.write_text(NOTEBOOK, encoding="utf-8")
    monkeypatch.setenv(progress.PROGRESS_ENV, str(notebook))
    monkeypatch.setattr(progress, "_STORES", {})
    with pytest.warns(ProgressWarning, match="it is a notebook"):
        table = progress.progress_table()
    assert int(table.iloc[-1]["answered"]) == 0
    assert notebook.read_text(encoding="utf-8") == NOTEBOOK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_start_here.ipynb"]


def _entry(question_id: str) -> str:
    entry = {"notebook": "start", "response": "a", "correct": True, "attempts": 1, "wrong": 0}
    return f'"{question_id}": {json.dumps(entry)}'


def test_damaged_file_is_salvaged_and_the_original_kept(progress_file: Path) -> None:
    good = ",\n".join(_entry(f"start-0{n}") for n in range(1, 4))
    damaged = '{"answers": {' + good + ', "start-04": {"notebook": "sta'  # cut off mid-write
    damaged += ' "format": "kzlesson-progress"'
    progress_file.write_text(damaged, encoding="utf-8")
    with pytest.warns(ProgressWarning, match="3 answer") as caught:
        store = ProgressStore()
    message = str(caught[0].message)
    moved = list(progress_file.parent.glob("*.bak-*"))
    assert len(moved) == 1 and str(moved[0]) in message
    assert moved[0].read_text(encoding="utf-8") == damaged
    assert set(store.entries()) == {"start-01", "start-02", "start-03"}
    on_disk = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]
    assert set(on_disk) == {"start-01", "start-02", "start-03"}


def test_deep_nesting_does_not_break_the_quiz(progress_file: Path) -> None:
    progress_file.write_text(
        '{"format": "kzlesson-progress", "answers": {"x": ' + "[" * 200_000, encoding="utf-8"
    )
    with pytest.warns(ProgressWarning, match="was moved to") as caught:
        store = ProgressStore()
        store.record("start-01", "start", "a", True)
    assert len(caught) == 1
    assert json.loads(progress_file.read_text(encoding="utf-8"))["answers"]["start-01"]


def test_the_last_good_state_is_kept_as_a_backup(progress_file: Path) -> None:
    store = ProgressStore()
    store.record("start-01", "start", "a", True)
    store.record("start-02", "start", "b", False)
    backup = json.loads(store.backup_path.read_text(encoding="utf-8"))
    assert backup["format"] == "kzlesson-progress" and set(backup["answers"]) == {"start-01"}


def test_a_failed_save_is_retried_and_the_notice_says_when_it_works(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = progress._write_atomic
    full = {"on": True}

    def maybe_full(path: Path, text: str) -> None:
        if full["on"] and path == progress_file:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(progress, "_write_atomic", maybe_full)
    store = ProgressStore()
    with pytest.warns(ProgressWarning, match="No space left") as failed:
        store.record("start-01", "start", "a", True)
        store.record("start-02", "start", "b", False)
    assert len(failed) == 1 and store.memory_only
    full["on"] = False
    with pytest.warns(ProgressWarning, match="Saving works again") as resumed:
        store.record("start-03", "start", "c", True)
    assert len(resumed) == 1 and not store.memory_only
    on_disk = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]
    assert set(on_disk) == {"start-01", "start-02", "start-03"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressWarning)
        store.record("start-04", "start", "d", True)  # no notice while all is well


def test_a_lone_surrogate_is_saved(progress_file: Path) -> None:
    store = ProgressStore()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressWarning)
        store.record("start-01", "start", "bad \udc80 text", False)
    saved = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]["start-01"]
    assert saved["response"] == "bad \ufffd text"


WORKER = textwrap.dedent(
    """
    import sys, time, warnings
    from pathlib import Path
    from kzlesson.quizzes.progress import ProgressStore
    path, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    store = ProgressStore(path)
    while not go.exists():
        time.sleep(0.005)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for n in range(200):
            store.record(f"{name}-{n}", "start", n, n % 2 == 0)
    """
)


def test_four_kernels_answering_at_once_keep_all_800_answers(tmp_path: Path) -> None:
    path, go = tmp_path / "kzlesson-progress.json", tmp_path / "go"
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), f"k{k}", str(go)])
        for k in range(4)
    ]
    go.touch()
    assert [w.wait(timeout=240) for w in workers] == [0, 0, 0, 0]
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    assert len(answers) == 800
    assert {answers[f"k{k}-{n}"]["response"] for k in range(4) for n in range(200)} == set(
        range(200)
    )


def test_a_full_disk_then_freed_resumes_saving(
    small_disk: Path, fill_disk: Callable[..., Path]
) -> None:
    path = small_disk / "kzlesson-progress.json"
    store = ProgressStore(path)
    store.record("start-01", "start", "a", True)
    filler = fill_disk(small_disk)
    with pytest.warns(ProgressWarning, match="No space left"):
        for n in range(2, 6):
            store.record(f"start-0{n}", "start", "x" * 5000, False)
    assert json.loads(path.read_text(encoding="utf-8"))["answers"].keys() == {"start-01"}
    filler.unlink()
    with pytest.warns(ProgressWarning, match="Saving works again"):
        store.record("start-06", "start", "b", True)
    on_disk = json.loads(path.read_text(encoding="utf-8"))["answers"]
    assert set(on_disk) == {f"start-0{n}" for n in range(1, 7)}
    assert not list(small_disk.glob("*.tmp"))


def test_a_file_that_cannot_be_read_now_is_never_written_over(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore()
    store.record("start-01", "start", "a", True)
    before = progress_file.read_bytes()
    real = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == progress_file:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.warns(ProgressWarning, match="Cannot read the progress file") as caught:
        store.record("start-02", "start", "b", True)
        store.record("start-03", "start", "c", True)
    assert len(caught) == 1 and store.memory_only
    assert real(progress_file) == before  # not written over while unread
    monkeypatch.setattr(Path, "read_bytes", real)
    store.record("start-04", "start", "d", True)
    on_disk = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]
    assert set(on_disk) == {"start-01", "start-02", "start-03", "start-04"}
    assert not store.memory_only
