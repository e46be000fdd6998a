"""Units of work on prepared statements (core/prepared.py) give what SQLAlchemy gives, on
either path: SQLite's one trip to its thread, or SQLAlchemy's connection elsewhere."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import sqlite

from teamboard.boards.models import BoardMember
from teamboard.cards.models import Card
from teamboard.core.db import transaction
from teamboard.core.errors import Invalid
from teamboard.core.prepared import Prepared, Statements, run_unit
from teamboard.core.runtime import Runtime
from tests.conftest import Api

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
        async with transaction(db):
            got = await run_unit(db, lambda q: q.first(_READ, {"card": card_id}))
    assert tuple(got) == tuple(expected)
    assert got._fields == tuple(expected._fields)
    assert isinstance(got.created_at, datetime) and got.created_at.tzinfo is not None
    assert got.due_date == date(2031, 2, 3)
    assert got.archived is False
    assert got.role.value == "owner"


async def test_a_unit_commits_and_an_error_undoes_all_of_it(api: Api, runtime: Runtime) -> None:
    card_id = await _card(api)
    now = datetime.now(UTC)

    def retitle_then_refuse(q: Statements) -> None:
        q.run(_RETITLE, {"card": card_id, "title": "Half done", "now": now})
        raise Invalid.field("title", "refused after writing")

    async with runtime.db.session() as db:
        with pytest.raises(Invalid):
            async with transaction(db):
                await run_unit(db, retitle_then_refuse)
        async with transaction(db):
            await run_unit(
                db, lambda q: q.run(_RETITLE, {"card": card_id, "title": "Done", "now": now})
            )
    async with runtime.db.session() as other:
        row: Any = (await other.execute(_READ.statement, {"card": card_id})).one()
    assert row.title == "Done"
    assert row.updated_at == now


def test_python_side_defaults_must_be_set_explicitly() -> None:
    # updated_at has an onupdate that SQLAlchemy would compute per execution.
    rank_only = Prepared(update(_cards).values(rank=bindparam("rank")))
    with pytest.raises(TypeError, match="updated_at"):
        rank_only.form(sqlite.dialect(paramstyle="qmark"))
