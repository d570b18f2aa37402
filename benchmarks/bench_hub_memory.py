"""Memory per student on a JupyterHub: the student's Jupyter server plus one kernel, and plus
six kernels (all six notebooks open and run), as RSS and PSS.

Run by hand (not a timed test); it prints figures:

    .venv/bin/python benchmarks/bench_hub_memory.py

A student's hub server is ``jupyterhub-singleuser``, which is a JupyterLab server; here a
``jupyter lab`` server stands in for it (same process, no hub needed) and every kernel is a real
ipykernel started by jupyter_client, in the notebooks' folder, with the inline matplotlib
backend, each running its whole notebook (nbclient) and then left open, as a student leaves it.

PSS (proportional set size: shared pages divided among the processes sharing them) is the
honest per-process share when many kernels run on one machine; RSS counts shared libraries in
every process. Figures are MiB. The targets are the figures measured on a real hub in issue 17
(284 MB RSS / 212 MB PSS with one kernel, about 1.0 GB RSS with all six open): lower is better.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
MiB = 1024 * 1024
ISSUE_ONE_RSS, ISSUE_ONE_PSS, ISSUE_SIX_RSS = 284e6 / MiB, 212e6 / MiB, 1.0e9 / MiB
PROBE = {
    "bare ipykernel": "",
    "import kzlesson": "import kzlesson as kz",
    "kzlesson + a plot + a quiz": (
        "import kzlesson as kz\nkz.show(kz.plots.timeline())\nkz.ask('start-04')"
    ),
}


def memory(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process (and its children), in MiB."""
    proc = psutil.Process(pid)
    rss = pss = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / MiB, pss / MiB


def kernel_env() -> dict[str, str]:
    """A kernel's environment as on a hub: inline plots, progress saved in a scratch file."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["KZLESSON_PROGRESS"] = str(Path(tempfile.gettempdir()) / "kz-bench-progress.json")
    return env


def start_kernel(cwd: Path) -> KernelManager:
    """A real ipykernel in ``cwd`` (the notebook's folder, as Jupyter starts it)."""
    # ipc transport, as on the hub (docs/running.md); the sockets sit next to the connection file
    connection = Path(tempfile.mkdtemp(prefix="kzk-")) / f"kernel-{secrets.token_hex(4)}.json"
    km = KernelManager(kernel_name="python3", transport="ipc", connection_file=str(connection))
    km.start_kernel(cwd=str(cwd), env=kernel_env())
    return km


def run_code(km: KernelManager, *cells: str) -> None:
    """Run each of ``cells`` in the kernel, in order, as Run All does; stop at an error."""
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        for code in cells:
            reply = client.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"a cell failed: {reply['content'].get('ename')}\n{code}")
    finally:
        client.stop_channels()


def run_notebook(km: KernelManager, path: Path) -> None:
    """Run every code cell of ``path`` in ``km``'s kernel and leave the kernel open."""
    nb = nbformat.read(path, as_version=4)
    run_code(km, *(cell.source for cell in nb.cells if cell.cell_type == "code"))


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(root: Path, home: Path) -> subprocess.Popen:
    """A JupyterLab server (what jupyterhub-singleuser runs) on loopback; wait until ready."""
    port, token = free_port(), secrets.token_hex(8)
    env = {**kernel_env(), "JUPYTER_CONFIG_DIR": str(home / "c"), "JUPYTER_RUNTIME_DIR": str(home)}
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1"]
    command += [f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    command += [f"--ServerApp.root_dir={root}", "--allow-root"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            # one page load, as a student's browser does: Lab's handlers and settings load once
            urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("JupyterLab did not start in 60 s")


def row(label: str, rss: float, pss: float) -> None:
    """One printed line."""
    print(f"  {label:<44} RSS {rss:7.1f} MiB   PSS {pss:7.1f} MiB")


def measure_probes(folder: Path) -> None:
    """What a kernel holds at each step of what a notebook does, one kernel at a time."""
    print("One kernel, step by step:")
    for label, code in PROBE.items():
        km = start_kernel(folder)
        try:
            run_code(km, *([code] if code else []))
            time.sleep(0.5)
            row(label, *memory(km.provisioner.process.pid))
        finally:
            km.shutdown_kernel(now=True)


def main() -> int:
    """Measure and print; exit 1 if one student with one kernel is over the issue's figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kz-bench-hub-"))
    shutil.copytree(ROOT / "notebooks", work / "kzlesson" / "notebooks")
    shutil.copytree(ROOT / "data", work / "kzlesson" / "data")
    folder = work / "kzlesson" / "notebooks"
    measure_probes(folder)
    server = start_server(work, work / "home")
    kernels: list[tuple[str, KernelManager]] = []
    try:
        time.sleep(1)
        server_rss, server_pss = memory(server.pid)
        print("A student's server and kernels (each notebook run top to bottom, left open):")
        row("Jupyter server (singleuser), idle", server_rss, server_pss)
        for path in sorted(folder.glob("[0-9]*.ipynb")):
            km = start_kernel(folder)
            kernels.append((path.stem, km))
            run_notebook(km, path)
            row(f"kernel after {path.stem}", *memory(km.provisioner.process.pid))
        figures = [memory(km.provisioner.process.pid) for _, km in kernels]
        server_rss, server_pss = memory(server.pid)
        one = (server_rss + figures[0][0], server_pss + figures[0][1])
        six = (server_rss + sum(f[0] for f in figures), server_pss + sum(f[1] for f in figures))
        print("Per student:")
        row("server + one kernel (00_start_here)", *one)
        row(f"server + all {len(figures)} notebooks open", *six)
        print(
            f"  issue 17 measured on a hub: one kernel {ISSUE_ONE_RSS:.0f} MiB RSS / "
            f"{ISSUE_ONE_PSS:.0f} MiB PSS; six open about {ISSUE_SIX_RSS:.0f} MiB RSS"
        )
        node = psutil.virtual_memory().total / MiB
        print(
            f"  students per node with {node / 1024:.1f} GiB, 75 % for students: "
            f"{int(0.75 * node / one[1])} with one kernel each, "
            f"{int(0.75 * node / six[1])} with all six open (PSS)"
        )
        return 0 if one[1] <= ISSUE_ONE_PSS else 1
    finally:
        for _, km in kernels:
            km.shutdown_kernel(now=True)
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
