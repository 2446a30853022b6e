"""visits: the User-Agent of the socket a stay began on (``visits.user_agent``),
read by the attendance reports (browser, device, OS)

Revision ID: 0020_visit_agents
Revises: 0019_checkin_avatars
Create Date: 2026-11-30 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_visit_agents"
down_revision: str | None = "0019_checkin_avatars"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_agent", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
