"""Card order under random moves, checked against a plain Python model of the lists.

Moves go through the service layer (what every route calls) to afford hundreds per
example; the result is read back over the API and straight from the database."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from teamboard.cards.models import Card
from teamboard.cards.moves import move_card
from teamboard.cards.service import create_card, update_card
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.runtime import Runtime
from tests.support.api import Api, actor, assert_ranks_sane, layout, ranks

CARDS = 8
COLUMNS = 3
position = st.one_of(st.integers(0, 2), st.integers(0, CARDS + 4))
BURST = 22  # moves into one gap: enough to use up a gap of STEP and force a re-spread
operation = st.tuples(
    # toggle = archive or restore; burst = BURST moves to position 1 of one column
    st.sampled_from(("move",) * 20 + ("toggle",) * 2 + ("burst",)),
    st.integers(0, CARDS - 1),
    st.integers(0, COLUMNS - 1),
    position,
)


class Model:
    """The board as lists of card ids: what the moves must amount to."""

    def __init__(self, columns: list[int]) -> None:
        self.columns: dict[int, list[int]] = {column: [] for column in columns}
        self.where: dict[int, int] = {}
        self.archived: set[int] = set()

    def insert(self, card: int, column: int, at: int | None) -> None:
        cards = self.columns[column]
        cards.insert(len(cards) if at is None else min(at, len(cards)), card)
        self.where[card] = column

    def move(self, card: int, column: int, at: int) -> None:
        if card in self.archived:  # moves, but stays hidden until restored
            self.where[card] = column
            return
        self.columns[self.where[card]].remove(card)
        self.insert(card, column, at)

    def toggle(self, card: int) -> None:
        if card in self.archived:
            self.archived.remove(card)
            self.insert(card, self.where[card], None)
        else:
            self.archived.add(card)
            self.columns[self.where[card]].remove(card)


async def _owner(api: Api, runtime: Runtime) -> tuple[dict[str, str], Actor]:
    who = await api.user("mover")
    return who, await actor(runtime, who)


def _new_card(title: str, at: int | None) -> dict[str, Any]:
    return {
        "title": title,
        "description": "",
        "due_date": None,
        "label_ids": [],
        "assignee_ids": [],
        "position": at,
    }


async def _move(
    db: UnitOfWork, actor: Actor, model: Model, card_id: int, column_id: int, at: int
) -> None:
    moved = await move_card(db, actor, card_id, column_id=column_id, position=at, version=None)
    model.move(card_id, column_id, at)
    assert moved.column_id == column_id
    if card_id not in model.archived:
        assert moved.position == model.columns[column_id].index(card_id)


async def _check(
    api: Api, runtime: Runtime, who: dict[str, str], board_id: int, model: Model
) -> None:
    assert await layout(api, who, board_id) == model.columns
    by_column = await ranks(runtime, board_id)
    assert_ranks_sane(by_column)
    assert {c: len(r) for c, r in by_column.items()} == {
        c: len(ids) for c, ids in model.columns.items() if ids
    }


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    starts=st.lists(
        st.tuples(st.integers(0, COLUMNS - 1), position), min_size=CARDS, max_size=CARDS
    ),
    operations=st.lists(operation, min_size=10, max_size=200),
)
async def test_random_moves_keep_order(
    api: Api,
    runtime: Runtime,
    starts: list[tuple[int, int]],
    operations: list[tuple[str, int, int, int]],
) -> None:
    # Each example works on a board of its own, so the shared database needs no reset.
    who, actor = await _owner(api, runtime)
    board = await api.board(who, columns=[f"C{i}" for i in range(COLUMNS)])
    columns = [column["id"] for column in board["columns"]]
    model = Model(columns)
    cards: list[int] = []
    async with runtime.db.session() as db:
        for index, (column, at) in enumerate(starts):
            card = await create_card(db, actor, columns[column], _new_card(f"#{index}", at))
            assert card.position == min(at, len(model.columns[columns[column]]))
            model.insert(card.id, columns[column], at)
            cards.append(card.id)
        for kind, card_index, column, at in operations:
            card_id = cards[card_index]
            if kind == "move":
                await _move(db, actor, model, card_id, columns[column], at)
            elif kind == "burst":
                for _ in range(BURST):
                    target = model.columns[columns[column]]
                    source = target if len(target) >= 3 else max(model.columns.values(), key=len)
                    if source:
                        await _move(db, actor, model, source[-1], columns[column], 1)
            else:
                archive = card_id not in model.archived
                await update_card(db, actor, card_id, {"archived": archive}, None)
                model.toggle(card_id)
    await _check(api, runtime, who, board["id"], model)


async def test_hundred_moves_into_one_gap_rebalance(api: Api, runtime: Runtime) -> None:
    """Always moving the bottom card to position 1 halves the same gap until no integer
    is left; the column must then be re-spread, keeping the order."""
    respreads = 0

    async def card_ranks() -> dict[int, int]:
        """Every card's rank, archived ones too."""
        async with runtime.db.session() as db:
            rows = await db.execute(select(Card.id, Card.rank).where(Card.board_id == board["id"]))
            return {card_id: rank for card_id, rank in rows}

    who, actor = await _owner(api, runtime)
    board = await api.board(who, columns=["Only", "Other"])
    column, other = (c["id"] for c in board["columns"])
    model = Model([column, other])
    async with runtime.db.session() as db:
        ids = [
            (await create_card(db, actor, column, _new_card(f"#{i}", None))).id for i in range(8)
        ]
        for card_id in ids:
            model.insert(card_id, column, None)
        for card_id in ids[1:3]:  # archived cards keep ranks in the gap that runs out
            await update_card(db, actor, card_id, {"archived": True}, None)
            model.toggle(card_id)
        for step in range(100):
            card_id = model.columns[column][-1]
            if step % 10 == 9:  # now and then from the other column, to the same gap
                await move_card(db, actor, card_id, column_id=other, position=0, version=None)
                model.move(card_id, other, 0)
                card_id = model.columns[other][0]
            before = await card_ranks()
            moved = await move_card(db, actor, card_id, column_id=column, position=1, version=None)
            model.move(card_id, column, 1)
            assert moved.position == 1
            after = await card_ranks()
            # A re-spread is a move that also changes other cards' ranks.
            respreads += any(after[c] != before[c] for c in before if c != card_id)
        for card_id in ids[1:3]:
            restored = await update_card(db, actor, card_id, {"archived": False}, None)
            model.toggle(card_id)
            assert restored.position == len(model.columns[column]) - 1
    await _check(api, runtime, who, board["id"], model)
    assert respreads >= 4, "the gap never ran out: the test did not exercise a re-spread"


