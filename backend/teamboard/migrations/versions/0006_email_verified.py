"""users.email_verified_at: when the owner of the address proved it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "email_verified_at", teamboard.core.models.UTCDateTime(timezone=True), nullable=True
            )
        )
    # A provider that asserted the address verified, and linked it, proved it already.
    op.execute(
        "UPDATE users SET email_verified_at = created_at WHERE EXISTS ("
        "SELECT 1 FROM oauth_identities i WHERE i.user_id = users.id AND i.email = users.email)"
    )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
