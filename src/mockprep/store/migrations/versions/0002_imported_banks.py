"""imported banks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:28:10.616292
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_imported_banks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_banks")),
        sa.UniqueConstraint("user_id", "name", "version", name=op.f("uq_imported_banks_user_id")),
    )
    with op.batch_alter_table("imported_banks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_banks_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("imported_banks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_banks_user_id"))

    op.drop_table("imported_banks")
