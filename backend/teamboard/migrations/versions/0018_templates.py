"""boards.is_template: a board its owners offer as a template for new boards

Revision ID: 0018_templates
Revises: 0017_attachments
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_templates"
down_revision = "0017_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing boards are not templates. In place, not in a batch: SQLite would rebuild
    # the table, and dropping the old ``boards`` cascades to everything on the boards. So
    # the default stays (the model declares it too): taking it away is such a rebuild.
    op.add_column(
        "boards",
        sa.Column("is_template", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    # Not in a batch either (SQLite drops a column in place since 3.35), for the same reason.
    op.drop_column("boards", "is_template")
