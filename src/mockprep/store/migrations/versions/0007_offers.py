"""salary negotiation offers (issue 10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 13:40:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "negotiation_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_negotiation_offers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negotiation_offers")),
    )
    with op.batch_alter_table("negotiation_offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_negotiation_offers_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "negotiation_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_negotiation_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negotiation_profiles")),
        sa.UniqueConstraint("user_id", name=op.f("uq_negotiation_profiles_user_id")),
    )


def downgrade() -> None:
    op.drop_table("negotiation_profiles")
    with op.batch_alter_table("negotiation_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_negotiation_offers_user_id"))

    op.drop_table("negotiation_offers")
