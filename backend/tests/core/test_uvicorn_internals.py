"""Teamboard leans on parts of uvicorn that are not its public API (serving.py's
supervisor subclass, realtime/connection.py's direct writes under the sans-I/O WebSocket
protocol). pyproject.toml pins uvicorn to the minor release they were written for; these
tests fail on any change to the code they copy or step through, so that an upgrade is
re-checked by a person rather than discovered in production.

When one fails after an upgrade: read the new upstream source of the named function,
bring serving.py / realtime/connection.py in line with it, run tests/realtime (test_wire,
test_shutdown) and the scale test, then record the new fingerprint here and widen the
pin in pyproject.toml."""

from __future__ import annotations

import hashlib
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import Server
from uvicorn.supervisors.multiprocess import Multiprocess, Process

CHECKED_MINOR = "0.55"

# The upstream functions serving.py copies (Multiprocess: the three methods, with the
# worker class swapped; Process: how it builds its server) or relies on (Server.shutdown,
# which GracefulServer extends), and the ones connection.py steps or bypasses.
FINGERPRINTS: dict[str, tuple[Any, str]] = {
    "Multiprocess.init_processes": (Multiprocess.init_processes, "6c69f2a36bf55750"),
    "Multiprocess.restart_all": (Multiprocess.restart_all, "438dec6d95be9fcd"),
    "Multiprocess.keep_subprocess_alive": (Multiprocess.keep_subprocess_alive, "3ba4980aa33bcecd"),
    "Process.__init__": (Process.__init__, "a8c85f799aae5b2c"),
    "Process.target": (Process.target, "ad60ca4616de4c34"),
    "Server.shutdown": (Server.shutdown, "5d01b8b1f116a786"),
    "WebSocketsSansIOProtocol.send": (WebSocketsSansIOProtocol.send, "3b8afeb81b9b9ae8"),
    "WebSocketsSansIOProtocol.shutdown": (WebSocketsSansIOProtocol.shutdown, "9dc78b17c097305e"),
}


def test_uvicorn_is_the_minor_release_the_internals_were_checked_for() -> None:
    assert uvicorn.__version__.startswith(CHECKED_MINOR + "."), (
        f"uvicorn {uvicorn.__version__}: re-check serving.py and realtime/connection.py "
        "(see this module's docstring)"
    )


def test_pyproject_pins_that_minor_release() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    major, minor = CHECKED_MINOR.split(".")
    pin = rf'"uvicorn\[standard\]>={major}\.{minor}(\.\d+)?,<{major}\.{int(minor) + 1}"'
    assert re.search(pin, pyproject), "pyproject.toml must pin uvicorn to " + CHECKED_MINOR


@pytest.mark.parametrize("name", FINGERPRINTS)
def test_the_upstream_code_we_rely_on_is_unchanged(name: str) -> None:
    function, expected = FINGERPRINTS[name]
    found = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]
    assert found == expected, f"uvicorn's {name} changed: re-check it (module docstring)"


def test_the_sans_io_protocol_still_has_what_connection_reads() -> None:
    source = inspect.getsource(WebSocketsSansIOProtocol)
    for attribute in ("self.writable", "self.close_sent", "self.conn", "self.transport"):
        assert attribute in source, attribute
    assert "disconnected" in source
