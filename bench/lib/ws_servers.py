"""The servers of the WebSocket benchmark: the bare broadcast app, ``teamboard serve``
instances (one database, optionally one Redis), a throw-away Redis, and their memory."""

from __future__ import annotations

import contextlib
import os
import resource
import sys
from pathlib import Path

from devkit.ports import HOST, free_port
from devkit.redis import RedisServer
from devkit.server import HttpServer, TeamboardServer, server_env, teamboard
from lib.common import BENCH_DIR, log

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


Proc = HttpServer  # a server whose sockets and processes the WebSocket bench looks into


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
            assert server.log_path is not None
            for line in server.log_path.read_text(errors="replace").splitlines():
                if ("Error" in line or "ERROR" in line) and len(found) < limit:
                    found.append(f"{server.name} log: {line.strip()[:200]}")
    return found


def start_bare(stack: contextlib.ExitStack, workdir: Path) -> Proc:
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", "bare_broadcast_app:app", "--app-dir", str(BENCH_DIR)]
    cmd += ["--host", HOST, "--port", str(port), "--no-access-log", "--log-level", "warning"]
    name = "bare-broadcast"
    server = HttpServer(
        name, cmd + WS_FLAGS, port, log_path=workdir / f"{name}.log", env=os.environ, cwd=workdir
    )
    stack.callback(server.stop)
    return server.up()


def start_redis(stack: contextlib.ExitStack) -> str:
    redis = RedisServer()
    stack.callback(redis.stop)
    return redis.up().url


def teamboard_env(workdir: Path, database_url: str | None, redis_url: str | None) -> dict[str, str]:
    """One environment for every instance (the secret key is shared)."""
    env = server_env(
        workdir / "data",
        database_url=database_url or f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}",
        argon2_time_cost=1,
        argon2_memory_kib=8192,
        login_max_per_address=100_000,
        signup_max_per_address=100_000,
        email_lookup_max_per_account=100_000,
        email_lookup_max_per_address=100_000,
    )
    if redis_url:
        env["TEAMBOARD_REDIS_URL"] = redis_url
    return env


def start_teamboards(
    stack: contextlib.ExitStack, workdir: Path, env: dict[str, str], count: int
) -> list[Proc]:
    """``teamboard migrate``, then ``count`` separate ``teamboard serve`` instances."""
    teamboard(["migrate"], env)
    servers: list[Proc] = []
    for index in range(count):
        name = f"teamboard-{index + 1}"
        server = TeamboardServer(env, name=name, log_path=workdir / f"{name}.log")
        stack.callback(server.stop)
        servers.append(server.up())
    log(f"teamboard serve x{count}: ports {', '.join(str(s.port) for s in servers)}")
    return servers
