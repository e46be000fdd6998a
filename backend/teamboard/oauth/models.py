from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class OAuthIdentity(Base):
    """An account at a provider, linked to one of our users. The provider's ``sub`` is
    the key: e-mail addresses change and can be reassigned, subjects do not."""

    __tablename__ = "oauth_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class OAuthHandoff(Base):
    """A one-time code that hands a finished log-in to an SPA on another origin, which
    trades it for a token pair: tokens themselves never travel in a URL. The trade also
    needs the verifier of ``challenge``, which only the browser that started the log-in
    holds: a code sent to someone else's browser logs nobody in."""

    __tablename__ = "oauth_handoffs"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(255))
    challenge: Mapped[str] = mapped_column(String(43))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class OAuthFlowUse(Base):
    """A log-in flow that reached its callback, by a digest of its ``state``. The flow
    cookie would otherwise be good for as long as it lives: whoever holds a copy could
    replay the callback and have us call the provider again. Kept in the database so
    that every instance and worker sees it; a row is of no use once the cookie it stands
    for has expired, and each new one clears those."""

    __tablename__ = "oauth_flows_used"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime]
