"""The review's reproductions (issue 13, items 6-8): one clear line each, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import kzlesson as kz
from kzlesson import paths
from kzlesson.errors import StudentError
from kzlesson.quizzes import progress
from kzlesson.quizzes.core import MAX_REFLECTION, check
from kzlesson.quizzes.progress import ProgressWarning
from kzlesson.teacher.cli import main
from kzlesson.teacher.validate import validate_folder


def _kzlesson(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "kzlesson", *args], timeout=120, **kwargs)


def _one_line(error: StudentError) -> str:
    lines = error._render_traceback_()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def full_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the whole data folder (bank and exercises too), used by default."""
    folder = Path(shutil.copytree(paths.data_dir(), tmp_path / "data"))
    monkeypatch.setattr(paths, "data_dir", lambda: folder)
    monkeypatch.setenv(progress.PROGRESS_ENV, str(tmp_path / "kzlesson-progress.json"))
    monkeypatch.setattr(progress, "_STORES", {})
    return folder


def test_swapped_exercise_arguments_say_which_comes_first() -> None:
    answer = pd.DataFrame({"a": [1]})
    with pytest.raises(StudentError) as raised:
        kz.exercise(answer, "timeline-ex1")  # type: ignore[arg-type]
    line = _one_line(raised.value)
    assert 'kz.exercise("timeline-ex1", answer)' in line and "comes first" in line


def test_one_broken_exercise_file_spoils_only_its_own_exercises(full_data: Path) -> None:
    (full_data / "exercises" / "debate.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    prompt = kz.exercise("timeline-ex1")
    assert "timeline-ex1" in repr(prompt)
    with pytest.raises(StudentError) as raised:
        kz.exercise("debate-ex1", 3)
    line = _one_line(raised.value)
    assert "debate.yaml" in line and "not valid YAML" in line and "kzlesson validate" in line


def test_a_broken_bank_does_not_break_kz_progress(full_data: Path) -> None:
    (full_data / "quizzes" / "start.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.warns(ProgressWarning, match="question bank cannot be read") as caught:
        table = kz.progress()
    assert "\n" not in str(caught[0].message)
    assert list(table.columns) == ["notebook", "answered", "correct", "marked", "total"]
    assert table.iloc[-1]["notebook"] == "all" and int(table.iloc[-1]["answered"]) == 0


def test_a_resource_missing_from_datapackage_is_one_line(full_data: Path) -> None:
    descriptor = json.loads((full_data / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "glossary"]
    (full_data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate_folder(full_data)
    assert any("no resource called 'glossary'" in p for p in report.problems)
    assert all("\n" not in p for p in report.problems)


def test_answer_key_into_a_closed_pipe_ends_quietly() -> None:
    done = subprocess.run(
        f"{sys.executable} -m kzlesson answer-key | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("# Quiz answer key")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_answer_key_onto_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = _kzlesson("answer-key", stdout=full, stderr=subprocess.PIPE)
    err = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in err
    expected = "kzlesson answer-key: error: cannot write the output: No space left on device."
    assert err.strip() == expected


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A read-only tmpfs (root can write into a chmod 555 folder, so mount one)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_handouts_into_a_read_only_folder_is_checked_first(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handouts", str(read_only_folder / "out")]) == 1
    captured = capsys.readouterr()
    assert "Executing" not in captured.out  # refused before any notebook ran
    assert captured.err.strip().startswith("kzlesson handouts: error: cannot write into")
    assert "Read-only file system" in captured.err and len(captured.err.splitlines()) == 1


def test_unknown_option_and_version() -> None:
    bogus = _kzlesson("--bogus", capture_output=True, text=True)
    assert bogus.returncode == 2 and "unknown option --bogus" in bogus.stderr
    assert "required" not in bogus.stderr
    typo = _kzlesson("--verison", capture_output=True, text=True)
    assert typo.returncode == 2 and "Did you mean --version?" in typo.stderr
    version = _kzlesson("--version", capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("kzlesson ")


def test_a_long_argument_is_not_echoed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["doctor", "x" * 100_000])
    assert len(capsys.readouterr().err) < 1000


def test_a_reflection_over_the_limit_is_refused_not_cut() -> None:
    from kzlesson.quizzes.bank import load_bank

    question = next(
        q for qs in load_bank().notebooks.values() for q in qs if q.type == "reflection"
    )
    feedback = check(question, "word " * (MAX_REFLECTION // 4))
    assert not feedback.counted and "the limit is 20,000" in feedback.message


def test_a_lone_surrogate_does_not_stop_saving(full_data: Path) -> None:
    store = progress.store()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressWarning)
        store.record("start-01", "start", "\ud800", False)
        store.record("start-02", "start", "fine", True)
    assert set(store.entries()) == {"start-01", "start-02"}


def _csv_problems(folder: Path) -> list[str]:
    return [p for p in validate_folder(folder).problems if p.startswith("places.csv")]


def test_a_semicolon_csv_is_named(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problems = _csv_problems(data_copy)
    assert len(problems) == 1 and "separated by semicolons (;)" in problems[0]


def test_one_missing_comma_is_one_problem(data_copy: Path) -> None:
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace(",", "", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = [p for p in validate_folder(data_copy).problems if "row 3" in p]
    assert len(problems) == 1 and "values but the header has" in problems[0]


def test_a_huge_value_is_not_echoed_whole(data_copy: Path) -> None:
    from tests.conftest import set_cell

    set_cell(data_copy, "places.csv", 1, "kind", "z" * 100_000)
    problems = _csv_problems(data_copy)
    assert problems and all(len(p) < 1000 for p in problems)
    assert any("100,000 characters" in p for p in problems)


def test_a_nul_byte_is_refused_with_file_row_and_field(data_copy: Path) -> None:
    from tests.conftest import set_cell

    set_cell(data_copy, "places.csv", 2, "name", "Alma\x00ty")
    problems = _csv_problems(data_copy)
    where = "places.csv, row 2 (line 3), field 'name'"
    assert problems == [f"{where}: holds a NUL byte (\\x00): remove it"]


@pytest.mark.parametrize("outside", ["/etc/passwd", "../../../etc/passwd"])
def test_a_resource_path_outside_the_folder_is_not_read(data_copy: Path, outside: str) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][-1]["path"] = outside
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = validate_folder(data_copy).problems
    assert any("outside the data folder; it was not read" in p for p in problems)
    assert not any("root:" in p for p in problems)
