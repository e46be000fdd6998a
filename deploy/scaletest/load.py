"""A steady load through nginx: writers (card creations and moves, never retried by nginx)
and readers (board reads, which nginx may retry on another instance), every answer
counted."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from dataclasses import dataclass, field

import httpx

from devkit.api import API, User


@dataclass
class Load:
    http: httpx.AsyncClient
    user: User
    board_id: int
    column_ids: list[int]
    card_ids: list[int]
    writes_ok: int = 0
    reads_ok: int = 0
    write_errors: Counter[str] = field(default_factory=Counter)
    read_errors: Counter[str] = field(default_factory=Counter)
    writes_in_flight: int = 0
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    _stop: bool = False

    def start(self, writers: int, readers: int) -> None:
        self._tasks = [asyncio.create_task(self._writer(n)) for n in range(writers)]
        self._tasks += [asyncio.create_task(self._reader()) for _ in range(readers)]

    async def stop(self) -> None:
        self._stop = True
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(asyncio.gather(*self._tasks), 30)

    async def _writer(self, n: int) -> None:
        rng = random.Random(n)  # noqa: S311 - picks cards, guards nothing
        while not self._stop:
            body: dict[str, str | int]
            if rng.random() < 0.5:
                path, body = (
                    f"{API}/columns/{rng.choice(self.column_ids)}/cards",
                    {"title": "L"},
                )
            else:
                path = f"{API}/cards/{rng.choice(self.card_ids)}/move"
                body = {"column_id": rng.choice(self.column_ids), "position": 0}
            self.writes_in_flight += 1
            try:
                r = await self.http.post(path, json=body, headers=self.user.headers)
                if r.is_success:
                    self.writes_ok += 1
                else:
                    self.write_errors[f"HTTP {r.status_code}"] += 1
            except httpx.HTTPError as exc:
                self.write_errors[type(exc).__name__] += 1
            finally:
                self.writes_in_flight -= 1

    async def _reader(self) -> None:
        while not self._stop:
            try:
                r = await self.http.get(f"{API}/boards/{self.board_id}", headers=self.user.headers)
                if r.is_success:
                    self.reads_ok += 1
                else:
                    self.read_errors[f"HTTP {r.status_code}"] += 1
            except httpx.HTTPError as exc:
                self.read_errors[type(exc).__name__] += 1
            await asyncio.sleep(0.02)
