"""undo for deletions: the trash, kept for a short window (boards/trash.py)

Revision ID: 0013_soft_delete
Revises: 0012_user_time_zone
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0013_soft_delete"
down_revision = "0012_user_time_zone"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = teamboard.core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "trash",
        sa.Column("id", ID, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "card",
                "comment",
                "label",
                "member",
                name="trash_kind",
                native_enum=False,
                length=16,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("ref_id", ID, nullable=False),
        sa.Column("deleted_by_id", ID, nullable=True),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("deleted_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_trash_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["deleted_by_id"],
            ["users.id"],
            name=op.f("fk_trash_deleted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trash")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_trash_item", "trash", ["board_id", "kind", "ref_id"], unique=True)
    op.create_index("ix_trash_expires_at", "trash", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_trash_expires_at", table_name="trash")
    op.drop_index("ix_trash_item", table_name="trash")
    op.drop_table("trash")
