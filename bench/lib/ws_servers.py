"""The servers of the WebSocket benchmark: the bare broadcast app, ``teamboard serve``
instances (one database, optionally one Redis), a throw-away Redis, and their memory."""

from __future__ import annotations

import contextlib
import os
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lib.common import BENCH_DIR, HOST, BenchError, log
from lib.cpu import child_pids
from lib.procs import Server, free_port, run_checked, spawn, stop_process, tail

# The WebSocket settings of `teamboard serve` (backend/teamboard/serving.py), for the baseline.
WS_FLAGS = [
    "--ws",
    "websockets-sansio",
    "--ws-per-message-deflate",
    "false",
    "--ws-max-size",
    str(64 * 1024),
    "--ws-ping-interval",
    "20",
    "--ws-ping-timeout",
    "20",
    "--loop",
    "asyncio",
]


def raise_fd_limit() -> int:
    """Every socket is a file on both ends; the servers inherit the limit from us."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@dataclass
class Proc(Server):
    """A server whose sockets and processes the WebSocket bench looks into."""

    @property
    def ws_url(self) -> str:
        return f"ws://{HOST}:{self.port}/ws"

    def pids(self) -> list[int]:
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += child_pids(pid)
        return found

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise BenchError(f"{self.name} died ({self.proc.returncode}):\n{tail(self.log_path)}")


def rss_kib(procs: list[Proc]) -> int:
    """Resident memory of the servers, their child processes included."""
    total = 0
    for proc in procs:
        for pid in proc.pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
    return total


def server_errors(servers: list[Proc], limit: int = 3) -> list[str]:
    """The first few errors the servers logged: what a note about a lost socket needs."""
    found: list[str] = []
    for server in servers:
        with contextlib.suppress(OSError):
            for line in server.log_path.read_text(errors="replace").splitlines():
                if ("Error" in line or "ERROR" in line) and len(found) < limit:
                    found.append(f"{server.name} log: {line.strip()[:200]}")
    return found


def _spawn(
    stack: contextlib.ExitStack,
    name: str,
    cmd: list[str],
    port: int,
    workdir: Path,
    env: Mapping[str, str],
) -> Proc:
    server = spawn(stack, name, cmd, port, ready_path="/healthz", workdir=workdir, env=env)
    return Proc(server.name, server.port, server.proc, server.log_path)


def start_bare(stack: contextlib.ExitStack, workdir: Path) -> Proc:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "bare_broadcast_app:app", "--app-dir", str(BENCH_DIR)]
    cmd += ["--host", HOST, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    return _spawn(stack, "bare-broadcast", cmd + WS_FLAGS, port, workdir, os.environ)


def start_redis(stack: contextlib.ExitStack) -> str:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise BenchError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(stop_process, proc, "redis-server")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return f"redis://{HOST}:{port}/0"
        time.sleep(0.05)
    raise BenchError("redis-server did not start")


def teamboard_env(workdir: Path, database_url: str | None, redis_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}
    env |= {
        "TEAMBOARD_DATA_DIR": str(workdir / "data"),
        "TEAMBOARD_DATABASE_URL": database_url
        or f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}",
        "TEAMBOARD_SECRET_KEY": secrets.token_urlsafe(48),  # shared by every instance
        "TEAMBOARD_ARGON2_TIME_COST": "1",
        "TEAMBOARD_ARGON2_MEMORY_KIB": "8192",
        "TEAMBOARD_LOGIN_MAX_PER_ADDRESS": "100000",
        "TEAMBOARD_SIGNUP_MAX_PER_ADDRESS": "100000",
        "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ACCOUNT": "100000",
        "TEAMBOARD_EMAIL_LOOKUP_MAX_PER_ADDRESS": "100000",
    }
    if redis_url:
        env["TEAMBOARD_REDIS_URL"] = redis_url
    return env


def start_teamboards(
    stack: contextlib.ExitStack, workdir: Path, env: dict[str, str], count: int
) -> list[Proc]:
    """``teamboard migrate``, then ``count`` separate ``teamboard serve`` instances."""
    run_checked([sys.executable, "-m", "teamboard", "migrate"], "teamboard migrate", env=env)
    servers = []
    for index in range(count):
        port = free_port()
        own = env | {"TEAMBOARD_BASE_URL": f"http://{HOST}:{port}"}
        cmd = [sys.executable, "-m", "teamboard", "serve", "--host", HOST, "--port", str(port)]
        servers.append(_spawn(stack, f"teamboard-{index + 1}", cmd, port, workdir, own))
    log(f"teamboard serve x{count}: ports {', '.join(str(s.port) for s in servers)}")
    return servers
