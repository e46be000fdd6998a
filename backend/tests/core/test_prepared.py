"""Units of work on prepared statements (core/prepared.py, run by core/db.py's run_write)
give what SQLAlchemy gives, on either path: SQLite's batches in its thread, or SQLAlchemy's
connection elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import sqlite

from teamboard.boards.models import BoardMember
from teamboard.cards.models import Card
from teamboard.core.errors import Invalid
from teamboard.core.prepared import Prepared, Statements
from teamboard.core.runtime import Runtime
from tests.support.api import Api

_cards = cast(Table, Card.__table__)
_members = cast(Table, BoardMember.__table__)
_READ = Prepared(
    select(_cards, _members.c.role)
    .join(_members, _members.c.board_id == _cards.c.board_id)
    .where(_cards.c.id == bindparam("card"))
)
_RETITLE = Prepared(
    update(_cards)
    .where(_cards.c.id == bindparam("card"))
    .values(title=bindparam("title"), updated_at=bindparam("now"))
)


async def _card(api: Api) -> int:
    who = await api.user("prepared")
    board = await api.board(who, columns=["Todo"])
    card = await api.card(who, board["columns"][0]["id"], "Typed", due_date="2031-02-03")
    card_id: int = card["id"]
    return card_id


async def test_rows_match_what_sqlalchemy_returns(api: Api, runtime: Runtime) -> None:
    card_id = await _card(api)
    async with runtime.db.session() as db:
        expected = (await db.execute(_READ.statement, {"card": card_id})).one()
        got = await db.run(lambda q: (q.first(_READ, {"card": card_id}), []))
    assert got is not None
    assert tuple(got) == tuple(expected)
    assert got._fields == tuple(expected._fields)
    assert isinstance(got.created_at, datetime) and got.created_at.tzinfo is not None
    assert got.due_date == date(2031, 2, 3)
    assert got.archived is False
    assert got.role.value == "owner"


async def test_a_unit_commits_and_an_error_undoes_all_of_it(api: Api, runtime: Runtime) -> None:
    card_id = await _card(api)
    now = datetime.now(UTC)

    def retitle_then_refuse(q: Statements) -> tuple[None, list[dict[str, Any]]]:
        q.run(_RETITLE, {"card": card_id, "title": "Half done", "now": now})
        raise Invalid.field("title", "refused after writing")

    def retitle(q: Statements) -> tuple[None, list[dict[str, Any]]]:
        q.run(_RETITLE, {"card": card_id, "title": "Done", "now": now})
        return None, []

    async with runtime.db.session() as db:
        with pytest.raises(Invalid):
            await db.run(retitle_then_refuse)
        await db.run(retitle)
    async with runtime.db.session() as other:
        row: Any = (await other.execute(_READ.statement, {"card": card_id})).one()
    assert row.title == "Done"
    assert row.updated_at == now


def test_python_side_defaults_must_be_set_explicitly() -> None:
    # updated_at has an onupdate that SQLAlchemy would compute per execution.
    rank_only = Prepared(update(_cards).values(rank=bindparam("rank")))
    with pytest.raises(TypeError, match="updated_at"):
        rank_only.form(sqlite.dialect(paramstyle="qmark"))


async def test_concurrent_writes_fail_alone_and_publish_in_commit_order(
    api: Api, runtime: Runtime
) -> None:
    """Writes queued together (on SQLite: one batch in its thread) are still one
    transaction each: a failing one undoes only itself, and every committed one's events
    are published, in the order of the commits."""
    card_id = await _card(api)
    now = datetime.now(UTC)
    published: list[dict[str, Any]] = []
    runtime.publisher.subscribe(published.extend)

    def retitle(n: int) -> Callable[[Statements], tuple[int, list[dict[str, Any]]]]:
        def unit(q: Statements) -> tuple[int, list[dict[str, Any]]]:
            q.run(_RETITLE, {"card": card_id, "title": f"Title {n}", "now": now})
            if n == 3:
                raise Invalid.field("title", "three is refused")
            return n, [{"type": "test.retitled", "board_id": 0, "seq": n}]

        return unit

    async def write(n: int) -> int:
        async with runtime.db.session() as db:
            return await db.run(retitle(n))

    outcomes = await asyncio.gather(*(write(n) for n in range(6)), return_exceptions=True)
    assert [o if isinstance(o, int) else type(o) for o in outcomes] == [0, 1, 2, Invalid, 4, 5]
    order = [e["seq"] for e in published if e["type"] == "test.retitled"]
    assert sorted(order) == [0, 1, 2, 4, 5]
    async with runtime.db.session() as other:
        row: Any = (await other.execute(_READ.statement, {"card": card_id})).one()
    assert row.title == f"Title {order[-1]}"  # the last commit's event came last
