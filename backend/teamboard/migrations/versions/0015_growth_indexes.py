"""costs that follow what is shown: the card each event is about, indexed

A card's activity read the board's whole log (a JSON test on every row); now it seeks
``events.card_id`` through ``ix_events_card_id_seq``. Existing events get their card from
their data, as boards/log.py's ``card_of`` does for new ones.

Revision ID: 0015_growth_indexes
Revises: 0014_search
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_growth_indexes"
down_revision = "0014_search"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_id", ID, nullable=True))
    events = sa.table("events", sa.column("data", sa.JSON()), sa.column("card_id", ID))
    data = events.c.data
    card = sa.func.coalesce(
        data["card"]["id"].as_integer(),
        data["comment"]["card_id"].as_integer(),
        data["card_id"].as_integer(),
    )
    op.execute(events.update().values(card_id=card))
    op.create_index("ix_events_card_id_seq", "events", ["card_id", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_card_id_seq", table_name="events")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("card_id")
