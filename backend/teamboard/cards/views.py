"""Read models built from ORM rows: what the API returns and what events carry."""

from __future__ import annotations

from typing import Any

from teamboard.cards.checklist_schemas import ChecklistHead, ItemRead
from teamboard.cards.models import Card, Checklist, ChecklistItem, Comment
from teamboard.cards.schemas import CardRead, CommentRead


def card_read(
    card: Card,
    position: int,
    links: tuple[list[int], list[int]] | None = None,
) -> CardRead:
    """``links`` (label ids, assignee ids) when the card's collections were not loaded."""
    label_ids, assignee_ids = links if links is not None else (card.label_ids, card.assignee_ids)
    return CardRead(
        id=card.id,
        board_id=card.board_id,
        column_id=card.column_id,
        title=card.title,
        description=card.description,
        position=position,
        due_date=card.due_date,
        archived=card.archived,
        label_ids=label_ids,
        assignee_ids=assignee_ids,
        creator_id=card.creator_id,
        version=card.version,
        created_at=card.created_at,
        updated_at=card.updated_at,
    )


def comment_read(comment: Comment, author_name: str | None) -> CommentRead:
    return CommentRead(
        id=comment.id,
        card_id=comment.card_id,
        author_id=comment.author_id,
        author_name=author_name,
        body=comment.body,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
    )


def checklist_head(checklist: Checklist, position: int) -> ChecklistHead:
    return ChecklistHead(
        id=checklist.id,
        card_id=checklist.card_id,
        title=checklist.title,
        position=position,
        created_at=checklist.created_at,
    )


def item_read(item: ChecklistItem, position: int) -> ItemRead:
    return ItemRead(
        id=item.id,
        checklist_id=item.checklist_id,
        card_id=item.card_id,
        text=item.text,
        done=item.done,
        position=position,
        assignee_id=item.assignee_id,
        due_at=item.due_at,
        created_at=item.created_at,
    )


def as_json(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json")
    return data
