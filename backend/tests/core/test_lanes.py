"""core/lanes.py on a real PostgreSQL: attempts of one lane run one at a time in arrival
order on one connection, a lost race is retried and then handed to the locking path, and
no failure leaves a caller waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from teamboard.cards.models import Card
from teamboard.cards.moves_together import Move, attempt_together
from teamboard.core.errors import Invalid
from teamboard.core.lanes import FALLBACK, STALE, Done, Lanes, Miss, Run, Together
from teamboard.core.outages import database_unavailable
from teamboard.core.prepared import Asyncpg
from teamboard.core.runtime import Runtime
from tests.support.api import Api, actor, auth, layout
from tests.support.app import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="lanes serve PostgreSQL only")


def _lanes(runtime: Runtime, published: list[dict[str, Any]]) -> Lanes:
    return Lanes(runtime.db.engine, published.extend)


def _event(seq: int) -> dict[str, Any]:
    return {"type": "test", "board_id": 1, "seq": seq}


async def test_one_lane_runs_its_attempts_one_at_a_time_in_order(runtime: Runtime) -> None:
    published: list[dict[str, Any]] = []
    lanes = _lanes(runtime, published)
    running: list[int] = []
    seen: list[tuple[int, int]] = []  # (attempt, how many were running)

    def attempt(n: int) -> Any:
        async def run(db: Asyncpg) -> Done[int]:
            running.append(n)
            seen.append((n, len(running)))
            await db.raw.fetchval("SELECT pg_sleep(0.01)")  # a real round trip
            running.remove(n)
            return n * 10, [_event(n)]

        return run

    results = await asyncio.gather(*(lanes.run(("card", 1), attempt(n)) for n in range(6)))
    assert results == [0, 10, 20, 30, 40, 50]
    assert seen == [(n, 1) for n in range(6)]
    assert [e["seq"] for e in published] == list(range(6))  # in commit order


async def test_a_lost_race_is_retried_then_left_to_the_locking_path(runtime: Runtime) -> None:
    lanes = _lanes(runtime, [])
    tries: list[str] = []

    async def loses_once(_db: Asyncpg) -> Done[str] | Miss:
        tries.append("once")
        return STALE if tries.count("once") == 1 else ("won", [])

    async def always_loses(_db: Asyncpg) -> Miss:
        tries.append("always")
        return STALE

    assert await lanes.run("a", loses_once) == "won"
    assert await lanes.run("b", always_loses) is FALLBACK
    assert tries.count("once") == 2 and tries.count("always") == lanes.tries


async def test_an_error_reaches_its_own_caller_only(runtime: Runtime) -> None:
    lanes = _lanes(runtime, [])

    async def refuses(_db: Asyncpg) -> Done[int]:
        raise Invalid.field("x", "no")

    async def fine(db: Asyncpg) -> Done[int]:
        return int(await db.raw.fetchval("SELECT 7")), []

    outcomes = await asyncio.gather(
        lanes.run("r", fine), lanes.run("r", refuses), lanes.run("r", fine),
        return_exceptions=True,
    )  # fmt: skip
    assert outcomes[0] == 7 and outcomes[2] == 7
    assert isinstance(outcomes[1], Invalid)


async def test_no_database_fails_the_waiters_instead_of_hanging(runtime: Runtime) -> None:
    url = runtime.db.engine.url.set(host="127.0.0.1", port=1)  # nothing listens there
    engine = create_async_engine(url, connect_args={"timeout": 2})
    published: list[dict[str, Any]] = []
    lanes = Lanes(engine, published.extend)

    async def never(_db: Asyncpg) -> Done[None]:
        raise AssertionError("ran without a connection")

    try:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(lanes.run("x", never) for _ in range(3)), return_exceptions=True),
            timeout=15,
        )
    finally:
        await engine.dispose()
    assert all(isinstance(o, Exception) and database_unavailable(o) for o in outcomes)


async def test_a_caller_going_away_leaves_its_write_to_finish(runtime: Runtime) -> None:
    published: list[dict[str, Any]] = []
    lanes = _lanes(runtime, published)
    started = asyncio.Event()

    async def slow(db: Asyncpg) -> Done[int]:
        started.set()
        await db.raw.fetchval("SELECT pg_sleep(0.05)")
        return 1, [_event(1)]

    caller = asyncio.create_task(lanes.run("c", slow))
    await started.wait()
    caller.cancel()
    with pytest.raises(asyncio.CancelledError):
        await caller
    for _ in range(100):
        if published:
            break
        await asyncio.sleep(0.01)
    assert published == [_event(1)]


async def test_unrelated_attempt_results_pass_through(runtime: Runtime) -> None:
    lanes = _lanes(runtime, [])

    async def not_plain(_db: Asyncpg) -> Miss:
        return FALLBACK

    assert await lanes.run("f", not_plain) is FALLBACK


class _Interleaved(Asyncpg):
    """The real connection, with another write committed right after the first read."""

    def __init__(self, db: Asyncpg, between: Any) -> None:
        super().__init__(db.raw, db.dialect)
        self.between = between

    async def all(self, statement: Any, params: Any) -> list[Any]:
        rows = await super().all(statement, params)
        if self.between is not None:
            between, self.between = self.between, None
            await between()
        return rows


async def test_a_move_guarded_by_a_stale_read_writes_nothing(runtime: Runtime, api: Api) -> None:
    who = await api.user("guard")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    x, y = [(await api.card(who, a, name))["id"] for name in "XY"]
    mover = await actor(runtime, who)

    async def meanwhile() -> None:
        r = await api.client.post(
            f"/api/v1/cards/{y}/move", json={"column_id": b, "position": 0}, headers=auth(who)
        )
        assert r.status_code == 200

    attempt = partial(attempt_together, run=Run([Move(mover, x, b, 0, None)]))
    async with runtime.db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        db = Asyncpg(raw, runtime.db.engine.dialect)
        assert await attempt(_Interleaved(db, meanwhile)) == [STALE]
        assert await layout(api, who, board["id"]) == {a: [x], b: [y]}
        r = await api.client.get(f"/api/v1/boards/{board['id']}/activity", headers=auth(who))
        assert [e["type"] for e in r.json()["items"]][:1] == ["card.moved"]
        assert r.json()["items"][0]["data"]["card"]["id"] == y
        [done] = await attempt(db)  # read again: now it goes through
    assert not isinstance(done, Miss)
    result, events = done
    assert (result.column_id, result.position) == (b, 0)
    assert events[0]["seq"] == 5  # board.created, 2 × card.created, y's move, this one
    async with runtime.db.session() as session:
        rows = await session.execute(select(Card.id, Card.column_id).order_by(Card.rank))
        assert list(rows) == [(x, b), (y, b)]  # (read straight: nothing was published)


async def test_attempts_together_share_one_run_and_each_get_their_own_outcome(
    runtime: Runtime,
) -> None:
    published: list[dict[str, Any]] = []
    lanes = _lanes(runtime, published)
    runs: list[list[int]] = []
    running = 0
    started = asyncio.Event()

    async def many(db: Asyncpg, run: Run[int]) -> list[Done[int] | Miss]:
        wanted = run.wanted
        nonlocal running
        running += 1
        assert running == 1  # one run at a time in a lane
        runs.append(wanted)
        started.set()
        await db.raw.fetchval("SELECT pg_sleep(0.02)")
        running -= 1
        return [FALLBACK if n == 3 else (n * 10, [_event(n)]) for n in wanted]

    async def locate(_db: Asyncpg, wanted: list[int]) -> list[Hashable | None]:
        return [None if n == 9 else "board" for n in wanted]

    async def run(n: int) -> int | Miss:
        return await lanes.run(("card", n), Together[int, int](many, n, locate))

    first = asyncio.create_task(run(0))
    await started.wait()  # the first one runs alone: the others queue meanwhile
    outcomes = await asyncio.gather(first, *(run(n) for n in (1, 2, 3, 4, 9)))
    assert outcomes == [0, 10, 20, FALLBACK, 40, FALLBACK]  # 9: no board, the unit's case
    assert sorted(n for run in runs for n in run) == [0, 1, 2, 3, 4]
    assert [0] in runs and max(len(run) for run in runs) > 1  # the queued ones went together
    assert [e["seq"] for e in published] == [0, 1, 2, 4]  # in commit order


async def test_a_row_not_seen_yet_joins_its_boards_lane(runtime: Runtime) -> None:
    """Two lanes on one board would fail each other's guards: a row whose board the lanes
    do not know is located first, then queued in its board's lane."""
    lanes = _lanes(runtime, [])
    running: list[int] = []
    overlapped: list[list[int]] = []

    async def many(db: Asyncpg, run: Run[int]) -> list[Done[int] | Miss]:
        wanted = run.wanted
        running.extend(wanted)
        if len(running) > len(wanted):
            overlapped.append(list(running))
        await db.raw.fetchval("SELECT pg_sleep(0.02)")
        del running[: len(wanted)]
        return [(n, [{**_event(n), "board_id": 5}]) for n in wanted]

    async def locate(_db: Asyncpg, wanted: list[int]) -> list[Hashable | None]:
        return [5 for _ in wanted]

    assert await lanes.run(("card", 1), Together[int, int](many, 1, locate)) == 1  # learnt: board 5
    known = lanes.run(("card", 1), Together[int, int](many, 2, locate))
    unknown = lanes.run(("card", 2), Together[int, int](many, 3, locate))
    assert list(await asyncio.gather(known, unknown)) == [2, 3]
    assert overlapped == []  # never two runs at once on board 5


