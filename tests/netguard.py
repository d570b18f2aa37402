"""Keep the test run offline: refuse every socket connection that leaves this machine.

The lesson must run without a network (a classroom may have none, and CI has none). Tests prove
it by refusing connections instead of hoping nothing connects:

- :func:`install` patches :class:`socket.socket` (``connect``, ``connect_ex``, ``sendto``) and
  :func:`socket.getaddrinfo` (name lookups) in the pytest process;
- :func:`kernel_startup_dir` writes an IPython startup file that does the same inside every
  kernel the tests start (nbval, nbclient, and the kernels of the Jupyter and Voila servers of
  the browser tests), because they all inherit ``IPYTHONDIR``.

Loopback (127.0.0.0/8, ::1, ``localhost``), this machine's own name, wildcard addresses (to
bind a server) and Unix sockets stay allowed: kernels talk to their clients over loopback, and the
browser tests' servers listen there. A refused connection raises :class:`BlockedConnection` (an
``OSError``, as a real network failure would) and a refused lookup :class:`BlockedLookup` (a
``socket.gaierror``), each naming the address. Subprocesses that are not Python kernels (pip,
git, Chromium) are not covered here; the browser tests block Chromium's requests themselves.
This file is also run on its own by the kernel startup file, so it imports only the stdlib.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

MESSAGE = "kzlesson tests run offline: connection to {} refused"
_original_connect = socket.socket.connect
_original_connect_ex = socket.socket.connect_ex
_original_sendto = socket.socket.sendto
_original_getaddrinfo = socket.getaddrinfo
_LOCAL_NAMES = {"", "0.0.0.0", "::", socket.gethostname().lower()}


class BlockedConnection(OSError):
    """A test (or a notebook under test) tried to reach another machine."""


class BlockedLookup(socket.gaierror):
    """A test (or a notebook under test) tried to look up another machine's address."""


def is_loopback(host: object) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost`` (any case)."""
    text = str(host).strip("[]").lower()
    if text in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_address(host: object) -> bool:
    """True for a numeric IP address (looking it up asks no DNS server; connect decides)."""
    try:
        ipaddress.ip_address(str(host).strip("[]").split("%")[0])
    except ValueError:
        return is_loopback(host)
    return True


def _check(sock: socket.socket, address: object) -> None:
    """Raise BlockedConnection if ``sock`` would reach ``address`` on another machine."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix sockets and friends never leave the machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not is_loopback(host):
        raise BlockedConnection(MESSAGE.format(address))


def _connect(self: socket.socket, address: object) -> None:
    """socket.connect, for loopback addresses only."""
    _check(self, address)
    return _original_connect(self, address)


def _connect_ex(self: socket.socket, address: object) -> int:
    """socket.connect_ex, for loopback addresses only."""
    _check(self, address)
    return _original_connect_ex(self, address)


def _sendto(self: socket.socket, data: bytes, *rest: object) -> int:
    """socket.sendto (UDP), for loopback addresses only; the address is the last argument."""
    _check(self, rest[-1] if rest else None)
    return _original_sendto(self, data, *rest)


def _getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    """socket.getaddrinfo, for local names and addresses only (no DNS queries)."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and str(name).lower() not in _LOCAL_NAMES and not _is_address(name):
        raise BlockedLookup(socket.EAI_NONAME, MESSAGE.format(f"look up {name!r}"))
    return _original_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    """Refuse non-loopback connections in this process from now on."""
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = _sendto  # type: ignore[method-assign]
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]


def kernel_startup_dir(ipython_dir: Path) -> Path:
    """Make ``ipython_dir`` an IPython folder whose startup file installs this guard."""
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-kzlesson-offline.py").write_text(
        "# Written by kzlesson's tests: kernels under test may not reach the network.\n"
        "import runpy as _runpy\n"
        f"_runpy.run_path({str(Path(__file__).resolve())!r})['install']()\n"
        "del _runpy\n",
        encoding="utf-8",
    )
    return ipython_dir
