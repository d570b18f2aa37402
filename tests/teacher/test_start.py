"""``kzlesson start``: copy the lesson without ever overwriting a student's file, then open Lab."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from kzlesson.teacher.cli import main
from kzlesson.teacher.start import (
    FIRST_NOTEBOOK,
    MANIFEST,
    StartError,
    copy_notebooks,
    lab_command,
    lesson_notebooks,
    notebooks_dir,
)

EXPECTED = [
    "00_start_here.ipynb",
    "01_context.ipynb",
    "02_timeline.ipynb",
    "03_grievances.ipynb",
    "04_debate.ipynb",
    "05_aftermath.ipynb",
]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A small stand-in lesson: two notebooks."""
    folder = tmp_path / "source"
    folder.mkdir()
    (folder / "00_a.ipynb").write_text('{"cells": [], "a": 1}', encoding="utf-8")
    (folder / "01_b.ipynb").write_text('{"cells": [], "b": 2}', encoding="utf-8")
    (folder / "notes.txt").write_text("not a notebook", encoding="utf-8")
    return folder


def test_packaged_notebooks_are_found_in_reading_order() -> None:
    names = [path.name for path in lesson_notebooks()]
    assert names == EXPECTED
    assert notebooks_dir().is_dir()


def test_first_run_adds_every_notebook(source: Path, tmp_path: Path) -> None:
    report = copy_notebooks(tmp_path / "lesson" / "deep", source=source)
    assert report.added == ["00_a.ipynb", "01_b.ipynb"]
    assert report.kept == [] and report.up_to_date == []
    assert (tmp_path / "lesson" / "deep" / "00_a.ipynb").read_text() == '{"cells": [], "a": 1}'
    assert not (tmp_path / "lesson" / "deep" / "notes.txt").exists()


def test_second_run_changes_nothing_and_keeps_student_work(source: Path, tmp_path: Path) -> None:
    lesson = tmp_path / "lesson"
    copy_notebooks(lesson, source=source)
    (lesson / "00_a.ipynb").write_text("my answers", encoding="utf-8")
    (lesson / "01_b.ipynb").unlink()
    (source / "02_c.ipynb").write_text('{"cells": []}', encoding="utf-8")

    report = copy_notebooks(lesson, source=source)

    assert report.kept == ["00_a.ipynb"]
    assert report.added == ["01_b.ipynb", "02_c.ipynb"]
    assert (lesson / "00_a.ipynb").read_text() == "my answers"
    text = "\n".join(report.lines())
    assert "kept yours  00_a.ipynb" in text and "not overwritten" in text
    assert "added       02_c.ipynb" in text


def test_identical_notebooks_are_reported_up_to_date(source: Path, tmp_path: Path) -> None:
    copy_notebooks(tmp_path / "lesson", source=source)
    report = copy_notebooks(tmp_path / "lesson", source=source)
    assert report.up_to_date == ["00_a.ipynb", "01_b.ipynb"]
    assert report.added == [] and report.kept == []


def test_newer_lesson_updates_unedited_copies_and_keeps_edited_ones(
    source: Path, tmp_path: Path
) -> None:
    """An upgrade: the packaged notebooks change after the student's first `kzlesson start`."""
    lesson = tmp_path / "lesson"
    copy_notebooks(lesson, source=source)
    (lesson / "01_b.ipynb").write_text("my answers", encoding="utf-8")  # the student's edit
    (source / "00_a.ipynb").write_text('{"cells": [], "a": "v2"}', encoding="utf-8")
    (source / "01_b.ipynb").write_text('{"cells": [], "b": "v2"}', encoding="utf-8")

    report = copy_notebooks(lesson, source=source)

    assert report.updated == ["00_a.ipynb"]
    assert report.kept == ["01_b.ipynb"]
    assert report.added == [] and report.up_to_date == []
    assert (lesson / "00_a.ipynb").read_text() == '{"cells": [], "a": "v2"}'
    assert (lesson / "01_b.ipynb").read_text() == "my answers"
    text = "\n".join(report.lines())
    assert "updated     00_a.ipynb (a newer version; you had not changed it)" in text
    assert "kept yours  01_b.ipynb" in text

    # A third run: the updated copy is now up to date, the edit is still kept.
    again = copy_notebooks(lesson, source=source)
    assert again.up_to_date == ["00_a.ipynb"] and again.kept == ["01_b.ipynb"]
    assert again.updated == []


