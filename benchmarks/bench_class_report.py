"""Print how long ``kzlesson class-report`` takes for a class of 300 hand-ins (run by hand).

    MPLBACKEND=Agg .venv/bin/python benchmarks/bench_class_report.py [--students 300]

Generates the hand-ins first (not timed): each student answers about 80% of the questions
(some wrong first), tries some exercises and writes the reflections; then runs the command in a
fresh process 3 times and prints its wall time and its CPU time (user+sys; on a quiet machine
the two are close, on a busy one the wall time grows with the load average), and the time of
each stage in-process. The target (5 s) is checked against the median CPU time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 5.0
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "quizzes"))


class MemoryStore:
    """Saved answers kept in memory, shaped as the progress file keeps them."""

    def __init__(self) -> None:
        self.answers: dict[str, dict] = {}

    def record(self, question_id: str, notebook: str, response: object, correct: object) -> None:
        """One counted check, as ProgressStore.record saves it."""
        entry = self.answers.setdefault(
            question_id, {"notebook": notebook, "attempts": 0, "wrong": 0, "history": []}
        )
        entry.update(response=response, correct=correct, time="2026-01-10T10:00:00+05:00")
        entry["attempts"] += 1
        entry["wrong"] += correct is False
        entry["history"].append({"response": response, "correct": correct, "time": entry["time"]})

    def entries(self) -> dict[str, dict]:
        """Every entry by id (what export_answers reads)."""
        return self.answers


def make_class(folder: Path, students: int) -> None:
    """Write ``students`` hand-ins (random but reproducible answers) into ``folder``."""
    from quizhelpers import REFLECTION_TEXT, correct_response, wrong_responses

    from kzlesson.quizzes import handin
    from kzlesson.quizzes.bank import load_bank
    from kzlesson.quizzes.export import export_answers

    bank, rng = load_bank(), random.Random(16)
    for n in range(students):
        store = MemoryStore()  # no file writes: generating is not what is measured
        for q in bank.all():
            if rng.random() > 0.8:
                continue
            wrong = wrong_responses(q)
            if wrong and rng.random() < 0.4:
                store.record(q.id, q.notebook, rng.choice(wrong)[0], False)
            response = REFLECTION_TEXT if q.type == "reflection" else correct_response(q)
            store.record(q.id, q.notebook, response, None if q.type == "reflection" else True)
        for ex in handin.lesson_exercises():
            if rng.random() < 0.6:
                answer = {"answer": "3", "result": "ok", "interpretation": "It means a lot."}
                store.record(ex.id, ex.notebook, answer, rng.random() < 0.7)
        export_answers(folder / f"student-{n:03}.html", name=f"Student {n:03}", progress=store)


def stages(folder: Path) -> dict[str, float]:
    """Seconds for reading, summarising and writing the report, in this process."""
    from kzlesson.teacher.classreport import read_class, summarise
    from kzlesson.teacher.classreport_html import render

    t0 = time.perf_counter()
    reading = read_class([folder])
    t1 = time.perf_counter()
    summary = summarise(reading)
    t2 = time.perf_counter()
    render(summary, reading.problems)
    t3 = time.perf_counter()
    return {"read": t1 - t0, "summarise": t2 - t1, "render (with 2 charts)": t3 - t2}


def child_cpu() -> float:
    """CPU seconds used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    """The 1-minute load average (other work on the machine slows every figure)."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "unknown"


def main() -> int:
    """Generate the class, time the command, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3, help="runs of the command (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "handins"
        folder.mkdir()
        t = time.perf_counter()
        make_class(folder, args.students)
        size = sum(p.stat().st_size for p in folder.glob("*.html")) / 1e6
        print(
            f"generated {args.students} hand-ins ({size:.1f} MB) in {time.perf_counter() - t:.1f} s"
        )
        command = [sys.executable, "-m", "kzlesson", "class-report", str(folder)]
        command += ["-o", str(Path(tmp) / "class.html"), "--csv", str(Path(tmp) / "class.csv")]
        walls, cpus = [], []
        for _ in range(args.runs):
            t, before = time.perf_counter(), child_cpu()
            done = subprocess.run(command, capture_output=True, text=True)
            walls.append(time.perf_counter() - t)
            cpus.append(child_cpu() - before)
        print(done.stdout.strip() or done.stderr.strip())
        print("  wall: " + ", ".join(f"{w:.2f} s" for w in walls) + f" (load average {load()})")
        print(
            "  CPU (user+sys, less sensitive to other work): "
            + ", ".join(f"{c:.2f} s" for c in cpus)
        )
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        for name, seconds in stages(folder).items():
            print(f"  {name}: {seconds:.2f} s (in-process, warm imports)")
    ok = done.returncode == 0 and cpu <= TARGET_S
    verdict = "ok" if ok else "MISSED"
    print(
        f"class-report, {args.students} hand-ins, fresh process, median: CPU {cpu:.2f} s, "
        f"wall {wall:.2f} s (target: CPU <= {TARGET_S:.0f} s) {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
