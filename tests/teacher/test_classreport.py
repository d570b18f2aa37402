"""kzlesson class-report: bad input loses nothing and stops nothing (one line per file, the rest
still reported, exit code saying so); names hidden with --anonymous; the CSV; the hand-in data."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from kzlesson.quizzes import handin, progress
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.export import export_answers
from kzlesson.teacher.classreport import EXIT_NOTHING, EXIT_OK, EXIT_SKIPPED
from kzlesson.teacher.cli import main

BLOCK = re.compile(r'(<script type="application/json" id="kzlesson-handin">)(.*?)(</script>)', re.S)


def make_handin(folder: Path, name: str, answer: str = "b", file: str | None = None) -> Path:
    """A hand-in of a student who answered start-01 (wrong, then right) and a reflection."""
    store = progress.ProgressStore(folder / f".{name}-progress.json")
    store.record("start-01", "start", answer, answer == "a")
    if answer != "a":
        store.record("start-01", "start", "a", True)
    store.record("debate-07", "debate", f"Reflection of {name}", None)
    target = folder / (file or f"{name.lower().replace(' ', '-')}.html")
    return Path(export_answers(target, name=name, progress=store))


def edit_data(path: Path, change) -> None:
    """Rewrite the data block of a hand-in through ``change(data)``."""
    text = path.read_text(encoding="utf-8")
    found = BLOCK.search(text)
    data = json.loads(found.group(2))
    change(data)
    new = handin.data_block(data)
    path.write_text(text[: found.start()] + new + text[found.end() :], encoding="utf-8")


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    """Run the command; (exit code, stderr lines, stdout)."""
    code = main(["class-report", *args])
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    folder = tmp_path / "handins"
    folder.mkdir()
    make_handin(folder, "Aigerim")
    make_handin(folder, "Bolat", answer="c")
    make_handin(folder, "Dana", answer="a")
    return folder


def test_a_good_class_is_read_in_full(klass: Path, capsys) -> None:
    code, err, out = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert (code, err) == (EXIT_OK, [])
    assert "3 students" in out
    page = (klass / "class.html").read_text(encoding="utf-8")
    for name in ("Aigerim", "Bolat", "Dana"):
        assert f"Reflection of {name}" in page
    # start-01: 3 answered, 1 right first time (Dana), 3 right eventually; wrong answers counted
    row = page.split("id='q-start-01'")[1].split("</tr>")[0]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert cells[2:5] == ["3", "1 (33%)", "3 (100%)"]
    assert "1 student" in row and "Feedback: " in row
    # the report itself (in the folder read) is not read as a hand-in the next time
    code, err, _ = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert (code, err) == (EXIT_OK, [])


def _only_line_for(err: list[str], path: Path) -> str:
    lines = [line for line in err if line.startswith(str(path))]
    assert len(lines) == 1, err
    return lines[0]


def test_corrupt_truncated_and_foreign_files_each_get_one_line(klass: Path, capsys) -> None:
    corrupt = make_handin(klass, "Erlan")
    corrupt.write_text(corrupt.read_text(encoding="utf-8").replace('"format"', '"format', 1))
    truncated = make_handin(klass, "Farida")
    truncated.write_text(truncated.read_text(encoding="utf-8")[:-300])
    cut_early = make_handin(klass, "Gulnar")
    cut_early.write_text(cut_early.read_text(encoding="utf-8")[:2000])
    other = klass / "notes.html"
    other.write_text("<html><body><p>My homework</p></body></html>")
    binary = klass / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    deep = klass / "deep.html"
    deep.write_text(
        f'<script type="application/json" id="kzlesson-handin">{"[" * 100_000}</script>'
    )
    code, err, out = run(capsys, str(klass), "-o", str(klass.parent / "class.html"))
    assert code == EXIT_SKIPPED and "3 students" in out
    assert "not valid JSON" in _only_line_for(err, corrupt)
    assert "cut off" in _only_line_for(err, truncated)
    assert "cut off" in _only_line_for(err, cut_early)
    assert "not a kzlesson hand-in" in _only_line_for(err, other)
    assert "not a text file" in _only_line_for(err, binary)
    assert "nested too deeply" in _only_line_for(err, deep)
    assert len(err) == 6 and all("Traceback" not in line for line in err)
    page = (klass.parent / "class.html").read_text(encoding="utf-8")
    assert "Files not read in full" in page and "notes.html" in page


def test_hand_edited_file(klass: Path, capsys) -> None:
    whole = make_handin(klass, "Erlan")
    edit_data(whole, lambda d: d.update(student=5))
    part = make_handin(klass, "Farida")

    def break_one(data: dict) -> None:
        data["questions"][0]["attempts"] = "lots"

    edit_data(part, break_one)
    code, err, out = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert code == EXIT_SKIPPED and "4 students" in out  # Farida is read, without start-01
    assert "skipped: hand-edited or damaged: student" in _only_line_for(err, whole)
    assert "read, but hand-edited or damaged questions left out: start-01" in _only_line_for(
        err, part
    )


def test_another_lesson_version_and_a_newer_format(klass: Path, capsys) -> None:
    old = make_handin(klass, "Erlan")

    def rename(data: dict) -> None:
        data["questions"][0]["id"] = "start-99"
        data["exercises"][0]["id"] = "start-ex9"

    edit_data(old, rename)
    newer = make_handin(klass, "Farida")
    edit_data(newer, lambda d: d.update(version=2))
    code, err, out = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert code == EXIT_SKIPPED and "4 students" in out
    line = _only_line_for(err, old)
    assert "another lesson version" in line and "start-99" in line and "start-ex9" in line
    line = _only_line_for(err, newer)
    assert "format version 2, this kzlesson reads version 1: update kzlesson" in line


def test_two_hand_ins_from_one_student_keep_the_newer(klass: Path, capsys) -> None:
    first = klass / "bolat.html"
    second = make_handin(klass, " bolat ", answer="a", file="bolat-again.html")
    edit_data(second, lambda d: d.update(exported="2099-01-01T10:00:00+00:00"))
    code, err, out = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert code == EXIT_SKIPPED and "3 students" in out
    line = _only_line_for(err, first)
    assert "same student" in line and "bolat-again.html" in line
    page = (klass / "class.html").read_text(encoding="utf-8")
    row = page.split("id='q-start-01'")[1].split("</tr>")[0]
    assert re.findall(r"<td>(.*?)</td>", row, re.S)[3] == "2 (67%)"  # the newer: right at once


def test_empty_folder_missing_file_and_nothing_readable(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".ipynb_checkpoints").mkdir()
    (empty / ".ipynb_checkpoints" / "x.html").write_text("<html></html>")
    code, err, out = run(capsys, str(empty), str(tmp_path / "nope.html"), "-o", "r.html")
    assert code == EXIT_NOTHING and out == ""
    assert err[0] == f"{empty}: an empty folder: no hand-in (.html) or kzlesson-progress.json in it"
    assert err[1] == f"{tmp_path / 'nope.html'}: no such file or folder"
    assert "no report written" in err[2] and not Path("r.html").exists()


def test_older_hand_in_without_data(klass: Path, capsys) -> None:
    old = make_handin(klass, "Erlan")
    old.write_text(BLOCK.sub("", old.read_text(encoding="utf-8")))
    code, err, _ = run(capsys, str(klass), "-o", str(klass / "class.html"))
    assert code == EXIT_SKIPPED
    assert "older kzlesson" in _only_line_for(err, old)


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["class-report", "x.html"])
    assert stop.value.code == 2
    assert "-o/--out" in capsys.readouterr().err


def test_unwritable_report(klass: Path, capsys) -> None:
    code, err, _ = run(capsys, str(klass), "-o", str(klass / "no" / "such" / "class.html"))
    assert code == EXIT_NOTHING and "cannot write the report" in err[-1]


def test_progress_files_from_student_folders(tmp_path: Path, capsys) -> None:
    homes = tmp_path / "home"
    for user, answer in (("aigerim", "a"), ("bolat", "b")):
        (homes / user / "lesson").mkdir(parents=True)
        store = progress.ProgressStore(homes / user / "lesson" / "kzlesson-progress.json")
        store.record("start-01", "start", answer, answer == "a")
        store.record("timeline-ex2", "timeline", {"answer": "3", "result": "no"}, False)
    broken = homes / "dana" / "kzlesson-progress.json"
    broken.parent.mkdir()
    broken.write_text('{"format": "kzlesson-progress", "answers": {', encoding="utf-8")
    before = sorted(p.name for p in broken.parent.iterdir())
    code, err, out = run(capsys, str(homes), "-o", str(tmp_path / "class.html"))
    assert code == EXIT_SKIPPED and "2 students" in out
    assert "damaged progress file" in _only_line_for(err, broken)
    assert sorted(p.name for p in broken.parent.iterdir()) == before  # nothing moved aside
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert "<td>aigerim/lesson</td>" in page and "<td>bolat/lesson</td>" in page
    assert "timeline-ex2" in page


def test_a_cut_off_progress_file_is_salvaged_and_left_as_it_is(tmp_path: Path, capsys) -> None:
    store = progress.ProgressStore(tmp_path / "erlan" / "kzlesson-progress.json")
    store.record("start-01", "start", "a", True)
    store.record("debate-07", "debate", "Reflection of Erlan, in his own words", None)
    text = store.path.read_text(encoding="utf-8")
    cut = text.removesuffix("\n}}\n") + ',\n"start-0'  # cut off while saving
    store.path.write_text(cut, encoding="utf-8")
    before = sorted(p.name for p in store.path.parent.iterdir())
    code, err, out = run(capsys, str(tmp_path), "-o", str(tmp_path / "class.html"))
    assert "1 student" in out
    line = _only_line_for(err, store.path)
    assert "damaged progress file (it is not valid JSON): 2 answer(s) salvaged" in line
    assert sorted(p.name for p in store.path.parent.iterdir()) == before  # nothing moved
    assert store.path.read_text(encoding="utf-8") == cut  # nor rewritten
    page = (tmp_path / "class.html").read_text(encoding="utf-8")
    assert "Reflection of Erlan, in his own words" in page


def test_markdown_hand_in_and_damaged_progress_entries(tmp_path: Path, capsys) -> None:
    md = make_handin(tmp_path, "Aigerim", file="aigerim.md")
    assert md.read_text(encoding="utf-8").startswith("# My quiz answers")
    (tmp_path / "README.md").write_text("# Not a hand-in\n")  # other .md files are not read
    store = progress.ProgressStore(tmp_path / "bolat" / "kzlesson-progress.json")
    store.record("start-01", "start", "a", True)
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    doc["answers"]["start-02"] = {"attempts": "many", "response": "x", "correct": False}
    store.path.write_text(json.dumps(doc), encoding="utf-8")
    code, err, out = run(capsys, str(tmp_path), "-o", str(tmp_path / "c.html"))
    assert code == EXIT_SKIPPED and "2 students" in out
    assert len(err) == 1 and "damaged entries (damaged fields left out): start-02" in err[0]
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Reflection of Aigerim" in page and "<td>bolat</td>" in page


def test_anonymous_view_and_csv(klass: Path, tmp_path: Path, capsys) -> None:
    broken = klass / "broken-aizhan.html"
    broken.write_text("<html>Aizhan</html>")
    table = tmp_path / "grades.csv"
    out = tmp_path / "anon.html"
    code, err, _ = run(capsys, str(klass), "-o", str(out), "--anonymous", "--csv", str(table))
    assert code == EXIT_SKIPPED and len(err) == 1
    page = out.read_text(encoding="utf-8")
    assert page.count("Reflection of ") == 3  # the students' own words are shown ...
    for name in ("Aigerim", "Bolat", "Dana"):
        page = page.replace(f"Reflection of {name}", "")
    for name in ("Aigerim", "Bolat", "Dana", "Aizhan", "handins"):
        assert name not in page  # ... but no name or file name
    assert {f"Student {n}" for n in (1, 2, 3)} <= set(re.findall(r"Student \d+", page))
    assert "1 file(s) could not be read in full" in page
    rows = list(csv.reader(table.open(encoding="utf-8")))
    assert rows[0] == [
        "student",
        "start (% right)",
        "context (% right)",
        "timeline (% right)",
        "grievances (% right)",
        "debate (% right)",
        "aftermath (% right)",
    ]
    assert sorted(r[0] for r in rows[1:]) == ["Student 1", "Student 2", "Student 3"]
    bank = load_bank()
    marked = sum(q.type != "reflection" for q in bank.notebooks["start"])
    marked += sum(e.notebook == "start" for e in handin.lesson_exercises())
    assert [r[1] for r in rows[1:]] == [str(round(100 / marked))] * 3  # start-01 right
    assert [r[2] for r in rows[1:]] == ["0"] * 3


def test_csv_names_cannot_become_formulas(tmp_path: Path, capsys) -> None:
    make_handin(tmp_path, "=HYPERLINK(1)", file="x.html")
    code, _, _ = run(capsys, str(tmp_path), "-o", str(tmp_path / "c.html"), "--csv", "c.csv")
    assert code == EXIT_OK
    with open("c.csv", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1][0] == "'=HYPERLINK(1)"
    os.remove("c.csv")


def test_answer_shown_flag_is_carried(tmp_path: Path, capsys) -> None:
    path = tmp_path / "kzlesson-progress.json"
    store = progress.ProgressStore(path)
    store.record("start-02", "start", "zzz", False)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["answers"]["start-02"][handin.SHOWN_FIELD] = True
    path.write_text(json.dumps(doc), encoding="utf-8")
    page = Path(export_answers(tmp_path / "me.html", "Aigerim", progress.ProgressStore(path)))
    data = handin.read_block(page.read_text(encoding="utf-8"))
    (q,) = [q for q in data["questions"] if q["id"] == "start-02"]
    assert q["answer_shown"] is True and "answer was shown" in page.read_text(encoding="utf-8")
    code, _, _ = run(capsys, str(page), "-o", str(tmp_path / "c.html"))
    row = (tmp_path / "c.html").read_text(encoding="utf-8").split("id='q-start-02'")[1]
    assert code == EXIT_OK and re.findall(r"<td>(.*?)</td>", row.split("</tr>")[0])[5] == "1"


def test_data_block_cannot_be_broken_out_of() -> None:
    evil = "</script><script>alert(1)</script>\u2028<!--"
    block = handin.data_block({"format": handin.FORMAT, "student": evil})
    assert block.count("</script>") == 1 and "<!--" not in block and "\u2028" not in block
    assert handin.read_block(f"<html>{block}</html>")["student"] == evil


def test_exercises_with_the_sentence_missing_are_counted(klass: Path, tmp_path: Path, capsys):
    """A history-skill exercise whose code is right but whose sentence is missing is right
    eventually (the code) and also counted in its own column, so the teacher sees who to ask."""

    def attempt(status: str, sentence: str):
        def change(data: dict) -> None:
            ex = next(x for x in data["exercises"] if x["id"] == "start-ex1")
            ex.update(attempted=True, right_first_time=True, right_eventually=True, tries=1)
            ex.update(interpretation=sentence, status=status)

        return change

    edit_data(klass / "aigerim.html", attempt("sentence missing", ""))
    edit_data(klass / "bolat.html", attempt("complete", "The speaker is an exile, so I doubt it."))
    code, _, _ = run(capsys, str(klass), "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    table = page.split("kz-exercises")[1].split("</table>")[0]
    head = re.findall(r"<th[^>]*>(.*?)</th>", table)
    row = next(r for r in table.split("<tr") if ">start-ex1<" in r)
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)
    assert code == EXIT_OK
    assert cells[head.index("sentence missing")] == "1", (head, cells)
    assert cells[head.index("tried")] == "2"
