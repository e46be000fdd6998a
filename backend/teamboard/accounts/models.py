from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from teamboard.core.models import AUTOINCREMENT, Base, utcnow


class User(Base):
    __tablename__ = "users"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so the unique index makes e-mail unique case-insensitively.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Set when the owner of ``email`` proved it (a link mailed to it, or a provider that
    # vouches for it). Until then the address may belong to someone else entirely.
    email_verified_at: Mapped[datetime | None]
    is_active: Mapped[bool] = mapped_column(default=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Bumped by a password change or deactivation: access tokens carry it, so old ones die.
    auth_epoch: Mapped[int] = mapped_column(default=0)
    # Two-factor log-in (accounts/two_factor.py): the TOTP secret (base32), set at the start
    # of an enrolment and in force only once ``two_factor_enabled_at`` is set by a first
    # valid code; the last time step a code was accepted for, so none is used twice.
    two_factor_secret: Mapped[str | None] = mapped_column(String(64))
    two_factor_enabled_at: Mapped[datetime | None]
    two_factor_last_step: Mapped[int | None]
    # The IANA zone (e.g. "Europe/Paris") pages show dates and times in; None until the
    # person picks one or their browser tells it (pages use UTC meanwhile).
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BrowserSession(Base):
    """Server-side session: the cookie holds a random id, the table only its hash."""

    __tablename__ = "browser_sessions"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class RefreshToken(Base):
    """Opaque, stored hashed, single use. Tokens rotated from one log-in share a family."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_family", "family_id"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class EmailToken(Base):
    """A link mailed to an address: to prove it (``verify``), to set a new password
    (``reset``) or to move the account to it (``change``). Only the token's digest is
    kept: a leaked table opens nothing. Single use (``used_at``), and it dies with its
    purpose: ``email`` is the address it was mailed to (an account that no longer has it
    ignores the link), ``password_stamp`` the password it was issued under (a reset link
    dies when the password changes, by any route)."""

    __tablename__ = "account_email_tokens"
    __table_args__ = (Index("ix_account_email_tokens_user", "user_id", "purpose"), AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320))
    password_stamp: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class RecoveryCode(Base):
    """One of an account's single-use recovery codes, stored by digest only."""

    __tablename__ = "recovery_codes"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class MfaChallenge(Base):
    """A log-in whose password was right, waiting for its second factor: the token the
    client holds (stored by digest), which way it logs in (``flow``), for 5 minutes, once."""

    __tablename__ = "mfa_challenges"
    __table_args__ = AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    flow: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
