"""The whole board — its columns with their cards, labels and members — as one read, in
a constant number of queries, and answered from memory when it has not changed; after a
change, from the board's state with the change applied (cards/board_cache.py).

It sits with cards because it shows them; boards/ knows nothing of cards."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import cast

from sqlalchemy import Table, bindparam, select

from teamboard.boards.access import access_board
from teamboard.boards.models import Board, BoardColumn, Label, Role
from teamboard.boards.service import list_members_of
from teamboard.boards.views import column_read, label_read
from teamboard.cards.board_cache import board_cache
from teamboard.cards.board_cards import cards_by_column
from teamboard.cards.board_state import BoardHead, BoardState
from teamboard.cards.schemas import BoardDetail, ColumnWithCards
from teamboard.core.actor import Actor
from teamboard.core.cache import AccessCache, Scope
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import AppError

_boards = cast(Table, Board.__table__)
_NO_COLUMNS = b',"columns":[]'
_SEQ = select(_boards.c.event_seq).where(_boards.c.id == bindparam("board"))


def board_etag(board: Board, role: Role) -> str:
    return _etag(board.id, board.created_at, board.event_seq, role)


def _etag(board_id: int, created_at: datetime, seq: int, role: Role) -> str:
    # The creation time tells apart boards that reuse a deleted board's id (SQLite does).
    born = int(created_at.timestamp() * 1_000_000)
    return f'W/"b{board_id}.{born:x}.{seq}.{role.value}"'


CARD_WEIGHT = 3_072


@dataclass(frozen=True)
class BoardSnapshot:
    """A rendering of one board version; shared between requests, so never mutated."""

    board: BoardDetail
    etag: str
    exact: bool = True  # False: perhaps newer than its ETag says (see _state)
    state: BoardState | None = None  # what ``board`` shows of it, serialised column by column

    @cached_property
    def body(self) -> bytes:
        if self.state is None:
            return self.board.model_dump_json().encode()
        # The board without its columns, then the columns spliced in where they belong:
        # written as one ``model_dump_json`` would, but a column unchanged since the last
        # version costs nothing. (No text can hold this: quotes in strings are escaped.)
        empty = self.board.model_copy(update={"columns": []}).model_dump_json().encode()
        return empty.replace(_NO_COLUMNS, b',"columns":' + self.state.columns_json(), 1)

    @property
    def weight(self) -> int:
        """About the bytes it keeps alive, for the memo's budget (core/cache.py): its read
        models and, once serialised, its JSON; measured at ~3 KB a card."""
        return 16_384 + CARD_WEIGHT * sum(len(column.cards) for column in self.board.columns)


async def read_board(
    db: UnitOfWork, actor: Actor, board_id: int, *, if_none_match: str | None = None
) -> BoardSnapshot | str:
    """The whole board in a constant number of queries. Returns just the ETag when it
    matches ``if_none_match`` (the caller answers 304).

    The caller's current ETag for the board is cached (exact within this process, see
    core/cache.py), and each rendering is memoised by its ETag: a repeated read needs no
    query at all. Nor does the first read after a change of the board's cards or columns:
    the caller's role is cached apart (changed by member events only), and the board by
    the board cache, which applies the change."""
    access = db.access
    memo = db.memo
    key = _etag_key(board_id, actor.id)
    known = access.get(key)
    if known is not None:
        if _matches(known, if_none_match):
            return cast(str, known)
        if (cached := memo.get(("board", known))) is not None:
            return cast(BoardSnapshot, cached)
    if (answer := _from_cache(db, actor, board_id, if_none_match)) is not None:
        return answer if isinstance(answer, str) else await answer
    scope: Scope = ("board", board_id)
    generation = access.generation(scope)
    roles: Scope = ("members", board_id)
    role_generation = access.generation(roles)
    try:
        board, role = await access_board(db, actor, board_id)
    except AppError:
        access.discard(key)
        access.discard(_role_key(board_id, actor.id))
        raise
    access.put(_role_key(board_id, actor.id), role, roles, role_generation)
    etag = board_etag(board, role)
    access.put(key, etag, scope, generation)
    if _matches(etag, if_none_match):
        return etag
    # Every change bumps event_seq, so the ETag names one exact rendering.
    head = BoardHead(
        id=board.id,
        name=board.name,
        description=board.description,
        archived=board.archived,
        created_at=board.created_at,
        updated_at=board.updated_at,
        is_template=board.is_template,
    )
    seq = board.event_seq

    async def build() -> BoardSnapshot:
        state, exact = await _state(db, head, seq)
        return BoardSnapshot(_render(head, seq, role, state), etag, exact, state)

    return await memo.once(("board", etag), build, keep=lambda snapshot: snapshot.exact)


def _from_cache(
    db: UnitOfWork, actor: Actor, board_id: int, if_none_match: str | None
) -> Awaitable[BoardSnapshot] | str | None:
    """The read answered from the caller's cached role and the board as this process
    knows it (cards/board_cache.py), without a query; None: the database must tell."""
    if not (db.access.enabled and db.database.hears_all):
        return None  # another process may have changed the board unheard of
    role = db.access.get(_role_key(board_id, actor.id))
    state = board_cache(db.database).current(board_id) if role is not None else None
    if role is None or state is None or state.head is None:
        return None
    head, seq = state.head, state.seq
    etag = _etag(board_id, head.created_at, seq, role)
    scope: Scope = ("board", board_id)  # nothing awaited since: the state is the newest
    db.access.put(_etag_key(board_id, actor.id), etag, scope, db.access.generation(scope))
    if _matches(etag, if_none_match):
        return etag

    async def build() -> BoardSnapshot:
        return BoardSnapshot(_render(head, seq, role, state), etag, state=state)

    return db.memo.once(("board", etag), build)


async def _state(db: UnitOfWork, head: BoardHead, seq: int) -> tuple[BoardState, bool]:
    """The board's columns, cards, labels and members at ``seq`` (that of the row this
    read has): from the board cache, or read — once, whoever else waits for it.
    False: read while a change committed, so perhaps newer than that seq (kept by nobody)."""
    if not db.access.enabled:  # TEAMBOARD_CACHE_SECONDS=0: nothing kept
        return await _read_state(db, head, seq), True
    cache = board_cache(db.database)
    state = cache.get(head.id, seq)
    if state is not None:
        if state.head is None:
            cache.attach(head.id, head, seq)
        return state, True

    async def settled() -> tuple[BoardState, bool]:
        state = await _read_state(db, head, seq)
        # Each statement sees what was committed when it began (PostgreSQL's read
        # committed, SQLite outside a write): only when the board's seq is still the
        # row's is this exactly version ``seq``, one the events can be applied to.
        return state, await db.scalar(_SEQ, {"board": head.id}) == seq

    return await cache.load(head.id, seq, settled)


def unchanged_etag(
    access: AccessCache, actor: Actor, board_id: int, if_none_match: str
) -> str | None:
    """The caller's cached ETag of the board when ``if_none_match`` names it (the answer
    is 304), without a query or a side effect; None means "read the board"."""
    known = access.peek(_etag_key(board_id, actor.id))
    return cast(str, known) if known is not None and _matches(known, if_none_match) else None


def _etag_key(board_id: int, user_id: int) -> tuple[str, int, int]:
    return ("etag", board_id, user_id)


def _role_key(board_id: int, user_id: int) -> tuple[str, int, int]:
    return ("role", board_id, user_id)


def _matches(etag: str, if_none_match: str | None) -> bool:
    return if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}


async def _read_state(db: UnitOfWork, head: BoardHead, seq: int) -> BoardState:
    board_id = head.id
    columns = list(
        await db.scalars(
            select(BoardColumn)
            .where(BoardColumn.board_id == board_id)
            .order_by(BoardColumn.rank, BoardColumn.id)
        )
    )
    cards = await cards_by_column(db, board_id)
    labels = await db.scalars(
        select(Label).where(Label.board_id == board_id).order_by(Label.name, Label.id)
    )
    members = await list_members_of(db, board_id)
    # Typed rows straight from the database: nothing left to validate.
    return BoardState(
        seq=seq,
        columns=tuple(
            ColumnWithCards.model_construct(
                **dict(column_read(column, index)), cards=cards.get(column.id, [])
            )
            for index, column in enumerate(columns)
        ),
        labels=tuple(label_read(label) for label in labels),
        members=tuple(members),
        head=head,
    )


def _render(head: BoardHead, seq: int, role: Role, state: BoardState) -> BoardDetail:
    """The board's own fields from ``head`` (the row at ``seq``), the rest from ``state``."""
    return BoardDetail.model_construct(
        id=head.id,
        name=head.name,
        description=head.description,
        archived=head.archived,
        is_template=head.is_template,
        role=role,
        seq=seq,
        created_at=head.created_at,
        updated_at=head.updated_at,
        columns=list(state.numbered),
        labels=list(state.labels),
        members=list(state.members),
    )
