"""In a real kernel (nbclient): answer a question of every type through the quiz widgets, do
pandas exercises, write a reflection and an organiser row, export the hand-in; then find each of
them in the hand-in's data and in the class report built from it."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kzlesson.quizzes import handin
from kzlesson.quizzes.bank import load_bank

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank()
TYPES = sorted({q.type for q in BANK.all()})
EVIL = "</script><script>alert('x')</script> & <b>bold</b>"

# The first question of each type: answered wrong, then right (right eventually, not first).
# The second of each type (if any): answered right at once.
SETUP = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests" / "quizzes")!r})
import kzlesson as kz
from kzlesson.quizzes.bank import load_bank
from kzlesson.quizzes.progress import store
from quizhelpers import correct_response, wrong_responses
bank = load_bank()
"""
ANSWER = """
firsts, seconds = {}, {}
for q in bank.all():
    (seconds if q.type in firsts else firsts).setdefault(q.type, q)
for q in list(firsts.values()) + list(seconds.values()):
    view = kz.ask(q.id).views[0]
    if q in firsts.values() and q.type != "reflection":
        view.input.set(wrong_responses(q)[0][0])
        view.check_button.click()
    view.input.set(REFLECTION if q.type == "reflection" else correct_response(q))
    view.check_button.click()
print(sorted(q.id for q in firsts.values()), sorted(q.id for q in seconds.values()))
"""
EXERCISES = """
events = kz.load_events()
kz.exercise("timeline-ex2", 3)
kz.exercise("timeline-ex2", len(events[events["in_article"]]), interpretation=MEANING)
kz.exercise("timeline-ex1", events[events["date"] == "2022-01-04"])
on_5th = events[events["date"] == "2022-01-05"]["place_id"]
kz.exercise("timeline-ex3", on_5th, interpretation="")
kz.exercise("timeline-ex3", on_5th, interpretation=SENTENCE)
"""
ORGANISER = """
store().record("debate-org1", "debate", ORG_ROW, None)
print(kz.export_answers(OUT, name=NAME))
"""


def _run(cells: list[str], folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kernel")
    values = {
        "REFLECTION": f"My reflection {EVIL}",
        "MEANING": f"Most events in the data are in the article {EVIL}",
        "SENTENCE": "By 5 January the unrest had spread far beyond the west.",
        "ORG_ROW": {
            "claim": "C05",
            "evidence_for": "Reuters report",
            "evidence_against": f"HRW {EVIL}",
            "reliability": "fairly reliable",
            "verdict": "holds up",
        },
        "OUT": str(folder / "my-answers.html"),
        "NAME": f"Aigerim {EVIL}",
    }
    constants = "\n".join(f"{k} = {v!r}" for k, v in values.items())
    with pytest.MonkeyPatch.context() as patch:  # the kernel saves progress in this folder
        patch.setenv("KZLESSON_PROGRESS", str(folder / "kzlesson-progress.json"))
        _run([SETUP + constants, ANSWER, EXERCISES, ORGANISER], folder)
    return folder / "my-answers.html"


def _data(path: Path) -> dict:
    data = handin.read_block(path.read_text(encoding="utf-8"))
    assert handin.problems(data) == []
    return data


def test_every_question_type_is_in_the_hand_in_data(exported: Path) -> None:
    data = _data(exported)
    assert data["student"] == f"Aigerim {EVIL}"
    answered = [q for q in data["questions"] if q["answered"]]
    assert {q["type"] for q in answered} == set(TYPES)
    for q in answered:
        if q["type"] == "reflection":
            assert q["reflection"] == f"My reflection {EVIL}"
            assert q["right_first_time"] is None
            continue
        assert q["right_eventually"] is True, q["id"]
        assert q["answer"]["correct"] is True and q["answer"]["text"], q["id"]
        if q["attempts"] == 2:  # the first of its type: wrong, then right
            assert q["right_first_time"] is False
            assert [g["correct"] for g in q["answers_given"]] == [False, True]
        else:
            assert q["attempts"] == 1 and q["right_first_time"] is True
    single = next(q for q in answered if q["type"] == "single" and q["attempts"] == 2)
    question = BANK.question(single["id"])
    wrong = single["answers_given"][0]
    texts = {c.id: c.text for c in question.options}
    assert wrong["ids"][0] in texts and wrong["text"] == texts[wrong["ids"][0]]


def test_exercises_and_organiser_are_in_the_hand_in_data(exported: Path) -> None:
    data = _data(exported)
    exercises = {e["id"]: e for e in data["exercises"]}
    ex2 = exercises["timeline-ex2"]
    assert (ex2["tries"], ex2["right_first_time"], ex2["right_eventually"]) == (2, False, True)
    assert ex2["interpretation"] == f"Most events in the data are in the article {EVIL}"
    assert ex2["answer"] and ex2["result"]
    assert ex2["status"] == "complete" and ex2["skill"] == "data-skill"
    ex1 = exercises["timeline-ex1"]
    assert (ex1["tries"], ex1["correct"], ex1["right_first_time"]) == (1, True, True)
    assert "DataFrame" in ex1["answer"]
    # a history-skill exercise whose data part is right but whose sentence is missing
    assert (ex1["status"], ex1["interpretation"]) == ("sentence missing", None)
    # the same answer again with its sentence: saved and handed in, not a second try
    ex3 = exercises["timeline-ex3"]
    assert (ex3["status"], ex3["tries"], ex3["right_first_time"]) == ("complete", 1, True)
    assert ex3["interpretation"] == "By 5 January the unrest had spread far beyond the west."
    assert exercises["start-ex1"]["attempted"] is False
    (row,) = data["organiser"]
    assert row["id"] == "debate-org1" and row["evidence_against"] == f"HRW {EVIL}"


def test_hand_in_page_stays_readable_and_escaped(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    assert text.count("</script>") == 1  # only the data block's own end
    assert "&lt;/script&gt;&lt;script&gt;alert" in text  # shown as text on the page
    assert "<h2>Exercises</h2>" in text and "timeline-ex2 (exercise)" in text
    assert "sentence missing" in text  # timeline-ex1: the data part right, no sentence yet
    assert "holds up" in text and "How reliable" in text


def test_each_item_is_in_the_class_report(exported: Path, tmp_path: Path) -> None:
    out, table = tmp_path / "class.html", tmp_path / "class.csv"
    done = subprocess.run(
        [sys.executable, "-m", "kzlesson", "class-report", str(exported), "-o", str(out)]
        + ["--csv", str(table)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page  # nothing a student typed became markup
    data = _data(exported)
    for q in data["questions"]:
        if q["answered"]:
            assert f"id='q-{q['id']}'" in page
    single = next(q for q in data["questions"] if q["type"] == "single" and q["attempts"] == 2)
    wrong_text = single["answers_given"][0]["text"]
    feedback = BANK.question(single["id"]).key.feedback[single["answers_given"][0]["ids"][0]]
    assert f"“{html.escape(wrong_text)}”: 1 student<br><small>Feedback: " in page
    assert html.escape(feedback) in page
    escaped = "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert f"My reflection {escaped}" in page
    assert f"Most events in the data are in the article {escaped}" in page
    assert f"HRW {escaped}" in page and "holds up" in page
    assert f"Aigerim {escaped}" in page
    assert table.read_text(encoding="utf-8").splitlines()[1].startswith("Aigerim </script>")
