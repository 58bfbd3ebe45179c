"""posts.native_id (+ unique per person and source): archive imports are idempotent;
feedback.satisfaction and feedback.variant: the 5-point rating and the variant that chose the item;
study_participants, survey_answers: the recommender study;
sentiment_ratings, esm2_fits: eSM2 fitted from people's own ratings

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _owner() -> sa.Column[int]:
    return sa.Column(
        "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("native_id", sa.String(length=128), nullable=True))
        batch_op.create_unique_constraint(
            "uq_posts_user_id_source_native_id", ["user_id", "source", "native_id"]
        )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("satisfaction", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("variant", sa.String(length=24), nullable=True))

    op.create_table(
        "study_participants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("variant", sa.String(length=24), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_study_participants_user_id", "study_participants", ["user_id"], unique=True)

    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _owner(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("variant", sa.String(length=24), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
    )
    op.create_index("ix_survey_answers_user_id", "survey_answers", ["user_id"])

    op.create_table(
        "sentiment_ratings",
        sa.Column("id", sa.Integer(), primary_key=True),
        _owner(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "observation_id",
            sa.Integer(),
            sa.ForeignKey("observations.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("theme", sa.String(length=24), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("rating", sa.Float(), nullable=False),
    )
    op.create_index("ix_sentiment_ratings_user_id", "sentiment_ratings", ["user_id"])

    op.create_table(
        "esm2_fits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("weights", sa.JSON(), nullable=False),
    )
    op.create_index("ix_esm2_fits_fitted_at", "esm2_fits", ["fitted_at"])


def downgrade() -> None:
    op.drop_index("ix_esm2_fits_fitted_at", table_name="esm2_fits")
    op.drop_table("esm2_fits")
    op.drop_index("ix_sentiment_ratings_user_id", table_name="sentiment_ratings")
    op.drop_table("sentiment_ratings")
    op.drop_index("ix_survey_answers_user_id", table_name="survey_answers")
    op.drop_table("survey_answers")
    op.drop_index("ix_study_participants_user_id", table_name="study_participants")
    op.drop_table("study_participants")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("variant")
        batch_op.drop_column("satisfaction")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_posts_user_id_source_native_id", type_="unique")
        batch_op.drop_column("native_id")
