from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class Import(Base):
    """An import job (portability/jobs.py): the uploaded file waits in the storage
    under ``file_key`` until a worker process takes the job under a lease
    (``locked_until``), writes the board and settles the job as ``done`` (with its
    ``board_id`` and ``report``) or ``failed`` (with ``error``, and no board)."""

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_due", "status", "locked_until"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The importer, the only one who may read the job; their account gone, the job goes.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))  # "trello"
    filename: Mapped[str] = mapped_column(String(255), default="")
    file_key: Mapped[str] = mapped_column(String(255))
    # The file's SHA-256: the report says when the same file was imported before.
    digest: Mapped[str] = mapped_column(String(64))
    # Trello username → e-mail address: whom to invite.
    member_map: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    # Written in the first transaction that makes the board (before it has any member,
    # so nobody sees it): a job taken again after a crash removes it first.
    board_id: Mapped[int | None] = mapped_column(ForeignKey("boards.id", ondelete="SET NULL"))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
