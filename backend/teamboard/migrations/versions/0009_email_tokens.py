"""account_email_tokens: the links mailed to verify an address, reset a password or
confirm an e-mail change

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = teamboard.core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_email_tokens",
        sa.Column("id", ID, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_stamp", sa.String(length=64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_email_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_email_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_email_tokens_token_hash")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("account_email_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_account_email_tokens_user", ["user_id", "purpose"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_email_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_account_email_tokens_user")
    op.drop_table("account_email_tokens")
