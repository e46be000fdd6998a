"""Keeping the index in step with the cards: a card's document is rebuilt from its rows
(title, description followed by its checklists' titles and items and its files' names,
comments oldest first, label names by name) in the transaction of
every change to any of them (search/reactions.py), and all of them by ``teamboard search
reindex``. A document is written here only; each engine's index follows it (search/models.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, text

from teamboard.attachments.models import Attachment
from teamboard.boards.models import Label
from teamboard.cards.models import Card, CardLabel, Checklist, ChecklistItem, Comment
from teamboard.core.db import UnitOfWork
from teamboard.search.models import SearchDocument

# Cards rebuilt per round of statements: bounded memory and bind counts, whatever a label's
# rename touches or a reindex covers.
CHUNK = 500


async def documents_of(db: UnitOfWork, card_ids: list[int]) -> list[dict[str, Any]]:
    """What the documents of these cards should hold, from their rows (six queries)."""
    cards = (
        await db.execute(
            select(Card.id, Card.board_id, Card.title, Card.description).where(
                Card.id.in_(card_ids)
            )
        )
    ).all()
    comments: dict[int, list[str]] = {}
    for card_id, body in await db.execute(
        select(Comment.card_id, Comment.body)
        .where(Comment.card_id.in_(card_ids))
        .order_by(Comment.id)
    ):
        comments.setdefault(card_id, []).append(body)
    labels: dict[int, list[str]] = {}
    for card_id, name in await db.execute(
        select(CardLabel.card_id, Label.name)
        .join(Label, Label.id == CardLabel.label_id)
        .where(CardLabel.card_id.in_(card_ids))
        .order_by(Label.name, Label.id)
    ):
        labels.setdefault(card_id, []).append(name)
    checklists = await _checklist_lines(db, card_ids)
    files: dict[int, list[str]] = {}
    for card_id, filename in await db.execute(
        select(Attachment.card_id, Attachment.filename)
        .where(Attachment.card_id.in_(card_ids))
        .order_by(Attachment.id)
    ):
        files.setdefault(card_id, []).append(_file_words(filename))
    return [
        {
            "card_id": card_id,
            "board_id": board_id,
            "title": title,
            "labels": " ".join(labels.get(card_id, ())),
            # The checklists are the card's text as much as its description is; a file's
            # name is how people remember it ("the invoice PDF").
            "body": "\n\n".join(
                [description, *checklists.get(card_id, ()), "\n".join(files.get(card_id, ()))]
            ).strip(),
            "comments": "\n".join(comments.get(card_id, ())),
        }
        for card_id, board_id, title, description in cards
    ]


def _file_words(filename: str) -> str:
    """A file's name, and again with its dots as spaces: PostgreSQL's parser reads
    "krill-invoice.txt" as one token (a file name), so "invoice" alone would not find it."""
    words = filename.replace(".", " ")
    return filename if words == filename else f"{filename} ({words})"


async def _checklist_lines(db: UnitOfWork, card_ids: list[int]) -> dict[int, list[str]]:
    """Each card's checklists as text: a title, then its items a line each, in order."""
    items: dict[int, list[str]] = {}
    for checklist_id, text_ in await db.execute(
        select(ChecklistItem.checklist_id, ChecklistItem.text)
        .where(ChecklistItem.card_id.in_(card_ids))
        .order_by(ChecklistItem.checklist_id, ChecklistItem.rank, ChecklistItem.id)
    ):
        items.setdefault(checklist_id, []).append(text_)
    lines: dict[int, list[str]] = {}
    for checklist_id, card_id, title in await db.execute(
        select(Checklist.id, Checklist.card_id, Checklist.title)
        .where(Checklist.card_id.in_(card_ids))
        .order_by(Checklist.rank, Checklist.id)
    ):
        lines.setdefault(card_id, []).append("\n".join([title, *items.get(checklist_id, ())]))
    return lines


async def refresh(db: UnitOfWork, card_ids: Iterable[int]) -> None:
    """Rebuild the documents of these cards (those still there; a deleted card's went
    with it). Eight statements per :data:`CHUNK` cards: six reads, a delete, an insert."""
    ids = sorted(set(card_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = await documents_of(db, chunk)
        await db.execute(delete(SearchDocument).where(SearchDocument.card_id.in_(chunk)))
        if rows:
            await db.execute(insert(SearchDocument), rows)


async def refresh_board(db: UnitOfWork, board_id: int) -> None:
    """Rebuild the documents of every card of a board (an imported one)."""
    await refresh(db, list(await db.scalars(select(Card.id).where(Card.board_id == board_id))))


async def reindex(db: UnitOfWork) -> int:
    """Rebuild every document, and each engine's index from them; returns how many. For
    an index that went wrong (a restored backup of the tables alone, a bug): the
    application keeps it right as it writes."""
    async with db.transaction():
        await db.execute(delete(SearchDocument))
        ids = list(await db.scalars(select(Card.id).order_by(Card.id)))
        await refresh(db, ids)
        if db.database.is_sqlite:
            # SQLite: the FTS5 index read again from its content table.
            await db.execute(text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    return len(ids)