def test_manifest_records_what_was_copied(source: Path, tmp_path: Path) -> None:
    lesson = tmp_path / "lesson"
    copy_notebooks(lesson, source=source)
    data = json.loads((lesson / MANIFEST).read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data["files"] == {
        name: hashlib.sha256((source / name).read_bytes()).hexdigest()
        for name in ("00_a.ipynb", "01_b.ipynb")
    }


@pytest.mark.parametrize("manifest", [None, "not json", '{"files": []}', '["x"]'])
def test_without_a_usable_manifest_every_changed_file_is_kept(
    source: Path, tmp_path: Path, manifest: str | None
) -> None:
    """A lesson folder from before the manifest (or a broken one): never overwrite."""
    lesson = tmp_path / "lesson"
    copy_notebooks(lesson, source=source)
    if manifest is None:
        (lesson / MANIFEST).unlink()
    else:
        (lesson / MANIFEST).write_text(manifest, encoding="utf-8")
    (source / "00_a.ipynb").write_text('{"cells": [], "a": "v2"}', encoding="utf-8")

    report = copy_notebooks(lesson, source=source)

    assert report.kept == ["00_a.ipynb"] and report.updated == []
    assert (lesson / "00_a.ipynb").read_text() == '{"cells": [], "a": 1}'
    assert report.up_to_date == ["01_b.ipynb"]


def test_main_upgrade_of_the_real_lesson(tmp_path: Path, monkeypatch, capsys) -> None:
    """`kzlesson start` after a kzlesson upgrade, simulated by a newer notebooks folder."""
    import kzlesson.teacher.start as start

    lesson = tmp_path / "class"
    assert main(["start", str(lesson), "--no-launch"]) == 0
    edited = lesson / "02_timeline.ipynb"
    mine = edited.read_text(encoding="utf-8") + "\n"
    edited.write_text(mine, encoding="utf-8")

    newer = tmp_path / "newer"
    newer.mkdir()
    for path in lesson_notebooks():
        text = path.read_text(encoding="utf-8")
        if path.name in ("01_context.ipynb", "02_timeline.ipynb"):
            text += " "  # a new release of these two
        (newer / path.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(start, "notebooks_dir", lambda: newer)
    capsys.readouterr()

    assert main(["start", str(lesson), "--no-launch"]) == 0
    out = capsys.readouterr().out
    assert "updated     01_context.ipynb" in out
    assert "kept yours  02_timeline.ipynb" in out
    assert out.count("up to date") == len(EXPECTED) - 2
    assert (lesson / "01_context.ipynb").read_bytes() == (newer / "01_context.ipynb").read_bytes()
    assert edited.read_text(encoding="utf-8") == mine


def test_missing_source_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(StartError, match=r"The notebooks folder .*nowhere does not exist\."):
        lesson_notebooks(tmp_path / "nowhere")
    with pytest.raises(StartError) as raised:
        lesson_notebooks(tmp_path)
    assert "No notebooks" in str(raised.value) and "Reinstall" not in str(raised.value)


def test_target_that_is_a_file_is_an_error(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(StartError, match="is a file, not a folder"):
        copy_notebooks(target, source=source)


def test_source_without_notebooks_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StartError, match=r"No notebooks"):
        copy_notebooks(tmp_path / "lesson", source=tmp_path)


def test_lab_command_opens_the_first_notebook(tmp_path: Path) -> None:
    (tmp_path / FIRST_NOTEBOOK).write_text("{}", encoding="utf-8")
    command = lab_command(tmp_path, open_browser=False)
    assert command[:4] == [sys.executable, "-m", "jupyter", "lab"]
    assert FIRST_NOTEBOOK in command and "--no-browser" in command
    assert "--no-browser" not in lab_command(tmp_path, open_browser=True)


def test_main_no_launch_copies_the_real_lesson(tmp_path: Path, capsys) -> None:
    lesson = tmp_path / "class"
    assert main(["start", str(lesson), "--no-launch"]) == 0
    assert sorted(p.name for p in lesson.glob("*.ipynb")) == EXPECTED
    first = capsys.readouterr().out
    assert first.count("added") == len(EXPECTED)

    edited = lesson / "02_timeline.ipynb"
    mine = edited.read_text(encoding="utf-8") + "\n"
    edited.write_text(mine, encoding="utf-8")
    assert main(["start", str(lesson), "--no-launch"]) == 0
    second = capsys.readouterr().out
    assert "kept yours  02_timeline.ipynb" in second
    assert second.count("up to date") == len(EXPECTED) - 1
    assert edited.read_text(encoding="utf-8") == mine


def test_main_into_a_file_fails_cleanly(tmp_path: Path, capsys) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["start", str(target), "--no-launch"]) == 1
    err = capsys.readouterr().err
    assert "kzlesson start: error:" in err and "is a file, not a folder" in err
    assert "Traceback" not in err


def test_default_folder_is_kzlesson_lesson(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["start", "--no-launch"]) == 0
    assert (tmp_path / "kzlesson-lesson" / FIRST_NOTEBOOK).is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_start_launches_jupyterlab_in_the_lesson_folder(tmp_path: Path) -> None:
    """The real command: copies, then execs JupyterLab serving the lesson folder."""
    lesson = tmp_path / "lesson"
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        JUPYTER_PORT=str(port),
        JUPYTER_PORT_RETRIES="0",
        JUPYTER_TOKEN=token,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kzlesson", "start", str(lesson), "--no-browser"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/api/contents?token={token}"
    listing = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    listing = json.load(response)
                break
            except OSError:
                time.sleep(0.3)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            output = proc.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output = proc.communicate()[0]
    assert listing is not None, f"JupyterLab did not answer on port {port}:\n{output[-3000:]}"
    served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    assert served == EXPECTED
    assert "added       00_start_here.ipynb" in output


def test_a_copy_cut_short_by_an_older_run_is_repaired(tmp_path: Path) -> None:
    """The issue's reproduction: a 12 KB 01_context.ipynb and no manifest after a full disk."""
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    whole = (notebooks_dir() / "01_context.ipynb").read_bytes()
    (lesson / "01_context.ipynb").write_bytes(whole[:12_000])
    report = copy_notebooks(lesson)
    assert report.repaired == ["01_context.ipynb"] and not report.kept
    assert (lesson / "01_context.ipynb").read_bytes() == whole
    assert any("repaired    01_context.ipynb" in line for line in report.lines())


def test_an_edited_notebook_is_not_mistaken_for_a_cut_short_copy(tmp_path: Path) -> None:
    lesson = tmp_path / "lesson"
    lesson.mkdir()
    whole = (notebooks_dir() / "01_context.ipynb").read_bytes()
    mine = whole[:12_000] + b"my own notes"
    (lesson / "01_context.ipynb").write_bytes(mine)
    assert copy_notebooks(lesson).kept == ["01_context.ipynb"]
    assert (lesson / "01_context.ipynb").read_bytes() == mine


def test_start_on_a_disk_that_fills_then_frees_ends_with_every_notebook_whole(
    small_disk: Path, fill_disk: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = small_disk / "lesson"
    filler = fill_disk(small_disk, 60_000)  # room for about two notebooks
    assert main(["start", str(lesson), "--no-launch"]) == 1
    err = capsys.readouterr().err
    assert "No space left" in err and "run `kzlesson start` again" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    landed = sorted(p.name for p in lesson.glob("*.ipynb"))
    assert 0 < len(landed) < len(EXPECTED)
    for name in landed:  # whatever landed is whole
        assert (lesson / name).read_bytes() == (notebooks_dir() / name).read_bytes()
    assert not list(lesson.glob(".*.tmp"))
    filler.unlink()
    assert main(["start", str(lesson), "--no-launch"]) == 0
    out = capsys.readouterr().out
    assert "kept yours" not in out
    for name in EXPECTED:
        assert (lesson / name).read_bytes() == (notebooks_dir() / name).read_bytes()
    recorded = json.loads((lesson / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(recorded) == EXPECTED
