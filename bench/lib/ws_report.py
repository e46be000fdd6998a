"""What one fan-out scenario measured, and the table that compares them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with 100 publishes, p99 is the second slowest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else math.nan


@dataclass
class Fanout:
    scenario: str
    clients: int
    publishes: int
    received: int
    latencies_ms: list[float]  # per publish: publish request sent -> last client's receipt
    messages_per_s: float
    mem_per_conn_kb: float  # server RSS growth per idle subscribed socket, 1 KB = 1000 B
    cpu_us_per_msg: float  # server CPU during the publishes over the messages delivered
    notes: list[str] = field(default_factory=list)

    @property
    def delivery(self) -> float:
        expected = self.clients * self.publishes
        return self.received / expected if expected else 0.0

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies_ms, 0.50)

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies_ms, 0.99)


@dataclass
class Line:
    scenario: str
    metric: str
    value: str
    baseline: str = "-"
    ratio: str = "-"
    target: str = ""
    passed: bool | None = None  # None: no target, just a figure


def lines_for(run: Fanout, bare: Fanout | None) -> list[Line]:
    """Every figure of one scenario; ratios against the bare broadcast of the same run."""

    def against(mine: float, theirs: float | None) -> tuple[str, str]:
        if theirs is None or not theirs:
            return "-", "-"
        return f"{theirs:.1f}", f"{mine / theirs:.2f}"

    out = [Line(run.scenario, "delivered", f"{run.delivery:.2%}", target="= 100%")]
    out[-1].passed = run.received == run.clients * run.publishes
    out.append(Line(run.scenario, "messages/s", f"{run.messages_per_s:,.0f}"))
    # How fast one publish spreads: sockets reached per second of its median latency.
    burst = run.clients / run.p50_ms * 1000 if run.p50_ms else 0.0
    out.append(Line(run.scenario, "fan-out msg/s", f"{burst:,.0f}"))
    for name, mine, theirs in (
        ("p50 ms", run.p50_ms, bare.p50_ms if bare else None),
        ("p99 ms", run.p99_ms, bare.p99_ms if bare else None),
    ):
        baseline, ratio = against(mine, theirs)
        out.append(Line(run.scenario, name, f"{mine:.1f}", baseline, ratio))
    baseline, ratio = against(run.cpu_us_per_msg, bare.cpu_us_per_msg if bare else None)
    out.append(
        Line(run.scenario, "server CPU us/msg", f"{run.cpu_us_per_msg:.1f}", baseline, ratio)
    )
    baseline, ratio = against(run.mem_per_conn_kb, bare.mem_per_conn_kb if bare else None)
    out.append(Line(run.scenario, "KB/idle conn", f"{run.mem_per_conn_kb:.1f}", baseline, ratio))
    return out


def print_table(lines: list[Line]) -> None:
    header = ["scenario", "metric", "value", "bare", "x bare", "target", ""]
    body = [
        [
            line.scenario,
            line.metric,
            line.value,
            line.baseline,
            line.ratio,
            line.target,
            "" if line.passed is None else ("PASS" if line.passed else "MISS"),
        ]
        for line in lines
    ]
    numeric = {2, 3, 4}
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        cells = [
            c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    print()
    print(fmt(header))
    print("  ".join("-" * w for w in widths))
    previous = None
    for row in body:
        if previous is not None and row[0] != previous:
            print()
        previous = row[0]
        print(fmt(row))
    print()
