"""What a card's tile shows of its attachments: how many, and its cover's thumbnail.

The attachments domain sits above cards (its rows belong to cards), so the board read
counts them through this Core view of the table, naming only the columns it reads:
cards never imports the domain above it. tests/attachments/test_tiles.py checks these
columns against the model's table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, column, func, select, table

from teamboard.core.db import UnitOfWork

ATTACHMENTS = table("attachments", column("id"), column("card_id"), column("is_cover"))
_a = ATTACHMENTS.c


def cover_url(attachment_id: int | None) -> str | None:
    return f"/api/v1/attachments/{attachment_id}/thumbnail" if attachment_id else None


def attachment_count(card_id: ColumnElement[Any]) -> Any:
    """Correlated, for the board read's cards statement (ix_attachments_card_created)."""
    return select(func.count()).where(_a.card_id == card_id).scalar_subquery()


def cover_id(card_id: ColumnElement[Any]) -> Any:
    """Correlated: the cover's id, or NULL (uq_attachments_card_cover)."""
    return select(_a.id).where(and_(_a.card_id == card_id, _a.is_cover)).scalar_subquery()


async def tile_attachments(db: UnitOfWork, card_id: int) -> dict[str, Any]:
    """For a card coming back to the board (an undo, out of the archive): what its tile
    shows, told in the event as the comment count is."""
    count, cover = (
        await db.execute(
            select(func.count(), func.max(case((_a.is_cover, _a.id), else_=None))).where(
                _a.card_id == card_id
            )
        )
    ).one()
    return {"attachment_count": count or 0, "cover_url": cover_url(cover)}
