"""checklists: a card's ordered checklists of ordered items (text, done, assignee, due day)

Items carry their card and board as well as their checklist: a board read counts each
card's items (done and all) through one index, and a deleted card takes them along.

Revision ID: 0016_checklists
Revises: 0015_growth_indexes
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0016_checklists"
down_revision = "0015_growth_indexes"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = teamboard.core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "checklists",
        sa.Column("id", ID, nullable=False),
        sa.Column("card_id", ID, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("rank", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["boards.id"],
            name=op.f("fk_checklists_board_id_boards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["card_id"], ["cards.id"], name=op.f("fk_checklists_card_id_cards"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklists")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("checklists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklists_board_id"), ["board_id"], unique=False)
        batch_op.create_index("ix_checklists_card_rank", ["card_id", "rank"], unique=False)

    op.create_table(
        "checklist_items",
        sa.Column("id", ID, nullable=False),
        sa.Column("checklist_id", ID, nullable=False),
        sa.Column("card_id", ID, nullable=False),
        sa.Column("board_id", ID, nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("rank", ID, nullable=False),
        sa.Column("assignee_id", ID, nullable=True),
        sa.Column("due_at", sa.Date(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["users.id"],
            name=op.f("fk_checklist_items_assignee_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["boards.id"],
            name=op.f("fk_checklist_items_board_id_boards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_checklist_items_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["checklist_id"],
            ["checklists.id"],
            name=op.f("fk_checklist_items_checklist_id_checklists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_items")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checklist_items_assignee_id"), ["assignee_id"], unique=False
        )
        batch_op.create_index(
            "ix_checklist_items_board_card", ["board_id", "card_id", "done"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checklist_items_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            "ix_checklist_items_checklist_rank", ["checklist_id", "rank"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("checklist_items", schema=None) as batch_op:
        batch_op.drop_index("ix_checklist_items_checklist_rank")
        batch_op.drop_index(batch_op.f("ix_checklist_items_card_id"))
        batch_op.drop_index("ix_checklist_items_board_card")
        batch_op.drop_index(batch_op.f("ix_checklist_items_assignee_id"))

    op.drop_table("checklist_items")
    with op.batch_alter_table("checklists", schema=None) as batch_op:
        batch_op.drop_index("ix_checklists_card_rank")
        batch_op.drop_index(batch_op.f("ix_checklists_board_id"))

    op.drop_table("checklists")
