"""registration_approval: the organiser's approval of a registration
(``registrations.approval``: approved, pending, denied; registrations/approval.py)

Revision ID: 0032_registration_approval
Revises: 0031_console_auth
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0032_registration_approval"
down_revision: str | None = "0031_console_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values as they were when this revision was written (a migration never reads the models).
APPROVALS = "('approved', 'pending', 'denied')"


def upgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("approval", sa.String(length=8), nullable=False, server_default="approved")
        )
        batch_op.create_check_constraint(
            op.f("ck_registrations_registration_approval"), f"approval IN {APPROVALS}"
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_registrations_registration_approval"), type_="check")
        batch_op.drop_column("approval")
