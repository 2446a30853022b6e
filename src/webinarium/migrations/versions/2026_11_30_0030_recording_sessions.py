"""recording_sessions: what Janus records of a conference, from start to stop,
and the MP4 made of it (media/recording.py)

Revision ID: 0030_recording_sessions
Revises: 0029_media_stage
Create Date: 2026-11-30 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_recording_sessions"
down_revision: str | None = "0029_media_stage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recording_sessions",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("recording_id", sa.String(length=20), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_recording_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_recording_sessions_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recordings.id"],
            name=op.f("fk_recording_sessions_recording_id_recordings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_sessions")),
    )
    op.create_index(
        op.f("ix_recording_sessions_account_id"),
        "recording_sessions",
        ["account_id"],
        unique=False,
    )
    op.create_index(
        "ix_recording_sessions_conference_id_status",
        "recording_sessions",
        ["conference_id", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_recording_sessions_conference_id_status", table_name="recording_sessions")
    op.drop_index(op.f("ix_recording_sessions_account_id"), table_name="recording_sessions")
    op.drop_table("recording_sessions")
