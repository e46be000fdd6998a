"""Board import: a new board from a document (portability/service.py), or from an archive
that carries its attachments' bytes too. All or nothing: the board and everything on it
is one transaction, and files written to the storage for it leave again if that fails."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import anyio.to_thread
from pydantic import ValidationError
from sqlalchemy import select

from teamboard.accounts.models import User
from teamboard.attachments.service import THUMB
from teamboard.boards.log import record_event
from teamboard.boards.models import Board, BoardColumn, BoardMember, Label, Role
from teamboard.cards.models import Card, CardAssignee, CardLabel, Checklist, Comment
from teamboard.core.actor import Actor
from teamboard.core.config import Settings
from teamboard.core.db import UnitOfWork
from teamboard.core.errors import Invalid
from teamboard.core.messages import field_error
from teamboard.core.positions import spread
from teamboard.core.storage import Storage
from teamboard.portability.archive import check_files, open_archive, stage, unstage
from teamboard.portability.attachments import AttachmentDoc, Placed, Staged, add_attachments
from teamboard.portability.checklists import ItemDoc, add_checklists, add_items
from teamboard.portability.service import BoardDoc


@dataclass(frozen=True)
class Imported:
    """The new board, and what became of the files its document lists."""

    board_id: int
    files: int = 0  # restored from the archive
    skipped: int = 0  # listed, but a document alone carries no bytes

    def notes(self) -> list[str]:
        """What people should know beyond the board's id, in words."""
        found = []
        if self.files:
            found.append(f"{self.files} file{'s' if self.files != 1 else ''} restored")
        if self.skipped:
            found.append(
                f"{self.skipped} attachment{'s' if self.skipped != 1 else ''} left out: "
                "a JSON export lists files without their bytes (an archive carries them)"
            )
        return found


def _attachments(doc: BoardDoc) -> list[AttachmentDoc]:
    return [a for column in doc.columns for card in column.cards for a in card.attachments]


async def import_board(db: UnitOfWork, actor: Actor, doc: BoardDoc) -> Imported:
    """Creates a new board owned by ``actor`` from a document alone: the attachments it
    lists are left out (and counted)."""
    board_id = await _create(db, actor, doc, {}, None, [])
    return Imported(board_id, skipped=len(_attachments(doc)))


async def import_archive(
    db: UnitOfWork, storage: Storage, settings: Settings, actor: Actor, source: BinaryIO
) -> Imported:
    """Creates a new board owned by ``actor`` from an archive (a seekable file): checked
    whole before a byte is written, then its files staged, then the board made."""
    archive, text = await anyio.to_thread.run_sync(open_archive, source, settings)
    try:
        doc = await anyio.to_thread.run_sync(BoardDoc.model_validate_json, text)
        files = _attachments(doc)
        check_files(archive, files, settings)
        staged: dict[str, Staged] = {}
        placed: list[Placed] = []
        try:
            await stage(storage, settings, archive, files, staged)
            board_id = await _create(db, actor, doc, staged, storage, placed)
        except BaseException:
            written = [(s.key, s.has_thumbnail) for s in staged.values()]
            written += [(p.row.storage_key, p.staged.has_thumbnail) for p in placed]
            await unstage(storage, written)
            raise
    finally:
        archive.close()
    return Imported(board_id, files=len(files))


def is_own_export(head: bytes) -> bool:
    """Whether a file that begins with ``head`` is Teamboard's own export (a zip, or a
    document, whose first key is its format) rather than another tool's."""
    return head.startswith(b"PK\x03\x04") or b'"format": "teamboard.board/' in head[:100]


async def import_file(
    db: UnitOfWork, storage: Storage, settings: Settings, actor: Actor, source: BinaryIO
) -> Imported:
    """A new board from an uploaded export, whichever it is: a zip archive (its files
    restored) or a JSON document (files listed, left out). ``source`` is seekable (an
    upload spooled to disk); reading and validating it happen off the event loop."""
    if await anyio.to_thread.run_sync(zipfile.is_zipfile, source):
        await anyio.to_thread.run_sync(source.seek, 0)
        try:
            return await import_archive(db, storage, settings, actor, source)
        except Invalid as exc:
            if exc.errors or not exc.detail:
                raise
            # What is wrong with the archive is the file field's error, in the same words.
            error = field_error(["body", "file"], "own", text=exc.detail)
            raise Invalid(exc.detail, errors=[error]) from None
    await anyio.to_thread.run_sync(source.seek, 0)
    text = await anyio.to_thread.run_sync(source.read)
    try:
        doc = await anyio.to_thread.run_sync(BoardDoc.model_validate_json, text)
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", "file", *e["loc"])} for e in exc.errors()]
        raise Invalid(
            "This file is not a Teamboard export (a board's .json or .zip): "
            "each error says what is wrong with it.",
            errors=errors[:20],
        ) from None
    return await import_board(db, actor, doc)


async def _create(
    db: UnitOfWork,
    actor: Actor,
    doc: BoardDoc,
    staged: dict[str, Staged],
    storage: Storage | None,
    placed: list[Placed],
) -> int:
    """Members are matched by e-mail; unknown people are skipped (and so are their
    assignments). An attachment whose uploader is unknown is the importer's."""
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
            | {a.uploader for a in _attachments(doc) if a.uploader}
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
                placed.extend(
                    add_attachments(db, card, card_doc.attachments, staged, users, actor.id)
                )
        await db.flush()
        add_items(db, lists, members)
        await db.flush()
        if storage is not None:
            await _place(storage, placed)
        await record_event(
            db, board.id, "board.imported", actor, {"id": board.id, "name": board.name}
        )
    return board.id


async def _place(storage: Storage, placed: list[Placed]) -> None:
    """The staged files under their attachments' keys, once the rows are written: renames
    (or copies inside the store), while the transaction is open, so that a failure leaves
    neither rows without bytes nor bytes without rows."""
    for item in placed:
        await storage.move(item.staged.key, item.row.storage_key)
        if item.staged.has_thumbnail:
            await storage.move(item.staged.key + THUMB, item.row.storage_key + THUMB)
