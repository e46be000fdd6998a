"""Undo for deletions: what a deletion removed, kept for a short window, then purged.

Deleting a card, a comment, a label or a membership removes its rows at once — so every
read (the board, card lists, search, the activity feed's text, notifications) stops
showing it in the same transaction, with no ``deleted`` flag for each query to remember —
and keeps a copy of those rows here, with the rows that went with them (a card's comments,
labels, assignees, followers and notifications). A restore within the window puts them
back under their old ids (ids are never reused: core/models.py AUTOINCREMENT, and
PostgreSQL's sequences), skipping what refers to something gone meanwhile. The background
runner purges what is past its window (:class:`Purger`): from then on no copy of the
text is left, as activity/content.py promises.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import JSON, Enum, ForeignKey, Index, Table, delete, insert, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from teamboard.boards.access import access_board
from teamboard.boards.models import Role
from teamboard.core.actor import Actor
from teamboard.core.db import Database, UnitOfWork
from teamboard.core.errors import NotFound
from teamboard.core.models import AUTOINCREMENT, Base, utcnow
from teamboard.core.runner import Task

# How long a deletion can be undone. The clients' toasts last ~8 s; the rest is slack for
# a slow network and for the JS-off pages' "Undo" button.
WINDOW = timedelta(seconds=30)
TASK = "trash.purge"
PURGE_EVERY = 10.0


def undo_until() -> float:
    """Until when (epoch seconds) a page may offer to undo a deletion made now: the
    window, less a little for the round trip."""
    return time.time() + WINDOW.total_seconds() - 2


class Kind(enum.StrEnum):
    card = "card"
    comment = "comment"
    label = "label"
    member = "member"


class Trashed(Base):
    """One deletion that can still be undone: the rows it removed, by table, in the order
    they go back in."""

    __tablename__ = "trash"
    __table_args__ = (
        Index("ix_trash_item", "board_id", "kind", "ref_id", unique=True),
        Index("ix_trash_expires_at", "expires_at"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    kind: Mapped[Kind] = mapped_column(
        Enum(Kind, native_enum=False, length=16, create_constraint=True, name="trash_kind")
    )
    # The card's, comment's or label's id; the user's id for a membership.
    ref_id: Mapped[int]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


Rows = list[tuple[Table, list[dict[str, Any]]]]


async def rows_of(
    db: UnitOfWork, model: type[Any], *where: Any
) -> tuple[Table, list[dict[str, Any]]]:
    """The rows of ``model`` matching ``where``, as plain values, for :func:`keep`."""
    table = cast(Table, model.__table__)
    return table, await _select(db, table, *where)


async def with_dependents(db: UnitOfWork, model: type[Any], ref_id: int) -> Rows:
    """The row of ``model`` with id ``ref_id`` and every row that a deletion of it would
    take along (a cascading foreign key to it, in any domain), parents first."""
    table = cast(Table, model.__table__)
    found: Rows = [(table, await _select(db, table, table.c.id == ref_id))]
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            if (
                key.column is table.c.id
                and key.ondelete == "CASCADE"
                and other is not Trashed.__table__
                # Derived rows (the search index) are rebuilt by the restore, not kept.
                and not other.info.get("derived")
            ):
                found.append((other, await _select(db, other, key.parent == ref_id)))
    return found


async def _select(db: UnitOfWork, table: Table, *where: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in await db.execute(select(table).where(*where))]


def _dump(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _load(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    loaded = dict(row)
    for column in table.columns:
        value = loaded.get(column.key)
        if isinstance(value, str):
            python_type = _python_type(column.type)
            if python_type is datetime:
                loaded[column.key] = datetime.fromisoformat(value)
            elif python_type is date:
                loaded[column.key] = date.fromisoformat(value)
    return loaded


def _python_type(type_: Any) -> type | None:
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl
    try:
        return cast(type, type_.python_type)
    except NotImplementedError:
        return None


async def keep(
    db: UnitOfWork,
    board_id: int,
    kind: Kind,
    ref_id: int,
    actor_id: int | None,
    rows: Rows,
) -> None:
    """Keep ``rows`` (parents first) for :data:`WINDOW`; call before deleting them."""
    await db.execute(
        delete(Trashed).where(
            Trashed.board_id == board_id, Trashed.kind == kind, Trashed.ref_id == ref_id
        )
    )
    now = utcnow()
    db.add(
        Trashed(
            board_id=board_id,
            kind=kind,
            ref_id=ref_id,
            deleted_by_id=actor_id,
            rows=_dumped(rows),
            deleted_at=now,
            expires_at=now + WINDOW,
        )
    )
    await db.flush()


async def add(db: UnitOfWork, board_id: int, kind: Kind, ref_id: int, rows: Rows) -> None:
    """Add ``rows`` to a deletion being kept (another domain's rows that go with it, which
    it deletes in its reaction to the deletion's event)."""
    item = await db.scalar(
        select(Trashed).where(
            Trashed.board_id == board_id, Trashed.kind == kind, Trashed.ref_id == ref_id
        )
    )
    if item is not None:
        item.rows = [*item.rows, *_dumped(rows)]
        await db.flush()


def _dumped(rows: Rows) -> list[dict[str, Any]]:
    return [
        {"table": table.name, "rows": [{k: _dump(v) for k, v in r.items()} for r in found]}
        for table, found in rows
        if found
    ]


async def find(db: UnitOfWork, board_id: int, kind: Kind, ref_id: int) -> Trashed:
    """The deletion still within its window, or NotFound written for people."""
    item = await db.scalar(
        select(Trashed).where(
            Trashed.board_id == board_id,
            Trashed.kind == kind,
            Trashed.ref_id == ref_id,
            Trashed.expires_at > utcnow(),
        )
    )
    if item is None:
        raise NotFound(f"This {kind.value} can no longer be restored: it was deleted for good")
    return item


async def find_for(
    db: UnitOfWork, actor: Actor, kind: Kind, ref_id: int, need: Role
) -> tuple[Trashed, Role]:
    """A deleted card, comment or label (their ids are global) still within its window,
    with the caller's role on its board: to a non-member, the same answer as an id that
    was never deleted."""
    missing = NotFound(f"No such {kind.value} to restore")
    item = await db.scalar(
        select(Trashed).where(
            Trashed.kind == kind, Trashed.ref_id == ref_id, Trashed.expires_at > utcnow()
        )
    )
    if item is None:
        raise missing
    try:
        _board, role = await access_board(db, actor, item.board_id, need)
    except NotFound:
        raise missing from None
    return item, role


async def put_back(db: UnitOfWork, item: Trashed) -> dict[str, list[dict[str, Any]]]:
    """Re-insert the kept rows, parents first, leaving out each row that refers to
    something gone since (a cascading reference) or clearing that reference (a nullable
    one). Returns what went back in, by table name; forgets the deletion."""
    tables = Base.metadata.tables
    restored: dict[str, list[dict[str, Any]]] = {}
    for part in item.rows:
        table = tables[part["table"]]
        rows = await _still_valid(db, table, [_load(table, r) for r in part["rows"]])
        if rows:
            await db.execute(insert(table), rows)
        restored[table.name] = rows
    await db.execute(delete(Trashed).where(Trashed.id == item.id))
    return restored


async def _still_valid(
    db: UnitOfWork, table: Table, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One query per foreign key of ``table``, whatever the number of rows."""
    for key in table.foreign_keys:
        column, target = key.parent, key.column
        wanted = {r[column.key] for r in rows if r.get(column.key) is not None}
        if not wanted:
            continue
        there = set(await db.scalars(select(target).where(target.in_(wanted))))
        if there == wanted:
            continue
        nullable = key.ondelete == "SET NULL"
        kept = []
        for r in rows:
            if r.get(column.key) is None or r[column.key] in there:
                kept.append(r)
            elif nullable:
                kept.append({**r, column.key: None})
        rows = kept
    return rows


async def purge(db: UnitOfWork, now: datetime | None = None) -> list[list[dict[str, Any]]]:
    """Forget every deletion past its window, with the text it kept; returns the rows
    each kept (what they refer to outside the database, e.g. files, can go too)."""
    async with db.transaction():
        result = await db.execute(
            delete(Trashed).where(Trashed.expires_at <= (now or utcnow())).returning(Trashed.rows)
        )
        return [list(rows) for rows in result.scalars()]


# Told what a purge forgot for good, after its commit (teamboard/wiring.py: the files of
# purged attachments leave the storage).
PurgeHook = Callable[[list[list[dict[str, Any]]]], Awaitable[None]]


class Purger:
    """The runner's task. One DELETE of whatever is past its window: any number of
    processes may run it at once, so it needs no lease (each gets the rows it deleted)."""

    def __init__(self, database: Database, hooks: Sequence[PurgeHook] = ()) -> None:
        self.database = database
        self.hooks = tuple(hooks)

    def task(self) -> Task:
        return Task(TASK, PURGE_EVERY, self._turn)

    async def _turn(self) -> None:
        await self.turn()

    async def turn(self, now: datetime | None = None) -> int:
        async with self.database.session() as db:
            purged = await purge(db, now)
        for hook in self.hooks:
            await hook(purged)
        return len(purged)
