"""notification e-mail: followed cards, delivery settings, digests, due-date reminders

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import teamboard.core.models

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = teamboard.core.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "card_follows",
        sa.Column("card_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_card_follows_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_card_follows_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("card_id", "user_id", name=op.f("pk_card_follows")),
    )
    with op.batch_alter_table("card_follows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_follows_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notification_settings",
        sa.Column("user_id", ID, nullable=False),
        sa.Column("mentions", sa.String(length=12), nullable=False),
        sa.Column("assignments", sa.String(length=12), nullable=False),
        sa.Column("comments", sa.String(length=12), nullable=False),
        sa.Column("due_dates", sa.String(length=12), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_settings")),
    )

    op.create_table(
        "notification_digests",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("items", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_digests_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_digests")),
        sa.UniqueConstraint(
            "user_id", "due_at", name=op.f("uq_notification_digests_user_id_due_at")
        ),
        sqlite_autoincrement=True,
    )

    op.create_table(
        "card_reminders",
        sa.Column("id", ID, nullable=False),
        sa.Column("card_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("fired_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
            name=op.f("fk_card_reminders_card_id_cards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_reminders")),
        sa.UniqueConstraint(
            "card_id", "kind", "due_date", name=op.f("uq_card_reminders_card_id_kind_due_date")
        ),
        sqlite_autoincrement=True,
    )

    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mail", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("digest_id", ID, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_digest_id_notification_digests"),
            "notification_digests",
            ["digest_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            "ix_notifications_mail", ["mail", "created_at", "user_id"], unique=False
        )

    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_due_date", ["due_date"], unique=False)

    _follow_what_people_took_part_in()


def _follow_what_people_took_part_in() -> None:
    """Existing cards are followed by their creators, assignees and commenters who are
    still members of the board, as new ones will be."""
    cards = sa.table(
        "cards", sa.column("id", ID), sa.column("board_id", ID), sa.column("creator_id", ID)
    )
    assignees = sa.table("card_assignees", sa.column("card_id", ID), sa.column("user_id", ID))
    comments = sa.table("comments", sa.column("card_id", ID), sa.column("author_id", ID))
    members = sa.table("board_members", sa.column("board_id", ID), sa.column("user_id", ID))
    follows = sa.table(
        "card_follows",
        sa.column("card_id", ID),
        sa.column("user_id", ID),
        sa.column("created_at", WHEN),
    )
    took_part = sa.union(
        sa.select(cards.c.id.label("card_id"), cards.c.creator_id.label("user_id")).where(
            cards.c.creator_id.is_not(None)
        ),
        sa.select(assignees.c.card_id, assignees.c.user_id),
        sa.select(comments.c.card_id, comments.c.author_id).where(
            comments.c.author_id.is_not(None)
        ),
    ).subquery()
    card = cards.alias("card")
    rows = (
        sa.select(took_part.c.card_id, took_part.c.user_id, sa.literal(datetime.now(UTC), WHEN))
        .join(card, card.c.id == took_part.c.card_id)
        .join(
            members,
            (members.c.board_id == card.c.board_id) & (members.c.user_id == took_part.c.user_id),
        )
    )
    op.execute(follows.insert().from_select(["card_id", "user_id", "created_at"], rows))


def downgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("ix_cards_due_date")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_mail")
        batch_op.drop_constraint(
            batch_op.f("fk_notifications_digest_id_notification_digests"), type_="foreignkey"
        )
        batch_op.drop_column("digest_id")
        batch_op.drop_column("mail")
    op.drop_table("card_reminders")
    op.drop_table("notification_digests")
    op.drop_table("notification_settings")
    with op.batch_alter_table("card_follows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_follows_user_id"))
    op.drop_table("card_follows")
