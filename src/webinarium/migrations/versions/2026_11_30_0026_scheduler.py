"""the scheduler: reminders reached (``conference_reminders``), and an index on
conferences by status and start for its look across accounts

Revision ID: 0026_scheduler
Revises: 0025_mail
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_scheduler"
down_revision: str | None = "0025_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conference_reminders",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_conference_reminders_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_conference_reminders_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_reminders")),
        sa.UniqueConstraint(
            "conference_id", "kind", name=op.f("uq_conference_reminders_conference_id_kind")
        ),
    )
    op.create_index(
        op.f("ix_conference_reminders_account_id"),
        "conference_reminders",
        ["account_id"],
        unique=False,
    )
    op.create_index(
        "ix_conferences_status_start_at", "conferences", ["status", "start_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_conferences_status_start_at", table_name="conferences")
    op.drop_index(op.f("ix_conference_reminders_account_id"), table_name="conference_reminders")
    op.drop_table("conference_reminders")
