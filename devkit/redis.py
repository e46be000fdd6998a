"""A throw-away redis-server on a fixed loopback port (clients find it again after
``stop()`` and ``up()``: a Redis outage and its end), keeping nothing on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from devkit.ports import HOST, free_port
from devkit.procs import NotInstalled, Proc


def installed() -> bool:
    return shutil.which("redis-server") is not None


class RedisServer(Proc):
    """``RedisServer(root).up()``; with ``root``, its working folder and log live there."""

    def __init__(self, root: Path | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise NotInstalled("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        cmd = [binary, "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        if root is not None:
            cmd += ["--dir", str(root)]
        super().__init__("redis", cmd, root / "redis.log" if root is not None else None)

    def up(self, timeout: float = 15.0) -> RedisServer:
        self.start()
        self.wait_for_port(self.port, timeout)
        return self
