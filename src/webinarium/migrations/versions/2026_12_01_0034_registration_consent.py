"""registrations.consented_at: when the registrant gave the consent the
webinar's registration page asks for (``registration_consent_text``)

Revision ID: 0034_registration_consent
Revises: 0033_mail_templates
Create Date: 2026-12-01 02:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webinarium.models.base

revision: str = "0034_registration_consent"
down_revision: str | None = "0033_mail_templates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(
            sa.Column("consented_at", webinarium.models.base.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("consented_at")
