"""Teamboard WebSocket fan-out benchmark: N clients watch one board while card moves are
published; delivery, publish-to-last-receipt latency and server memory per socket, next to
a bare Starlette broadcast measured in the same run.

Run from the repository root (``make bench-ws`` does): ``.venv/bin/python bench/ws_bench.py``.
See bench/README.md. Everything it starts (servers, Redis, a PostgreSQL cluster, client
processes, temp folders) is stopped and removed on the way out. Loopback only.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import API, BenchError, log
from lib.figures import captured, record
from lib.fixtures import Fixture, build_board
from lib.procs import start_postgres
from lib.ws_clients import Target
from lib.ws_report import Fanout, Line, lines_for, print_table
from lib.ws_run import Plan, measure
from lib.ws_servers import Proc, raise_fd_limit, start_bare, start_redis, start_teamboards
from lib.ws_servers import teamboard_env as make_env

from devkit.api import SyncApi
from devkit.procs import DevkitError, tempdir

# The targets.
P99_MAX_RATIO = 1.3  # one worker, 1,000 subscribers: p99 over the bare broadcast's p99
MEM_MAX_KB = 40.0  # server memory per idle subscribed socket
SCALE_P99_MAX_MS = 250.0  # two instances + Redis, 5,000 subscribers


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds the ExitStacks


def bare_scenario(stack: contextlib.ExitStack, clients: int, plan: Plan) -> Fanout:
    workdir = tempdir(stack, "teamboard-ws-bare-")
    bare = start_bare(stack, workdir)
    http = stack.enter_context(httpx.Client(base_url=bare.url, timeout=30))

    def publish() -> int:
        response = http.post("/publish")
        response.raise_for_status()
        return int(response.json()["seq"])

    def target(server: Proc) -> Target:
        return Target(server.ws_url, server.url, None, None, 0)

    return measure(stack, "bare broadcast", [bare], target, clients, plan, publish)


def _session_cookie(server: Proc, fx: Fixture) -> str:
    """One log-in of the board's owner; every socket is one more tab of that user."""
    with SyncApi.connect(server.url) as api:
        return api.browser_log_in(fx.email, fx.password, server.url).cookie_header


def teamboard_scenario(
    stack: contextlib.ExitStack,
    scenario: str,
    servers: list[Proc],
    clients: int,
    plan: Plan,
) -> Fanout:
    """Sockets spread over ``servers``; every card move goes through the first one."""
    first = servers[0]
    log(f"{scenario}: building the board through the API")
    fx = build_board(first.url)
    cookie = _session_cookie(first, fx)
    http = stack.enter_context(
        httpx.Client(
            base_url=first.url + API,
            timeout=30,
            headers={"Authorization": f"Bearer {fx.token}"},
        )
    )
    start_seq = int(http.get(f"/boards/{fx.board_id}").json()["seq"])
    card = fx.card_ids[0]  # starts in the first column; moves to and fro between two
    count = [0]

    def publish() -> int:
        count[0] += 1
        column = fx.column_ids[count[0] % 2]
        response = http.post(f"/cards/{card}/move", json={"column_id": column, "position": 0})
        if response.status_code != 200:
            raise BenchError(f"move: {response.status_code} {response.text[:300]}")
        return start_seq + count[0]

    def target(server: Proc) -> Target:
        return Target(server.ws_url, server.url, cookie, fx.board_id, 0)

    result = measure(stack, scenario, servers, target, clients, plan, publish)
    seq = int(http.get(f"/boards/{fx.board_id}").json()["seq"])
    if seq != start_seq + count[0]:
        result.notes.append(f"board seq {seq}, expected {start_seq + count[0]}: stray events")
    return result


def one_worker(stack: contextlib.ExitStack, clients: int, plan: Plan) -> Fanout:
    workdir = tempdir(stack, "teamboard-ws-1-")
    servers = start_teamboards(stack, workdir, make_env(workdir, None, None), 1)
    return teamboard_scenario(stack, "teamboard 1 worker (sqlite)", servers, clients, plan)


