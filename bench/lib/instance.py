"""One Teamboard instance to measure: a fresh data folder (and database), ``teamboard
migrate``, uvicorn serving ``teamboard.asgi:app``, and the benchmark board built over HTTP."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from devkit.postgres import PostgresCluster
from devkit.procs import tempdir
from devkit.server import HttpServer, server_env, teamboard
from lib.common import HOST, log
from lib.cpu import CpuMeter, child_pids
from lib.fixtures import Fixture, build_board
from lib.procs import start_uvicorn


@dataclass(frozen=True)
class Instance:
    db: str  # "sqlite" or "postgres"
    server: HttpServer
    meter: CpuMeter  # the server's CPU, and its PostgreSQL cluster's
    fx: Fixture

    def check_alive(self) -> None:
        self.server.check_alive()


def start_teamboard(
    stack: contextlib.ExitStack, db: str, postgres: PostgresCluster | None
) -> Instance:
    workdir = tempdir(stack, f"teamboard-bench-{db}-")
    env = server_env(
        workdir / "data",
        database_url=postgres.url()
        if postgres
        else f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}",
        access_token_minutes=15,
        # Only the one sign-up and the log-ins hash passwords; keep the set-up quick.
        argon2_time_cost=1,
        argon2_memory_kib=8192,
        # Only shapes the JWT issuer and the allowed origins; loopback like the rest.
        base_url=f"http://{HOST}:8000",
    )
    log(f"[{db}] migrate")
    teamboard(["migrate"], env)
    server = start_uvicorn(
        stack,
        f"teamboard-{db}",
        "teamboard.asgi:app",
        ready_path="/healthz",
        workdir=workdir,
        env=env,
    )
    pid = server.pid
    meter = CpuMeter(lambda: ([pid, *child_pids(pid)], postgres.pids() if postgres else []))
    log(f"[{db}] building the board through the API")
    started = time.monotonic()
    fx = build_board(server.url)
    log(
        f"[{db}] board {fx.board_id}: {len(fx.card_ids)} cards in {len(fx.column_ids)} columns, "
        f"{fx.body_bytes / 1024:.1f} KiB JSON, ETag {fx.etag} ({time.monotonic() - started:.1f}s)"
    )
    return Instance(db, server, meter, fx)
