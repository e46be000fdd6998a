"""Teamboard HTTP benchmark: wrk against bare FastAPI baselines and the real app.

Run from the repository root (``make bench`` does): ``.venv/bin/python bench/run.py``.
See bench/README.md for what is measured and how to read the table; the parts live in
``bench/lib/``.

Everything it starts (uvicorn servers, a throw-away PostgreSQL cluster, temp folders)
is stopped and removed on the way out, also after an error or Ctrl-C. Only loopback
addresses are used.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.api import api_rows
from lib.baselines import Baselines, bare_api, bare_page
from lib.common import (
    CONDITIONAL_MIN_RATIO,
    MOVE_CONNECTIONS,
    MOVE_MAX_P99_MS,
    MOVE_MIN_RPS,
    PAGE_MAX_TAIL,
    PAGE_MIN_RATIO,
    PG_BIN,
    READ_MIN_RATIO,
    WRK,
    log,
)
from lib.figures import captured, record
from lib.instance import start_teamboard
from lib.pages import page_row
from lib.procs import start_postgres
from lib.report import environment_line, print_table
from lib.scenarios import Durations, Row

from devkit.procs import DevkitError


class Interrupted(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)  # unwinds the ExitStacks: servers, cluster and temp dirs go


def measure_db(db: str, baselines: Baselines, d: Durations, rows: list[Row]) -> None:
    """Every Teamboard row for one database. Its own ExitStack: the server (then the
    cluster, then the folders) is gone before the next database is measured."""
    with contextlib.ExitStack() as stack:
        postgres = None
        if db == "postgres":
            postgres = start_postgres(stack)
            if postgres is None:
                log(f"postgres: skipped (no {PG_BIN / 'initdb'})")
                rows.append(Row("(all scenarios)", "postgres", None, None, None, "skipped"))
                return
        tb = start_teamboard(stack, db, postgres)
        api_rows(tb, baselines.api, d, rows)
        rows.append(page_row(tb, baselines.page, d))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Teamboard HTTP benchmark (wrk, loopback only)")
    parser.add_argument("--quick", action="store_true", help="3 s runs instead of 10 s")
    parser.add_argument(
        "--db",
        choices=["all", "sqlite", "postgres"],
        default="all",
        help="which databases to measure (default: all)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a target is missed"
    )
    parser.add_argument(
        "--no-record",
        action="store_true",
        help="do not write the table to docs/performance-figures.md (a full run does)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    durations = Durations(measure=3, warmup=1) if args.quick else Durations(measure=10, warmup=2)
    if not Path(WRK).exists():
        print(f"wrk not found ({WRK}); install it (apt-get install wrk)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    signal.signal(signal.SIGINT, _terminate)  # also when started in the background

    started = time.monotonic()
    print(f"Teamboard benchmark — {environment_line(durations)}", flush=True)
    load = float(Path("/proc/loadavg").read_text().split()[0])
    if load > 0.5:
        log(
            f"warning: load average is {load:.2f} before the start; other processes compete "
            "for the CPU, see the 'other' CPU share in the notes"
        )
    rows: list[Row] = []
    try:
        with contextlib.ExitStack() as stack:
            rows.append(bare_api(stack, durations))
            rows.append(bare_page(stack, durations))
            baselines = Baselines(api=rows[0], page=rows[1])
            for db in ("sqlite", "postgres"):
                if args.db in ("all", db):
                    measure_db(db, baselines, durations, rows)
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        if rows:
            print_table(rows)
        return 1
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        print(f"\ninterrupted (signal {signum}); servers and temp folders removed", file=sys.stderr)
        return 128 + signum
    table = captured(lambda: print_table(rows))
    if not (args.no_record or args.quick or args.db != "all"):
        record("http", "HTTP (`make bench`)", environment_line(durations), table)
    print(
        f"\nfinished in {time.monotonic() - started:.0f}s; targets: board read >= "
        f"{READ_MIN_RATIO} x bare req/s, conditional read >= {CONDITIONAL_MIN_RATIO} x bare, "
        f"move >= {MOVE_MIN_RPS:.0f} req/s with p99 <= {MOVE_MAX_P99_MS:.0f} ms at "
        f"{MOVE_CONNECTIONS} connections, board page >= {PAGE_MIN_RATIO} x the bare Jinja "
        f"page's req/s with p99 <= {PAGE_MAX_TAIL:.0f} x p50"
    )
    missed = [row for row in rows if row.passed is False]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
