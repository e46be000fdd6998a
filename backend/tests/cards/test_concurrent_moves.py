"""Moves racing each other from two processes (two runtimes on one database, as two
workers are): every move lands, the board's log stays gapless, and replaying the log in
seq order gives exactly the board that is read back — the moves were serialisable.

On PostgreSQL this is where a move's unlocked attempt loses races to the other process
(core/lanes.py) and has to retry or give way to the locking unit of work."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from teamboard.app import create_app
from teamboard.boards.models import Event
from teamboard.core.runtime import Runtime
from teamboard.wiring import build_runtime
from tests.support.api import Api, assert_ranks_sane, layout, move, ranks
from tests.support.app import BASE_URL, make_settings

MOVES_EACH = 60


@pytest.fixture
async def second(runtime: Runtime, data_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A second worker: its own runtime (engine, pool, lanes, caches) on the same database."""
    settings = make_settings(runtime.settings.database_url, data_dir)
    other = build_runtime(settings)
    transport = httpx.ASGITransport(app=create_app(settings, other))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client
    await other.close()


async def test_racing_moves_from_two_workers_are_serialisable(
    api: Api, runtime: Runtime, second: httpx.AsyncClient
) -> None:
    who = await api.user("racer")
    board = await api.board(who, columns=["A", "B", "C"])
    columns = [column["id"] for column in board["columns"]]
    cards = [(await api.card(who, columns[i % 3], f"#{i}"))["id"] for i in range(12)]
    rng = random.Random(7)
    workers = [api, Api(second)] * MOVES_EACH
    answers = await asyncio.gather(
        *(
            move(worker, who, rng.choice(cards), rng.choice(columns), rng.randint(0, 6))
            for worker in workers
        )
    )

    async with runtime.db.session() as db:
        rows = await db.execute(
            select(Event.seq, Event.type, Event.data)
            .where(Event.board_id == board["id"])
            .order_by(Event.seq)
        )
        log = list(rows)
    assert [seq for seq, *_ in log] == list(range(1, len(log) + 1))  # gapless
    moved = [data["card"] for _, kind, data in log if kind == "card.moved"]
    assert len(moved) == len(answers)
    # Each answer is the state its own event recorded (same version, column, position).
    assert sorted((a["id"], a["version"]) for a in answers) == sorted(
        (m["id"], m["version"]) for m in moved
    )
    recorded = {(m["id"], m["version"]): m for m in moved}
    for answer in answers:
        # The log keeps no copy of the card's text (activity/content.py).
        shown = {k: v for k, v in answer.items() if k not in ("title", "description")}
        assert shown == recorded[(answer["id"], answer["version"])]

    replayed: dict[int, list[int]] = {column: [] for column in columns}
    for _, kind, data in log:
        if kind == "card.created":
            card = data["card"]
            replayed[card["column_id"]].insert(card["position"], card["id"])
        elif kind == "card.moved":
            card = data["card"]
            for ids in replayed.values():
                if card["id"] in ids:
                    ids.remove(card["id"])
            replayed[card["column_id"]].insert(card["position"], card["id"])
            # The position each move answered is where it really landed at that seq.
            assert replayed[card["column_id"]].index(card["id"]) == card["position"]
    assert await layout(api, who, board["id"]) == replayed
    assert_ranks_sane(await ranks(runtime, board["id"]))
