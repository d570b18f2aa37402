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


# Heavy groups first, so that under pytest-xdist (scripts/test.sh runs `-n 2 --dist loadgroup`)
# the long browser group starts at once and the short files fill the other worker around it.
_HEAVY_FIRST = ("browser", "hub/test_hub.py", "test_notebooks.py", "test_wheel.py")


def _xdist_group(item: pytest.Item) -> str:
    """The group a test runs in under ``--dist loadgroup``: every browser test shares one group
    (one JupyterLab, one Voila and one Chromium per session), every other test its file's group
    (module-scoped fixtures such as the notebook runs or the hub are made once)."""
    path = Path(str(item.fspath)).resolve()
    tests = Path(__file__).resolve().parent / "tests"
    if tests not in path.parents:
        return path.as_posix()  # e.g. `pytest --nbval notebooks/`
    path = path.relative_to(tests)
    return "browser" if path.parts[0] == "browser" else path.as_posix()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put each test in its xdist group; under xdist run the heavy groups first (order kept
    inside each)."""
    rank = {}
    for item in items:
        group = _xdist_group(item)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
        rank[item.nodeid] = next(
            (n for n, heavy in enumerate(_HEAVY_FIRST) if group == heavy), len(_HEAVY_FIRST)
        )
    if hasattr(config, "workerinput"):  # only in an xdist worker; a one-process run keeps its order
        items.sort(key=lambda item: rank[item.nodeid])  # stable: the order inside a rank is kept
