"""retention indexes: the webhook deliveries that ended long ago (ended_at),
and those that name an event being deleted (event_id, its foreign key's SET NULL)

Revision ID: 0036_retention_indexes
Revises: 0035_worker_heartbeats
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0036_retention_indexes"
down_revision: str | None = "0035_worker_heartbeats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.create_index("ix_webhook_deliveries_ended_at", ["ended_at"], unique=False)
        batch.create_index("ix_webhook_deliveries_event_id", ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries") as batch:
        batch.drop_index("ix_webhook_deliveries_event_id")
        batch.drop_index("ix_webhook_deliveries_ended_at")
