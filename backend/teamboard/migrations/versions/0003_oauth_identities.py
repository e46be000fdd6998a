"""oauth identities and one-time hand-off codes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "oauth_identities",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("linked_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_oauth_identities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_identities")),
        sa.UniqueConstraint(
            "provider", "subject", name=op.f("uq_oauth_identities_provider_subject")
        ),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("oauth_identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oauth_identities_user_id"), ["user_id"], unique=False)

    op.create_table(
        "oauth_handoffs",
        sa.Column("id", ID, nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("origin", sa.String(length=255), nullable=False),
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


def downgrade() -> None:
    with op.batch_alter_table("oauth_handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_handoffs_user_id"))
    op.drop_table("oauth_handoffs")
    with op.batch_alter_table("oauth_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oauth_identities_user_id"))
    op.drop_table("oauth_identities")
