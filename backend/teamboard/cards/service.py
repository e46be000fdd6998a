"""Cards: create, read, edit, archive, delete (moves: moves.py, listing: listing.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import delete, func, literal, select
from sqlalchemy.orm import selectinload

from teamboard.boards import trash
from teamboard.boards.access import access_column
from teamboard.boards.columns import check_version
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import BoardMember, Label, Role
from teamboard.boards.trash import Kind
from teamboard.cards.access import access_card
from teamboard.cards.attachment_tiles import tile_attachments
from teamboard.cards.models import Card, CardAssignee, CardLabel, ChecklistItem, Comment
from teamboard.cards.move_rules import after_shown
from teamboard.cards.moves import SET_RANK
from teamboard.cards.schemas import CardRead
from teamboard.cards.views import as_json, card_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Invalid, NotFound
from teamboard.core.positions import rank_between, spread

MAX_CARDS_PER_BOARD = 10_000
_WITH_LINKS = (selectinload(Card.label_links), selectinload(Card.assignee_links))


async def _load(db: UnitOfWork, card_id: int) -> Card:
    card = await db.scalar(
        select(Card)
        .where(Card.id == card_id)
        .options(*_WITH_LINKS)
        .execution_options(populate_existing=True)
    )
    if card is None:
        raise NotFound("No such card")
    return card


async def card_position(db: UnitOfWork, card: Card) -> int:
    return (
        await db.scalar(
            select(func.count()).where(
                Card.column_id == card.column_id,
                Card.archived.is_(False),
                (Card.rank < card.rank) | ((Card.rank == card.rank) & (Card.id < card.id)),
            )
        )
        or 0
    )


def _current(db: UnitOfWork, card: Card) -> Callable[[], Awaitable[CardRead]]:
    async def current() -> CardRead:
        return card_read(card, await card_position(db, card), await _links(db, card.id))

    return current


async def _read(db: UnitOfWork, card: Card) -> CardRead:
    return card_read(card, await card_position(db, card))


def _not(card: Card) -> list[Any]:
    return [Card.id != card.id] if card.id is not None else []


async def place_card(db: UnitOfWork, card: Card, column_id: int, position: int | None) -> int:
    """Put ``card`` at ``position`` (clamped; ``None`` = last) among the visible cards of
    ``column_id``, writing one row, or re-spreading the column when its neighbours have no
    gap left. Returns the position it got."""
    ranks = list(
        await db.scalars(
            select(Card.rank)
            .where(Card.column_id == column_id, Card.archived.is_(False), *_not(card))
            .order_by(Card.rank, Card.id)
        )
    )
    index = len(ranks) if position is None else min(position, len(ranks))
    before = ranks[index - 1] if index > 0 else None
    after = ranks[index] if index < len(ranks) else None
    card.column_id = column_id
    rank = rank_between(before, after)
    if rank is None:
        await _respread(db, card, column_id, index)
    else:
        card.rank = rank
    return index


async def _links(db: UnitOfWork, card_id: int) -> tuple[list[int], list[int]]:
    """A card's label and assignee ids in one round trip."""
    rows = await db.execute(
        select(literal("l"), CardLabel.label_id)
        .where(CardLabel.card_id == card_id)
        .union_all(
            select(literal("a"), CardAssignee.user_id).where(CardAssignee.card_id == card_id)
        )
    )
    labels: list[int] = []
    assignees: list[int] = []
    for kind, ref in rows:
        (labels if kind == "l" else assignees).append(ref)
    return sorted(labels), sorted(assignees)


async def _respread(db: UnitOfWork, card: Card, column_id: int, shown: int) -> None:
    """The column's ranks spread again (archived cards too, in their order), ``card`` after
    the first ``shown`` visible ones."""
    rows = list(
        await db.execute(
            select(Card.id, Card.archived)
            .where(Card.column_id == column_id, *_not(card))
            .order_by(Card.rank, Card.id)
        )
    )
    index = after_shown([archived for _id, archived in rows], shown)
    ids = [row_id for row_id, _archived in rows]
    ids.insert(index, card.id)
    ranks = spread(len(ids))
    card.rank = ranks[index]
    updates = [
        {"row_id": i, "row_rank": r} for i, r in zip(ids, ranks, strict=True) if i != card.id
    ]
    if updates:
        await db.execute(SET_RANK, updates)


async def _check_refs(
    db: UnitOfWork,
    board_id: int,
    label_ids: list[int] | None,
    assignee_ids: list[int] | None,
) -> None:
    if label_ids:
        found = await db.scalar(
            select(func.count()).where(Label.board_id == board_id, Label.id.in_(label_ids))
        )
        if found != len(label_ids):
            raise Invalid.field("label_ids", "label_not_on_board")
    if assignee_ids:
        found = await db.scalar(
            select(func.count()).where(
                BoardMember.board_id == board_id, BoardMember.user_id.in_(assignee_ids)
            )
        )
        if found != len(assignee_ids):
            raise Invalid.field("assignee_ids", "assignee_not_member")


def _set_links(card: Card, label_ids: list[int] | None, assignee_ids: list[int] | None) -> None:
    if label_ids is not None:
        card.label_links = [CardLabel(label_id=i) for i in label_ids]
    if assignee_ids is not None:
        card.assignee_links = [CardAssignee(user_id=i) for i in assignee_ids]


