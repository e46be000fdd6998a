"""The search rows of the growth table: ``GET /api/v1/search`` for a common word, a rare
one and a prefix being typed, at 16 connections (wrk), over 100,000 cards across 1,000
boards against the same over 1,000 cards, in the same run: two rows a word, one where
only the others' boards grew (what the searcher may see stays 50 cards), one where every
board grew (the searcher's hold 5,000), both held to the same 1,000-card figure.

Each size is a database of its own (lib/scale_search_data.py), served by its own worker:
a small search in the big database would still read the big index, and hide its growth.
Both workers are up together and the sizes are measured term by term in turn, so that the
machine's load falls on both alike. The bulk build bypasses the index's upkeep:
``teamboard search reindex`` fills it, the way an operator would after a restore, and on
PostgreSQL VACUUM ANALYZE then does what autovacuum would soon after an import."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from devkit.postgres import PostgresCluster
from devkit.procs import run, tempdir
from devkit.server import CLI, HttpServer, teamboard
from lib.common import API, BENCH_DIR, BenchError, log
from lib.cpu import process_cpu
from lib.procs import start_uvicorn
from lib.scale_instance import scale_env
from lib.scale_measure import Cell, Client, GrowthRow
from lib.scale_search_data import (
    COMMON,
    PREFIX,
    RARE,
    SEARCHER,
    SearchSet,
    Shape,
    build_search,
)
from lib.wrk import wrk

CONNECTIONS = 16
P99_MAX_MS = 50.0
MAX_RATIO = 1.5
TERMS = (("common word", COMMON), ("rare word", RARE), ("prefix typed", PREFIX))
BACKEND = BENCH_DIR.parent / "backend" / "teamboard"
REINDEX_TIMEOUT = 1800.0


@dataclass(frozen=True)
class SearchSizes:
    small: Shape  # the searcher's boards hold one card each, the others' one in all
    others: Shape  # the others' boards grow, the searcher's as in the small set
    every: Shape  # every board grows alike
    seconds: int  # each wrk run


def _sizes(boards: int, small: int, large: int, seconds: int) -> SearchSizes:
    return SearchSizes(
        Shape(boards, small, 1), Shape(boards, large, 1), Shape(boards, large, large // boards),
        seconds,
    )  # fmt: skip


FULL_SEARCH = _sizes(1_000, 1_000, 100_000, seconds=10)
QUICK_SEARCH = _sizes(100, 100, 500, seconds=1)


@dataclass(frozen=True)
class SearchInstance:
    server: HttpServer
    data: SearchSet
    pids: list[int]  # what to count the CPU of: the worker (and PostgreSQL)


def _label(data: SearchSet) -> str:
    return f"{data.cards:,} cards, {data.seen:,} seen"


def _cache_name(shape: Shape) -> str:
    """Changes with the schema, the builder and the index's writer (the reindex)."""
    digest = hashlib.sha256()
    paths = sorted((BACKEND / "migrations" / "versions").glob("*.py"))
    paths += [BENCH_DIR / "lib" / "scale_search_data.py", BACKEND / "search" / "documents.py"]
    for path in paths:
        digest.update(path.name.encode() + path.read_bytes())
    return f"search-{shape.key()}-{digest.hexdigest()[:12]}"


def _fill(db: str, url: str, env: dict[str, str], shape: Shape) -> SearchSet:
    started = time.monotonic()
    data = asyncio.run(build_search(url, shape))
    built = time.monotonic()
    # The CLI command itself: bulk rows are not in the index until it runs.
    run([*CLI, "search", "reindex"], "teamboard search reindex", env=env, timeout=REINDEX_TIMEOUT)
    if db == "postgres":
        asyncio.run(_vacuum(url))
    log(
        f"[{db}] search set of {_label(data)} built in {built - started:.0f}s, "
        f"indexed in {time.monotonic() - built:.0f}s"
    )
    return data


async def _vacuum(url: str) -> None:
    """What autovacuum does after an import: the GIN index's pending list merged, and the
    planner's statistics (VACUUM runs outside a transaction)."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()


def _sqlite_set(db_file: Path, env: dict[str, str], shape: Shape, cache: Path | None) -> SearchSet:
    cached = cache / f"{_cache_name(shape)}.db" if cache else None
    if cached is not None and cached.exists() and cached.with_suffix(".json").exists():
        log(f"[sqlite] search set {shape.key()} from the cache: {cached}")
        db_file.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, db_file)
        return SearchSet(**json.loads(cached.with_suffix(".json").read_text()))
    teamboard(["migrate"], env)
    data = _fill("sqlite", f"sqlite+aiosqlite:///{db_file}", env, shape)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for stale in cached.parent.glob(f"search-{shape.key()}-*"):
            stale.unlink()  # one set of each size kept
        shutil.copyfile(db_file, cached)
        cached.with_suffix(".json").write_text(json.dumps(asdict(data)))
    return data


def _instance(
    stack: contextlib.ExitStack,
    db: str,
    postgres: PostgresCluster | None,
    shape: Shape,
    cache: Path | None,
) -> SearchInstance:
    workdir = tempdir(stack, f"teamboard-search-{db}-")
    db_file = workdir / "data" / "teamboard.db"
    if postgres is not None:
        url = postgres.create_database(f"search_{shape.key().replace('-', '_')}")
    else:
        url = f"sqlite+aiosqlite:///{db_file}"
    env = scale_env(workdir, url)
    if postgres is not None:
        teamboard(["migrate"], env)
        data = _fill(db, url, env, shape)
    else:
        data = _sqlite_set(db_file, env, shape, cache)
    server = start_uvicorn(
        stack, f"teamboard-search-{db}-{shape.key()}", "teamboard.asgi:app",
        ready_path="/healthz", workdir=workdir, env=env,
    )  # fmt: skip
    return SearchInstance(server, data, server.pids())


def _check(client: Client, data: SearchSet, label: str) -> None:
    """The rows time real answers: the rare word finds exactly the searcher's cards
    that hold it, the others find the searcher's cards only, and what they should."""

    def hits(q: str) -> list[dict[str, object]]:
        params: dict[str, str | int] = {"q": q, "limit": 50}
        response = client.http.get(f"{API}/search", params=params, headers=client.bearer)
        if response.status_code != 200:
            why = f"{response.status_code} {response.text[:300]}"
            raise BenchError(f"search {q!r} on {label}: {why}")
        found: list[dict[str, object]] = response.json()["hits"]
        return found

    rare = sorted(int(str(h["card_id"])) for h in hits(RARE))
    if rare != sorted(data.rare_ids):
        raise BenchError(f"search {RARE!r} on {label} found {rare}, expected {data.rare_ids}")
    mine = set(data.searcher_boards)
    for q in (COMMON, PREFIX):
        found = hits(q)
        if not found or any(h["board_id"] not in mine for h in found):
            raise BenchError(f"search {q!r} on {label}: {len(found)} hits, or another's")
        if not all(q in str(h["snippet"]).lower() for h in found):
            raise BenchError(f"search {q!r} on {label}: a hit without the word in its snippet")


