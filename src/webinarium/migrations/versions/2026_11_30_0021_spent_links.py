"""single-use signed links: the ``jti`` of each one used (``spent_links``)

Revision ID: 0021_spent_links
Revises: 0020_visit_agents
Create Date: 2026-11-30 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_spent_links"
down_revision: str | None = "0020_visit_agents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "spent_links",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("spent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_spent_links")),
    )


def downgrade() -> None:
    op.drop_table("spent_links")
