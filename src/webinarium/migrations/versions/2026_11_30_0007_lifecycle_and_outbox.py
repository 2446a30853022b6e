"""lifecycle and outbox: typed kind and status, status changes, outbox events,
account counters (event sequence, conference numbers)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 02:32:59.676722
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webinarium.models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values as they were when this revision was written, as SQL (a migration
# never reads the models).
KINDS = "('webinar', 'recurring_parent', 'recurring_child', 'meeting_space', 'series')"
STATUSES = "('scheduled', 'open', 'live', 'ended', 'cancelled')"


def _one_of(column: str, values: str) -> str:
    return f"{column} IN {values}"


def upgrade() -> None:
    op.create_table(
        "account_counters",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_counters_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "name", name=op.f("pk_account_counters")),
    )
    # Conferences were numbered max + 1; their counter goes on from there.
    op.execute(
        "INSERT INTO account_counters (account_id, name, value)"
        " SELECT account_id, 'conferences', MAX(number) FROM conferences GROUP BY account_id"
    )
    op.create_table(
        "outbox_events",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("occurred_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("dispatched_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_outbox_events_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint(
            "account_id", "sequence", name=op.f("uq_outbox_events_account_id_sequence")
        ),
    )
    op.create_index("ix_outbox_events_dispatched_at_id", "outbox_events", ["dispatched_at", "id"])
    op.create_table(
        "conference_status_changes",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=9), nullable=False),
        sa.Column("to_status", sa.String(length=9), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("changed_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            _one_of("from_status", STATUSES), name=op.f("ck_conference_status_changes_from_status")
        ),
        sa.CheckConstraint(
            _one_of("to_status", STATUSES), name=op.f("ck_conference_status_changes_to_status")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_conference_status_changes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_conference_status_changes_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference_status_changes")),
    )
    op.create_index(
        op.f("ix_conference_status_changes_account_id"),
        "conference_status_changes",
        ["account_id"],
    )
    op.create_index(
        op.f("ix_conference_status_changes_conference_id"),
        "conference_status_changes",
        ["conference_id"],
    )

    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=20), type_=sa.String(length=16)
        )
        batch_op.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=9)
        )
        batch_op.create_check_constraint(
            op.f("ck_conferences_conference_kind"), _one_of("kind", KINDS)
        )
        batch_op.create_check_constraint(
            op.f("ck_conferences_conference_status"), _one_of("status", STATUSES)
        )


def downgrade() -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_conferences_conference_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_conferences_conference_kind"), type_="check")
        batch_op.alter_column(
            "status", existing_type=sa.String(length=9), type_=sa.String(length=16)
        )
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=16), type_=sa.String(length=20)
        )
    op.drop_table("conference_status_changes")
    op.drop_index("ix_outbox_events_dispatched_at_id", table_name="outbox_events")
    op.drop_table("outbox_events")
    op.drop_table("account_counters")
