from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import Base, utcnow


class WsTicket(Base):
    """A single-use, short-lived pass to open a WebSocket from another origin, where the
    session cookie does not go and a long-lived token must not travel in a URL. Kept in
    the database so that any instance behind the proxy can redeem it."""

    __tablename__ = "ws_tickets"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    auth_epoch: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
