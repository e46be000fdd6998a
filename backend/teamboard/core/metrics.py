"""Prometheus metrics (prometheus_client): what the process counts, and its exposition.

Several uvicorn workers share one listening socket, so a scrape reaches one of them at
random: with ``PROMETHEUS_MULTIPROC_DIR`` set (``teamboard serve --workers N`` sets it),
every worker writes its values to files there and a scrape of any worker reads them all
(prometheus_client's multiprocess mode). Gauges are then summed over live workers.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import MutableMapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.routing import Mount

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Set on the ASGI scope by a layer that answers without the router (the 304 shortcut):
# the route template to count the request under.
ROUTE_LABEL = "teamboard.route"
UNMATCHED = "unmatched"
# Any token is a valid HTTP method: an unknown one must not grow the label set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "teamboard_http_requests",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "teamboard_http_request_duration_seconds",
    "Time from receiving a request to the end of its response",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
WEBSOCKETS_OPEN = Gauge(
    "teamboard_websockets_open", "WebSockets open now", multiprocess_mode="livesum"
)
TASK_RUNS = Counter(
    "teamboard_background_runs", "Turns of a background task (core/runner.py)", ["task"]
)
TASK_FAILURES = Counter(
    "teamboard_background_failures", "Turns of a background task that failed", ["task"]
)
MAIL_QUEUED = Gauge(
    "teamboard_mail_queue",
    "Messages waiting to be sent (as the last sender turn saw them)",
    multiprocess_mode="mostrecent",
)
MAIL_SENT = Counter("teamboard_mail_sent", "Messages the mail server accepted")
MAIL_FAILURES = Counter(
    "teamboard_mail_failures",
    "Messages the mail server refused or could not be reached for (retried), and given up",
    ["outcome"],
)
EVENTS_PUBLISHED = Counter(
    "teamboard_events_published", "Domain events published after their commit"
)
ARGON2_SLOTS = Gauge(
    "teamboard_argon2_slots",
    "Password hashes or checks a process may run at once",
    multiprocess_mode="livesum",
)
ARGON2_RUNNING = Gauge(
    "teamboard_argon2_running",
    "Password hashes or checks running now",
    multiprocess_mode="livesum",
)
ARGON2_OPERATIONS = Counter(
    "teamboard_argon2_operations", "Password hashes and checks run", ["operation"]
)
ARGON2_REFUSED = Counter(
    "teamboard_argon2_refused", "Password hashes or checks refused (503): no slot came free"
)
LOGIN_DELAYED = Counter(
    "teamboard_login_delayed",
    "Password attempts slowed down: their account is past its failure ceiling",
)
LOGIN_DELAY_SECONDS = Counter(
    "teamboard_login_delay_seconds", "Seconds password attempts were held back in all"
)
POOL_SIZE = Gauge(
    "teamboard_db_pool_size", "Connections the database pool keeps", multiprocess_mode="livesum"
)
POOL_CHECKED_OUT = Gauge(
    "teamboard_db_pool_checked_out",
    "Database connections in use by requests and tasks",
    multiprocess_mode="livesum",
)
POOL_CHECKED_IN = Gauge(
    "teamboard_db_pool_checked_in",
    "Idle database connections in the pool",
    multiprocess_mode="livesum",
)
POOL_OVERFLOW = Gauge(
    "teamboard_db_pool_overflow",
    "Connections opened beyond the pool size (negative: the pool is not full yet)",
    multiprocess_mode="livesum",
)


class PoolGauges:
    """Kept current by the pool's checkout/checkin events, so that multiprocess mode (where
    a scrape cannot ask other workers' pools) still reports every worker."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.update()

    def update(self, returning: int = 0) -> None:
        pool = self.pool
        if not hasattr(pool, "checkedout"):  # a pool without counts (NullPool, StaticPool)
            return
        # A checkin event fires before the connection is back in the pool.
        POOL_CHECKED_OUT.set(pool.checkedout() - returning)
        POOL_CHECKED_IN.set(pool.checkedin() + returning)
        POOL_SIZE.set(pool.size())
        POOL_OVERFLOW.set(pool.overflow())

    def on_checkout(self, *_args: Any) -> None:
        self.update()

    def on_checkin(self, *_args: Any) -> None:
        self.update(returning=1)


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROC_ENV) or None


def _exposition() -> bytes:
    if multiprocess_dir() is None:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


async def exposition() -> bytes:
    """The text format; read off the event loop (multiprocess mode reads files)."""
    return await asyncio.to_thread(_exposition)


def worker_exited(pid: int) -> None:
    """Multiprocess mode: a stopped worker's gauges must not count any more."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


class RequestMetrics:
    """Per-request recording. The label children are cached: ``labels()`` takes a lock
    and builds a key each call, and this runs on every request."""

    def __init__(self) -> None:
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def record(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            if len(self._children) > 10_000:  # bounded anyway; never let it grow unchecked
                self._children.clear()
            children = self._children[key] = (
                REQUESTS.labels(method, route, str(status)),
                LATENCY.labels(method, route),
            )
        children[0].inc()
        children[1].observe(seconds)


def method_label(method: str) -> str:
    return method if method in METHODS else "other"


def route_label(scope: MutableMapping[str, Any], templates: dict[int, str]) -> str:
    """The matched route's template. ``templates`` maps routes included under a prefix
    (whose own ``path`` lacks it) to their full template, by identity."""
    label = scope.get(ROUTE_LABEL)
    if label is not None:
        return str(label)
    route = scope.get("route")
    if route is None:
        return UNMATCHED
    if (template := templates.get(id(route))) is not None:
        return template
    path = getattr(route, "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    if isinstance(route, Mount):  # static files, the SPA: one label for the whole tree
        return f"{path}/{{path}}"
    return path
