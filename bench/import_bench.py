"""Trello import: how long a 5,000-card export takes to become a board, and what the
import running costs the board's other readers.

Run from the repository root: ``.venv/bin/python bench/import_bench.py`` (four to five
minutes; ``make bench-import``). It starts one Teamboard, on SQLite by default (``--db
postgres``: a throw-away PostgreSQL cluster, as ``make bench`` starts), with its files in
the data folder, builds the benchmark board, generates a Trello export of 5,000 cards and
20,000 actions (lib/trello_data.py) and measures:

1. **The import alone.** After a small import (the import's child process and code paths
   warmed), the export is uploaded (``POST /api/v1/imports/trello``, multipart ``file``,
   until its 202) and the job read every 0.2 s (``GET /api/v1/imports/{id}``) until it is
   done: the upload and the import timed apart, the server's CPU (and PostgreSQL's)
   counted. Target: upload and import together under 30 s.
2. **Readers**, three rounds (``--rounds``): wrk's board read (64 connections, as ``make
   bench``) alone, then while the same export is imported again (into a new board: wrk
   starts just after the upload does and is stopped, SIGINT, when the job is seen done),
   then alone again. Each round's p99 against its first run's; the rounds' median is
   judged (target: at most 1.2 times). One round's two "alone" runs differ by up to a
   third on a shared 2-core machine: one round cannot tell.

Nothing is asserted about time: the figures are printed against the targets (``--strict``:
exit status 1 when one is missed). Only loopback addresses are used; everything started is
stopped on the way out.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.common import PG_BIN, WRK
from lib.figures import captured, record
from lib.imports import Export, Figures, measure_alone, measure_readers
from lib.instance import start_teamboard
from lib.procs import start_postgres
from lib.report import environment_line
from lib.scenarios import Durations

from devkit.procs import DevkitError

CARDS, ACTIONS = 5000, 20_000
DATABASES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
# A section of the figures for each database: a run on one leaves the other's as it was.
SECTIONS = {
    "sqlite": ("import", "Import (`make bench-import`)"),
    "postgres": ("import-postgres", "Import, PostgreSQL (`bench/import_bench.py --db postgres`)"),
}


def show(figures: Figures, export: Export) -> None:
    print(
        f"\nOne worker, {DATABASES[figures.db]}, local storage; a Trello export of "
        f"{export.cards:,} cards and {export.actions:,} actions ({export.mib:.1f} MiB)"
    )
    figures.print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Trello import: time and readers (loopback)")
    parser.add_argument("--db", choices=sorted(DATABASES), default="sqlite")
    parser.add_argument("--quick", action="store_true", help="3 s wrk runs, one round")
    parser.add_argument("--rounds", type=int, default=3, help="readers' rounds (median judged)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--no-record", action="store_true", help="do not write docs/performance-figures.md"
    )
    args = parser.parse_args(argv)
    durations = Durations(measure=3, warmup=1) if args.quick else Durations(measure=10, warmup=2)
    if not Path(WRK).exists():
        print(f"wrk not found ({WRK}); install it (apt-get install wrk)", file=sys.stderr)
        return 2
    started = time.monotonic()
    export = Export.generated(CARDS, ACTIONS)
    figures = Figures(args.db)
    try:
        with contextlib.ExitStack() as stack:
            postgres = None
            if args.db == "postgres":
                postgres = start_postgres(stack)
                if postgres is None:
                    print(f"PostgreSQL not found ({PG_BIN / 'initdb'})", file=sys.stderr)
                    return 2
            tb = start_teamboard(stack, args.db, postgres)
            measure_alone(tb, export, figures)
            measure_readers(tb, export, durations, figures, 1 if args.quick else args.rounds)
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        return 1
    text = captured(lambda: show(figures, export))
    if not (args.no_record or args.quick):
        name, title = SECTIONS[args.db]
        record(name, title, environment_line(durations), text)
    print(f"\nfinished in {time.monotonic() - started:.0f}s")
    return 1 if args.strict and figures.missed else 0


if __name__ == "__main__":
    sys.exit(main())
