"""One board's live stream in this process, in seq order, with no gaps and no repeats.

Events reach a process in commit order almost always, but not surely (another worker's
events arrive through Redis, the CLI's only through the database). A feed delivers seq
n+1 only after n; when one is missing it reads the gap from the event log — the source of
truth — and holds later events until then."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from teamboard.realtime.connection import Connection, text_frame
from teamboard.realtime.protocol import encode

log = logging.getLogger(__name__)

Fetch = Callable[[int, int, int | None], Awaitable[list[dict[str, Any]]]]


class BoardFeed:
    def __init__(self, board_id: int, fetch: Fetch) -> None:
        self.board_id = board_id
        self.seq: int | None = None  # the last seq delivered; None until read
        self.watchers: set[Connection] = set()
        self._fetch = fetch  # (board_id, after, up_to) -> events
        self._held: dict[int, dict[str, Any]] = {}
        self._filling: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def ready(self) -> int:
        await self._ready.wait()
        if self.seq is None:
            raise RuntimeError(f"board {self.board_id}'s feed could not start")
        return self.seq

    def failed(self) -> None:
        """Its start could not read the board: the waiting subscribers give up."""
        self._ready.set()

    def start(self, seq: int) -> None:
        """The board's seq when the feed began: earlier events are already state."""
        self.seq = seq
        self._forget_delivered()
        self._ready.set()
        self._drain()

    def _forget_delivered(self) -> None:
        # Events offered before the feed knew its seq (or read twice) that the start seq
        # already covers: left held, they would look like a hole to skip back over.
        assert self.seq is not None
        for seq in [s for s in self._held if s <= self.seq]:
            del self._held[seq]

    def offer(self, event: dict[str, Any]) -> None:
        seq = int(event["seq"])
        if self.seq is not None and seq <= self.seq:
            return  # a repeat
        self._held[seq] = event
        self._drain()

    def behind(self, latest: int) -> None:
        """The log has reached ``latest``: fetch what has not arrived."""
        if self.seq is not None and latest > self.seq:
            self._fill(latest)

    def _drain(self) -> None:
        if self.seq is None or self._filling is not None:
            return
        while (event := self._held.pop(self.seq + 1, None)) is not None:
            self.seq += 1
            self._broadcast(event)
        if self._held:
            self._fill(max(self._held))

    def _broadcast(self, event: dict[str, Any]) -> None:
        # Encoded, and its ASGI message built, once whatever the number of watchers.
        message = text_frame(encode(event))
        seq = int(event["seq"])
        for connection in list(self.watchers):
            connection.deliver(self.board_id, seq, message)

    def _fill(self, up_to: int) -> None:
        if self._filling is None:
            self._filling = asyncio.create_task(self._read_gap(up_to))

    async def _read_gap(self, up_to: int) -> None:
        assert self.seq is not None
        try:
            events = await self._fetch(self.board_id, self.seq, up_to)
        except Exception:
            log.exception("reading board %s events after %s failed", self.board_id, self.seq)
            await asyncio.sleep(1)
            self._filling = None
            return  # the next event or the poller asks again
        self._filling = None
        for event in events:
            self._held.setdefault(int(event["seq"]), event)
        self._forget_delivered()
        if self._held and (self.seq + 1) not in self._held:
            # Not in the log either (its board was emptied meanwhile): skip the hole
            # rather than stall the board.
            log.warning("board %s: seq %s never arrived", self.board_id, self.seq + 1)
            self.seq = min(self._held) - 1
        self._drain()
