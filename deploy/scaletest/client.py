"""Clients of the set-up: API users (bearer or browser cookie) and WebSocket subscribers
that resume with ``since`` after a close, recording every event seq they see."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

PASSWORD = "a long scale-test passphrase"  # noqa: S105 - throw-away accounts
API = "/api/v1"
_serial = itertools.count(1)


class CheckFailed(AssertionError):
    """A check did not hold; the message says what was expected and what happened."""


def client(base_url: str, tls: ssl.SSLContext, timeout: float = 15) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, verify=tls, timeout=timeout)


@dataclass
class User:
    email: str
    id: int
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def expect(response: httpx.Response, status: int, what: str) -> Any:
    if response.status_code != status:
        raise CheckFailed(
            f"{what}: expected {status}, got {response.status_code}: {response.text[:300]}"
        )
    return response.json() if response.content else None


async def sign_up(http: httpx.AsyncClient, name: str) -> User:
    email = f"{name}-{next(_serial)}-{time.time_ns()}@example.com"
    body = {"email": email, "password": PASSWORD, "display_name": name}
    made = await expect(await http.post(f"{API}/auth/signup", json=body), 201, "sign-up")
    form = {"username": email, "password": PASSWORD}
    pair = await expect(await http.post(f"{API}/auth/token", data=form), 200, "token")
    return User(email, int(made["id"]), pair["access_token"])


async def make_board(http: httpx.AsyncClient, user: User, cards: int = 3) -> dict[str, Any]:
    """A board with two columns and a few cards; returns the board's JSON."""
    h = user.auth
    board = await expect(
        await http.post(f"{API}/boards", json={"name": "Scale"}, headers=h),
        201,
        "create board",
    )
    for name in ("To do", "Done"):
        await expect(
            await http.post(f"{API}/boards/{board['id']}/columns", json={"name": name}, headers=h),
            201,
            "create column",
        )
    full = await expect(await http.get(f"{API}/boards/{board['id']}", headers=h), 200, "board")
    first = full["columns"][0]["id"]
    for n in range(cards):
        await expect(
            await http.post(f"{API}/columns/{first}/cards", json={"title": f"Card {n}"}, headers=h),
            201,
            "create card",
        )
    result: dict[str, Any] = await expect(
        await http.get(f"{API}/boards/{board['id']}", headers=h), 200, "board"
    )
    return result


async def ws_ticket(http: httpx.AsyncClient, user: User) -> str:
    ticket = await expect(await http.post(f"{API}/ws-ticket", headers=user.auth), 201, "ticket")
    return str(ticket["ticket"])


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
                ticket = await ws_ticket(self.http, self.user)
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
            except (OSError, TimeoutError, CheckFailed, httpx.HTTPError) as exc:
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
    ticket = await ws_ticket(http, user)
    async with connect(f"{ws_url}?ticket={ticket}", ssl=tls, open_timeout=10) as ws:
        await ws.send(json.dumps({"type": "subscribe", "board_id": board_id, "since": None}))
        while True:
            message = await receive(ws, 10)
            if message["type"] == "subscribed":
                return int(message["seq"])
