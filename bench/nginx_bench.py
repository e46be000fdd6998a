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
import socket
import subprocess
import sys
import time
from pathlib import Path

from lib.common import BENCH_DIR, HOST, BenchError, log
from lib.fixtures import Fixture, build_board
from lib.postgres import start_postgres
from lib.procs import (
    Server,
    free_port,
    make_tempdir,
    run_checked,
    spawn,
    start_uvicorn,
    stop_process,
)
from lib.wrk import WrkResult, wrk

REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "deploy"))
from nginx.render import Edge, render  # noqa: E402 - deploy/ is not a package
from nginx.selfsigned import self_signed_command  # noqa: E402

CONNECTIONS = 16
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIX = BENCH_DIR / "nginx_mix.lua"


def start_redis(stack: contextlib.ExitStack, workdir: Path) -> str:
    port = free_port()
    binary = shutil.which("redis-server") or "redis-server"
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            binary,
            "--port",
            str(port),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(stop_process, proc, "redis")
    return f"redis://{HOST}:{port}/0"


def start_nginx(stack: contextlib.ExitStack, root: Path, upstreams: list[Server]) -> str:
    """nginx in front of ``upstreams``; returns its https origin."""
    root.mkdir()
    cert, key = root / "cert.pem", root / "key.pem"
    run_checked(self_signed_command(cert, key, HOST), "openssl")
    https = free_port()
    edge = Edge(
        upstreams=[f"{HOST}:{s.port}" for s in upstreams],
        public_origin=f"https://{HOST}:{https}",
        server_name=HOST,
        tls_cert=cert,
        tls_key=key,
        frontend_dist=REPO / "frontend" / "dist",
        spa_dist=root / "spa",
        spa_server_name=HOST,
        bind=HOST,
        http_port=free_port(),
        https_port=https,
        spa_port=free_port(),
        log_dir=root,
        pid_file=root / "nginx.pid",
        user="nobody nogroup" if os.geteuid() == 0 else "nobody",
    )
    conf = render(edge, root / "conf")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [NGINX, "-p", str(root), "-c", str(conf), "-g", "daemon off;"],
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    stack.callback(stop_process, proc, "nginx")
    deadline = time.monotonic() + 10
    while True:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, https)) == 0:
                break
        if time.monotonic() > deadline or proc.poll() is not None:
            raise BenchError(f"nginx did not start; see {root}/error.log")
        time.sleep(0.1)
    return f"https://{HOST}:{https}"


def measure(
    stack: contextlib.ExitStack,
    root: Path,
    name: str,
    upstreams: list[Server],
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


def serve(stack: contextlib.ExitStack, name: str, workdir: Path, env: dict[str, str]) -> Server:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "teamboard",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    return spawn(stack, name, cmd, port, ready_path="/healthz", workdir=workdir, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description="Load through nginx: one vs two instances.")
    parser.add_argument("--seconds", type=int, default=8, help="each measured run")
    args = parser.parse_args()
    for tool in ("nginx", "wrk", "redis-server", "openssl"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed")
    with contextlib.ExitStack() as stack:
        root = make_tempdir(stack, "teamboard-bench-nginx-")
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
        stop_process(bare.proc, "bare")

        postgres = start_postgres(stack)
        if postgres is None:
            raise BenchError("PostgreSQL 15 is not installed")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEAMBOARD_")} | {
            "TEAMBOARD_DATABASE_URL": postgres.url,
            "TEAMBOARD_SECRET_KEY": "nginx-bench-secret-shared-by-both-instances-0123",
            "TEAMBOARD_REDIS_URL": start_redis(stack, root),
            "TEAMBOARD_TRUSTED_PROXIES": HOST,
            "TEAMBOARD_ARGON2_TIME_COST": "1",
            "TEAMBOARD_ARGON2_MEMORY_KIB": "8192",
            "TEAMBOARD_DATA_DIR": str(root / "data"),
        }
        run_checked([sys.executable, "-m", "teamboard", "migrate"], "migrate", env=env)
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
    print_table(rows)
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
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
