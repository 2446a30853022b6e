"""presence across processes: the processes serving rooms and which of them
hold a member's sockets; the room's latest event of a kind found by index

Revision ID: 0014_presence_processes
Revises: 0013_presenter_links
Create Date: 2026-11-30 09:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webinarium.models.base

revision: str = "0014_presence_processes"
down_revision: str | None = "0013_presenter_links"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "room_processes",
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("started_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("holds_until", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_processes")),
    )
    with op.batch_alter_table("room_processes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_room_processes_holds_until"), ["holds_until"], unique=False
        )

    op.create_table(
        "room_holdings",
        sa.Column("process_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_room_holdings_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_room_holdings_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "process_id", "conference_id", "member_id", name=op.f("pk_room_holdings")
        ),
    )
    with op.batch_alter_table("room_holdings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_room_holdings_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "ix_room_holdings_conference_id_member_id",
            ["conference_id", "member_id"],
            unique=False,
        )

    with op.batch_alter_table("room_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_room_events_conference_id_event_seq",
            ["conference_id", "event", "seq"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("room_events", schema=None) as batch_op:
        batch_op.drop_index("ix_room_events_conference_id_event_seq")

    with op.batch_alter_table("room_holdings", schema=None) as batch_op:
        batch_op.drop_index("ix_room_holdings_conference_id_member_id")
        batch_op.drop_index(batch_op.f("ix_room_holdings_account_id"))

    op.drop_table("room_holdings")
    with op.batch_alter_table("room_processes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_processes_holds_until"))

    op.drop_table("room_processes")
