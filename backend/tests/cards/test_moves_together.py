"""Moves of one board attempted together (cards/moves_together.py, PostgreSQL): one read
and one guarded statement for all of them, yet each move is decided as if it ran alone
right after the ones before it — its own event (consecutive seqs, in order), its own
answer — and what is not the plain case is left to the locking unit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from teamboard.boards.models import Event
from teamboard.cards import moves_together
from teamboard.cards.models import Card
from teamboard.cards.moves_together import Move, attempt_together
from teamboard.core.lanes import FALLBACK, STALE, Done, Miss, Run
from teamboard.core.prepared import Asyncpg
from teamboard.core.runtime import Runtime
from tests.support.api import Api, actor, auth, layout
from tests.support.app import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="attempts serve PostgreSQL only")


async def _together(
    runtime: Runtime, moves: list[Move], lost: bool = False
) -> list[Done[Any] | Miss]:
    async with runtime.db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        db = Asyncpg(raw, runtime.db.engine.dialect)
        return await attempt_together(db, Run(moves, lost))


async def _log(runtime: Runtime, board_id: int) -> list[tuple[int, str, dict[str, Any]]]:
    async with runtime.db.session() as db:
        rows = await db.execute(
            select(Event.seq, Event.type, Event.data)
            .where(Event.board_id == board_id)
            .order_by(Event.seq)
        )
        return [(seq, kind, data) for seq, kind, data in rows]


@pytest.mark.parametrize("lost", [False, True], ids=["unlocked", "after a lost race"])
async def test_moves_together_are_each_decided_after_the_ones_before(
    api: Api, runtime: Runtime, lost: bool
) -> None:
    who = await api.user("together")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    x, y, z = [(await api.card(who, a, name))["id"] for name in "XYZ"]
    mover = await actor(runtime, who)
    before = len(await _log(runtime, board["id"]))

    outcomes = await _together(
        runtime,
        [
            Move(mover, x, b, 0, None),  # B: x
            Move(mover, y, b, 0, None),  # B: y x — on top of the x moved just before
            Move(mover, x, a, 9, 2),  # A: z x (clamped) — x at version 2 after its move
            Move(mover, z, b, 1, 7),  # a stale version: left to the locking unit
            Move(mover, z, b, 1, None),  # B: y z
        ],
        lost,
    )

    assert outcomes[3] is FALLBACK
    done = [o for o in outcomes if not isinstance(o, Miss)]
    assert len(done) == 4
    answers = [(r.id, r.column_id, r.position, r.version) for r, _ in done]
    assert answers == [(x, b, 0, 2), (y, b, 0, 2), (x, a, 1, 3), (z, b, 1, 2)]
    events = [event for _, each in done for event in each]
    assert [e["seq"] for e in events] == list(range(before + 1, before + 5))
    # Each caller's event is its own answer, as the clients and the board cache apply it.
    for result, [event] in done:
        assert event["data"]["card"]["id"] == result.id
        assert event["data"]["card"]["position"] == result.position
        assert event["data"]["card"]["version"] == result.version
    assert [e["data"]["from_column_id"] for e in events] == [a, a, b, a]

    log = await _log(runtime, board["id"])
    assert [seq for seq, *_ in log] == list(range(1, before + 5))  # gapless, all committed
    assert [(kind, data["card"]["id"]) for _, kind, data in log[before:]] == [
        ("card.moved", x),
        ("card.moved", y),
        ("card.moved", x),
        ("card.moved", z),
    ]
    assert await layout(api, who, board["id"]) == {a: [x], b: [y, z]}


async def test_a_long_column_is_read_only_at_its_top(
    api: Api, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read takes a column's first WINDOW cards: moves among them go together, and one
    to a place below them (which needs a rank not read) is left to the locking unit."""
    monkeypatch.setattr(moves_together, "WINDOW", 3)
    who = await api.user("long column")
    board = await api.board(who, columns=["Long", "Short"])
    long, short = (column["id"] for column in board["columns"])
    c0, c1, c2, c3, c4 = [(await api.card(who, long, f"L{n}"))["id"] for n in range(5)]
    s0 = (await api.card(who, short, "S0"))["id"]
    mover = await actor(runtime, who)

    outcomes = await _together(
        runtime,
        [
            Move(mover, s0, long, 1, None),  # Long: c0 s0 c1 c2 … — among the top three
            Move(mover, c4, long, 0, None),  # from below the window to the top: c4 c0 s0
            Move(mover, c0, short, 0, None),  # out of the window: c4 s0 c1 c2 known
            Move(mover, c1, long, 3, None),  # after c2: the rank below it was not read
            Move(mover, c2, short, 5, None),  # Short is whole: c0 c2 (clamped)
        ],
    )

    assert outcomes[3] is FALLBACK
    done = [o for o in outcomes if not isinstance(o, Miss)]
    answers = [(r.id, r.column_id, r.position) for r, _ in done]
    assert answers == [(s0, long, 1), (c4, long, 0), (c0, short, 0), (c2, short, 1)]
    assert await layout(api, who, board["id"]) == {long: [c4, s0, c1, c3], short: [c0, c2]}


