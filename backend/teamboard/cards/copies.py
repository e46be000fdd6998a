"""Copying a card to any column of any board the caller edits (its own board too).

The copy is a new card with the source's title (or one given), description and due date,
placed like a new card, and recorded as ``card.created`` on the target board: every
client, the board cache and the search index already follow that event. What else comes
along is chosen part by part (``include``, cards/schemas.py ``CopyPart``); each part is
one small copier, run once the copy has its id, in the copy's own transaction, in a
constant number of statements. Comments never come along: they are a conversation about
the original.

Labels and assignees are copied here (:data:`PARTS`); checklists by the copier a board's
copy uses too (cards/copying.py); a part of a domain above cards (attachments: the files,
their bytes copied in the storage) by the copier that domain registers there. Every part
has its copier: :func:`check_parts`, when the process is assembled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from teamboard.boards.access import access_column
from teamboard.boards.labels import MAX_LABELS
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.boards.schemas import LabelRead
from teamboard.boards.views import label_read
from teamboard.cards.access import access_card
from teamboard.cards.copying import Copied, copy_checklists, copy_transaction, registered
from teamboard.cards.models import Card, CardAssignee, CardLabel
from teamboard.cards.schemas import CardRead, CopyPart
from teamboard.cards.service import MAX_CARDS_PER_BOARD, card_position, place_card
from teamboard.cards.views import as_json, card_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid
from teamboard.core.storage import Storage

MAX_TARGETS = 100  # boards offered by the pages' copy form, the most recently changed


@dataclass
class Copying:
    """One copy under way: the source card (its links loaded), and the copy, flushed (it
    has its id) on its target board. Copiers may add to ``labels_made``: the labels they
    created on the target board, each then told with a ``label.created`` event."""

    db: UnitOfWork
    actor: Actor
    source: Card
    card: Card
    # The copy as the parts copied in bulk see it (cards/copying.py): one card of one.
    copied: Copied
    labels_made: list[LabelRead] = field(default_factory=list)

    @property
    def source_id(self) -> int:
        return self.source.id

    @property
    def same_board(self) -> bool:
        return self.source.board_id == self.card.board_id


Copier = Callable[[Copying], Awaitable[None]]


async def _copy_labels(copying: Copying) -> None:
    """On the same board, the same labels. On another, each goes by name (compared as the
    board compares them: case aside) onto the label of that name there, whatever its
    colour; a name the board lacks becomes a new label with the source's colour, while
    the board has room for labels (past its limit, the rest stay behind)."""
    source, card = copying.source, copying.card
    ids = source.label_ids
    if not ids:
        return
    if not copying.same_board:
        ids = await _labels_on(copying, ids)
    card.label_links = [CardLabel(label_id=i) for i in sorted(set(ids))]


async def _labels_on(copying: Copying, source_ids: list[int]) -> list[int]:
    db, board_id = copying.db, copying.card.board_id
    theirs = list(await db.execute(select(Label.name, Label.color).where(Label.id.in_(source_ids))))
    wanted = {name.lower(): (name, color) for name, color in theirs}
    rows = await db.execute(
        select(Label.id, func.lower(Label.name)).where(
            Label.board_id == board_id, func.lower(Label.name).in_(list(wanted))
        )
    )
    found = {name: label_id for label_id, name in rows}
    count = await db.scalar(select(func.count()).where(Label.board_id == board_id)) or 0
    missing = [wanted[key] for key in sorted(wanted) if key not in found]
    missing = missing[: max(0, MAX_LABELS - count)]
    if missing:
        await db.execute(
            insert(Label),
            [{"board_id": board_id, "name": name, "color": color} for name, color in missing],
        )
        made = await db.scalars(
            select(Label)
            .where(Label.board_id == board_id, Label.name.in_([name for name, _ in missing]))
            .order_by(Label.name, Label.id)
        )
        copying.labels_made = [label_read(label) for label in made]
    return [*found.values(), *(label.id for label in copying.labels_made)]


async def _copy_assignees(copying: Copying) -> None:
    """Those of the source's assignees who are members of the target board."""
    ids = copying.source.assignee_ids
    if ids and not copying.same_board:
        ids = list(
            await copying.db.scalars(
                select(BoardMember.user_id).where(
                    BoardMember.board_id == copying.card.board_id, BoardMember.user_id.in_(ids)
                )
            )
        )
    copying.card.assignee_links = [CardAssignee(user_id=i) for i in sorted(ids)]


