"""Loopback ports: every server a suite starts listens on 127.0.0.1 only, on a port the
kernel just handed out, so that runs side by side (and servers already running on the
machine) are no obstacle."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on right now (the kernel's choice, released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(
    port: int, timeout: float = 15.0, *, alive: Callable[[], bool] | None = None
) -> bool:
    """True once something accepts connections on ``port``; False after ``timeout``
    seconds, or as soon as ``alive`` (the process meant to listen) says it has exited."""
    deadline = time.monotonic() + timeout
    while not port_open(port):
        if alive is not None and not alive():
            return False
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
