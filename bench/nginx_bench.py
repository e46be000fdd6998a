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
import shutil
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import BENCH_DIR, HOST, BenchError, log
from lib.figures import captured, record
from lib.fixtures import Fixture, build_board
from lib.procs import start_postgres, start_uvicorn
from lib.wrk import WrkResult, wrk

from devkit.nginx import Nginx, NginxPorts, loopback_edge
from devkit.procs import DevkitError, tempdir
from devkit.redis import RedisServer
from devkit.server import HttpServer, TeamboardServer, server_env, teamboard

CONNECTIONS = 16
MIX = BENCH_DIR / "nginx_mix.lua"
REPO = BENCH_DIR.parent


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
    env: dict[str, str] | None = None,
) -> WrkResult:
    with contextlib.ExitStack() as edge_stack:
        origin = start_nginx(edge_stack, root / name, upstreams)
        script = MIX if env else None
        wrk(
            origin + url_path,
            seconds=2,
            connections=CONNECTIONS,
            script=script,
            env=env,
        )
        result = wrk(
            origin + url_path,
            seconds=seconds,
            connections=CONNECTIONS,
            script=script,
            env=env,
        )
    time.sleep(2)  # let queued work drain before the next run
    return result


def serve(stack: contextlib.ExitStack, name: str, workdir: Path, env: dict[str, str]) -> HttpServer:
    server = TeamboardServer(
        env, name=name, workers=1, log_path=workdir / f"{name}.log", own_base_url=False
    )
    stack.callback(server.stop)
    return server.up()


def main() -> int:
    parser = argparse.ArgumentParser(description="Load through nginx: one vs two instances.")
    parser.add_argument("--seconds", type=int, default=8, help="each measured run")
    args = parser.parse_args()
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
        rows = [
            (
                "bare /ping, 1 process",
                measure(stack, root, "bare", [bare], "/ping", args.seconds),
            )
        ]
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
        log("Teamboard, one instance behind nginx")
        rows.append(
            (
                "board mix, 1 instance",
                measure(stack, root, "one", [one], "/", args.seconds, mix),
            )
        )
        two = serve(stack, "instance2", root, env)
        log("Teamboard, two instances behind nginx")
        rows.append(
            (
                "board mix, 2 instances",
                measure(stack, root, "two", [one, two], "/", args.seconds, mix),
            )
        )
    text = captured(lambda: print_table(rows))
    if len(rows) == 3:
        record("nginx", "Through nginx (`make bench-nginx`)", f"{os.cpu_count()} CPUs", text)
    return 0 if all(r.errors == 0 for _, r in rows) else 1


def print_table(rows: list[tuple[str, WrkResult]]) -> None:
    bare = rows[0][1].rps
    print(
        f"\n{'through nginx (TLS), c' + str(CONNECTIONS):<28} {'req/s':>7} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'errors':>7} {'x bare':>7}"
    )
    for name, r in rows:
        print(
            f"{name:<28} {r.rps:>7,.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {r.errors:>7} "
            f"{r.rps / bare:>7.3f}" + (f"  {r.statuses}" if r.statuses else "")
        )
    if len(rows) == 3:
        print(
            f"two instances / one: {rows[2][1].rps / rows[1][1].rps:.2f} x req/s, "
            f"p99 {rows[2][1].p99_ms / rows[1][1].p99_ms:.2f} x"
        )


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        sys.exit(main())
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