async def test_moves_together_commit_all_or_none(api: Api, runtime: Runtime) -> None:
    """A write to the board between their read and their commit: none of them applies."""
    who = await api.user("guarded")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    x, y, z = [(await api.card(who, a, name))["id"] for name in "XYZ"]
    mover = await actor(runtime, who)

    class Interleaved(Asyncpg):
        done = False

        async def all(self, statement: Any, params: Any) -> list[Any]:
            rows = await super().all(statement, params)
            if not self.done:
                self.done = True
                r = await api.client.post(
                    f"/api/v1/cards/{z}/move", json={"column_id": b, "position": 0},
                    headers=auth(who),
                )  # fmt: skip
                assert r.status_code == 200
            return rows

    async with runtime.db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        moves = [Move(mover, x, b, 0, None), Move(mover, y, b, 0, None)]
        interleaved = Interleaved(raw, runtime.db.engine.dialect)
        outcomes = await attempt_together(interleaved, Run(moves))
    assert outcomes == [STALE, STALE]
    assert await layout(api, who, board["id"]) == {a: [x, y], b: [z]}


async def test_concurrent_moves_of_one_board_share_their_commits(
    api: Api, runtime: Runtime
) -> None:
    """Through the API: moves queued behind each other go together (fewer commits than
    moves), and every one of them still records its own event."""
    who = await api.user("burst")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    cards = [(await api.card(who, a, f"#{i}"))["id"] for i in range(12)]
    published: list[int] = []  # how many events each publication carried
    runtime.publisher.subscribe(lambda events: published.append(len(events)))

    async def moved(card: int) -> dict[str, Any]:
        r = await api.client.post(
            f"/api/v1/cards/{card}/move", json={"column_id": b, "position": 0},
            headers=auth(who),
        )  # fmt: skip
        assert r.status_code == 200, r.text
        answer: dict[str, Any] = r.json()
        return answer

    await moved(cards[0])  # the lane knows the board from here on
    answers = await asyncio.gather(*(moved(card) for card in cards[1:]))
    log = await _log(runtime, board["id"])
    moves = [data["card"] for _, kind, data in log if kind == "card.moved"]
    assert len(moves) == len(cards)
    assert sorted(a["id"] for a in answers) == sorted(cards[1:])
    for answer in answers:
        assert answer["column_id"] == b
    assert (await layout(api, who, board["id"]))[b] == [m["id"] for m in reversed(moves)]
    assert all(m["version"] == 2 for m in moves)
    # One publication per commit: some carried the events of several moves.
    assert max(published) > 1 and sum(published) == len(cards)


async def _stored(runtime: Runtime, column: int) -> dict[int, list[int]]:
    """Card ids per column of the board of ``column``, in rank order, as stored (these
    tests write around the app's publisher, so its caches do not know)."""
    async with runtime.db.session() as session:
        rows = await session.execute(
            select(Card.column_id, Card.id)
            .where(
                Card.board_id
                == select(Card.board_id).where(Card.column_id == column).limit(1).scalar_subquery()
            )
            .order_by(Card.column_id, Card.rank, Card.id)
        )
        result: dict[int, list[int]] = {}
        for column_id, card_id in rows:
            result.setdefault(column_id, []).append(card_id)
        return result


class _Counting(Asyncpg):
    """The real connection, counting its round trips."""

    trips = 0

    async def all(self, statement: Any, params: Any) -> list[Any]:
        self.trips += 1
        return await super().all(statement, params)


