"""media_stage: the attendees a moderator brought on a conference's stage

Revision ID: 0029_media_stage
Revises: 0028_recordings
Create Date: 2026-11-30 22:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029_media_stage"
down_revision: str | None = "0028_recordings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media_stage",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_media_stage_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_media_stage_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_stage")),
        sa.UniqueConstraint(
            "conference_id", "member_id", name=op.f("uq_media_stage_conference_id_member_id")
        ),
    )
    with op.batch_alter_table("media_stage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_media_stage_account_id"), ["account_id"])


def downgrade() -> None:
    op.drop_table("media_stage")
