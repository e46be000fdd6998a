"""The two baselines every Teamboard row is a ratio to, measured at the start of the run:
a bare FastAPI JSON endpoint (bare_app.py) and a bare FastAPI + Jinja2 page (bare_jinja_app.py).
Each server is stopped before the next measurement: the CPU is shared."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

from devkit.procs import tempdir
from lib.common import BENCH_DIR, PAGE_CONNECTIONS, READ_CONNECTIONS
from lib.cpu import CpuMeter, child_pids
from lib.procs import start_uvicorn
from lib.scenarios import Durations, Row, measure, notes


@dataclass(frozen=True)
class Baselines:
    api: Row  # GET /ping: "x bare" of the JSON rows
    page: Row  # the 100-row Jinja table: "x bare" of the page row


def _bare(
    stack: contextlib.ExitStack,
    durations: Durations,
    *,
    scenario: str,
    name: str,
    app: str,
    path: str,
    connections: int,
) -> Row:
    scratch = tempdir(stack, f"teamboard-bench-{name}-")
    server = start_uvicorn(
        stack, name, app, ready_path=path, workdir=scratch, env=os.environ, app_dir=BENCH_DIR
    )
    pid = server.pid
    meter = CpuMeter(lambda: ([pid, *child_pids(pid)], []))
    result, cpu = measure(name, durations, meter, server.url + path, connections=connections)
    server.stop()  # the CPU is shared: nothing else may run
    return Row(scenario, "-", result, cpu, 1.0, "baseline", notes=notes(result, cpu))


def bare_api(stack: contextlib.ExitStack, durations: Durations) -> Row:
    return _bare(
        stack,
        durations,
        scenario="GET bare /ping",
        name="bare",
        app="bare_app:app",
        path="/ping",
        connections=READ_CONNECTIONS,
    )


def bare_page(stack: contextlib.ExitStack, durations: Durations) -> Row:
    row = _bare(
        stack,
        durations,
        scenario="GET bare Jinja page (100 rows)",
        name="bare-jinja",
        app="bare_jinja_app:app",
        path="/table",
        connections=PAGE_CONNECTIONS,
    )
    if row.result is not None:
        row.notes.insert(0, f"{row.result.bytes_per_request / 1024:.1f} KiB/response")
    return row
