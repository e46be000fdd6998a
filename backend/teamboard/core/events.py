"""Committed events and where they go.

Every write records the events that describe it (core/db.py's unit of work, or a hot-path
unit in core/writes.py). Once its transaction has committed — never before, never after a
rollback — the events are handed to the :class:`Publisher`, the one place they leave from:
the access cache forgets what they changed, the real-time hub delivers them to the sockets
of this process, and the Redis relay to the other processes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from teamboard.core.metrics import EVENTS_PUBLISHED

log = logging.getLogger(__name__)
Event = dict[str, Any]
# Published for the processes only, never sent to a client: credentials to re-check and
# caches to forget (``user.changed``), the mail sender and the importer to wake
# (``mail.queued``, ``import.queued``).
INTERNAL = frozenset({"user.changed", "mail.queued", "import.queued"})
Listener = Callable[[list[Event]], None]


class Publisher:
    """Hands committed events, in commit order, to every listener (synchronously: a
    listener that has work to do schedules it)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def publish(self, events: list[Event]) -> None:
        """Called right after a commit, by whatever committed: a listener's failure is
        logged and is nobody else's (the writer's caller has its answer already, and the
        other listeners still get the events)."""
        if not events:
            return
        EVENTS_PUBLISHED.inc(len(events))
        for listener in list(self._listeners):
            try:
                listener(events)
            except Exception:
                log.exception("a listener of committed events failed")
