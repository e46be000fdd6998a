"""oauth: hand-off codes bound to the starting browser; used flows remembered

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Hand-off codes live a minute: rather than fill a new NOT NULL column of the rows in
flight (which could not be exchanged anyway, having no challenge), the table is made
again. A split-origin log-in in flight during the upgrade starts again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _handoffs(*, with_challenge: bool) -> None:
    challenge = [sa.Column("challenge", sa.String(length=43), nullable=False)]
    op.create_table(
        "oauth_handoffs",
        sa.Column("id", ID, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("origin", sa.String(length=255), nullable=False),
        *(challenge if with_challenge else []),
        sa.Column("expires_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_handoffs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_handoffs")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_oauth_handoffs_code_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("oauth_handoffs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauth_handoffs_user_id"), ["user_id"], unique=False)


def _drop_handoffs() -> None:
    with op.batch_alter_table("oauth_handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_handoffs_user_id"))
    op.drop_table("oauth_handoffs")


def upgrade() -> None:
    _drop_handoffs()
    _handoffs(with_challenge=True)
    op.create_table(
        "oauth_flows_used",
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name=op.f("pk_oauth_flows_used")),
    )


def downgrade() -> None:
    op.drop_table("oauth_flows_used")
    _drop_handoffs()
    _handoffs(with_challenge=False)
