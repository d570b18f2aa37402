"""The test run is offline: connections off this machine fail, loopback still works."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient


def test_a_connection_off_this_machine_is_refused() -> None:
    # 192.0.2.1 is TEST-NET-1 (never routed); without the guard this would hang or fail
    # with a different error after the timeout.
    with pytest.raises(OSError, match="run offline: connection to .*192.0.2.1"):
        socket.create_connection(("192.0.2.1", 80), timeout=5)


def test_loopback_still_works() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        accepted = threading.Thread(target=lambda: server.accept()[0].close())
        accepted.start()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        accepted.join(timeout=5)


def test_kernels_started_by_the_tests_are_offline_too(tmp_path: Path) -> None:
    """nbval, nbclient and the browser tests' servers start kernels that inherit IPYTHONDIR."""
    assert (Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup").is_dir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=5)"
        ),
        nbformat.v4.new_code_cell(
            "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
            "c = socket.create_connection(s.getsockname(), timeout=5); c.close(); print('ok')"
        ),
    ]
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute(
        cwd=str(tmp_path)
    )
    (error,) = nb.cells[0].outputs
    assert error.output_type == "error"
    assert error.ename == "BlockedConnection" and "192.0.2.1" in error.evalue
    assert nb.cells[1].outputs[0].text.strip() == "ok"


def test_name_lookups_off_this_machine_are_refused() -> None:
    with pytest.raises(socket.gaierror, match="run offline: .*look up 'example.org'"):
        socket.getaddrinfo("example.org", 443)
    assert socket.getaddrinfo("localhost", 80)  # local names still resolve
    assert socket.getaddrinfo(None, 80)  # as servers do to bind


def test_udp_off_this_machine_is_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(OSError, match="run offline: connection to .*192.0.2.1"):
            sock.sendto(b"x", ("192.0.2.1", 53))
        sock.sendto(b"x", ("127.0.0.1", 9))  # loopback is fine (nothing listens: no error)
