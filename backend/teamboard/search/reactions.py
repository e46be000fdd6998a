"""The index follows every change to what it holds, in the change's own transaction
(core/reactions.py): the services of cards, comments, labels and boards record their
events, and the documents they touch are rebuilt here, the one place that writes them.

What needs nothing here: a move (the column is read at search time, and the hot path
runs no reaction), a deletion of a card, a column or a board (the documents go with
their cards: a cascading foreign key), members and assignees (not searched).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from teamboard.boards.trash import Kind, Trashed
from teamboard.cards.models import CardLabel
from teamboard.core.db import UnitOfWork
from teamboard.core.reactions import Reactions
from teamboard.search.documents import refresh, refresh_board

CARD_EVENTS = ("card.created", "card.updated", "card.archived", "card.restored")
COMMENT_EVENTS = ("comment.created", "comment.updated", "comment.deleted", "comment.restored")
CHECKLIST_EVENTS = (
    *("checklist.created", "checklist.updated", "checklist.deleted"),
    *("checklist_item.created", "checklist_item.updated", "checklist_item.deleted"),
)


def register(reactions: Reactions) -> None:
    reactions.on(CARD_EVENTS, on_card)
    reactions.on(COMMENT_EVENTS, on_comment)
    reactions.on(CHECKLIST_EVENTS, on_checklist)
    reactions.on(["attachment.created", "attachment.deleted"], on_attachment)
    reactions.on(["label.updated", "label.restored"], on_label)
    reactions.on(["label.deleted"], on_label_deleted)
    reactions.on(["board.imported", "board.copied"], on_import)


async def on_card(db: UnitOfWork, event: dict[str, Any]) -> None:
    await refresh(db, [event["data"]["card"]["id"]])


async def on_comment(db: UnitOfWork, event: dict[str, Any]) -> None:
    data = event["data"]
    card_id = data["comment"]["card_id"] if "comment" in data else data["card_id"]
    await refresh(db, [card_id])


async def on_checklist(db: UnitOfWork, event: dict[str, Any]) -> None:
    """Any change to a checklist's words or order: the card's document again (not a tick,
    an assignee or a day, which leave its words as they were)."""
    data = event["data"]
    unworded = {"done", "assignee_id", "due_at"}
    if event["type"] == "checklist_item.updated" and set(data.get("changed", [])) <= unworded:
        return
    await refresh(db, [data["card_id"]])


async def on_attachment(db: UnitOfWork, event: dict[str, Any]) -> None:
    """A file added or removed: its name is part of the card's words."""
    await refresh(db, [event["data"]["card_id"]])


async def on_label(db: UnitOfWork, event: dict[str, Any]) -> None:
    """A rename: every card with the label; a restore: the cards it came back on."""
    data = event["data"]
    if event["type"] == "label.restored":
        await refresh(db, data["card_ids"])
        return
    linked = await db.scalars(select(CardLabel.card_id).where(CardLabel.label_id == data["id"]))
    await refresh(db, linked)


async def on_label_deleted(db: UnitOfWork, event: dict[str, Any]) -> None:
    """The label's links are gone already: the cards it was on are those its undo keeps
    (boards/trash.py), in this same transaction."""
    kept = await db.scalar(
        select(Trashed.rows).where(
            Trashed.board_id == event["board_id"],
            Trashed.kind == Kind.label,
            Trashed.ref_id == event["data"]["id"],
        )
    )
    card_ids = [
        row["card_id"]
        for part in kept or []
        if part["table"] == "card_labels"
        for row in part["rows"]
    ]
    await refresh(db, card_ids)


async def on_import(db: UnitOfWork, event: dict[str, Any]) -> None:
    await refresh_board(db, event["data"]["id"])