async def test_a_move_between_cards_that_share_a_rank_lands_where_asked(
    api: Api, runtime: Runtime
) -> None:
    """Two cards may share a rank (a restored card keeps its own, which another may have
    taken meanwhile). A card put between them finds no integer there and the column's ranks
    are spread again: the card must then sit where it was asked, as the answer (and the
    event every client and the board cache apply) says, not after every card of the rank
    before it. Both ways a card gets a place: moved, and created."""

    async def stored() -> list[int]:  # the order a fresh read of the rows gives
        async with runtime.db.session() as db:
            rows = await db.scalars(
                select(Card.id)
                .where(Card.column_id == column, Card.archived.is_(False))
                .order_by(Card.rank, Card.id)
            )
            return list(rows)

    async def share_rank(card_id: int, with_id: int) -> None:
        async with runtime.db.session() as db, db.transaction():
            rank = await db.scalar(select(Card.rank).where(Card.id == with_id))
            await db.execute(update(Card).where(Card.id == card_id).values(rank=rank))

    who, actor = await _owner(api, runtime)
    board = await api.board(who, columns=["Only"])
    column = board["columns"][0]["id"]
    model = Model([column])
    async with runtime.db.session() as db:
        ids = [
            (await create_card(db, actor, column, _new_card(f"#{i}", None))).id for i in range(3)
        ]
    for card_id in ids:
        model.insert(card_id, column, None)
    first, second, last = ids
    await share_rank(second, first)
    async with runtime.db.session() as db:
        await _move(db, actor, model, last, column, 1)
    assert await stored() == model.columns[column] == [first, last, second]
    await share_rank(last, first)
    async with runtime.db.session() as db:
        created = await create_card(db, actor, column, _new_card("new", 1))
    assert created.position == 1
    model.insert(created.id, column, 1)
    assert await stored() == model.columns[column] == [first, created.id, last, second]
    await _check(api, runtime, who, board["id"], model)