def _measure(instance: SearchInstance, token: str, q: str, seconds: int) -> Cell:
    url = f"{instance.server.url}{API}/search?{urlencode({'q': q})}"
    cpu = sum(map(process_cpu, instance.pids))
    result = wrk(
        url,
        seconds=seconds,
        connections=CONNECTIONS,
        headers={"Authorization": f"Bearer {token}"},
    )
    cpu_ms = (sum(map(process_cpu, instance.pids)) - cpu) * 1000
    if result.errors or not result.requests:
        raise BenchError(f"search {q!r}: {result.errors} errors in {result.requests} requests")
    return Cell(
        _label(instance.data),
        result.p50_ms,
        result.p90_ms,
        int(result.bytes_per_request),
        cpu_ms / result.requests,
        p99_ms=result.p99_ms,
    )


def _floor(stack: contextlib.ExitStack, seconds: int) -> GrowthRow:
    """What a request costs at all here: a bare FastAPI endpoint (bench/bare_app.py) in one
    worker, at the same connections, right before the searches: their p99 can be no better,
    and on a loaded machine neither can. Stopped before the searches run."""
    scratch = tempdir(stack, "teamboard-search-bare-")
    server = start_uvicorn(
        stack, "search-bare", "bare_app:app", ready_path="/ping", workdir=scratch,
        env=os.environ, app_dir=BENCH_DIR,
    )  # fmt: skip
    cpu = process_cpu(server.pid)
    result = wrk(f"{server.url}/ping", seconds=seconds, connections=CONNECTIONS)
    cpu_ms = (process_cpu(server.pid) - cpu) * 1000 / max(result.requests, 1)
    server.stop()
    cell = Cell(
        "bare /ping", result.p50_ms, result.p90_ms, int(result.bytes_per_request), cpu_ms,
        p99_ms=result.p99_ms,
    )  # fmt: skip
    return GrowthRow(
        f"floor: bare /ping at {CONNECTIONS} connections", "-", [cell], None, held="p99"
    )


def search_rows(
    stack: contextlib.ExitStack,
    db: str,
    postgres: PostgresCluster | None,
    quick: bool,
    cache: Path | None,
) -> tuple[list[GrowthRow], str]:
    """The rows, and a line saying what they measured."""
    sizes = QUICK_SEARCH if quick else FULL_SEARCH
    shapes = (sizes.small, sizes.others, sizes.every)
    instances = [_instance(stack, db, postgres, shape, cache) for shape in shapes]
    tokens = []
    for instance in instances:
        client = Client(instance.server.url, email=SEARCHER)
        stack.callback(client.close)
        _check(client, instance.data, _label(instance.data))
        tokens.append(client.token)
    if postgres is not None:  # its backends: the CPU of the searches (the rest is idle)
        instances = [SearchInstance(i.server, i.data, i.pids + postgres.pids()) for i in instances]
    sets = ", ".join(_label(i.data) for i in instances)
    log(f"[{db}] search at {CONNECTIONS} connections over {sets}")
    rows = [_floor(stack, sizes.seconds)]
    for name, q in TERMS:
        small, others, every = (
            _measure(i, t, q, sizes.seconds) for i, t in zip(instances, tokens, strict=True)
        )
        for grows, large in (("others' boards grow", others), ("every board grows", every)):
            rows.append(
                GrowthRow(
                    f"search {q!r} ({name}), {grows}",
                    db,
                    [small, large],
                    MAX_RATIO,
                    limit=(large.size, P99_MAX_MS),
                    held="p99",
                )
            )
    for instance in instances:
        instance.server.check_alive()
    mine = len(instances[0].data.searcher_boards)
    return rows, (
        f"[{db}] search: the searcher is a member of {mine} of {sizes.small.boards} boards; "
        f"wrk -c{CONNECTIONS} for {sizes.seconds}s a term and data set; the ratio and the "
        "target are of p99"
    )
