"""Clients of the set-up: API users (bearer or browser cookie) and WebSocket subscribers
that resume with ``since`` after a close, recording every event seq they see."""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from devkit.api import API, Api, User

PASSWORD = "a long scale-test passphrase"  # noqa: S105 - throw-away accounts


class CheckFailed(AssertionError):
    """A check did not hold; the message says what was expected and what happened."""


def client(base_url: str, tls: ssl.SSLContext, timeout: float = 15) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, verify=tls, timeout=timeout)


def driver(http: httpx.AsyncClient) -> Api:
    """devkit's API driver over ``http``; every account new (the database is never emptied)."""
    return Api(http, password=PASSWORD, unique=True)


async def make_board(http: httpx.AsyncClient, user: User, cards: int = 3) -> dict[str, Any]:
    """A board with two more columns and a few cards in its first; returns the board's JSON."""
    api = driver(http)
    board = await api.board(user, "Scale")
    for name in ("To do", "Done"):
        await api.column(user, board["id"], name)
    for n in range(cards):
        await api.card(user, board["columns"][0]["id"], f"Card {n}")
    result: dict[str, Any] = await api.call(user, "GET", f"{API}/boards/{board['id']}")
    return result


async def receive(ws: ClientConnection, within: float) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), within))
    return message


@dataclass
class Subscriber:
    """Watches one board over ``ws_url`` (tickets from ``http``) until stopped: reconnects
    after any close and resumes with the last seq it saw."""

    name: str
    http: httpx.AsyncClient
    ws_url: str
    user: User
    board_id: int
    since: int | None
    tls: ssl.SSLContext | None = None
    seqs: list[int] = field(default_factory=list)
    closes: list[int | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    _stop: bool = False
    _ws: ClientConnection | None = None

    @property
    def last(self) -> int | None:
        return self.seqs[-1] if self.seqs else self.since

    async def run(self) -> None:
        while not self._stop:
            try:
                ticket = await driver(self.http).ticket(self.user)
                async with connect(
                    f"{self.ws_url}?ticket={ticket}",
                    ssl=self.tls,
                    open_timeout=10,
                    close_timeout=2,
                ) as ws:
                    self._ws = ws
                    await self._follow(ws)
            except ConnectionClosed as closed:
                self.closes.append(closed.rcvd.code if closed.rcvd else None)
            except (OSError, TimeoutError, AssertionError, httpx.HTTPError) as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            self._ws = None
            self.connected.clear()
            if not self._stop:
                await asyncio.sleep(0.2)

    async def _follow(self, ws: ClientConnection) -> None:
        await ws.send(
            json.dumps({"type": "subscribe", "board_id": self.board_id, "since": self.last})
        )
        while True:
            message: dict[str, Any] = json.loads(await ws.recv())
            kind = message.get("type")
            if kind == "subscribed":
                if self.since is None and not self.seqs:
                    self.since = int(message["seq"])
                self.connected.set()
            elif kind == "error":
                raise CheckFailed(f"{self.name}: server said {message}")
            elif message.get("board_id") == self.board_id and "seq" in message:
                self.seqs.append(int(message["seq"]))

    async def wait_for(self, seq: int, within: float) -> bool:
        deadline = time.monotonic() + within
        while (self.last or 0) < seq:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    async def stop(self, task: asyncio.Task[None]) -> None:
        self._stop = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 5)

    def gaps_and_repeats(self, first: int, last: int) -> str | None:
        """None when seqs first..last were each seen exactly once, in order."""
        expected = list(range(first, last + 1))
        if self.seqs == expected:
            return None
        seen = set(self.seqs)
        missing = [s for s in expected if s not in seen]
        repeated = sorted({s for s in self.seqs if self.seqs.count(s) > 1})
        return (
            f"{self.name}: missing {missing[:10]}, repeated {repeated[:10]}, "
            f"{len(self.seqs)} events for {len(expected)} seqs"
        )


async def current_seq(
    http: httpx.AsyncClient,
    ws_url: str,
    user: User,
    board_id: int,
    tls: ssl.SSLContext | None,
) -> int:
    """The board's newest seq, as a fresh subscription reports it."""
    ticket = await driver(http).ticket(user)
    async with connect(f"{ws_url}?ticket={ticket}", ssl=tls, open_timeout=10) as ws:
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": None}))
        while True:
            message = await receive(ws, 10)
            if message["type"] == "subscribed":
                return int(message["seq"])
