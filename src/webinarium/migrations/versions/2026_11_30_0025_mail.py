"""mail (``mails``) and the addresses never mailed again (``mail_suppressions``)

Revision ID: 0025_mail
Revises: 0024_bigmarker_hooks
Create Date: 2026-11-30 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0025_mail"
down_revision: str | None = "0024_bigmarker_hooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "mails",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("registration_id", sa.String(length=20), nullable=True),
        sa.Column("conference_id", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("attachments", _JSON, nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued",
                "sent",
                "kept",
                "failed",
                "suppressed",
                name="mail_state",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("bounced_at", sa.DateTime(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("clicked_at", sa.DateTime(), nullable=True),
        sa.Column("unsubscribed_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_mails_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_mails_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_mails_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_mails_conference_id_conferences"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mails")),
    )
    op.create_index(op.f("ix_mails_account_id"), "mails", ["account_id"], unique=False)
    op.create_index(op.f("ix_mails_person_id"), "mails", ["person_id"], unique=False)
    op.create_index("ix_mails_conference_id_kind", "mails", ["conference_id", "kind"], unique=False)
    op.create_table(
        "mail_suppressions",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "unsubscribed",
                "bounced",
                "complained",
                name="suppression_reason",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("mail_id", sa.String(length=20), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_mail_suppressions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["mails.id"],
            name=op.f("fk_mail_suppressions_mail_id_mails"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_suppressions")),
        sa.UniqueConstraint(
            "account_id", "address", name=op.f("uq_mail_suppressions_account_id_address")
        ),
    )
    op.create_index(
        op.f("ix_mail_suppressions_account_id"), "mail_suppressions", ["account_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_mail_suppressions_account_id"), table_name="mail_suppressions")
    op.drop_table("mail_suppressions")
    op.drop_index("ix_mails_conference_id_kind", table_name="mails")
    op.drop_index(op.f("ix_mails_person_id"), table_name="mails")
    op.drop_index(op.f("ix_mails_account_id"), table_name="mails")
    op.drop_table("mails")
