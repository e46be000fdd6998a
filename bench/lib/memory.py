"""A process's memory from /proc: its resident set (VmRSS) sampled in a thread while
something runs, and its peak (VmHWM), reset first so the peak is this run's own."""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MB = 1_000_000
SAMPLE_SECONDS = 0.005


def status_kb(pid: int, name: str) -> int:
    """One ``kB`` line of /proc/<pid>/status (VmRSS, VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    raise LookupError(f"no {name} in /proc/{pid}/status")


def reset_peak(pid: int) -> bool:
    """VmHWM back to the current RSS (proc(5), clear_refs "5"); False when not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def idle_rss(pid: int, seconds: float = 1.0) -> float:
    """The median VmRSS (bytes) over ``seconds`` of a process left alone."""
    samples = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append(status_kb(pid, "VmRSS") * 1024)
        time.sleep(0.02)
    return float(statistics.median(samples))


@dataclass
class Sampled:
    """What a sampled run saw: every VmRSS sample, and the kernel's peak when it could be
    reset before the run (it also catches a spike shorter than the sampling interval)."""

    samples: list[int] = field(default_factory=list)
    hwm: int | None = None

    @property
    def peak(self) -> float:
        return float(max([*self.samples, self.hwm or 0]))


class Sampler:
    """``with Sampler(pid) as seen:`` — VmRSS every 5 ms in a thread for as long as the
    block runs; ``seen.peak`` afterwards, in bytes."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.seen = Sampled()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._reset = False

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, LookupError):
                self.seen.samples.append(status_kb(self.pid, "VmRSS") * 1024)
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> Sampled:
        self._reset = reset_peak(self.pid)
        self._thread.start()
        return self.seen

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        if self._reset:
            with contextlib.suppress(OSError, LookupError):
                self.seen.hwm = status_kb(self.pid, "VmHWM") * 1024
