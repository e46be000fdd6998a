"""Server-side time per route, from the instances' own latency histograms (``/metrics``,
readable from loopback): which requests of a mix the tail is made of. A percentile is the
upper bound of the histogram bucket it falls in (core/metrics.py's buckets)."""

from __future__ import annotations

import re
import urllib.request
from collections import Counter

from devkit.server import HttpServer

_BUCKET = re.compile(
    r'^teamboard_http_request_duration_seconds_bucket\{le="([^"]+)",method="(\w+)",'
    r'route="([^"]+)"\} ([0-9.e+]+)$',
    re.M,
)
Histograms = Counter[tuple[str, str, float]]  # (method, route, le) -> requests so far


def scrape(servers: list[HttpServer]) -> Histograms:
    """The latency buckets summed over ``servers`` (several instances: one histogram)."""
    total: Histograms = Counter()
    for server in servers:
        with urllib.request.urlopen(f"{server.url}/metrics", timeout=10) as answer:  # noqa: S310 - loopback
            text = answer.read().decode()
        for le, method, route, count in _BUCKET.findall(text):
            total[(method, route, float(le))] += int(float(count))
    return total


def summary(before: Histograms, after: Histograms) -> str:
    """``GET /api/v1/boards/{board_id} p50 <= 1 ms, p99 <= 5 ms; …`` over what was
    answered between the two scrapes, busiest route first."""
    routes: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for (method, route, le), count in after.items():
        routes.setdefault((method, route), []).append((le, count - before[(method, route, le)]))
    parts = []
    for (method, route), buckets in sorted(routes.items(), key=lambda r: -max(c for _, c in r[1])):
        buckets.sort()
        if buckets[-1][1]:
            shown = f"p50 {_upto(buckets, 0.5)}, p99 {_upto(buckets, 0.99)}"
            parts.append(f"{method} {route} ({buckets[-1][1]}): {shown}")
    return "; ".join(parts)


def _upto(buckets: list[tuple[float, int]], share: float) -> str:
    total = buckets[-1][1]
    le = next(le for le, count in buckets if count >= share * total)
    return "> 10 s" if le == float("inf") else f"<= {le * 1000:g} ms"
