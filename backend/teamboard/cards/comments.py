"""Comments on cards. Editors and owners comment; authors edit their own; authors and
board owners delete."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from teamboard.accounts.models import User
from teamboard.boards import trash
from teamboard.boards.log import lock_board, record_event
from teamboard.boards.models import Role
from teamboard.boards.trash import Kind
from teamboard.cards.access import access_card, access_comment
from teamboard.cards.models import Comment
from teamboard.cards.schemas import CommentRead
from teamboard.cards.views import as_json, comment_read
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Conflict, Forbidden
from teamboard.core.models import utcnow


async def list_comments(
    db: UnitOfWork, actor: Actor, card_id: int, *, limit: int, offset: int
) -> tuple[list[CommentRead], int]:
    await access_card(db, actor, card_id)
    total = await db.scalar(select(func.count()).where(Comment.card_id == card_id)) or 0
    rows = await db.execute(
        select(Comment, User.display_name)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.card_id == card_id)
        .order_by(Comment.created_at, Comment.id)
        .limit(limit)
        .offset(offset)
    )
    return [comment_read(comment, name) for comment, name in rows], total


async def add_comment(db: UnitOfWork, actor: Actor, card_id: int, body: str) -> CommentRead:
    async with db.transaction():
        card, _role = await access_card(db, actor, card_id, Role.editor)
        await lock_board(db, card.board_id)
        comment = Comment(card_id=card_id, board_id=card.board_id, author_id=actor.id, body=body)
        db.add(comment)
        await db.flush()
        result = comment_read(comment, actor.display_name)
        await record_event(
            db, card.board_id, "comment.created", actor, {"comment": as_json(result)}
        )
    return result


async def edit_comment(db: UnitOfWork, actor: Actor, comment_id: int, body: str) -> CommentRead:
    async with db.transaction():
        comment, _role = await access_comment(db, actor, comment_id, Role.editor)
        if comment.author_id != actor.id:
            raise Forbidden("Only the author may edit a comment")
        await lock_board(db, comment.board_id)
        comment.body = body
        comment.edited_at = utcnow()
        await db.flush()
        result = comment_read(comment, actor.display_name)
        await record_event(
            db, comment.board_id, "comment.updated", actor, {"comment": as_json(result)}
        )
    return result


async def _deletable(db: UnitOfWork, actor: Actor, comment_id: int) -> Comment:
    comment, role = await access_comment(db, actor, comment_id, Role.editor)
    if comment.author_id != actor.id and role is not Role.owner:
        raise Forbidden("Only the author or a board owner may delete a comment")
    return comment


async def comment_to_delete(db: UnitOfWork, actor: Actor, comment_id: int) -> CommentRead:
    """The comment, if the caller may delete it (the pages ask before they do)."""
    comment = await _deletable(db, actor, comment_id)
    author = await db.get(User, comment.author_id) if comment.author_id else None
    return comment_read(comment, author.display_name if author else None)


async def delete_comment(db: UnitOfWork, actor: Actor, comment_id: int) -> None:
    async with db.transaction():
        comment = await _deletable(db, actor, comment_id)
        await lock_board(db, comment.board_id)
        board_id, card_id = comment.board_id, comment.card_id
        kept = await trash.with_dependents(db, Comment, comment_id)
        await trash.keep(db, board_id, Kind.comment, comment_id, actor.id, kept)
        await db.execute(delete(Comment).where(Comment.id == comment_id))
        await record_event(
            db, board_id, "comment.deleted", actor, {"id": comment_id, "card_id": card_id}
        )


async def restore_comment(db: UnitOfWork, actor: Actor, comment_id: int) -> CommentRead:
    """Undo :func:`delete_comment` within its window, by whoever may delete it."""
    async with db.transaction():
        item, role = await trash.find_for(db, actor, Kind.comment, comment_id, Role.editor)
        author_id = item.rows[0]["rows"][0]["author_id"]
        if author_id != actor.id and role is not Role.owner:
            raise Forbidden("Only the author or a board owner may restore a comment")
        await lock_board(db, item.board_id)
        restored = await trash.put_back(db, item)
        if not restored.get("comments"):
            raise Conflict("The card of this comment was deleted: restore the card first")
        row = (
            await db.execute(
                select(Comment, User.display_name)
                .outerjoin(User, User.id == Comment.author_id)
                .where(Comment.id == comment_id)
            )
        ).one()
        result = comment_read(row[0], row[1])
        await record_event(
            db, item.board_id, "comment.restored", actor, {"comment": as_json(result)}
        )
    return result
