"""A board's feed in one process: in order, no gaps, no repeats — also when events reach it
before it has read where the board stands (a first subscriber while the board changes)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import Message

from teamboard.core.actor import Actor
from teamboard.realtime.connection import Connection, Credential, Watch
from teamboard.realtime.feeds import BoardFeed

BOARD = 7


def _event(seq: int) -> dict[str, Any]:
    return {"type": "card.moved", "board_id": BOARD, "seq": seq, "actor": None, "data": {}}


class _Log:
    """The event log the feed reads gaps from: seqs 1..latest."""

    def __init__(self, latest: int) -> None:
        self.latest = latest
        self.reads: list[tuple[int, int | None]] = []

    async def fetch(self, board_id: int, after: int, up_to: int | None) -> list[dict[str, Any]]:
        self.reads.append((after, up_to))
        last = self.latest if up_to is None else min(up_to, self.latest)
        return [_event(seq) for seq in range(after + 1, last + 1)]


def _watcher(feed: BoardFeed) -> list[int]:
    """A real connection whose ASGI ``send`` records the seqs it is given."""
    seen: list[int] = []

    async def send(message: Message) -> None:
        seen.append(json.loads(message["text"])["seq"])

    connection = Connection(Actor(1, "a@example.com", "A", False), Credential(), 64, send)
    connection.watching[BOARD] = Watch(joining=False)
    feed.watchers.add(connection)
    return seen


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_events_offered_before_the_start_are_not_delivered_again() -> None:
    log = _Log(latest=127)
    feed = BoardFeed(BOARD, log.fetch)
    seen = _watcher(feed)
    for seq in (124, 125, 126, 127):  # live, while the feed reads the board's seq
        feed.offer(_event(seq))
    feed.start(127)  # the log already has them: they are state, not news
    await _settle()
    feed.offer(_event(128))
    await _settle()
    assert seen == [128]


async def test_a_gap_is_read_from_the_log_and_delivered_in_order_once() -> None:
    log = _Log(latest=10)
    feed = BoardFeed(BOARD, log.fetch)
    seen = _watcher(feed)
    feed.start(5)
    feed.offer(_event(8))  # 6 and 7 went elsewhere (another process, the CLI)
    await _settle()
    feed.offer(_event(7))  # arrives late: a repeat by now
    feed.offer(_event(9))
    await _settle()
    assert seen == [6, 7, 8, 9]
    assert log.reads == [(5, 8)]
