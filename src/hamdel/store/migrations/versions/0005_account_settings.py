"""users.awaiting_confirmation: accounts whose e-mail address is not confirmed yet;
users.speak_replies: every reply is read aloud in the web app;
observations.calibrated: depression scores from calibrated models (older rows: raw scores)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # accounts made before confirmation existed keep signing in
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "awaiting_confirmation", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("speak_replies", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    # rows already stored hold raw (uncalibrated) depression scores; new rows are calibrated
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("calibrated", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("observations", schema=None) as batch_op:
        batch_op.drop_column("calibrated")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("speak_replies")
        batch_op.drop_column("awaiting_confirmation")
