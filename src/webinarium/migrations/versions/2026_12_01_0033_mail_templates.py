"""mail_templates: an account's own wording of a kind of mail per language
(messaging/templates_store.py); api_keys.last_used_at (accounts/key_use.py)

Revision ID: 0033_mail_templates
Revises: 0032_registration_approval
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0033_mail_templates"
down_revision: str | None = "0032_registration_approval"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_templates",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_mail_templates_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_templates")),
        sa.UniqueConstraint(
            "account_id",
            "kind",
            "language",
            name=op.f("uq_mail_templates_account_id_kind_language"),
        ),
    )
    op.create_index(
        op.f("ix_mail_templates_account_id"), "mail_templates", ["account_id"], unique=False
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_used_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
    op.drop_index(op.f("ix_mail_templates_account_id"), table_name="mail_templates")
    op.drop_table("mail_templates")
