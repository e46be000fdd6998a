"""attachments: files on cards (their bytes in the storage), one of them the card's cover

Revision ID: 0017_attachments
Revises: 0016_checklists
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0017_attachments"
down_revision = "0016_checklists"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = teamboard.core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", ID, nullable=False),
        sa.Column("card_id", ID, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column("uploader_id", ID, nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", ID, nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("has_thumbnail", sa.Boolean(), nullable=False),
        sa.Column("is_cover", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["boards.id"],
            name=op.f("fk_attachments_board_id_boards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name=op.f("fk_attachments_card_id_cards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"],
            ["users.id"],
            name=op.f("fk_attachments_uploader_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_attachments_storage_key")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_attachments_board_id", "attachments", ["board_id"], unique=False)
    op.create_index("ix_attachments_uploader_id", "attachments", ["uploader_id"], unique=False)
    op.create_index(
        "ix_attachments_card_created", "attachments", ["card_id", "created_at"], unique=False
    )
    op.create_index(
        "uq_attachments_card_cover",
        "attachments",
        ["card_id"],
        unique=True,
        sqlite_where=sa.text("is_cover"),
        postgresql_where=sa.text("is_cover"),
    )


def downgrade() -> None:
    op.drop_table("attachments")
