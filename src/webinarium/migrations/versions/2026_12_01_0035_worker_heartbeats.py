"""worker_heartbeats: each running worker's last word, which /readyz reads
when the workers run apart from ``serve``

Revision ID: 0035_worker_heartbeats
Revises: 0034_registration_consent
Create Date: 2026-12-01 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webinarium.models.base

revision: str = "0035_worker_heartbeats"
down_revision: str | None = "0034_registration_consent"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "worker_heartbeats",
        sa.Column("worker", sa.String(length=64), nullable=False),
        sa.Column("started_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("beat_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("worker", name=op.f("pk_worker_heartbeats")),
    )
    with op.batch_alter_table("worker_heartbeats") as batch:
        batch.create_index(batch.f("ix_worker_heartbeats_beat_at"), ["beat_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("worker_heartbeats") as batch:
        batch.drop_index(batch.f("ix_worker_heartbeats_beat_at"))
    op.drop_table("worker_heartbeats")
