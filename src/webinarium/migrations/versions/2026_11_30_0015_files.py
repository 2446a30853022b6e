"""files: a stored file's state (ready, fetching, failed) and reason, the URL it
was fetched from, its facts (pages, duration, thumbnail); pre-loaded files and
handouts point at the file fetched from their URL

Revision ID: 0015_files
Revises: 0014_presence_processes
Create Date: 2026-11-30 10:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_files"
down_revision: str | None = "0014_presence_processes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("files", schema=None) as batch_op:
        # Every file stored before was an uploaded image, ready.
        batch_op.add_column(
            sa.Column("state", sa.String(length=20), nullable=False, server_default="ready")
        )
        batch_op.add_column(
            sa.Column("reason", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("source_url", sa.String(length=2048), nullable=True))
        batch_op.add_column(sa.Column("pages", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("duration_seconds", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("thumbnail_id", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_files_state"), ["state"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_files_thumbnail_id_files"),
            "files",
            ["thumbnail_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.alter_column("state", server_default=None)
        batch_op.alter_column("reason", server_default=None)

    for table in ("conference_files", "handouts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("stored_file_id", sa.String(length=20), nullable=True))
            batch_op.create_index(
                batch_op.f(f"ix_{table}_stored_file_id"), ["stored_file_id"], unique=False
            )
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_stored_file_id_files"),
                "files",
                ["stored_file_id"],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade() -> None:
    for table in ("handouts", "conference_files"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_stored_file_id_files", type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_stored_file_id"))
            batch_op.drop_column("stored_file_id")

    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_constraint("fk_files_thumbnail_id_files", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_files_state"))
        batch_op.drop_column("thumbnail_id")
        batch_op.drop_column("duration_seconds")
        batch_op.drop_column("pages")
        batch_op.drop_column("source_url")
        batch_op.drop_column("reason")
        batch_op.drop_column("state")
