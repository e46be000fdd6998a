from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class Role(enum.StrEnum):
    viewer = "viewer"
    editor = "editor"
    owner = "owner"

    @property
    def rank(self) -> int:
        return _ROLE_RANK[self]


_ROLE_RANK = {Role.viewer: 0, Role.editor: 1, Role.owner: 2}


class Board(Base):
    __tablename__ = "boards"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False)
    # Offered by its owners as a template: its members may start new boards from it
    # (cards/templates.py). The server default filled in the boards that existed before.
    is_template: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Last sequence number of the board's event log; also its ETag.
    event_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    columns: Mapped[list[BoardColumn]] = relationship(
        order_by="(BoardColumn.rank, BoardColumn.id)", lazy="raise", passive_deletes=True
    )
    labels: Mapped[list[Label]] = relationship(
        order_by="Label.name", lazy="raise", passive_deletes=True
    )
    members: Mapped[list[BoardMember]] = relationship(lazy="raise", passive_deletes=True)


class BoardMember(Base):
    __tablename__ = "board_members"

    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, create_constraint=True, name="role")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


class Invitation(Base):
    """An owner's invitation of an e-mail address to a board. Pending until the person at
    that address accepts or declines it or an owner revokes it (each deletes it), or until
    it expires. One per address and board: inviting again renews it, with a new token.
    The mailed link's token is kept as its digest only."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("board_id", "email"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    # Lower-cased, as users.email is; indexed for "my invitations".
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, create_constraint=True, name="role")
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class BoardColumn(Base):
    __tablename__ = "board_columns"
    __table_args__ = (Index("ix_board_columns_board_rank", "board_id", "rank"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int]
    wip_limit: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Label(Base):
    __tablename__ = "labels"
    __table_args__ = (UniqueConstraint("board_id", "name"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(50))
    color: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Event(Base):
    """A board's event log: gapless ``seq`` per board, written in the same transaction
    as the change it describes. Real-time delivery and the activity feed both read it."""

    __tablename__ = "events"
    # A card's own activity (activity/service.py) seeks its events by card: without the
    # index it read the board's whole log, a million rows on a busy board.
    __table_args__ = (Index("ix_events_card_id_seq", "card_id", "seq"),)

    board_id: Mapped[int] = mapped_column(
        ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The card the event is about, read from ``data`` when it is written (boards/log.py,
    # :func:`card_of`): the card's own, or a comment's card. No foreign key: the log
    # outlives a deleted card.
    card_id: Mapped[int | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


from teamboard.accounts.models import User  # noqa: E402
