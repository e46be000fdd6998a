"""The results table and the line describing the environment."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import subprocess

from lib.common import WRK, WRK_THREADS
from lib.procs import uvicorn_flags
from lib.scenarios import Durations, Row


def _cells(row: Row) -> list[list[str]]:
    """The row's line, plus one more line for each further target it is checked against."""
    r, cpu_ms = row.result, row.cpu_ms_per_request
    verdicts = [(c.target, "PASS" if c.passed else "MISS") for c in row.checks]
    first = verdicts[0] if verdicts else (row.target, "")
    lines = [
        [
            row.scenario,
            row.db,
            f"{r.rps:,.0f}" if r else "-",
            f"{r.p50_ms:.2f}" if r else "-",
            f"{r.p99_ms:.2f}" if r else "-",
            f"{r.p99_ms / r.p50_ms:.1f}" if r and r.p50_ms else "-",
            str(r.non_2xx_3xx) if r else "-",
            f"{cpu_ms:.3f}" if cpu_ms is not None else "-",
            f"{row.ratio:.3f}" if row.ratio is not None else "-",
            *first,
        ]
    ]
    lines += [["", "", "", "", "", "", "", "", "", *more] for more in verdicts[1:]]
    return lines


def print_table(rows: list[Row]) -> None:
    header = [
        "scenario",
        "db",
        "req/s",
        "p50 ms",
        "p99 ms",
        "p99/p50",
        "non-2xx",
        "CPU ms/req",
        "x bare",
        "target",
        "",
    ]
    body = [line for row in rows for line in _cells(row)]
    numeric = {2, 3, 4, 5, 6, 7, 8}
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        return "  ".join(cells).rstrip()

    print()
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    for line in body:
        print(fmt(line))
    print()
    for row in rows:
        for note in row.notes:
            print(f"  {row.scenario} [{row.db}]: {note}")


def environment_line(d: Durations) -> str:
    def version(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "-"

    wrk_version = (
        subprocess.run(  # noqa: S603 - fixed argv, no shell
            [WRK, "-v"], capture_output=True, text=True, check=False, timeout=10
        )
        .stdout.split("[")[0]
        .strip()
        or "wrk"
    )
    flags = " ".join(uvicorn_flags())
    return (
        f"{os.cpu_count()} CPUs · Python {platform.python_version()} · "
        f"uvicorn {version('uvicorn')} ({flags}) · fastapi {version('fastapi')} · "
        f"jinja2 {version('jinja2')} · sqlalchemy {version('sqlalchemy')} · "
        f"{wrk_version} -t{WRK_THREADS} · "
        f"{d.measure}s runs after {d.warmup}s warm-up"
    )
