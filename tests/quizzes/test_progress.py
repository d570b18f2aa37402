"""The progress file: saved checks, damaged files, unwritable places, two writers, scores."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest

from kzlesson.quizzes import progress
from kzlesson.quizzes.bank import questions
from kzlesson.quizzes.progress import ProgressStore, ProgressWarning, progress_path, progress_table


def test_default_path_is_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(progress.PROGRESS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert progress_path() == tmp_path / "kzlesson-progress.json"
    monkeypatch.setenv(progress.PROGRESS_ENV, str(tmp_path / "elsewhere.json"))
    assert progress_path() == tmp_path / "elsewhere.json"


def test_record_writes_every_field(progress_file: Path) -> None:
    store = ProgressStore()
    assert store.path == progress_file
    store.record("timeline-02", "timeline", "4", False)
    entry = store.record("timeline-02", "timeline", "5", True)
    assert (entry["attempts"], entry["wrong"], entry["correct"]) == (2, 1, True)
    saved = json.loads(progress_file.read_text(encoding="utf-8"))
    assert saved["format"] == "kzlesson-progress" and saved["version"] == 1
    on_disk = saved["answers"]["timeline-02"]
    assert on_disk["response"] == "5" and on_disk["notebook"] == "timeline"
    assert [h["response"] for h in on_disk["history"]] == ["4", "5"]
    assert on_disk["time"][:4].isdigit() and "T" in on_disk["time"]
    left = sorted(p.name for p in progress_file.parent.iterdir())  # no temp file left
    assert left == [
        f".{progress_file.name}.lock",
        progress_file.name,
        f"{progress_file.name}.backup",
    ]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('{"format": "kzlesson-progress", "answers": {', "not valid JSON"),
        (b'{"format": "kzlesson-progress", "answers": {}}\xff\xfe', "not valid UTF-8"),
    ],
)
def test_damaged_file_is_moved_aside(progress_file: Path, content: str | bytes, why: str) -> None:
    if isinstance(content, bytes):
        progress_file.write_bytes(content)
    else:
        progress_file.write_text(content, encoding="utf-8")
    with pytest.warns(ProgressWarning, match=why) as caught:
        store = ProgressStore()
    assert len(caught) == 1 and "\n" not in str(caught[0].message)
    backups = list(progress_file.parent.glob("kzlesson-progress.json.bak-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == (content if isinstance(content, bytes) else content.encode())
    assert store.entries() == {}
    store.record("start-01", "start", "a", True)
    assert json.loads(progress_file.read_text(encoding="utf-8"))["answers"]["start-01"]["correct"]


def test_unwritable_place_warns_once_and_keeps_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("I am a file, not a folder")
    store = ProgressStore(blocker / "progress.json")  # tests run as root: chmod would not stop us
    with pytest.warns(ProgressWarning, match="Cannot save answers") as caught:
        store.record("start-01", "start", "b", False)
        store.record("start-01", "start", "a", True)
    assert len(caught) == 1
    assert store.memory_only
    entry = store.get("start-01")
    assert entry is not None and (entry["attempts"], entry["correct"]) == (2, True)


def test_unwritable_existing_file_is_simulated_with_monkeypatch(
    progress_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    store = ProgressStore()
    monkeypatch.setattr(progress.os, "replace", refuse)
    with pytest.warns(ProgressWarning, match="Permission denied"):
        store.record("context-01", "context", "a", True)
    assert not progress_file.exists()
    assert not list(progress_file.parent.glob("*tmp"))  # the temp file was removed
    assert store.get("context-01") is not None


def test_two_writers_one_after_the_other(progress_file: Path) -> None:
    first, second = ProgressStore(progress_file), ProgressStore(progress_file)
    first.record("start-01", "start", "a", True)
    second.record("timeline-01", "timeline", ["x"], False)
    first.record("timeline-01", "timeline", ["y"], True)
    answers = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]
    assert set(answers) == {"start-01", "timeline-01"}
    assert answers["timeline-01"]["attempts"] == 2 and answers["timeline-01"]["response"] == ["y"]
    assert set(second.entries()) == {"start-01", "timeline-01"}


def test_odd_responses_are_saved_as_json(progress_file: Path) -> None:
    store = ProgressStore()
    store.record("q-01", "start", {"a": {1, 2}, "b": float("nan"), "c": object()}, False)
    store.record("q-02", "start", "x" * 50_000, False)
    saved = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]
    assert saved["q-01"]["response"]["a"] == [1, 2]
    assert saved["q-01"]["response"]["b"] == "nan"
    assert len(saved["q-02"]["response"]) < 20_100


def test_progress_table_scores(progress_file: Path) -> None:
    store = progress.store()
    store.record("timeline-01", "timeline", [], True)
    store.record("timeline-02", "timeline", "4", False)
    store.record("debate-07", "debate", "my view", None)
    table = progress_table().set_index("notebook")
    assert list(table.columns) == ["answered", "correct", "marked", "total"]
    assert (table.loc["timeline", "answered"], table.loc["timeline", "correct"]) == (2, 1)
    assert (table.loc["debate", "answered"], table.loc["debate", "correct"]) == (1, 0)
    # reflections are saved but never marked right or wrong
    reflections = sum(q.type == "reflection" for q in questions("debate"))
    assert reflections >= 1
    assert table.loc["debate", "marked"] == table.loc["debate", "total"] - reflections
    assert table.loc["all", "answered"] == 3
    assert table.loc["all", "total"] == table.drop("all")["total"].sum()


def test_no_warning_for_a_missing_file(progress_file: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ProgressStore().entries() == {}
    assert not os.path.exists(progress_file)


DAMAGED_ENTRY = '{"format":"kzlesson-progress","answers":{"start-01":{"history":5}}}'


@pytest.mark.parametrize(
    "entry",
    [
        '{"history": 5}',
        '{"history": [1, "x"], "attempts": "two", "wrong": -1, "correct": "yes"}',
        '{"notebook": 3, "first_time": 7, "time": null}',
        "5",
    ],
)
def test_damaged_entry_is_reset_with_one_warning(progress_file: Path, entry: str) -> None:
    progress_file.write_text(
        '{"format":"kzlesson-progress","answers":{"start-01":' + entry + "}}", encoding="utf-8"
    )
    with pytest.warns(ProgressWarning, match=r"damaged \(start-01\)") as caught:
        store = ProgressStore()
        saved = store.record("start-01", "start", "a", True)  # raised TypeError before
    assert len(caught) == 1 and "\n" not in str(caught[0].message)
    assert saved["attempts"] == 1 and saved["correct"] is True
    assert [h["response"] for h in saved["history"]] == ["a"]
    on_disk = json.loads(progress_file.read_text(encoding="utf-8"))["answers"]["start-01"]
    assert on_disk["history"][0]["response"] == "a"


def test_good_entries_survive_next_to_a_damaged_one(progress_file: Path) -> None:
    good = {"notebook": "start", "response": "a", "correct": True, "attempts": 3, "wrong": 2}
    doc = {"format": "kzlesson-progress", "answers": {"start-01": good, "start-04": {"wrong": []}}}
    progress_file.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.warns(ProgressWarning, match="start-04"):
        entries = ProgressStore().entries()
    assert entries["start-01"] == good
    assert entries["start-04"] == {}


def test_two_damaged_files_in_one_second_keep_both_backups(progress_file: Path) -> None:
    for content in ('{"format": "kzlesson-progress", 1', '{"format": "kzlesson-progress", 2'):
        progress_file.write_text(content, encoding="utf-8")
        with pytest.warns(ProgressWarning, match="was moved to"):
            ProgressStore()
    backups = sorted(p.read_text() for p in progress_file.parent.glob("*.bak-*"))
    assert backups == ['{"format": "kzlesson-progress", 1', '{"format": "kzlesson-progress", 2']


def test_saving_keeps_the_file_mode(progress_file: Path) -> None:
    ProgressStore().record("start-01", "start", "a", True)
    umask = os.umask(0)
    os.umask(umask)
    assert progress_file.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600
    os.chmod(progress_file, 0o640)
    ProgressStore().record("start-01", "start", "b", False)
    assert progress_file.stat().st_mode & 0o777 == 0o640


def test_warnings_point_at_the_callers_line(progress_file: Path) -> None:
    """kz.progress() must not show an internal line such as ``return self._move_aside(...)``."""
    progress_file.write_text("{broken", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress_table()
    assert len(caught) == 1
    assert caught[0].filename == __file__, caught[0].filename
    shown = warnings.formatwarning(
        caught[0].message, caught[0].category, caught[0].filename, caught[0].lineno
    )
    assert "_move_aside" not in shown and "progress_table()" in shown
