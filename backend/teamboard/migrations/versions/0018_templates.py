"""boards.is_template: a board its owners offer as a template for new boards

Revision ID: 0018_templates
Revises: 0015_growth_indexes
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_templates"
down_revision = "0015_growth_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing boards are not templates; the default is only there to fill them in (the
    # application always writes the column), so it goes again.
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_template", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.alter_column("is_template", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.drop_column("is_template")
