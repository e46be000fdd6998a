"""How much work one socket may ask of the server.

A ``subscribe`` costs an access check, the board's feed and presence (a join that every
other watcher is told of); with ``since`` it also reads and sends up to
``TEAMBOARD_WS_MAX_REPLAY`` events from the log. A client looping subscribe/unsubscribe
could have the server do that thousands of times a second, so each socket gets two token
buckets: subscribe messages, and replayed events, each refilled at its rate per minute and
holding at most a minute's worth. A real client (the SPA resubscribing its few boards
after a reconnect, someone moving between boards) stays far below both.

Over budget, the message is refused with an ``error`` {code: "rate_limited",
retry_after}; the board is not subscribed. A client refused ``STRIKES`` times in a row
that still sends one more is closed with 1008 (policy violation): it broke a stated rule.
(1013, "try again later", is for the server's own trouble, e.g. a slow socket, after
which a client should come straight back and resume; here it should not.)
"""

from __future__ import annotations

import math
import time

from teamboard.core.errors import AppError

SUBSCRIBES_PER_MINUTE = 60
REPLAY_PER_MINUTE = 5000
STRIKES = 10


class TokenBucket:
    """``capacity`` tokens, refilled continuously at ``capacity`` per ``period`` seconds."""

    __slots__ = ("at", "capacity", "rate", "tokens")

    def __init__(self, capacity: int, period: float = 60.0) -> None:
        self.capacity = float(capacity)
        self.rate = capacity / period
        self.tokens = float(capacity)
        self.at = time.monotonic()

    def take(self, n: int = 1) -> int:
        """0 when ``n`` tokens were taken; otherwise the whole seconds until they will be
        there (and nothing is taken)."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= n:
            self.tokens -= n
            return 0
        return max(1, math.ceil((n - self.tokens) / self.rate))


class OverBudget(AppError):
    status = 429
    code = "rate_limited"
    title = "Too many requests"

    def __init__(self, what: str, retry_after: int) -> None:
        super().__init__(f"Too many {what}; try again in {retry_after} s")
        self.retry_after = retry_after


class Budget:
    """One socket's budget (the hub reads it; the socket's own task alone changes it)."""

    __slots__ = ("refusals", "replays", "subscribes")

    def __init__(
        self,
        subscribes_per_minute: int = SUBSCRIBES_PER_MINUTE,
        replay_per_minute: int = REPLAY_PER_MINUTE,
    ) -> None:
        self.subscribes = TokenBucket(subscribes_per_minute)
        self.replays = TokenBucket(replay_per_minute)
        self.refusals = 0

    def subscribe(self) -> None:
        wait = self.subscribes.take()
        if wait:
            raise OverBudget("subscribe messages", wait)

    def replay(self, events: int) -> None:
        """Before the events are read. (The hub never replays more than its maximum, and
        the settings keep that within one minute's budget.)"""
        wait = self.replays.take(events)
        if wait:
            raise OverBudget("events replayed", wait)

    def subscribed(self) -> None:
        self.refusals = 0

    def refused(self) -> bool:
        """Counts a refusal; True when the client has now ignored too many in a row."""
        self.refusals += 1
        return self.refusals > STRIKES
