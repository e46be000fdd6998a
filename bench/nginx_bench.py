"""Load through nginx: Teamboard on one instance, then on two (PostgreSQL + Redis), each
against a bare FastAPI endpoint behind the same nginx, measured in the same run.

Run from the repository root (``make bench-nginx`` does): ``.venv/bin/python
bench/nginx_bench.py [--seconds 8]``. nginx runs the rendered deploy/nginx templates (TLS
included, as in production and in `make scale-test`); wrk drives it over https on loopback.
Everything started is stopped and removed on the way out. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib import route_times
from lib.common import BENCH_DIR, HOST, BenchError, log
from lib.figures import captured, record
from lib.fixtures import Fixture, build_board
from lib.procs import start_postgres, start_uvicorn
from lib.wrk import WrkResult, wrk

from devkit.nginx import Nginx, NginxPorts, loopback_edge
from devkit.procs import DevkitError, run, tempdir
from devkit.redis import RedisServer
from devkit.server import HttpServer, TeamboardServer, server_env, teamboard

# The mix at the two loads: 16 connections (the old default) and 64, where a
# board rebuilt after every move showed (p99 785-1,080 ms before the board cache).
CONNECTIONS = (16, 64)
MIX = BENCH_DIR / "nginx_mix.lua"
TARGET_P99_MS = 150.0
REPO = BENCH_DIR.parent
# Each mix row's server-side time per route (bench/lib/route_times.py), printed under the table.
SERVER_TIMES: dict[tuple[str, int], str] = {}


def start_nginx(stack: contextlib.ExitStack, root: Path, upstreams: list[HttpServer]) -> str:
    """nginx in front of ``upstreams``; returns its https origin."""
    root.mkdir()
    edge = loopback_edge(
        root,
        [f"{HOST}:{s.port}" for s in upstreams],
        NginxPorts.free(),
        frontend_dist=REPO / "frontend" / "dist",
        spa_dist=root / "spa",
    )
    nginx = Nginx(root, edge)
    stack.callback(nginx.stop)
    nginx.up()
    return nginx.origin


def measure(
    stack: contextlib.ExitStack,
    root: Path,
    name: str,
    upstreams: list[HttpServer],
    url_path: str,
    seconds: int,
    connections: tuple[int, ...],
    env: dict[str, str] | None = None,
) -> list[tuple[str, int, WrkResult]]:
    """One row per connection count, each after its own warm-up, behind one nginx."""
    rows = []
    with contextlib.ExitStack() as edge_stack:
        folder = root / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        origin = start_nginx(edge_stack, folder, upstreams)
        script = MIX if env else None
        for count in connections:
            url = origin + url_path
            wrk(url, seconds=2, connections=count, script=script, env=env)  # a warm-up
            before = route_times.scrape(upstreams) if env else None
            result = wrk(url, seconds=seconds, connections=count, script=script, env=env)
            log(f"{name}, c{count}: {result.rps:.0f} req/s, p99 {result.p99_ms:.1f} ms")
            rows.append((name, count, result))
            if before is not None:
                SERVER_TIMES[(name, count)] = route_times.summary(
                    before, route_times.scrape(upstreams)
                )
            time.sleep(2)  # let queued work drain before the next run
    return rows


def serve(
    stack: contextlib.ExitStack,
    name: str,
    workdir: Path,
    env: dict[str, str],
    source: Path | None = None,
) -> HttpServer:
    """One instance; ``source``: run the teamboard package found there instead (--before)."""
    if source is not None:
        env = env | {"PYTHONPATH": str(source)}
    server = TeamboardServer(
        env, name=name, workers=1, log_path=workdir / f"{name}.log", own_base_url=False
    )
    stack.callback(server.stop)
    return server.up()


def checkout(root: Path, revision: str) -> Path:
    """The backend package of ``revision``, unpacked into ``root``; returns its folder."""
    target = root / "before"
    tar = root / "before.tar"
    run(["git", "-C", str(REPO), "archive", "-o", str(tar), revision, "backend/teamboard"], "git")
    with tarfile.open(tar) as archive:
        archive.extractall(target, filter="data")
    return target / "backend"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load through nginx: one vs two instances.")
    parser.add_argument("--seconds", type=int, default=8, help="each measured run")
    parser.add_argument(
        "--connections",
        default=",".join(map(str, CONNECTIONS)),
        help="comma-separated connection counts, one row each (default: %(default)s)",
    )
    parser.add_argument(
        "--before",
        metavar="REVISION",
        help="also measure one instance running this git revision's backend (e.g. main), "
        "right before this code's, on the same database and board",
    )
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    counts = tuple(int(c) for c in args.connections.split(","))
    for tool in ("nginx", "wrk", "redis-server", "openssl"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed")
    with contextlib.ExitStack() as stack:
        root = tempdir(stack, "teamboard-bench-nginx-")
        root.chmod(0o755)
        log("bare FastAPI /ping behind nginx")
        bare = start_uvicorn(
            stack,
            "bare",
            "bare_app:app",
            ready_path="/ping",
            workdir=root,
            env=os.environ,
            app_dir=BENCH_DIR,
        )
        rows = measure(stack, root, "bare /ping, 1 process", [bare], "/ping", args.seconds, counts)
        bare.stop()

        postgres = start_postgres(stack)
        if postgres is None:
            raise BenchError("PostgreSQL 15 is not installed")
        redis = RedisServer(root)
        stack.callback(redis.stop)
        env = server_env(
            root / "data",
            database_url=postgres.url(),
            redis_url=redis.up().url,
            trusted_proxies=HOST,
            argon2_time_cost=1,
            argon2_memory_kib=8192,
        )
        teamboard(["migrate"], env)
        one = serve(stack, "instance1", root, env)
        log("building the 200-card board")
        fx: Fixture = build_board(one.url)
        mix = {
            "BENCH_TOKEN": fx.token,
            "BENCH_BOARD_ID": str(fx.board_id),
            "BENCH_CARD_IDS": ",".join(map(str, fx.card_ids)),
            "BENCH_COLUMN_IDS": ",".join(map(str, fx.column_ids)),
        }
        if args.before:
            log(f"{args.before}'s code, one instance behind nginx")
            old = serve(stack, "before", root, env, checkout(root, args.before))
            name = f"mix, 1 instance, {args.before}"
            rows += measure(stack, root, name, [old], "/", args.seconds, counts, mix)
            old.stop()
        log("Teamboard, one instance behind nginx")
        rows += measure(stack, root, "mix, 1 instance", [one], "/", args.seconds, counts, mix)
        two = serve(stack, "instance2", root, env)
        log("Teamboard, two instances behind nginx")
        rows += measure(stack, root, "mix, 2 instances", [one, two], "/", args.seconds, counts, mix)
    text = captured(lambda: print_table(rows, args.before))
    if counts == CONNECTIONS:
        record("board-cache", "Board cache (`make bench-nginx`)", environment(), text)
    return 0 if all(r.errors == 0 for _, _, r in rows) else 1


def environment() -> str:
    return f"{os.cpu_count()} CPUs · load average {os.getloadavg()[0]:.2f} at the end"


def print_table(rows: list[tuple[str, int, WrkResult]], before: str | None) -> None:
    """Each row against the bare endpoint at the same connections, and against the
    before-code's row (--before) at the same connections."""
    bare = {c: r.rps for name, c, r in rows if name.startswith("bare")}
    old = {c: r for name, c, r in rows if before and name.endswith(f", {before}")}
    print(
        f"\n{'through nginx (TLS)':<32} {'conns':>5} {'req/s':>7} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7} {'x bare':>7}" + ("  x before (req/s, p99)" if old else "")
    )
    for name, c, r in rows:
        line = (
            f"{name:<32} {c:>5} {r.rps:>7,.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
            f"{r.errors:>7} {r.rps / bare[c]:>7.3f}"
        )
        if old and name.startswith("mix") and c in old and not name.endswith(f", {before}"):
            line += f"  {r.rps / old[c].rps:.2f} x, {r.p99_ms / old[c].p99_ms:.2f} x"
        print(line + (f"  {r.statuses}" if r.statuses else ""))
    if SERVER_TIMES:
        print("\nserver-side time per route (from the instances' /metrics histograms):")
        for (name, c), line in SERVER_TIMES.items():
            print(f"  {name}, c{c}: {line}")
    one = {c: r for name, c, r in rows if name == "mix, 1 instance"}
    two = {c: r for name, c, r in rows if name == "mix, 2 instances"}
    for c in sorted(one.keys() & two.keys()):
        print(
            f"two instances / one at c{c}: {two[c].rps / one[c].rps:.2f} x req/s, "
            f"p99 {two[c].p99_ms / one[c].p99_ms:.2f} x"
        )
    if 64 in one:
        ok = one[64].p99_ms <= TARGET_P99_MS
        print(
            f"target: the mix at c64 on one instance p99 <= {TARGET_P99_MS:.0f} ms: "
            f"{one[64].p99_ms:.0f} ms, {'PASS' if ok else 'MISS'}"
        )


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(main())
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
