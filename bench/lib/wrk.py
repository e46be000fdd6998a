"""Running wrk against a loopback URL and reading its ``--latency`` report."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lib.common import HOST, WRK, WRK_THREADS, BenchError

_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def _ms(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS[unit]


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    bytes_read: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    statuses: dict[int, int]  # non-2xx tallies reported by move.lua

    @property
    def bytes_per_request(self) -> float:
        return self.bytes_read / self.requests if self.requests else 0.0

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def parse_wrk(output: str) -> WrkResult:
    """Read wrk 4.x's ``--latency`` report."""

    def need(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchError(f"wrk output has no line matching {pattern!r}:\n{output}")
        return match

    total = need(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGT]?B) read")
    p50 = need(r"^\s*50(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")
    p90 = need(r"^\s*90(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")
    p99 = need(r"^\s*99(?:\.000)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")
    rps = need(r"^Requests/sec:\s+([\d.]+)")
    non_2xx = re.search(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", output, re.MULTILINE)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sockets.groups()), strict=True))
        if sockets
        else {}
    )
    statuses = {
        int(code): int(count)
        for code, count in re.findall(r"^status (\d+): (\d+)$", output, re.MULTILINE)
    }
    return WrkResult(
        requests=int(total.group(1)),
        seconds=_ms(total.group(2), total.group(3)) / 1000.0,
        rps=float(rps.group(1)),
        p50_ms=_ms(p50.group(1), p50.group(2)),
        p90_ms=_ms(p90.group(1), p90.group(2)),
        p99_ms=_ms(p99.group(1), p99.group(2)),
        bytes_read=float(total.group(4)) * _SIZE_UNITS[total.group(5)],
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors={k: v for k, v in socket_errors.items() if v},
        statuses=statuses,
    )


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: Mapping[str, str] | None = None,
    script: Path | None = None,
    env: Mapping[str, str] | None = None,
    until: threading.Event | None = None,
) -> WrkResult:
    """wrk's report of a ``seconds`` run; of a shorter one if ``until`` is set before
    (wrk stops on SIGINT and reports what it measured so far)."""
    if not url.startswith((f"http://{HOST}:", f"https://{HOST}:")):
        raise BenchError(f"refusing to load a non-loopback URL: {url}")
    cmd = [
        WRK,
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}: {value}"]
    if script is not None:
        cmd += ["-s", str(script)]
    cmd.append(url)
    with subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    ) as running:
        if until is not None:
            while running.poll() is None and not until.wait(0.05):
                pass
            if running.poll() is None:
                running.send_signal(signal.SIGINT)
        try:
            stdout, stderr = running.communicate(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            running.kill()
            raise BenchError(f"wrk did not stop after {seconds + 60}s") from None
    done = subprocess.CompletedProcess(cmd, running.returncode, stdout, stderr)
    # A Lua error does not stop wrk (it falls back to plain GETs): treat stderr as fatal.
    if done.returncode != 0 or done.stderr.strip():
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return parse_wrk(done.stdout)