def two_instances(stack: contextlib.ExitStack, clients: int, plan: Plan, db: str) -> Fanout:
    workdir = tempdir(stack, "teamboard-ws-2-")
    postgres = start_postgres(stack) if db == "postgres" else None
    if db == "postgres" and postgres is None:
        log("PostgreSQL is not installed: the two instances share SQLite")
    redis_url = start_redis(stack)
    env = make_env(workdir, postgres.url() if postgres else None, redis_url)
    servers = start_teamboards(stack, workdir, env, 2)
    name = f"teamboard 2 instances + redis ({'postgres' if postgres else 'sqlite'})"
    return teamboard_scenario(stack, name, servers, clients, plan)


def verdicts(bare: Fanout, one: Fanout | None, two: Fanout | None) -> list[Line]:
    lines = lines_for(bare, None)
    if one is not None:
        mine = lines_for(one, bare)
        for line in mine:
            if line.metric == "p99 ms":
                line.target = f"<= {P99_MAX_RATIO} x bare"
                line.passed = one.p99_ms <= P99_MAX_RATIO * bare.p99_ms
            elif line.metric == "KB/idle conn":
                line.target = f"<= {MEM_MAX_KB:.0f} KB"
                line.passed = one.mem_per_conn_kb <= MEM_MAX_KB
        lines += mine
    if two is not None:
        mine = lines_for(two, bare)
        for line in mine:
            if line.metric == "p99 ms":
                line.target = f"<= {SCALE_P99_MAX_MS:.0f} ms"
                line.passed = two.p99_ms <= SCALE_P99_MAX_MS
            elif line.metric == "KB/idle conn":
                line.target = f"<= {MEM_MAX_KB:.0f} KB"
                line.passed = two.mem_per_conn_kb <= MEM_MAX_KB
        lines += mine
    return lines


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Teamboard WebSocket fan-out benchmark")
    parser.add_argument("--quick", action="store_true", help="20 publishes instead of 100")
    parser.add_argument("--clients", type=int, default=1000, help="one-worker run (1000)")
    parser.add_argument(
        "--scale-clients", type=int, default=5000, help="two instances + Redis (5000)"
    )
    parser.add_argument("--interval-ms", type=float, default=150.0, help="between publishes")
    parser.add_argument(
        "--scale-interval-ms",
        type=float,
        default=500.0,
        help="between publishes of the two-instance run: 5,000 sockets take longer to reach",
    )
    parser.add_argument(
        "--db",
        choices=["postgres", "sqlite"],
        default="postgres",
        help="database of the two-instance run (default: postgres)",
    )
    parser.add_argument("--skip-scale", action="store_true", help="no two-instance run")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--no-record",
        action="store_true",
        help="do not write the table to docs/performance-figures.md (a full run does)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    limit = raise_fd_limit()
    if limit < args.scale_clients * 2 + 1000:
        log(f"warning: open-file limit {limit} is low for {args.scale_clients} sockets")
    publishes = 20 if args.quick else 100
    interval = args.interval_ms / 1000
    small = Plan(publishes, interval, procs=max(1, -(-args.clients // 1250)))
    large = Plan(
        publishes,
        args.scale_interval_ms / 1000,
        procs=min(4, max(2, -(-args.scale_clients // 1250))),
    )
    started = time.monotonic()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    runs: list[Fanout] = []
    scenarios: list[Callable[[contextlib.ExitStack], Fanout]] = [
        lambda s: bare_scenario(s, args.clients, small),
        lambda s: one_worker(s, args.clients, small),
    ]
    if not args.skip_scale:
        scenarios.append(lambda s: two_instances(s, args.scale_clients, large, args.db))
    try:
        for scenario in scenarios:
            # Each its own ExitStack: servers and clients are gone before the next one.
            with contextlib.ExitStack() as stack:
                runs.append(scenario(stack))
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        return 2
    bare, one = runs[0], runs[1]
    two = runs[2] if len(runs) > 2 else None
    lines = verdicts(bare, one, two)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    def show() -> None:
        print_table(lines)
        for run in runs:
            for note in run.notes:
                print(f"  {run.scenario}: {note}")
        print(
            f"  {when}; load average at the end {load}; "
            f"{publishes} publishes {args.interval_ms:.0f} ms apart "
            f"({args.scale_interval_ms:.0f} ms for the two instances); "
            f"client processes {small.procs} / {large.procs}; "
            f"total {time.monotonic() - started:.0f}s"
        )

    text = captured(show)
    if not (args.no_record or args.quick or args.skip_scale):
        record("ws", "WebSocket fan-out (`make bench-ws`)", f"{os.cpu_count()} CPUs", text)
    missed = [line for line in lines if line.passed is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
