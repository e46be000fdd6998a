from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class Notification(Base):
    """Something a user should see: assigned to a card, @mentioned in a comment, a comment
    on a card they follow, a due date that is near or past."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_id", "user_id", "id"),
        # The digest's scan (mail = 'daily', created before the digest's moment) and the
        # hourly count of a user's immediate mails (mail = 'sent', the last hour).
        Index("ix_notifications_mail", "mail", "created_at", "user_id"),
        AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # "assigned" | "mentioned" | "commented" | "due_soon" | "overdue"
    kind: Mapped[str] = mapped_column(String(20))
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    # A mention (or a comment on a followed card) lives as long as the comment.
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    # None: nobody did it (a due-date reminder), or they are gone.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept for what a kind may need besides its references (a reminder's due date); never
    # a copy of anyone's text (the list reads titles, names and the comment from their rows).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # How it reaches the user by e-mail: "sent" (queued at once), "daily" (waiting for
    # the digest), "digested", "dropped" (turned off before the digest), None (no mail).
    mail: Mapped[str | None] = mapped_column(String(10))
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification_digests.id", ondelete="SET NULL")
    )


class CardFollow(Base):
    """A user follows a card: comments on it notify them. Made by creating the card, being
    assigned to it, commenting on it, or the Follow button; gone with Unfollow."""

    __tablename__ = "card_follows"

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeliverySettings(Base):
    """A user's e-mail choice per kind of notification; no row: the defaults
    (notifications/preferences.py)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    mentions: Mapped[str] = mapped_column(String(12))
    assignments: Mapped[str] = mapped_column(String(12))
    comments: Mapped[str] = mapped_column(String(12))
    due_dates: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotificationDigest(Base):
    """One digest message: whose, and for which day's moment (``due_at``). Unique per user
    and moment, so no two processes send the same one; its notifications point to it."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "due_at"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    due_at: Mapped[datetime]
    items: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CardReminder(Base):
    """A due-date reminder that fired: at most one per card, kind and due date, written in
    the transaction of its notifications. A moved due date has keys of its own."""

    __tablename__ = "card_reminders"
    __table_args__ = (UniqueConstraint("card_id", "kind", "due_date"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # "due_soon" | "overdue"
    due_date: Mapped[date]
    fired_at: Mapped[datetime] = mapped_column(default=utcnow)
