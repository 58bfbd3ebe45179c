"""posts.analyzed_at: which imported posts the monitor has read

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("analyzed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_posts_analyzed_at"), ["analyzed_at"], unique=False)
    # posts written in a conversation were read in their turn
    op.execute("UPDATE posts SET analyzed_at = created_at WHERE source IN ('chat', 'voice')")


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posts_analyzed_at"))
        batch_op.drop_column("analyzed_at")
