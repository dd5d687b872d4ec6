"""STAR story bank (issue 9)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 13:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "star_stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("task", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_star_stories_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_star_stories")),
    )
    with op.batch_alter_table("star_stories", schema=None) as batch_op:
        batch_op.create_index(
            "ix_star_stories_user_updated", ["user_id", "updated_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_star_stories_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("star_stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_star_stories_user_id"))
        batch_op.drop_index("ix_star_stories_user_updated")

    op.drop_table("star_stories")
