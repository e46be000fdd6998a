"""One table row, and measuring one scenario: a warm-up run, a measured run with the CPU
accounted for, and the notes that go under the table."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from lib.common import log
from lib.cpu import CpuMeter, CpuUse
from lib.wrk import WrkResult, wrk


@dataclass(frozen=True)
class Check:
    """One of the issue's targets and whether the row met it."""

    target: str
    passed: bool


@dataclass
class Row:
    scenario: str
    db: str
    result: WrkResult | None
    cpu: CpuUse | None
    ratio: float | None
    target: str = ""  # shown when there are no checks: "baseline", "skipped"
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool | None:
        """None: not judged (a baseline, or skipped)."""
        return all(check.passed for check in self.checks) if self.checks else None

    @property
    def cpu_ms_per_request(self) -> float | None:
        if self.result is None or self.cpu is None or not self.result.requests:
            return None
        return (self.cpu.app + self.cpu.db) * 1000 / self.result.requests


@dataclass(frozen=True)
class Durations:
    measure: int
    warmup: int


def measure(
    label: str,
    durations: Durations,
    meter: CpuMeter,
    url: str,
    *,
    connections: int,
    **kwargs: Any,
) -> tuple[WrkResult, CpuUse]:
    log(f"{label}: warm-up {durations.warmup}s")
    wrk(url, seconds=durations.warmup, connections=connections, **kwargs)
    meter.wait_idle()
    log(f"{label}: measuring {durations.measure}s at {connections} connections")
    with meter.measure() as used:
        result = wrk(url, seconds=durations.measure, connections=connections, **kwargs)
    meter.wait_idle()
    cpu = used[0]
    log(
        f"{label}: {result.rps:.0f} req/s, p50 {result.p50_ms:.2f} ms, "
        f"p99 {result.p99_ms:.2f} ms, {result.requests} requests, errors {result.errors}, "
        f"server CPU {100 * (cpu.app + cpu.db) / cpu.wall:.0f}%"
    )
    return result, cpu


def notes(result: WrkResult, cpu: CpuUse, bare_cpu_ms: float | None = None) -> list[str]:
    out = []
    if result.non_2xx_3xx:
        out.append(f"{result.non_2xx_3xx} non-2xx/3xx responses")
    if result.statuses:
        out.append("statuses " + ", ".join(f"{k}: {v}" for k, v in sorted(result.statuses.items())))
    if result.socket_errors:
        out.append(
            "socket errors " + ", ".join(f"{k} {v}" for k, v in result.socket_errors.items())
        )
    per_request = f"app {1000 * cpu.app / max(result.requests, 1):.2f} ms"
    if cpu.db:
        per_request += f" + postgres {1000 * cpu.db / max(result.requests, 1):.2f} ms"

    def share(seconds: float) -> str:
        return f"{100 * seconds / cpu.wall:.0f}%"

    cost = f"CPU/request {per_request}"
    ms = 1000 * (cpu.app + cpu.db) / max(result.requests, 1)
    if bare_cpu_ms and ms:
        # What the req/s ratio would be if the server were CPU-bound and alone on the CPU.
        cost += f" (CPU-cost ratio to bare {bare_cpu_ms / ms:.3f})"
    out.append(
        f"{cost}; CPU use (of {100 * (os.cpu_count() or 1)}%): "
        f"server {share(cpu.app + cpu.db)}, wrk {share(cpu.wrk)}, other {share(cpu.other)}"
    )
    return out
