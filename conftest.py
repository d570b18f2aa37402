"""Settings for the whole test run (unit tests, notebook execution, browser tests).

The run is offline by construction: before any test or kernel starts, connections that leave
this machine are refused in the pytest process and, through an IPython startup file, in every
kernel the tests start (see tests/netguard.py).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

import pytest


def _netguard() -> ModuleType:
    """Load tests/netguard.py (the tests folder is not a package)."""
    path = Path(__file__).parent / "tests" / "netguard.py"
    spec = importlib.util.spec_from_file_location("kzlesson_tests_netguard", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    """Refuse non-loopback connections here and in every kernel started from here; keep saved
    progress in a temporary file."""
    guard = _netguard()
    ipython_dir = Path(tempfile.mkdtemp(prefix="kzlesson-ipython-"))
    # Removed at interpreter exit, after IPython's own exit handlers (atexit runs last-registered
    # first, and IPython registers later) have written their history there.
    atexit.register(shutil.rmtree, ipython_dir, ignore_errors=True)
    os.environ["IPYTHONDIR"] = str(guard.kernel_startup_dir(ipython_dir))
    # Answers and exercise attempts that tests and notebook runs save go to a throw-away file,
    # never into notebooks/ or a progress file the user set.
    os.environ["KZLESSON_PROGRESS"] = str(ipython_dir / "kzlesson-progress.json")
    guard.install()
