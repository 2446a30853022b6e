"""handouts and offers in the room: every view and download of a handout, with
who it was then; offers (calls to action), each time one was shown, the views
and clicks of each showing

Revision ID: 0017_handouts_offers
Revises: 0016_slide_pages
Create Date: 2026-11-30 11:47:57
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import webinarium.models.base

revision: str = "0017_handouts_offers"
down_revision: str | None = "0016_slide_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offers",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("button_text", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("created_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_offers_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_offers_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offers_conference_id"), ["conference_id"], unique=False
        )

    op.create_table(
        "handout_logs",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("handout_id", sa.String(length=20), nullable=True),
        sa.Column("handout_title", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=240), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_handout_logs_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_handout_logs_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handout_id"],
            ["handouts.id"],
            name=op.f("fk_handout_logs_handout_id_handouts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_handout_logs_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handout_logs")),
    )
    with op.batch_alter_table("handout_logs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handout_logs_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handout_logs_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handout_logs_handout_id"), ["handout_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handout_logs_person_id"), ["person_id"], unique=False)

    op.create_table(
        "offer_shows",
        sa.Column("shown_by", sa.String(length=240), nullable=False),
        sa.Column("shown_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("hidden_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("offer_id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_offer_shows_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_offer_shows_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_shows_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_shows")),
    )
    with op.batch_alter_table("offer_shows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_shows_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offer_shows_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offer_shows_offer_id"), ["offer_id"], unique=False)

    op.create_table(
        "offer_clicks",
        sa.Column("show_id", sa.String(length=20), nullable=False),
        sa.Column("at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("offer_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=240), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_offer_clicks_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_offer_clicks_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_clicks_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_offer_clicks_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["offer_shows.id"],
            name=op.f("fk_offer_clicks_show_id_offer_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_clicks")),
    )
    with op.batch_alter_table("offer_clicks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_clicks_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_offer_clicks_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offer_clicks_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_clicks_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_clicks_show_id"), ["show_id"], unique=False)

    op.create_table(
        "offer_views",
        sa.Column("show_id", sa.String(length=20), nullable=False),
        sa.Column("at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("offer_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("name", sa.String(length=240), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_offer_views_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_offer_views_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_views_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_offer_views_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["show_id"],
            ["offer_shows.id"],
            name=op.f("fk_offer_views_show_id_offer_shows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_views")),
        sa.UniqueConstraint("show_id", "member_id", name=op.f("uq_offer_views_show_id_member_id")),
    )
    with op.batch_alter_table("offer_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offer_views_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_offer_views_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offer_views_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_offer_views_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("offer_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_views_person_id"))
        batch_op.drop_index(batch_op.f("ix_offer_views_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offer_views_conference_id"))
        batch_op.drop_index(batch_op.f("ix_offer_views_account_id"))

    op.drop_table("offer_views")
    with op.batch_alter_table("offer_clicks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_clicks_show_id"))
        batch_op.drop_index(batch_op.f("ix_offer_clicks_person_id"))
        batch_op.drop_index(batch_op.f("ix_offer_clicks_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offer_clicks_conference_id"))
        batch_op.drop_index(batch_op.f("ix_offer_clicks_account_id"))

    op.drop_table("offer_clicks")
    with op.batch_alter_table("offer_shows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_shows_offer_id"))
        batch_op.drop_index(batch_op.f("ix_offer_shows_conference_id"))
        batch_op.drop_index(batch_op.f("ix_offer_shows_account_id"))

    op.drop_table("offer_shows")
    with op.batch_alter_table("handout_logs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handout_logs_person_id"))
        batch_op.drop_index(batch_op.f("ix_handout_logs_handout_id"))
        batch_op.drop_index(batch_op.f("ix_handout_logs_conference_id"))
        batch_op.drop_index(batch_op.f("ix_handout_logs_account_id"))

    op.drop_table("handout_logs")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_conference_id"))
        batch_op.drop_index(batch_op.f("ix_offers_account_id"))

    op.drop_table("offers")
