"""Search across every board the caller is a member of: one service, the engine of the
database underneath (search/engines.py). One statement per page whatever the data: the
matching cards (ranked, filtered, the caller's boards only, one page) with their text, from
which search/snippets.py writes each hit's snippet.

Each form of the statement (the engine, the query's shape, the filters used) is built
once, its values bound: building it cost more Python than a rare word's search costs in
SQL. Pages follow each other by keyset (``cursor``: the last hit's score, time and id), so a
deep page costs what the first does, and a hit is never shown twice when cards change
between pages."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Boolean, Float, Select, and_, bindparam, exists, func, or_, select

from teamboard.boards.models import Board, BoardColumn, BoardMember
from teamboard.cards.filtering import WEEK
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.zones import zone
from teamboard.search.cursor import Cursor
from teamboard.search.engines import Engine, Fts5, Postgres
from teamboard.search.models import SearchDocument
from teamboard.search.query import parse
from teamboard.search.schemas import SearchHit, SearchPage, SearchParams
from teamboard.search.snippets import READ_CHARS, marked, matcher, passage

_ENGINES: dict[bool, Engine] = {True: Fts5(), False: Postgres()}
# A row of the page: the hit's nine columns (_hit), then its document's text (passage).
_HIT_COLUMNS = 9


@dataclass(frozen=True, slots=True)
class _Form:
    """What a search statement's form depends on: the engine, the query's shape, and
    which filters (and whether a cursor) narrow it. A few dozen in practice."""

    sqlite: bool
    shape: Hashable
    board: bool
    archived: bool
    label: bool
    assignee: bool
    due: str | None
    cursor: bool


def _form_of(sqlite: bool, shape: Hashable, params: SearchParams) -> _Form:
    return _Form(
        sqlite,
        shape,
        board=params.board_id is not None,
        archived=params.archived is not None,
        label=params.label is not None,
        assignee=params.assignee is not None,
        due=params.due,
        cursor=params.cursor is not None,
    )


def _binds(actor: Actor, params: SearchParams, cursor: Cursor | None) -> dict[str, Any]:
    binds: dict[str, Any] = {
        "user": actor.id,
        "limit": params.limit + 1,
        "board_id": params.board_id,
        "archived": params.archived,
        "label": params.label,
        "assignee": params.assignee,
    }
    if params.due is not None:
        # The caller's today, as the board's filter reads it (cards/filtering.py).
        today = datetime.now(UTC).astimezone(zone(actor.time_zone)).date()
        binds |= {"today": today, "week_end": today + WEEK}
    if cursor is not None:
        binds |= {"at_score": cursor.score, "at_time": cursor.updated_at, "at_id": cursor.card_id}
    return binds


def _filters(form: _Form) -> list[Any]:
    where: list[Any] = []
    if form.board:
        where.append(Card.board_id == bindparam("board_id"))
    if form.archived:
        where.append(Card.archived == bindparam("archived", type_=Boolean))
    if form.label:
        where.append(
            exists().where(CardLabel.card_id == Card.id, CardLabel.label_id == bindparam("label"))
        )
    if form.assignee:
        where.append(
            exists().where(
                CardAssignee.card_id == Card.id, CardAssignee.user_id == bindparam("assignee")
            )
        )
    if form.due == "none":
        where.append(Card.due_date.is_(None))
    elif form.due == "overdue":
        where.append(Card.due_date < bindparam("today"))
    elif form.due is not None:
        where.append(Card.due_date.between(bindparam("today"), bindparam("week_end")))
    return where


def _after(score: Any) -> Any:
    """Past the cursor in the order score ↑, updated_at ↓, id ↓."""
    at_time = bindparam("at_time", type_=Card.updated_at.type)
    return or_(
        score > bindparam("at_score", type_=Float),
        and_(
            score == bindparam("at_score", type_=Float),
            or_(
                Card.updated_at < at_time,
                and_(Card.updated_at == at_time, Card.id < bindparam("at_id")),
            ),
        ),
    )


async def search(db: UnitOfWork, actor: Actor, params: SearchParams) -> SearchPage:
    cursor = Cursor.read(params.cursor) if params.cursor else None
    parsed = parse(params.q)
    if parsed.empty:
        return SearchPage(hits=[], next_cursor=None)
    engine = _ENGINES[db.database.is_sqlite]
    shape = engine.shape(parsed)
    terms = engine.params(parsed)
    statement = built_statement(_form_of(db.database.is_sqlite, shape, params))
    rows = (await db.execute(statement, terms | _binds(actor, params, cursor))).all()
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    pattern = matcher(parsed) if rows else None
    hits = [_hit(row, marked(passage(row[_HIT_COLUMNS:], pattern))) for row in rows]
    last = rows[-1] if more else None
    next_cursor = Cursor(float(last[1]), last[8], int(last[0])).encode() if last else None
    return SearchPage(hits=hits, next_cursor=next_cursor)


@lru_cache(maxsize=256)
def built_statement(form: _Form) -> Select[Any]:
    """The search's statement of this form, built once (its values are all bound)."""
    found = _ENGINES[form.sqlite].matches(form.shape)
    # The page first, from the matches and their cards alone (the order and the filters
    # need nothing else), then its names: the joins for them touch one page of rows.
    member = exists().where(
        BoardMember.board_id == Card.board_id, BoardMember.user_id == bindparam("user")
    )
    page = (
        select(
            found.c.card_id,
            found.c.score,
            Card.title,
            Card.board_id,
            Card.column_id,
            Card.archived,
            Card.updated_at,
        )
        .join(Card, Card.id == found.c.card_id)
        # Members only, checked again on the card's own board, in the same statement.
        .where(member, *_filters(form))
        .order_by(found.c.score, Card.updated_at.desc(), Card.id.desc())
        .limit(bindparam("limit"))
    )
    if form.cursor:
        page = page.where(_after(found.c.score))
    shown = page.subquery("page")
    # The text the snippets are found in, cut where a passage search would stop anyway.
    texts = [
        func.substr(column, 1, READ_CHARS)
        for column in (
            SearchDocument.title,
            SearchDocument.labels,
            SearchDocument.body,
            SearchDocument.comments,
        )
    ]
    return (
        select(
            shown.c.card_id,
            shown.c.score,
            shown.c.title,
            shown.c.board_id,
            Board.name,
            shown.c.column_id,
            BoardColumn.name,
            shown.c.archived,
            shown.c.updated_at,
            *texts,
        )
        .join(Board, Board.id == shown.c.board_id)
        .join(BoardColumn, BoardColumn.id == shown.c.column_id)
        .join(SearchDocument, SearchDocument.card_id == shown.c.card_id)
        .order_by(shown.c.score, shown.c.updated_at.desc(), shown.c.card_id.desc())
    )


def _hit(row: Any, snippet: str) -> SearchHit:
    hit = row[:_HIT_COLUMNS]
    card_id, _score, title, board_id, board_name, column_id, column_name, archived, at = hit
    return SearchHit(
        card_id=card_id,
        card_title=title,
        board_id=board_id,
        board_name=board_name,
        column_id=column_id,
        column_name=column_name,
        archived=archived,
        updated_at=at,
        snippet=snippet,
    )
