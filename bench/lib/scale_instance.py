"""One Teamboard instance over the growth data set: a fresh data folder (and database),
``teamboard migrate``, the data set bulk-built into it (or, on SQLite, copied from the
on-disk cache of an earlier run with the same schema and sizes), uvicorn serving it."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from devkit.postgres import PostgresCluster
from devkit.procs import tempdir
from devkit.server import HttpServer, server_env, teamboard
from lib.common import BENCH_DIR, HOST, log
from lib.procs import start_uvicorn
from lib.scale_data import DataSet, Sizes, build

MIGRATIONS = BENCH_DIR.parent / "backend" / "teamboard" / "migrations" / "versions"
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "teamboard-bench"


@dataclass(frozen=True)
class ScaleInstance:
    db: str
    server: HttpServer
    data: DataSet


def cache_key(sizes: Sizes) -> str:
    """Changes with the schema (the migrations) and with the builder."""
    digest = hashlib.sha256()
    for path in [*sorted(MIGRATIONS.glob("*.py")), BENCH_DIR / "lib" / "scale_data.py"]:
        digest.update(path.name.encode() + path.read_bytes())
    return f"{sizes.key()}-{digest.hexdigest()[:12]}"


def _sqlite_data(workdir: Path, env: dict[str, str], sizes: Sizes, cache: Path | None) -> DataSet:
    target = workdir / "data" / "teamboard.db"
    cached = cache / f"growth-{cache_key(sizes)}.db" if cache else None
    if cached is not None and cached.exists() and cached.with_suffix(".json").exists():
        log(f"[sqlite] data set from the cache: {cached}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        return DataSet.from_json(cached.with_suffix(".json").read_text())
    teamboard(["migrate"], env)
    data = _build("sqlite", f"sqlite+aiosqlite:///{target}", sizes)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob("growth-*"):
            stale.unlink()  # one data set kept: an older schema's is of no more use
        shutil.copyfile(target, cached)
        cached.with_suffix(".json").write_text(data.to_json())
    return data


def _build(db: str, url: str, sizes: Sizes) -> DataSet:
    log(f"[{db}] building the data set with bulk inserts")
    started = time.monotonic()
    data = asyncio.run(build(url, sizes))
    log(f"[{db}] data set built in {time.monotonic() - started:.0f}s")
    return data


def scale_env(workdir: Path, url: str) -> dict[str, str]:
    """A growth instance's environment: its data folder and database, quick hashing and
    tokens that outlast a run."""
    return server_env(
        workdir / "data",
        database_url=url,
        access_token_minutes=15,
        argon2_time_cost=1,
        argon2_memory_kib=8192,
        base_url=f"http://{HOST}:8000",
    )


def start_scale_instance(
    stack: contextlib.ExitStack,
    db: str,
    postgres: PostgresCluster | None,
    sizes: Sizes,
    cache: Path | None,
) -> ScaleInstance:
    workdir = tempdir(stack, f"teamboard-growth-{db}-")
    url = postgres.url() if postgres else f"sqlite+aiosqlite:///{workdir / 'data' / 'teamboard.db'}"
    env = scale_env(workdir, url)
    if postgres:
        # COPY is quick enough that a cache (a dump to restore) would save little.
        teamboard(["migrate"], env)
        data = _build(db, url, sizes)
    else:
        data = _sqlite_data(workdir, env, sizes, cache)
    server = start_uvicorn(
        stack, f"teamboard-growth-{db}", "teamboard.asgi:app", ready_path="/healthz",
        workdir=workdir, env=env,
    )  # fmt: skip
    return ScaleInstance(db, server, data)
