"""How long each lesson notebook takes to run and how much memory its kernel needs.

Run by hand (not a timed test); it prints figures:

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat 3] [--skip-nbval]

1. Each notebook's execution time in a fresh kernel (nbclient, kernel start included) against a
   floor notebook that only imports pandas, matplotlib and ipywidgets, run in the same session:
   the ratio notebook / floor (target <= 2x).
2. Each notebook's kernel peak resident memory (psutil, polling every 20 ms; target <= 250 MiB).
3. The wall time of the nbval part of the suite, ``pytest notebooks/`` (target <= 3 min).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
FLOOR_SOURCE = "import pandas\nimport matplotlib.pyplot\nimport ipywidgets"
MiB = 1024 * 1024
TARGET_RATIO, TARGET_MIB, TARGET_NBVAL_S = 2.0, 250, 180


def kernel_processes() -> list[psutil.Process]:
    """This process's ipykernel children."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


def run_once(nb: nbformat.NotebookNode, workdir: Path) -> tuple[float, float]:
    """Execute ``nb`` in a fresh kernel; return (seconds, peak kernel RSS in MiB)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["KZLESSON_PROGRESS"] = str(workdir / "kzlesson-progress.json")
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            for proc in kernel_processes():
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, proc.memory_info().rss)
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    start = time.perf_counter()
    try:
        client.execute(env=env, cwd=str(workdir), stderr=subprocess.DEVNULL)
    finally:
        seconds = time.perf_counter() - start
        done.set()
        watcher.join()
    return seconds, peak / MiB


def bench(nb: nbformat.NotebookNode, repeat: int) -> tuple[float, float]:
    """Median seconds and highest peak MiB over ``repeat`` fresh-kernel runs."""
    times, peaks = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="kzbench-") as tmp:
            seconds, mib = run_once(nbformat.from_dict(nb), Path(tmp))
        times.append(seconds)
        peaks.append(mib)
    return statistics.median(times), max(peaks)


def nbval_time() -> tuple[float, int]:
    """Wall time and exit code of ``pytest --nbval notebooks/`` (nbval; not part of the suite,
    which runs each notebook once in tests/test_notebooks.py)."""
    env = dict(os.environ, MPLBACKEND="Agg")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "notebooks/", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    tail = result.stdout.strip().splitlines()[-1:] or ["(no output)"]
    print(f"   pytest says: {tail[0]}")
    return elapsed, result.returncode


def main() -> int:
    """Print the figures; return 1 if any target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (median)")
    parser.add_argument("--skip-nbval", action="store_true", help="skip the pytest notebooks/ run")
    args = parser.parse_args()

    from kzlesson.teacher.start import lesson_notebooks

    notebooks = lesson_notebooks()
    floor = nbformat.v4.new_notebook()
    floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    floor.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]

    print(f"kzlesson notebook benchmark ({os.cpu_count()} cores, repeat={args.repeat})")
    floor_s, floor_mib = bench(floor, args.repeat)
    print(f"{'notebook':<22}{'seconds':>9}{'x floor':>9}{'peak MiB':>10}")
    print(f"{'(floor: imports only)':<22}{floor_s:>9.2f}{1.0:>9.2f}{floor_mib:>10.0f}")
    missed = 0
    total = 0.0
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        try:
            seconds, mib = bench(nb, args.repeat)
        except CellExecutionError as exc:
            missed += 1
            last = str(exc).strip().splitlines()[-1:] or ["?"]
            print(f"{path.stem:<22} FAILED: {last[0][:70]}")
            continue
        total += seconds
        ratio = seconds / floor_s
        flags = ("  > 2x" if ratio > TARGET_RATIO else "") + (
            f"  > {TARGET_MIB} MiB" if mib > TARGET_MIB else ""
        )
        missed += bool(flags)
        print(f"{path.stem:<22}{seconds:>9.2f}{ratio:>9.2f}{mib:>10.0f}{flags}")
    print(f"all notebooks: {total:.1f} s (sequential, fresh kernel each)")

    if not args.skip_nbval:
        elapsed, code = nbval_time()
        status = "passed" if code == 0 else f"FAILED (exit {code})"
        over = "  > 3 min" if elapsed > TARGET_NBVAL_S else ""
        missed += bool(over) or code != 0
        print(f"nbval (pytest notebooks/): {elapsed:.1f} s, {status}{over}")
    print("all targets met" if not missed else f"{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
