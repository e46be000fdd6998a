"""Board export and import as JSON. References are by name and e-mail, never by id, so
export → import → export gives the same document."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teamboard.accounts.models import User
from teamboard.boards.access import access_board
from teamboard.boards.log import record_event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.checklist_schemas import MAX_CHECKLISTS_PER_CARD
from teamboard.cards.models import Card, CardAssignee, CardLabel, Checklist, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.positions import spread
from teamboard.core.schemas import LongText
from teamboard.portability.checklists import (
    ChecklistDoc,
    ItemDoc,
    add_checklists,
    add_items,
    checklists_of_board,
)

FORMAT = "teamboard.board/1"


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CommentDoc(_Doc):
    author: str | None
    body: LongText
    created_at: datetime
    edited_at: datetime | None = None


class CardDoc(_Doc):
    title: str = Field(min_length=1, max_length=200)
    description: LongText = ""
    due_date: date | None = None
    archived: bool = False
    labels: list[str] = []
    assignees: list[str] = []
    created_at: datetime | None = None
    comments: list[CommentDoc] = []
    checklists: list[ChecklistDoc] = Field(default=[], max_length=MAX_CHECKLISTS_PER_CARD)


class ColumnDoc(_Doc):
    name: str = Field(min_length=1, max_length=100)
    wip_limit: int | None = Field(default=None, ge=1)
    cards: list[CardDoc] = []


class LabelDoc(_Doc):
    name: str = Field(min_length=1, max_length=50)
    color: str = Field(pattern=r"^#[0-9a-f]{6}$")


class MemberDoc(_Doc):
    email: str
    role: Role


class BoardDoc(_Doc):
    format: str = Field(pattern=f"^{FORMAT}$")
    name: str = Field(min_length=1, max_length=200)
    description: LongText = ""  # Markdown, bounded as the forms and the API bound it
    labels: list[LabelDoc] = []
    members: list[MemberDoc] = []
    columns: list[ColumnDoc] = []


async def export_board(db: UnitOfWork, actor: Actor, board_id: int) -> BoardDoc:
    """The whole board as a document. Its owners only: it names the members by e-mail."""
    board, _role = await access_board(db, actor, board_id, Role.owner)
    emails = {
        u.id: u.email
        for u in await db.scalars(
            select(User)
            .join(BoardMember, BoardMember.user_id == User.id)
            .where(BoardMember.board_id == board_id)
        )
    }
    members = await db.scalars(select(BoardMember).where(BoardMember.board_id == board_id))
    labels = list(
        await db.scalars(select(Label).where(Label.board_id == board_id).order_by(Label.name))
    )
    label_names = {label.id: label.name for label in labels}
    columns = await db.scalars(
        select(BoardColumn)
        .where(BoardColumn.board_id == board_id)
        .order_by(BoardColumn.rank, BoardColumn.id)
    )
    cards = await db.scalars(
        select(Card)
        .where(Card.board_id == board_id)
        .options(selectinload(Card.label_links), selectinload(Card.assignee_links))
        .order_by(Card.rank, Card.id)
    )
    comments = await db.execute(
        select(Comment, User.email)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.board_id == board_id)
        .order_by(Comment.created_at, Comment.id)
    )
    by_card: dict[int, list[CommentDoc]] = {}
    for comment, author in comments:
        by_card.setdefault(comment.card_id, []).append(
            CommentDoc(
                author=author,
                body=comment.body,
                created_at=comment.created_at,
                edited_at=comment.edited_at,
            )
        )
    checklists = await checklists_of_board(db, board_id, emails)
    by_column: dict[int, list[CardDoc]] = {}
    for card in cards:
        by_column.setdefault(card.column_id, []).append(
            CardDoc(
                title=card.title,
                description=card.description,
                due_date=card.due_date,
                archived=card.archived,
                created_at=card.created_at,
                labels=sorted(label_names[i] for i in card.label_ids),
                assignees=sorted(emails[i] for i in card.assignee_ids if i in emails),
                comments=by_card.get(card.id, []),
                checklists=checklists.get(card.id, []),
            )
        )
    doc = BoardDoc(
        format=FORMAT,
        name=board.name,
        description=board.description,
        labels=[LabelDoc(name=label.name, color=label.color) for label in labels],
        members=sorted(
            (MemberDoc(email=emails[m.user_id], role=m.role) for m in members),
            key=lambda m: m.email,
        ),
        columns=[
            ColumnDoc(name=c.name, wip_limit=c.wip_limit, cards=by_column.get(c.id, []))
            for c in columns
        ],
    )
    return doc


async def import_board(db: UnitOfWork, actor: Actor, doc: BoardDoc) -> int:
    """Creates a new board owned by ``actor``. Members are matched by e-mail; unknown
    people are skipped (and so are their assignments)."""
    async with db.transaction():
        emails = (
            {m.email for m in doc.members}
            | {e for col in doc.columns for card in col.cards for e in card.assignees}
            | {
                c.author
                for col in doc.columns
                for card in col.cards
                for c in card.comments
                if c.author
            }
            | {
                item.assignee
                for col in doc.columns
                for card in col.cards
                for checklist in card.checklists
                for item in checklist.items
                if item.assignee
            }
        )
        users = {
            u.email: u.id for u in await db.scalars(select(User).where(User.email.in_(emails)))
        }
        board = Board(name=doc.name, description=doc.description)
        db.add(board)
        await db.flush()
        roles = {users[m.email]: m.role for m in doc.members if m.email in users}
        roles[actor.id] = Role.owner
        db.add_all(
            BoardMember(board_id=board.id, user_id=uid, role=role) for uid, role in roles.items()
        )
        labels = {
            ld.name: Label(board_id=board.id, name=ld.name, color=ld.color) for ld in doc.labels
        }
        db.add_all(labels.values())
        await db.flush()
        # Items are assigned to members of the new board only, as cards are.
        members = {email: uid for email, uid in users.items() if uid in roles}
        lists: list[tuple[Checklist, list[ItemDoc]]] = []
        for column_doc, column_rank in zip(doc.columns, spread(len(doc.columns)), strict=True):
            column = BoardColumn(
                board_id=board.id,
                name=column_doc.name,
                wip_limit=column_doc.wip_limit,
                rank=column_rank,
            )
            db.add(column)
            await db.flush()
            for card_doc, rank in zip(column_doc.cards, spread(len(column_doc.cards)), strict=True):
                card = Card(
                    board_id=board.id,
                    column_id=column.id,
                    title=card_doc.title,
                    description=card_doc.description,
                    due_date=card_doc.due_date,
                    archived=card_doc.archived,
                    rank=rank,
                    creator_id=actor.id,
                    label_links=[
                        CardLabel(label_id=labels[n].id) for n in card_doc.labels if n in labels
                    ],
                    assignee_links=[
                        CardAssignee(user_id=users[e])
                        for e in card_doc.assignees
                        if users.get(e) in roles
                    ],
                )
                if card_doc.created_at is not None:
                    card.created_at = card.updated_at = card_doc.created_at
                db.add(card)
                await db.flush()
                db.add_all(
                    Comment(
                        card_id=card.id,
                        board_id=board.id,
                        author_id=users.get(c.author) if c.author else None,
                        body=c.body,
                        created_at=c.created_at,
                        edited_at=c.edited_at,
                    )
                    for c in card_doc.comments
                )
                lists.extend(add_checklists(db, card, card_doc.checklists))
        await db.flush()
        add_items(db, lists, members)
        await db.flush()
        await record_event(
            db, board.id, "board.imported", actor, {"id": board.id, "name": board.name}
        )
    return board.id
