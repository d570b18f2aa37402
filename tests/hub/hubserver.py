"""Start a real JupyterHub for the tests: configurable-http-proxy from npm, the dummy
authenticator, the local-process spawner (one folder per student under a temporary "home"),
nbgitpuller in every student's server. Everything listens on 127.0.0.1 on free ports and is
stopped by its process-group id; a ``timeout`` wrapper ends it even if pytest dies.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from browser.servers import LAB_OVERRIDES, SERVER_LIFETIME, Server, free_port, launch

ROOT = Path(__file__).resolve().parents[2]
# scripts/test.sh installs configurable-http-proxy here (git-ignored); $KZLESSON_CHP overrides.
CHP_DIR = ROOT / ".hub-tools"
START_TIMEOUT = 240  # seconds: a class starting at once on 2 cores needs 180-240 (docs/running.md)


def proxy_command() -> Path | None:
    """The configurable-http-proxy executable, or None if it is not installed."""
    configured = os.environ.get("KZLESSON_CHP")
    candidates = [Path(configured)] if configured else []
    candidates.append(CHP_DIR / "node_modules" / ".bin" / "configurable-http-proxy")
    found = shutil.which("configurable-http-proxy")
    if found:
        candidates.append(Path(found))
    return next((c for c in candidates if c.is_file()), None)


def hub_config(work: Path, port: int, api_token: str, proxy: Path) -> str:
    """The jupyterhub_config.py text for a hub in ``work`` listening on ``port``."""
    settings = work / "app-settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES), encoding="utf-8")
    singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
    return f"""
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(work / "home" / "{username}")!r}
c.Spawner.cmd = [{str(singleuser)!r}]
c.Spawner.args = [
    "--allow-root",
    "--LabApp.app_settings_dir={settings}",
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # kernels talk over Unix sockets: no TCP port clash between many kernels (docs/running.md)
    "--KernelManager.transport=ipc",
]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = {START_TIMEOUT}
c.Spawner.http_timeout = {START_TIMEOUT}
c.Spawner.environment = {{
    "MPLCONFIGDIR": {str(work / "mpl")!r},
    "PYTHONDONTWRITEBYTECODE": "1",
    # ipc kernels are Unix sockets named after the connection file: the path must stay under
    # 107 characters, so a short runtime folder (the default under ~ is fine on a real hub)
    "JUPYTER_RUNTIME_DIR": {str(work / "rt")!r},
}}
c.JupyterHub.db_url = "sqlite:///{work / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(work / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(work / "hub.pid")!r}
c.JupyterHub.services = [{{"name": "tests", "api_token": {api_token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "tests",
    "scopes": ["admin:users", "admin:servers", "access:servers"],
    "services": ["tests"],
}}]
"""


@dataclass
class Hub:
    """A running JupyterHub (its proxy is a child of the hub's process group)."""

    server: Server
    work: Path

    @property
    def base(self) -> str:
        """The hub's public address."""
        return self.server.base

    def home(self, user: str) -> Path:
        """A student's home folder."""
        return self.work / "home" / user

    def api(self, method: str, path: str) -> object:
        """Call the hub's REST API with the test service's token."""
        request = urllib.request.Request(
            f"{self.base}/hub/api/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.server.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def stop(self) -> None:
        """Stop every student's server, then the hub and its proxy; keep the hub's log in
        test-artifacts/ for a failed run."""
        try:
            for user in self.api("GET", "users") or []:
                if user.get("server"):
                    self.api("DELETE", f"users/{user['name']}/server")
        except OSError:
            pass
        self.server.stop()
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        shutil.copyfile(self.server.log, artifacts / "hub.log")


def start_hub(work: Path, proxy: Path) -> Hub:
    """Start JupyterHub in ``work``; return once its API answers."""

    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    token = secrets.token_hex(16)
    config = work / "jupyterhub_config.py"
    config.write_text(hub_config(work, port, token, proxy), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "KZLESSON_PROGRESS")}
    env["KZ_TEST_TOKEN"] = token
    hub_bin = Path(sys.executable).with_name("jupyterhub")
    command = [str(hub_bin), "-f", str(config), "--port", str(port)]
    server = launch("JupyterHub", command, work, env, work / "hub.log", "hub/api/")
    return Hub(server, work)


def run_git(*args: str, cwd: Path | None = None) -> str:
    """Run git with a fixed identity; return its output (raises with stderr on failure)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Teacher",
        "GIT_AUTHOR_EMAIL": "teacher@school.example",
        "GIT_COMMITTER_NAME": "Teacher",
        "GIT_COMMITTER_EMAIL": "teacher@school.example",
    }
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


__all__ = ["Hub", "SERVER_LIFETIME", "proxy_command", "run_git", "start_hub"]