async def test_a_lanes_next_run_needs_no_read_while_nobody_else_writes_the_board(
    api: Api, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a run read (and wrote) is kept for the next: moves of cards it knows are
    decided without a read. A write by anyone else in between makes the next write lose
    its guard (nothing applies), and the run after that reads again."""
    monkeypatch.setattr(moves_together, "AHEAD", 0)  # only the moves' own cards are read
    who = await api.user("kept")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    w, x, y, z = [(await api.card(who, a, name))["id"] for name in "WXYZ"]
    mover = await actor(runtime, who)
    kept: dict[str, Any] = {}
    async with runtime.db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        db = _Counting(raw, runtime.db.engine.dialect)
        moves = [Move(mover, x, b, 0, None), Move(mover, y, a, 0, None)]
        outcomes = await attempt_together(db, Run(moves, kept=kept))
        assert db.trips == 2 and not any(isinstance(o, Miss) for o in outcomes)
        moves = [Move(mover, y, b, 0, None), Move(mover, x, a, 0, None)]
        outcomes = await attempt_together(db, Run(moves, kept=kept))
        assert db.trips == 3  # the write alone
        done = [o for o in outcomes if not isinstance(o, Miss)]
        answers = [(r.id, r.column_id, r.position, r.version) for r, _ in done]
        assert answers == [(y, b, 0, 3), (x, a, 0, 3)]
        assert await _stored(runtime, a) == {a: [x, w, z], b: [y]}
        outcomes = await attempt_together(db, Run([Move(mover, z, b, 1, None)], kept=kept))
        assert db.trips == 5  # a card not read yet: read, then written
        assert await _stored(runtime, a) == {a: [x, w], b: [y, z]}
        # What earlier runs moved is not written again: still as their events told.
        async with runtime.db.session() as session:
            rows = await session.execute(select(Card.id, Card.updated_at, Card.version))
            stored = {card: (at, version) for card, at, version in rows}
        assert {card: stored[card] for card in (x, y)} == {
            r.id: (r.updated_at, r.version) for r, _ in done
        }

        r = await api.client.post(
            f"/api/v1/cards/{x}/move", json={"column_id": b, "position": 0}, headers=auth(who)
        )
        assert r.status_code == 200  # meanwhile, another write to the board
        last = [Move(mover, y, a, 0, None)]  # a card the lane knows: no read
        assert await attempt_together(db, Run(last, kept=kept)) == [STALE]
        assert await _stored(runtime, a) == {a: [w], b: [x, y, z]}
        [again] = await attempt_together(db, Run(last, kept=kept))
    assert not isinstance(again, Miss)
    assert (again[0].column_id, again[0].position) == (a, 0)
    assert await _stored(runtime, a) == {a: [y, w], b: [x, z]}


async def test_a_fresh_read_keeps_the_boards_cards_so_their_moves_need_no_read(
    api: Api, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that reads its board afresh takes each column's visible cards along — all of
    a column of AHEAD or fewer, the first GLANCE of a longer one — and tells the lanes they
    are the board's: a move of one of them later is written at once; one past them is
    read first."""
    monkeypatch.setattr(moves_together, "AHEAD", 3)
    monkeypatch.setattr(moves_together, "GLANCE", 2)
    who = await api.user("ahead")
    board = await api.board(who, columns=["A", "B"])
    a, b = (column["id"] for column in board["columns"])
    for name in "WXYZ":
        await api.card(who, a, name)
    for name in "PQ":
        await api.card(who, b, name)
    stored = await _stored(runtime, a)
    w, x, y, z = stored[a]  # longer than AHEAD: its first two are taken
    p, q = stored[b]  # AHEAD or fewer: taken whole
    mover = await actor(runtime, who)
    kept: dict[str, Any] = {}
    async with runtime.db.engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        db = _Counting(raw, runtime.db.engine.dialect)
        run = Run([Move(mover, w, b, 0, None)], kept=kept)
        [done] = await attempt_together(db, run)
        assert not isinstance(done, Miss) and db.trips == 2
        assert len(run.found) == 4
        assert set(run.found) == {moves_together.lane_row(c) for c in (w, x, p, q)}
        for known in (Move(mover, x, b, 0, None), Move(mover, q, b, 0, None)):
            trips = db.trips
            [done] = await attempt_together(db, Run([known], kept=kept))
            assert not isinstance(done, Miss) and db.trips == trips + 1  # the write alone
        [done] = await attempt_together(db, Run([Move(mover, y, b, 0, None)], kept=kept))
        assert not isinstance(done, Miss) and db.trips == 6  # past them: read, then written
    assert await _stored(runtime, a) == {a: [z], b: [y, q, x, w, p]}
