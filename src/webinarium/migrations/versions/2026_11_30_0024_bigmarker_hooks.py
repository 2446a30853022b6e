"""conferences: the seed of the registration webhook URL's token
(``conferences.registration_webhook_seed``, `webhooks.inbound`), set when the
organiser replaces the URL; empty, the conference's id is the seed

Revision ID: 0024_bigmarker_hooks
Revises: 0023_webhook_endpoints
Create Date: 2026-11-30 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_bigmarker_hooks"
down_revision: str | None = "0023_webhook_endpoints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("registration_webhook_seed", sa.String(length=64), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("registration_webhook_seed")
