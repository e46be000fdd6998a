"""The whole board — its columns with their cards, labels and members — as one read, in
a constant number of queries, and answered from memory when it has not changed.

It sits with cards because it shows them; boards/ knows nothing of cards."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import cast

from sqlalchemy import select

from teamboard.boards.access import access_board
from teamboard.boards.models import Board, BoardColumn, Label, Role
from teamboard.boards.service import list_members_of
from teamboard.boards.views import board_read, column_read, label_read
from teamboard.cards.board_cards import cards_by_column
from teamboard.cards.schemas import BoardDetail, ColumnWithCards
from teamboard.core.actor import Actor
from teamboard.core.cache import AccessCache, Scope
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import AppError


def board_etag(board: Board, role: Role) -> str:
    # The creation time tells apart boards that reuse a deleted board's id (SQLite does).
    born = int(board.created_at.timestamp() * 1_000_000)
    return f'W/"b{board.id}.{born:x}.{board.event_seq}.{role.value}"'


CARD_WEIGHT = 3_072


@dataclass(frozen=True)
class BoardSnapshot:
    """A rendering of one board version; shared between requests, so never mutated."""

    board: BoardDetail
    etag: str

    @cached_property
    def body(self) -> bytes:
        return self.board.model_dump_json().encode()

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
    query at all."""
    access = db.access
    memo = db.memo
    known = access.get(_etag_key(board_id, actor.id))
    if known is not None:
        if _matches(known, if_none_match):
            return cast(str, known)
        if (cached := memo.get(("board", known))) is not None:
            return cast(BoardSnapshot, cached)
    scope: Scope = ("board", board_id)
    generation = access.generation(scope)
    try:
        board, role = await access_board(db, actor, board_id)
    except AppError:
        access.discard(_etag_key(board_id, actor.id))
        raise
    etag = board_etag(board, role)
    access.put(_etag_key(board_id, actor.id), etag, scope, generation)
    if _matches(etag, if_none_match):
        return etag
    # Every change bumps event_seq, so the ETag names one exact rendering.

    async def build() -> BoardSnapshot:
        return BoardSnapshot(await _board_detail(db, board, role), etag)

    return await memo.once(("board", etag), build)


def unchanged_etag(
    access: AccessCache, actor: Actor, board_id: int, if_none_match: str
) -> str | None:
    """The caller's cached ETag of the board when ``if_none_match`` names it (the answer
    is 304), without a query or a side effect; None means "read the board"."""
    known = access.peek(_etag_key(board_id, actor.id))
    return cast(str, known) if known is not None and _matches(known, if_none_match) else None


def _etag_key(board_id: int, user_id: int) -> tuple[str, int, int]:
    return ("etag", board_id, user_id)


def _matches(etag: str, if_none_match: str | None) -> bool:
    return if_none_match is not None and etag in {t.strip() for t in if_none_match.split(",")}


async def _board_detail(db: UnitOfWork, board: Board, role: Role) -> BoardDetail:
    board_id = board.id
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
    return BoardDetail.model_construct(
        **dict(board_read(board, role)),
        columns=[
            ColumnWithCards.model_construct(
                **dict(column_read(column, index)), cards=cards.get(column.id, [])
            )
            for index, column in enumerate(columns)
        ],
        labels=[label_read(label) for label in labels],
        members=members,
    )
