"""What the benchmark starts, on top of devkit (which starts, waits for and stops every
process): uvicorn with the benchmark's server settings, and its PostgreSQL cluster."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from devkit.ports import HOST, free_port
from devkit.postgres import PostgresCluster, installed
from devkit.procs import NotInstalled, tempdir
from devkit.server import HttpServer
from lib.common import log


def uvicorn_flags() -> list[str]:
    """The same server settings for the baseline and for Teamboard."""
    flags = ["--workers", "1", "--no-access-log", "--log-level", "warning"]
    flags += ["--no-server-header", "--no-proxy-headers"]
    if importlib.util.find_spec("httptools") is not None:
        flags += ["--http", "httptools"]
    # As `teamboard serve` does: asyncio keeps the tail fair at saturation (uvloop does not).
    flags += ["--loop", os.environ.get("BENCH_LOOP", "asyncio")]
    return flags


def start_uvicorn(
    stack: contextlib.ExitStack,
    name: str,
    app: str,
    *,
    ready_path: str,
    workdir: Path,
    env: Mapping[str, str],
    app_dir: Path | None = None,
) -> HttpServer:
    """``app`` under uvicorn (stopped with ``stack``), once ``ready_path`` answers 200;
    it runs from ``workdir`` (no stray .env from the caller's folder), its log there."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", HOST, "--port", str(port)]
    if app_dir is not None:
        cmd += ["--app-dir", str(app_dir)]
    cmd += uvicorn_flags()
    server = HttpServer(name, cmd, port, log_path=workdir / f"{name}.log", env=env, cwd=workdir)
    stack.callback(server.stop)
    return server.up(ready_path)


def start_postgres(stack: contextlib.ExitStack) -> PostgresCluster | None:
    """A throw-away cluster (stopped and removed with ``stack``) with a database named
    teamboard; None if PostgreSQL is not installed. Unlike the tests' clusters it keeps
    fsync on: its commits cost what they cost. BENCH_PG_OPTIONS: more server settings to
    compare with, e.g. "-c synchronous_commit=off"."""
    if not installed():
        return None
    root = tempdir(stack, "teamboard-bench-pg-")
    try:
        cluster = PostgresCluster(root, settings={}, options=os.environ.get("BENCH_PG_OPTIONS", ""))
    except NotInstalled as exc:
        log(str(exc))
        return None
    stack.callback(cluster.close)  # registered before the start: a half-started one too
    cluster.start()
    cluster.create_database("teamboard")
    return cluster
