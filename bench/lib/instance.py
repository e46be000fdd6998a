"""One Teamboard instance to measure: a fresh data folder (and database), ``teamboard
migrate``, uvicorn serving ``teamboard.asgi:app``, and the benchmark board built over HTTP."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from dataclasses import dataclass

from lib.common import HOST, BenchError, log
from lib.cpu import CpuMeter, child_pids
from lib.fixtures import Fixture, build_board
from lib.postgres import Postgres
from lib.procs import Server, make_tempdir, run_checked, start_uvicorn, tail


@dataclass(frozen=True)
class Instance:
    db: str  # "sqlite" or "postgres"
    server: Server
    meter: CpuMeter  # the server's CPU, and its PostgreSQL cluster's
    fx: Fixture

    def check_alive(self) -> None:
        proc = self.server.proc
        if proc.poll() is not None:
            raise BenchError(
                f"{self.server.name} died ({proc.returncode}):\n{tail(self.server.log_path)}"
            )


def start_teamboard(stack: contextlib.ExitStack, db: str, postgres: Postgres | None) -> Instance:
    workdir = make_tempdir(stack, f"teamboard-bench-{db}-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")}
    env |= {
        "TEAMBOARD_DATA_DIR": str(workdir / "data"),
        "TEAMBOARD_DATABASE_URL": postgres.url
        if postgres
        else f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}",
        "TEAMBOARD_SECRET_KEY": secrets.token_urlsafe(48),
        "TEAMBOARD_ACCESS_TOKEN_MINUTES": "15",
        # Only the one sign-up and the log-ins hash passwords; keep the set-up quick.
        "TEAMBOARD_ARGON2_TIME_COST": "1",
        "TEAMBOARD_ARGON2_MEMORY_KIB": "8192",
        # Only shapes the JWT issuer and the allowed origins; loopback like the rest.
        "TEAMBOARD_BASE_URL": f"http://{HOST}:8000",
    }
    log(f"[{db}] migrate")
    run_checked([sys.executable, "-m", "teamboard", "migrate"], "teamboard migrate", env=env)
    server = start_uvicorn(
        stack,
        f"teamboard-{db}",
        "teamboard.asgi:app",
        ready_path="/healthz",
        workdir=workdir,
        env=env,
    )
    pid = server.proc.pid
    meter = CpuMeter(lambda: ([pid, *child_pids(pid)], postgres.pids() if postgres else []))
    log(f"[{db}] building the board through the API")
    started = time.monotonic()
    fx = build_board(server.url)
    log(
        f"[{db}] board {fx.board_id}: {len(fx.card_ids)} cards in {len(fx.column_ids)} columns, "
        f"{fx.body_bytes / 1024:.1f} KiB JSON, ETag {fx.etag} ({time.monotonic() - started:.1f}s)"
    )
    return Instance(db, server, meter, fx)
