"""Search across every board the caller is a member of: one service, the engine of the
database underneath (search/engines.py). Two statements per page whatever the data: the
matching cards (ranked, filtered, the caller's boards only, one page), then that page's
snippets.

Pages follow each other by keyset (``cursor``: the last hit's score, time and id), so a
deep page costs what the first does, and a hit is never shown twice when cards change
between pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select

from teamboard.boards.models import Board, BoardColumn, BoardMember
from teamboard.cards.filtering import WEEK
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.zones import zone
from teamboard.search.cursor import Cursor
from teamboard.search.engines import Engine, Fts5, Postgres
from teamboard.search.query import parse
from teamboard.search.schemas import SearchHit, SearchPage, SearchParams
from teamboard.search.snippets import marked

_ENGINES: dict[bool, Engine] = {True: Fts5(), False: Postgres()}


def _filters(actor: Actor, params: SearchParams) -> list[Any]:
    where: list[Any] = []
    if params.board_id is not None:
        where.append(Card.board_id == params.board_id)
    if params.archived is not None:
        where.append(Card.archived.is_(params.archived))
    if params.label is not None:
        where.append(
            exists().where(CardLabel.card_id == Card.id, CardLabel.label_id == params.label)
        )
    if params.assignee is not None:
        where.append(
            exists().where(CardAssignee.card_id == Card.id, CardAssignee.user_id == params.assignee)
        )
    if params.due is not None:
        # The caller's today, as the board's filter reads it (cards/filtering.py).
        today = datetime.now(UTC).astimezone(zone(actor.time_zone)).date()
        if params.due == "none":
            where.append(Card.due_date.is_(None))
        elif params.due == "overdue":
            where.append(Card.due_date < today)
        else:
            where.append(Card.due_date.between(today, today + WEEK))
    return where


def _after(score: Any, cursor: Cursor) -> Any:
    """Past the cursor in the order score ↑, updated_at ↓, id ↓."""
    return or_(
        score > cursor.score,
        and_(
            score == cursor.score,
            or_(
                Card.updated_at < cursor.updated_at,
                and_(Card.updated_at == cursor.updated_at, Card.id < cursor.card_id),
            ),
        ),
    )


async def search(db: UnitOfWork, actor: Actor, params: SearchParams) -> SearchPage:
    cursor = Cursor.read(params.cursor) if params.cursor else None
    parsed = parse(params.q)
    if parsed.empty:
        return SearchPage(hits=[], next_cursor=None)
    engine = _ENGINES[db.database.is_sqlite]
    found = engine.matches(parsed, actor.id)
    # The page first, from the matches and their cards alone (the order and the filters
    # need nothing else), then its names: the joins for them touch one page of rows.
    member = exists().where(BoardMember.board_id == Card.board_id, BoardMember.user_id == actor.id)
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
        .where(member, *_filters(actor, params))
        .order_by(found.c.score, Card.updated_at.desc(), Card.id.desc())
        .limit(params.limit + 1)
    )
    if cursor is not None:
        page = page.where(_after(found.c.score, cursor))
    shown = page.subquery("page")
    statement = (
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
        )
        .join(Board, Board.id == shown.c.board_id)
        .join(BoardColumn, BoardColumn.id == shown.c.column_id)
        .order_by(shown.c.score, shown.c.updated_at.desc(), shown.c.card_id.desc())
    )
    rows = (await db.execute(statement)).all()
    more = len(rows) > params.limit
    rows = rows[: params.limit]
    snippets = await engine.snippets(db, parsed, [r[0] for r in rows]) if rows else {}
    hits = [_hit(row, snippets) for row in rows]
    last = rows[-1] if more else None
    next_cursor = Cursor(float(last[1]), last[8], int(last[0])).encode() if last else None
    return SearchPage(hits=hits, next_cursor=next_cursor)


def _hit(row: Any, snippets: dict[int, str]) -> SearchHit:
    card_id, _score, title, board_id, board_name, column_id, column_name, archived, at = row
    return SearchHit(
        card_id=card_id,
        card_title=title,
        board_id=board_id,
        board_name=board_name,
        column_id=column_id,
        column_name=column_name,
        archived=archived,
        updated_at=at,
        snippet=marked(snippets.get(card_id, title)),
    )