async def create_card(
    db: UnitOfWork, actor: Actor, column_id: int, data: dict[str, Any]
) -> CardRead:
    async with db.transaction():
        column, _role = await access_column(db, actor, column_id, Role.editor)
        await lock_board(db, column.board_id)
        return await insert_card(db, actor, column.board_id, column_id, data)


async def insert_card(
    db: UnitOfWork, actor: Actor, board_id: int, column_id: int, data: dict[str, Any]
) -> CardRead:
    """The card's row and its event, in the caller's transaction, under the board's lock
    (create_card; a checklist item turned into a card, cards/checklist_items.py)."""
    count = await db.scalar(select(func.count()).where(Card.board_id == board_id))
    if (count or 0) >= MAX_CARDS_PER_BOARD:
        raise Invalid(f"A board holds at most {MAX_CARDS_PER_BOARD} cards")
    await _check_refs(db, board_id, data["label_ids"], data["assignee_ids"])
    card = Card(
        board_id=board_id,
        column_id=column_id,
        title=data["title"],
        description=data["description"],
        due_date=data["due_date"],
        creator_id=actor.id,
        rank=0,
        label_links=[],
        assignee_links=[],
    )
    _set_links(card, data["label_ids"], data["assignee_ids"])
    await place_card(db, card, column_id, data.get("position"))
    db.add(card)
    await db.flush()
    result = await _read(db, card)
    event = {"card": as_json(result), "assigned": result.assignee_ids}
    await record_event(db, card.board_id, "card.created", actor, event)
    return result


async def read_card(db: UnitOfWork, actor: Actor, card_id: int) -> CardRead:
    await access_card(db, actor, card_id)
    return await _read(db, await _load(db, card_id))


async def update_card(
    db: UnitOfWork,
    actor: Actor,
    card_id: int,
    changes: dict[str, Any],
    version: int | None,
) -> CardRead:
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        card = await _load(db, card_id)
        await check_version(card, version, _current(db, card))
        await _check_refs(db, card.board_id, changes.get("label_ids"), changes.get("assignee_ids"))
        was_archived = card.archived
        was_assigned = set(card.assignee_ids)
        for key in ("title", "description", "archived"):
            if changes.get(key) is not None:
                setattr(card, key, changes[key])
        if "due_date" in changes:
            card.due_date = changes["due_date"]
        _set_links(card, changes.get("label_ids"), changes.get("assignee_ids"))
        if changes.get("archived") is False and was_archived:
            await place_card(db, card, card.column_id, None)
        card.version += 1
        await db.flush()
        result = await _read(db, card)
        archived = changes.get("archived")
        archived = None if archived == was_archived else archived
        kind = (
            "card.updated"
            if archived is None
            else ("card.archived" if archived else "card.restored")
        )
        assigned = sorted(set(result.assignee_ids) - was_assigned)
        data: dict[str, Any] = {"card": as_json(result), "assigned": assigned}
        if kind == "card.restored":  # back on the board from the archive
            data |= await _tile_counts(db, card_id)
            data |= await tile_attachments(db, card_id)
        await record_event(db, card.board_id, kind, actor, data)
    return result


async def delete_card(db: UnitOfWork, actor: Actor, card_id: int, version: int | None) -> None:
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        card = await _load(db, card_id)
        await check_version(card, version, _current(db, card))
        board_id, column_id, title = card.board_id, card.column_id, card.title
        await trash.keep(
            db,
            board_id,
            Kind.card,
            card_id,
            actor.id,
            await trash.with_dependents(db, Card, card_id),
        )
        await db.execute(delete(Card).where(Card.id == card_id))
        # The title goes out live only: the log keeps the reference (boards/log.py).
        data = {"id": card_id, "column_id": column_id, "title": title}
        await record_event(db, board_id, "card.deleted", actor, data)


async def _tile_counts(db: UnitOfWork, card_id: int) -> dict[str, Any]:
    """For a card coming back to the board: its tile shows its comment count and its
    checklist progress, which only the database knows. Told in the event, the clients (and
    the board cache) place the card back without reading the board again."""
    items = select(func.count()).where(ChecklistItem.card_id == card_id)
    row = (
        await db.execute(
            select(
                select(func.count())
                .where(Comment.card_id == card_id)
                .scalar_subquery()
                .label("comments"),
                items.where(ChecklistItem.done.is_(True)).scalar_subquery().label("done"),
                items.scalar_subquery().label("total"),
            )
        )
    ).one()
    return {"comment_count": row.comments, "progress": {"done": row.done, "total": row.total}}


async def restore_card(db: UnitOfWork, actor: Actor, card_id: int) -> CardRead:
    """Undo :func:`delete_card` within its window: the card comes back where it was, with
    its comments, labels and assignees (those still on the board)."""
    async with db.transaction():
        item, _role = await trash.find_for(db, actor, Kind.card, card_id, Role.editor)
        await lock_board(db, item.board_id)
        restored = await trash.put_back(db, item)
        if not restored.get("cards"):
            raise Conflict("This card's column was deleted: the card cannot come back")
        card = await _load(db, card_id)
        card.version += 1
        await db.flush()
        result = await _read(db, card)
        data = {
            "card": as_json(result),
            "assigned": [],
            **await _tile_counts(db, card_id),
            **await tile_attachments(db, card_id),
        }
        await record_event(db, card.board_id, "card.restored", actor, data)
    return result
