"""Attachments: what a 25 MB file costs the worker's memory on its way in and out, and
what 25 MB transfers cost the board's other readers.

Run from the repository root: ``.venv/bin/python bench/attachments_bench.py`` (about a
minute; ``make bench-attachments``). It starts one Teamboard on SQLite with its files in
the data folder (local storage), as ``make bench`` runs it, builds the benchmark board,
and measures:

1. **Memory.** A file as large as an upload may be (``TEAMBOARD_MAX_UPLOAD_BYTES``, 25 MiB
   by default) is uploaded (``POST /api/v1/cards/{id}/attachments``, multipart ``file``)
   and downloaded (``GET /api/v1/attachments/{id}/content``), both streamed by the client,
   while the worker's VmRSS is sampled every 5 ms and its VmHWM (reset first) read after:
   the peak against the worker's idle RSS just before.
2. **Readers.** wrk's board read (64 connections, as ``make bench``) alone, then while one
   client uploads 25 MiB files (each deleted again) and another downloads one, back to
   back, then alone again: p99 against the first run's.

Nothing is asserted about time: the figures are printed against the baseline measured in
the same run (``--strict``: exit status 1 when a target is missed). Only loopback
addresses are used; everything started is stopped on the way out.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: devkit

from lib.attachments import Figures, measure_memory, measure_readers
from lib.common import WRK
from lib.figures import captured, record
from lib.instance import start_teamboard
from lib.report import environment_line
from lib.scenarios import Durations

from devkit.procs import DevkitError, tempdir

SIZE = 25 * 1024 * 1024  # the default TEAMBOARD_MAX_UPLOAD_BYTES: the largest file there is


def show(figures: Figures) -> None:
    print(f"\nOne worker, SQLite, local storage; files of {SIZE / 1_048_576:.0f} MiB")
    figures.print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Attachments: memory and readers (loopback)")
    parser.add_argument("--quick", action="store_true", help="3 s wrk runs instead of 10 s")
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
    figures = Figures()
    try:
        with contextlib.ExitStack() as stack:
            files = tempdir(stack, "teamboard-bench-files-")
            tb = start_teamboard(stack, "sqlite", None)
            measure_memory(tb, files, SIZE, figures)
            measure_readers(tb, files, SIZE, durations, figures)
    except DevkitError as exc:  # BenchError, and devkit's own
        print(f"\nbenchmark failed: {exc}", file=sys.stderr)
        return 1
    text = captured(lambda: show(figures))
    if not (args.no_record or args.quick):
        record(
            "attachments",
            "Attachments (`make bench-attachments`)",
            environment_line(durations),
            text,
        )
    print(f"\nfinished in {time.monotonic() - started:.0f}s")
    return 1 if args.strict and figures.missed else 0


if __name__ == "__main__":
    sys.exit(main())