async def test_rows_a_run_found_on_its_board_skip_the_locating(runtime: Runtime) -> None:
    """A run may find more of its board's rows than it was asked for (cards/moves_together.py
    reads a board's cards along): their first attempts go straight to the board's lane."""
    lanes = _lanes(runtime, [])
    located: list[int] = []

    async def many(_db: Asyncpg, run: Run[int]) -> list[Done[int] | Miss]:
        run.found += [("card", 7), ("card", 8)]
        return [(n, [{**_event(n), "board_id": 5}]) for n in run.wanted]

    async def locate(_db: Asyncpg, wanted: list[int]) -> list[Hashable | None]:
        located.extend(wanted)
        return [5 for _ in wanted]

    assert await lanes.run(("card", 1), Together[int, int](many, 1, locate)) == 1
    assert await lanes.run(("card", 8), Together[int, int](many, 2, locate)) == 2
    assert located == [1]  # card 8 was known to be board 5's


async def test_attempts_together_that_lost_a_race_are_told_so(runtime: Runtime) -> None:
    """The second time round they take the board's lock (cards/moves_together.py)."""
    lanes = _lanes(runtime, [])
    calls: list[tuple[list[int], bool]] = []

    async def many(_db: Asyncpg, run: Run[int]) -> list[Done[int] | Miss]:
        calls.append((run.wanted, run.lost))
        return [(n, []) if run.lost else STALE for n in run.wanted]

    assert await lanes.run("r", Together[int, int](many, 1)) == 1
    assert calls == [([1], False), ([1], True)]
