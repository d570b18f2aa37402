"""Print how long kzlesson takes to import and to load its data (run by hand, not in CI).

    .venv/bin/python benchmarks/bench.py [--runs 9]

Figures: ``import kzlesson`` against ``import pandas`` (median of fresh subprocesses, and their
ratio; target <= 1.15x), loading every table cold (fresh process) and warm (second call),
and the peak resident memory of that process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

IMPORT_RATIO_TARGET = 1.15  # import kzlesson / import pandas
WARM_LOAD_TARGET_S = 0.050  # all tables, second call

IMPORT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"

LOAD = """
import json, resource, time
t0 = time.perf_counter()
import kzlesson
from kzlesson.tables.load import TABLES, load_table
t1 = time.perf_counter()
for name in TABLES:
    load_table(name)
t2 = time.perf_counter()
for name in TABLES:
    load_table(name)
t3 = time.perf_counter()
kzlesson.resolve_place("Alma-Ata"); kzlesson.glossary("csto"); kzlesson.cite("P4")
t4 = time.perf_counter()
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"import": t1 - t0, "cold": t2 - t1, "warm": t3 - t2,
                  "lookups_first": t4 - t3, "peak_mib": peak_kib / 1024}))
"""


# Bytecode is cached in a temporary folder (never in the repository), as an installed wheel
# would have it: with PYTHONDONTWRITEBYTECODE=1 kzlesson would be recompiled on every import
# while pandas (compiled by pip) would not, which is not a fair comparison.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
_ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "kzlesson-bench-pycache")


def _run(code: str) -> str:
    """Run ``code`` in a fresh interpreter and return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=_ENV,
    )
    return result.stdout.strip()


def median_imports(runs: int) -> tuple[float, float]:
    """Median seconds to import pandas and kzlesson, alternating fresh processes."""
    pandas_s, kzlesson_s = [], []
    for _ in range(runs):
        pandas_s.append(float(_run(IMPORT.format(module="pandas"))))
        kzlesson_s.append(float(_run(IMPORT.format(module="kzlesson"))))
    return statistics.median(pandas_s), statistics.median(kzlesson_s)


def verdict(ok: bool) -> str:
    """The word printed beside a figure with a target."""
    return "ok" if ok else "MISSED"


def main() -> int:
    """Measure and print the figures; return 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per figure (>= 7)")
    runs = max(parser.parse_args().runs, 7)

    _run("import kzlesson")  # warm the OS file cache and bytecode
    pandas_s, kzlesson_s = median_imports(runs)
    loads = [json.loads(_run(LOAD)) for _ in range(runs)]

    def med(key: str) -> float:
        return statistics.median(item[key] for item in loads)

    print(f"Python {sys.version.split()[0]}, {runs} fresh processes per figure (medians)")
    print(f"import pandas            {pandas_s * 1000:8.1f} ms")
    ratio = kzlesson_s / pandas_s
    ratio_ok = ratio <= IMPORT_RATIO_TARGET
    warm_ok = med("warm") <= WARM_LOAD_TARGET_S
    print(
        f"import kzlesson          {kzlesson_s * 1000:8.1f} ms  ({ratio:.2f}x pandas; "
        f"target <= {IMPORT_RATIO_TARGET:.2f}x: {verdict(ratio_ok)})"
    )
    print(f"load 9 tables, cold      {med('cold') * 1000:8.1f} ms  (validation included)")
    print(
        f"load 9 tables, warm      {med('warm') * 1000:8.1f} ms  (cached copies; "
        f"target <= {WARM_LOAD_TARGET_S * 1000:.0f} ms: {verdict(warm_ok)})"
    )
    print(f"first lookups            {med('lookups_first') * 1000:8.1f} ms  (place, term, cite)")
    print(f"peak RSS after all that  {med('peak_mib'):8.1f} MiB")
    return 0 if ratio_ok and warm_ok else 1


if __name__ == "__main__":
    sys.exit(main())
