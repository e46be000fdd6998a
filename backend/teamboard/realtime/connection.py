"""One WebSocket as the hub sees it: who it is, what it watches, and a bounded queue that
a writer task drains. The hub only ever puts into the queue, so a slow client never holds
up the others: when its queue is full it is cut off instead."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from teamboard.core.runtime import Actor

SLOW_CLIENT = 1013  # "try again later": it reconnects and resumes from its last seq
POLICY = 1008
GOING_AWAY = 1001  # server shutting down: the client reconnects, to another instance


@dataclass(frozen=True, slots=True)
class Credential:
    """How the socket was opened, to re-check it when its user's credentials change."""

    session_token: str | None = None
    auth_epoch: int | None = None  # set when opened with a ticket


@dataclass(slots=True)
class Watch:
    """A board being watched. While ``joining``, live events wait in ``held`` until the
    backlog before them has been sent."""

    joining: bool = True
    held: list[tuple[int, str]] = field(default_factory=list)


class Connection:
    def __init__(self, actor: Actor, credential: Credential, queue_size: int) -> None:
        self.actor = actor
        self.credential = credential
        self.watching: dict[int, Watch] = {}
        self.closed = False
        self.close_code = 1000
        self.close_reason = ""
        # Set by the endpoint: ends the socket's task (it is reading) when the hub closes it.
        self.on_close: Callable[[], object] | None = None
        # Not an asyncio.Queue: a broadcast touches every socket, and a deque plus one
        # future to wake the writer is the least work per message.
        self._pending: deque[str] = deque()
        self._limit = queue_size
        self._wake: asyncio.Future[None] | None = None

    def send(self, text: str) -> None:
        if self.closed:
            return
        if len(self._pending) >= self._limit:
            self.close(SLOW_CLIENT, "too slow to keep up")
            return
        self._pending.append(text)
        wake, self._wake = self._wake, None
        if wake is not None and not wake.done():
            wake.set_result(None)

    def deliver(self, board_id: int, seq: int, text: str) -> None:
        """A board event: held while the board's backlog is being sent."""
        watch = self.watching.get(board_id)
        if watch is None:
            return
        if watch.joining:
            watch.held.append((seq, text))
        else:
            self.send(text)

    def close(self, code: int, reason: str) -> None:
        if not self.closed:
            self.closed = True
            self.close_code, self.close_reason = code, reason
            if self.on_close is not None:
                self.on_close()

    async def write(self, send_text: Callable[[str], Awaitable[None]]) -> None:
        """The writer task: runs until cancelled, or until a send fails (the peer left:
        the reading side sees that too)."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                while self._pending:
                    await send_text(self._pending.popleft())
                self._wake = loop.create_future()
                await self._wake
        except Exception:
            self.close(1011, "send failed")
