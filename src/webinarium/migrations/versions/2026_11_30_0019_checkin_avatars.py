"""check-in: who checked a registrant in (``registrations.checked_in_by``, the
actor as `kit.actors.Actor` writes it: ``host``, ``api``, ``person:<id>``)

Revision ID: 0019_checkin_avatars
Revises: 0018_attention_surveys
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_checkin_avatars"
down_revision: str | None = "0018_attention_surveys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checked_in_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("checked_in_by")
