"""Teamboard growth benchmark: what a request costs as the data grows, on SQLite and
PostgreSQL, in one table with the ratio to the smallest size measured in the same run.

Run from the repository root (``make bench-scale`` does): ``.venv/bin/python bench/scale.py``.
See docs/performance.md ("Growth") for what is measured and how to read the table. The data
sets are bulk-built (lib/scale_data.py); everything started is stopped on the way out.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import platform
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import PG_BIN, log
from lib.cpu import process_cpu
from lib.figures import captured, record
from lib.procs import start_postgres
from lib.scale_data import FULL, QUICK, Sizes
from lib.scale_instance import DEFAULT_CACHE, start_scale_instance
from lib.scale_measure import (
    Client,
    GrowthRow,
    activity_rows,
    board_list_rows,
    board_rows,
    check_shown,
)
from lib.scale_report import print_growth
from lib.scale_search import search_rows
from lib.scale_ws import memory_row, resume_row
from lib.ws_servers import rss_kib

from devkit.procs import DevkitError


class Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


def machine_line(sizes: Sizes, rounds: int) -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    load = Path("/proc/loadavg").read_text().split()[:3]
    return (
        f"{os.cpu_count()} CPUs ({model}) · load {' '.join(load)} at the start · "
        f"Python {platform.python_version()} · "
        f"sqlalchemy {importlib.metadata.version('sqlalchemy')} · "
        f"PostgreSQL {PG_BIN.parent.name} (fsync on) · SQLite (WAL) · "
        f"median of {rounds} requests one at a time · {sizes.sockets} sockets"
    )


def measure_db(
    db: str, sizes: Sizes, rounds: int, cache: Path | None, rows: list[GrowthRow]
) -> list[str]:
    with contextlib.ExitStack() as stack:
        postgres = None
        if db == "postgres":
            postgres = start_postgres(stack)
            if postgres is None:
                return [f"postgres: skipped (no {PG_BIN / 'initdb'})"]
        tb = start_scale_instance(stack, db, postgres, sizes, cache)
        server = tb.server

        def cpu() -> float:  # the worker's, and its PostgreSQL backends'
            pids = server.pids() + (postgres.pids() if postgres else [])
            return sum(map(process_cpu, pids))

        client = Client(server.url, cpu)
        stack.callback(client.close)
        # Memory first, on a worker that has read nothing big yet.
        memory = memory_row(tb.server, client, tb.data, sizes, db)
        rows.append(memory)
        check_shown(client, tb.data)
        rows += board_rows(client, tb.data, sizes, db, rounds)
        rows += activity_rows(client, tb.data, sizes, db, rounds)
        rows.append(resume_row(tb.server, client, tb.data, sizes, db, rounds))
        rows += board_list_rows(tb.server.url, cpu, tb.data, db, rounds)
        memory.notes.append(f"RSS after every row: {rss_kib([tb.server]) / 1024:.0f} MB")
        tb.server.check_alive()
        # Last: on data sets of their own, each with its own worker (lib/scale_search.py).
        more, why = search_rows(stack, db, postgres, sizes == QUICK, cache)
        rows += more
        return [why]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Teamboard growth benchmark (loopback only)")
    parser.add_argument("--quick", action="store_true", help="small sizes, few requests")
    parser.add_argument("--db", choices=["all", "sqlite", "postgres"], default="all")
    parser.add_argument("--rounds", type=int, help="timed requests per size (default 15, quick 3)")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help="where built SQLite data sets are kept"
    )
    parser.add_argument("--no-cache", action="store_true", help="build every data set afresh")
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    parser.add_argument(
        "--no-record", action="store_true", help="do not write docs/performance-figures.md"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rounds = args.rounds or (3 if args.quick else 15)
    cache = None if args.no_cache else args.cache
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _terminate)
    started = time.monotonic()
    machine = machine_line(sizes, rounds)
    print(f"Teamboard growth benchmark — {machine}", flush=True)
    rows: list[GrowthRow] = []
    remarks: list[str] = []
    try:
        for db in ("sqlite", "postgres"):
            if args.db in ("all", db):
                remarks += measure_db(db, sizes, rounds, cache, rows)
    except DevkitError as exc:
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        print_growth(rows)
        return 1
    except (Interrupted, KeyboardInterrupt) as exc:
        code: int = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
        print(f"\ninterrupted (signal {code}); servers and temp folders removed", file=sys.stderr)
        return 128 + code
    table = captured(lambda: print_growth(rows))
    for remark in remarks:
        log(remark)
    if not (args.no_record or args.quick or args.db != "all"):
        record("growth", "Growth (`make bench-scale`)", machine, table)
    print(f"\nfinished in {time.monotonic() - started:.0f}s")
    missed = [row for row in rows if row.passed is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
