"""What every part of the benchmark shares: where things are, the issue's targets,
logging and the error type."""

from __future__ import annotations

import shutil
from pathlib import Path

from devkit.flows import API as API
from devkit.ports import HOST as HOST
from devkit.postgres import PG_BIN as PG_BIN
from devkit.procs import DevkitError

BENCH_DIR = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"

CARD_COUNT = 200
COLUMN_NAMES = ["Backlog", "To do", "In progress", "Done"]
LABELS = [("bug", "#dc2626"), ("feature", "#2563eb"), ("chore", "#6b7280")]
READ_CONNECTIONS = 64
MOVE_CONNECTIONS = 16
PAGE_CONNECTIONS = 64
WRK_THREADS = 2

# The targets.
READ_MIN_RATIO = 0.10
CONDITIONAL_MIN_RATIO = 0.5
MOVE_MIN_RPS = 500.0
MOVE_MAX_P99_MS = 50.0
PAGE_MIN_RATIO = 0.4  # board page req/s over the bare Jinja page's
PAGE_MAX_TAIL = 3.0  # board page p99 over its p50


def log(message: str) -> None:
    print(f"· {message}", flush=True)


class BenchError(DevkitError):
    """Something the benchmark needs did not work; the message says what. The entry
    points catch DevkitError: devkit's own (a server that did not start, an answer the
    set-up did not expect) are reported the same way."""
