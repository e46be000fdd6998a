"""Board export as a JSON document, or as an archive that carries the attachments' bytes
too (portability/archive.py). References are by name and e-mail, never by id, so export →
import → export gives the same document (the import: portability/imports.py)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from teamboard.accounts.models import User
from teamboard.boards.access import access_board
from teamboard.boards.models import BoardColumn, BoardMember, Label, Role
from teamboard.cards.checklist_schemas import MAX_CHECKLISTS_PER_CARD
from teamboard.cards.models import Card, Comment
from teamboard.core.actor import Actor
from teamboard.core.db import UnitOfWork
from teamboard.core.schemas import LongText
from teamboard.core.storage import Storage
from teamboard.portability.activity import MAX_EVENTS, ActivityDoc, activity_of_board
from teamboard.portability.archive import MAX_ENTRIES, Writable, write_archive
from teamboard.portability.attachments import AttachmentDoc, Carried, attachments_of_board
from teamboard.portability.checklists import ChecklistDoc, checklists_of_board

# /2 lists each card's attachments; a /1 document (without them) is read as ever.
FORMAT_VERSION = 2
FORMAT = f"teamboard.board/{FORMAT_VERSION}"


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
    attachments: list[AttachmentDoc] = Field(default=[], max_length=MAX_ENTRIES - 1)

    @model_validator(mode="after")
    def _one_cover(self) -> CardDoc:
        if sum(a.cover for a in self.attachments) > 1:
            raise ValueError("a card has one cover at most")
        return self


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
    format: Literal["teamboard.board/1", "teamboard.board/2"]
    format_version: Literal[1, 2] | None = None  # the format's number again (older: none)
    name: str = Field(min_length=1, max_length=200)
    description: LongText = ""  # Markdown, bounded as the forms and the API bound it
    labels: list[LabelDoc] = []
    members: list[MemberDoc] = []
    columns: list[ColumnDoc] = []
    # Exported when asked for (portability/activity.py); an import leaves it out.
    activity: list[ActivityDoc] | None = Field(default=None, max_length=MAX_EVENTS)
    activity_complete: bool | None = None

    @model_validator(mode="after")
    def _one_version(self) -> BoardDoc:
        if self.format_version is not None and not self.format.endswith(f"/{self.format_version}"):
            raise ValueError("format_version does not match format")
        return self


def document_text(doc: BoardDoc) -> str:
    """The document as export-board writes it, and as an archive's board.json holds it."""
    left_out = {"activity", "activity_complete"} if doc.activity is None else None
    body = doc.model_dump(mode="json", exclude=left_out)
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


async def export_board(
    db: UnitOfWork, actor: Actor, board_id: int, *, activity: bool = False
) -> BoardDoc:
    """The document alone: its attachments are listed, their bytes are not carried. Its
    owners only (as for the archive): it names the members by e-mail."""
    doc, _files = await _export(db, actor, board_id, activity)
    return doc


async def export_archive(
    db: UnitOfWork,
    storage: Storage,
    actor: Actor,
    board_id: int,
    out: Writable,
    *,
    activity: bool = False,
) -> BoardDoc:
    """The board's archive written to ``out`` (a file, or a stream that cannot seek); the
    database session is let go first: a long copy of files holds no connection."""
    doc, carried = await _export(db, actor, board_id, activity)
    await db.commit()
    await write_archive(storage, document_text(doc), carried.files, out)
    return doc


async def _export(
    db: UnitOfWork, actor: Actor, board_id: int, activity: bool
) -> tuple[BoardDoc, Carried]:
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
    attachments = await attachments_of_board(db, board_id)
    by_column: dict[int, list[Card]] = {}
    for card in cards:
        by_column.setdefault(card.column_id, []).append(card)
    # Files are numbered as the document lists them: columns, their cards, in order.
    carried = Carried()

    def card_doc(card: Card) -> CardDoc:
        return CardDoc(
            title=card.title,
            description=card.description,
            due_date=card.due_date,
            archived=card.archived,
            created_at=card.created_at,
            labels=sorted(label_names[i] for i in card.label_ids),
            assignees=sorted(emails[i] for i in card.assignee_ids if i in emails),
            comments=by_card.get(card.id, []),
            checklists=checklists.get(card.id, []),
            attachments=[carried.add(row, by) for row, by in attachments.get(card.id, [])],
        )

    log, complete = (
        await activity_of_board(db, actor, board_id, emails) if activity else (None, None)
    )
    doc = BoardDoc(
        format=FORMAT,
        format_version=FORMAT_VERSION,
        name=board.name,
        description=board.description,
        labels=[LabelDoc(name=label.name, color=label.color) for label in labels],
        members=sorted(
            (MemberDoc(email=emails[m.user_id], role=m.role) for m in members),
            key=lambda m: m.email,
        ),
        columns=[
            ColumnDoc(
                name=c.name,
                wip_limit=c.wip_limit,
                cards=[card_doc(card) for card in by_column.get(c.id, [])],
            )
            for c in columns
        ],
        activity=log,
        activity_complete=complete,
    )
    return doc, carried
