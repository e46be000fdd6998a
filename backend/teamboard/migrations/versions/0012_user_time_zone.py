"""users.time_zone: the IANA zone each person reads dates and times in (chained
after 0013_soft_delete, which reached this branch first)

Revision ID: 0012_user_time_zone
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_user_time_zone"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: unknown until the person picks one or their browser tells it (pages fall
    # back to UTC meanwhile).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