async def _copy_checklists(copying: Copying) -> None:
    """The source's checklists with their items, in order, ticks included; an item's
    assignee stays if they are a member of the target board."""
    await copy_checklists(copying.copied)


# The parts copied here, by the name clients send; the others are registered.
PARTS: dict[CopyPart, Copier] = {
    CopyPart.labels: _copy_labels,
    CopyPart.assignees: _copy_assignees,
    CopyPart.checklists: _copy_checklists,
}


def check_parts() -> None:
    """Every part a client may name has its copier (called when the process is built)."""
    missing = set(CopyPart) - set(PARTS) - set(registered())
    if missing:
        raise RuntimeError(f"copy parts without a copier: {sorted(missing)}")


async def copy_card(
    db: UnitOfWork,
    files: Storage,
    actor: Actor,
    card_id: int,
    *,
    column_id: int,
    position: int | None,
    title: str | None,
    include: list[CopyPart],
) -> CardRead:
    """A copy of the card (any member of its board may copy it) in ``column_id`` (of a
    board the caller edits), at ``position`` (None: last). ``files``: where the copied
    files' bytes go, taken back out if the copy rolls back."""
    undo: list[Callable[[], Awaitable[None]]] = []
    async with copy_transaction(db, undo):
        await access_card(db, actor, card_id)  # any member may copy it ...
        column, _role = await access_column(db, actor, column_id, Role.editor)  # ... there
        await lock_board(db, column.board_id)
        source = await _with_links(db, card_id)
        count = await db.scalar(select(func.count()).where(Card.board_id == column.board_id))
        if (count or 0) >= MAX_CARDS_PER_BOARD:
            raise Invalid(f"A board holds at most {MAX_CARDS_PER_BOARD} cards")
        card = Card(
            board_id=column.board_id,
            column_id=column_id,
            title=title or source.title,
            description=source.description,
            due_date=source.due_date,
            creator_id=actor.id,
            rank=0,
            label_links=[],
            assignee_links=[],
        )
        await place_card(db, card, column_id, position)
        db.add(card)
        await db.flush()
        copied = Copied(db, actor, files, card.board_id, {source.id: card.id}, undo=undo)
        copying = Copying(db, actor, source, card, copied)
        others = registered()
        for part in CopyPart:
            if part in include:
                await (PARTS[part](copying) if part in PARTS else others[part](copied))
        await db.flush()
        for label in copying.labels_made:
            await record_event(db, card.board_id, "label.created", actor, as_json(label))
        result = card_read(card, await card_position(db, card))
        data: dict[str, Any] = {"card": as_json(result), "assigned": result.assignee_ids}
        # The tile's progress, file count and cover, as far as the parts copied made any.
        data |= copied.tiles[card.id]
        await record_event(db, card.board_id, "card.created", actor, data)
    return result


async def _with_links(db: UnitOfWork, card_id: int) -> Card:
    card = await db.scalar(
        select(Card)
        .where(Card.id == card_id)
        .options(selectinload(Card.label_links), selectinload(Card.assignee_links))
        .execution_options(populate_existing=True)
    )
    assert card is not None  # access_card found it in this transaction
    return card


@dataclass(frozen=True)
class Target:
    """A board a copy may go to, with its columns (id, name) from left to right."""

    board_id: int
    name: str
    columns: list[tuple[int, str]]


async def copy_targets(db: UnitOfWork, actor: Actor, first: int) -> list[Target]:
    """The boards the caller edits (not archived), board ``first`` (the card's own) then
    the most recently changed, with their columns: where the pages offer to copy a card
    to. Two queries."""
    boards = list(
        await db.execute(
            select(Board.id, Board.name)
            .join(BoardMember, BoardMember.board_id == Board.id)
            .where(
                BoardMember.user_id == actor.id,
                BoardMember.role.in_([Role.editor, Role.owner]),
                Board.archived.is_(False),
            )
            .order_by(Board.updated_at.desc(), Board.id.desc())
            .limit(MAX_TARGETS)
        )
    )
    columns: dict[int, list[tuple[int, str]]] = {board_id: [] for board_id, _name in boards}
    for board_id, column_id, name in await db.execute(
        select(BoardColumn.board_id, BoardColumn.id, BoardColumn.name)
        .where(BoardColumn.board_id.in_(list(columns)))
        .order_by(BoardColumn.board_id, BoardColumn.rank, BoardColumn.id)
    ):
        columns[board_id].append((column_id, name))
    found = [Target(board_id, name, columns[board_id]) for board_id, name in boards]
    return sorted(found, key=lambda target: target.board_id != first)
