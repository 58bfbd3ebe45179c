"""thread_entries: the conversation, both sides, in order; mood_ratings: the daily five faces

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "thread_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("observation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["observation_id"], ["observations.id"],
            name=op.f("fk_thread_entries_observation_id_observations"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_thread_entries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thread_entries")),
    )  # fmt: skip
    with op.batch_alter_table("thread_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_thread_entries_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_thread_entries_user_id"), ["user_id"], unique=False)

    op.create_table(
        "mood_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mood_ratings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mood_ratings")),
        sa.UniqueConstraint("user_id", "day", name=op.f("uq_mood_ratings_user_id")),
    )
    with op.batch_alter_table("mood_ratings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mood_ratings_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mood_ratings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mood_ratings_user_id"))
    op.drop_table("mood_ratings")
    with op.batch_alter_table("thread_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thread_entries_user_id"))
        batch_op.drop_index(batch_op.f("ix_thread_entries_at"))
    op.drop_table("thread_entries")
