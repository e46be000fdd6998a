"""the event log and notifications keep references, not copies of people's text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from teamboard.boards.log import without_text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
BATCH = 1000

events = sa.table(
    "events",
    sa.column("board_id", ID),
    sa.column("seq", ID),
    sa.column("type", sa.String(40)),
    sa.column("data", sa.JSON()),
)
notifications = sa.table("notifications", sa.column("data", sa.JSON()))


def upgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("comment_id", ID, nullable=True))
        batch_op.create_index(batch_op.f("ix_notifications_comment_id"), ["comment_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_notifications_comment_id_comments"),
            "comments",
            ["comment_id"],
            ["id"],
            ondelete="CASCADE",
        )
    # Older notifications kept the card's title, the board's name and the comment's first
    # words; the list now reads them from their rows.
    op.execute(notifications.update().values(data={}))
    _strip_events(op.get_bind())


def _strip_events(bind: sa.Connection) -> None:
    """Rewrite the stored log without the text it copied, a batch at a time, in key order."""
    after: tuple[int, int] = (0, 0)
    key = sa.tuple_(events.c.board_id, events.c.seq)
    while True:
        rows = bind.execute(
            sa.select(events.c.board_id, events.c.seq, events.c.type, events.c.data)
            .where(key > sa.tuple_(sa.literal(after[0]), sa.literal(after[1])))
            .order_by(events.c.board_id, events.c.seq)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changed: list[dict[str, Any]] = []
        for board_id, seq, type_, data in rows:
            kept = without_text(type_, data or {})
            if kept != data:
                changed.append({"b": board_id, "s": seq, "d": kept})
        if changed:
            bind.execute(
                events.update()
                .where(events.c.board_id == sa.bindparam("b"), events.c.seq == sa.bindparam("s"))
                .values(data=sa.bindparam("d")),
                changed,
            )
        after = (rows[-1][0], rows[-1][1])


def downgrade() -> None:
    # The text that was left out is not recoverable; only the column goes.
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notifications_comment_id_comments"), "foreignkey")
        batch_op.drop_index(batch_op.f("ix_notifications_comment_id"))
        batch_op.drop_column("comment_id")
