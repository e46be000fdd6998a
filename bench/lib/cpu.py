"""CPU accounting.

On a 2-core machine shared by wrk, the server and whatever else runs, requests per second
alone cannot tell "slow code" from "starved of CPU". CPU seconds per request can.
"""

from __future__ import annotations

import contextlib
import os
import resource
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from devkit.procs import child_pids as child_pids
from lib.common import log

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()  # [0] is field 3 (state) of proc(5)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process, all its threads included, plus those of
    its children that exited and were waited for. PostgreSQL backends and autovacuum
    workers come and go during a run: once one exits, its time moves to the postmaster's
    count instead of vanishing from the sum (which made the postgres share negative)."""
    fields = _stat_fields(pid)
    return sum(map(int, fields[11:15])) / CLK_TCK if fields else 0.0


def machine_busy() -> float:
    """CPU seconds spent not idle, summed over all cores, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / CLK_TCK  # minus idle and iowait


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has been waited for
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds used during one measured run, by whom."""

    wall: float
    app: float
    db: float
    wrk: float
    machine: float

    @property
    def other(self) -> float:
        return max(0.0, self.machine - self.app - self.db - self.wrk)


class CpuMeter:
    def __init__(self, pids: Callable[[], tuple[list[int], list[int]]]) -> None:
        self.pids = pids  # (application pids, database pids)

    def _now(self) -> tuple[float, float, float, float, float]:
        app, db = self.pids()
        return (
            time.monotonic(),
            sum(map(process_cpu, app)),
            sum(map(process_cpu, db)),
            children_cpu(),
            machine_busy(),
        )

    @contextlib.contextmanager
    def measure(self) -> Iterator[list[CpuUse]]:
        out: list[CpuUse] = []
        before = self._now()
        yield out
        after = self._now()
        out.append(CpuUse(*(b - a for a, b in zip(before, after, strict=True))))

    def wait_idle(self, limit: float = 60.0) -> None:
        """Requests queued by a finished wrk run are still being served (the server does not
        cancel them): wait until the server and its database have gone quiet."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            app, db = self.pids()
            start = sum(map(process_cpu, app + db))
            time.sleep(0.3)
            if sum(map(process_cpu, app + db)) - start < 0.3 * 0.05:
                return
        log(f"warning: server still busy after {limit:.0f}s")
