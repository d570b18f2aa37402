"""Start and stop the JupyterLab, Notebook 7 and Voila servers the browser tests drive.

Each server listens on 127.0.0.1 on a free port with a random token, never moves to another
port (port_retries=0), runs in a temporary working copy of the lesson with a temporary
KZLESSON_PROGRESS file, and is stopped by its process-group id. A ``timeout`` wrapper ends it
even if the test session itself dies.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

SERVER_LIFETIME = 1200  # seconds; the `timeout` wrapper's hard limit
READY_TIMEOUT = 90  # seconds to wait for a server to answer

# App settings for the test Lab: no notebook virtualisation (every cell is in the DOM), no news
# or update checks, no extension manager (it would ask PyPI).
LAB_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(home: Path, progress: Path) -> dict[str, str]:
    """Environment for a server: private Jupyter folders, a private progress file, inline plots."""
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_TOKEN")}
    env.update(
        KZLESSON_PROGRESS=str(progress),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        MPLCONFIGDIR=str(home / "mpl"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


@dataclass
class Server:
    """A running server: its process, address, token and log file."""

    name: str
    process: subprocess.Popen
    base: str
    token: str
    log: Path

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on this server, with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; return the decoded JSON (None when empty)."""
        request = urllib.request.Request(
            f"{self.base}/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def wait_ready(self, probe: str, timeout: float = READY_TIMEOUT) -> None:
        """Poll ``probe`` until it answers 200; fail with the log if the server exits or hangs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url(probe), timeout=3) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not answer in {timeout:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """Stop the server's whole process group (by PID), politely and then by force."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _spawn(name: str, command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Server:
    """Start ``command`` in its own process group under a ``timeout`` safety net."""
    port = int(command[command.index("--port") + 1])
    token = env["KZ_TEST_TOKEN"]
    if shutil.which("timeout"):
        command = ["timeout", "-k", "10", str(SERVER_LIFETIME), *command]
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    handle.close()
    return Server(name, process, f"http://127.0.0.1:{port}", token, log)


def launch(
    name: str,
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    log: Path,
    probe: str,
    timeout: float = READY_TIMEOUT,
) -> Server:
    """Spawn a server and wait until ``probe`` answers; a server that never becomes ready (or
    exits early) is stopped, by its process-group id, before the error is raised."""
    server = _spawn(name, command, cwd, env, log)
    try:
        server.wait_ready(probe, timeout)
    except BaseException:  # also KeyboardInterrupt: never leave a half-started server behind
        server.stop()
        raise
    return server


def _lab_settings(home: Path) -> Path:
    """An app settings folder holding :data:`LAB_OVERRIDES` (Lab and Notebook 7 read it)."""
    settings = home / "app-settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8")
    return settings


def _server_options(root: Path, token: str) -> list[str]:
    """Options every jupyter_server based app (Lab, Notebook 7) gets: loopback, fixed port,
    token, root folder, allowed as root."""
    return [
        "--no-browser",
        "--ip",
        "127.0.0.1",
        "--port",
        str(free_port()),
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
    ]


def _start_jupyter(
    name: str, app: str, root: Path, home: Path, progress: Path, options: list[str]
) -> Server:
    """Start ``jupyter APP`` (lab or notebook) serving ``root``; return once its API answers."""
    env = clean_env(home, progress)
    env["KZ_TEST_TOKEN"] = secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        app,
        *_server_options(root, env["KZ_TEST_TOKEN"]),
        *options,
    ]
    return launch(name, command, root, env, home / f"{app}.log", "api/status")


def start_lab(root: Path, home: Path, progress: Path) -> Server:
    """Start JupyterLab serving ``root``; return once its API answers."""
    options = [
        f"--LabApp.app_settings_dir={_lab_settings(home)}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    return _start_jupyter("JupyterLab", "lab", root, home, progress, options)


def start_notebook7(root: Path, home: Path, progress: Path) -> Server:
    """Start Jupyter Notebook 7 serving ``root``; return once its API answers."""
    options = [f"--JupyterNotebookApp.app_settings_dir={_lab_settings(home)}"]
    return _start_jupyter("Notebook 7", "notebook", root, home, progress, options)


def start_voila(root: Path, home: Path, progress: Path) -> Server:
    """Start Voila serving the notebooks in ``root``; return once it answers."""
    env = clean_env(home, progress)
    env["KZ_TEST_TOKEN"] = secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(root),
        "--no-browser",
        "--port",
        str(free_port()),
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--Voila.token={env['KZ_TEST_TOKEN']}",
        "--show_tracebacks=True",
    ]
    return launch("Voila", command, root, env, home / "voila.log", "")
