"""recordings: the stored MP4 (file_id), publication (published, published_at,
unpublished_at) and who watched them on demand (``recording_views``)

Revision ID: 0028_recordings
Revises: 0027_evergreen
Create Date: 2026-11-30 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_recordings"
down_revision: str | None = "0027_evergreen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recordings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_id", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("unpublished_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_recordings_file_id"), ["file_id"], unique=False)
        batch_op.create_index(
            "ix_recordings_conference_id_account_id",
            ["conference_id", "account_id", "status"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_recordings_file_id_files"),
            "files",
            ["file_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("recordings", schema=None) as batch_op:
        batch_op.alter_column("published", server_default=None)

    op.create_table(
        "recording_views",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("recording_id", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("registration_id", sa.String(length=20), nullable=True),
        sa.Column("watched_seconds", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_recording_views_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_recording_views_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recording_id"],
            ["recordings.id"],
            name=op.f("fk_recording_views_recording_id_recordings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_recording_views_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_recording_views_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_views")),
    )
    with op.batch_alter_table("recording_views", schema=None) as batch_op:
        for column in (
            "account_id",
            "conference_id",
            "recording_id",
            "person_id",
            "registration_id",
        ):
            batch_op.create_index(batch_op.f(f"ix_recording_views_{column}"), [column])


def downgrade() -> None:
    op.drop_table("recording_views")
    with op.batch_alter_table("recordings", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_recordings_file_id_files"), type_="foreignkey")
        batch_op.drop_index("ix_recordings_conference_id_account_id")
        batch_op.drop_index(batch_op.f("ix_recordings_file_id"))
        batch_op.drop_column("unpublished_at")
        batch_op.drop_column("published_at")
        batch_op.drop_column("published")
        batch_op.drop_column("file_id")
