"""the room: its numbered events, bans, questions and votes; who wrote a chat
line and to whom, whether it was deleted; who a visit was in the room

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 05:21:19
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webinarium.models.base

revision: str = "0012"
down_revision: str | None = "0011_link_seeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=True),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_member_id", sa.String(length=40), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=True),
        sa.Column("answered_by_role", sa.String(length=10), nullable=True),
        sa.Column("answered_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("created_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_questions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_questions_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_questions_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_account_id"), ["account_id"], unique=False)
        batch_op.create_index(
            "ix_questions_conference_id_account_id", ["conference_id", "account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_questions_person_id"), ["person_id"], unique=False)

    op.create_table(
        "room_bans",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=False),
        sa.Column("banned_by", sa.String(length=240), nullable=False),
        sa.Column("banned_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("lifted_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_room_bans_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_room_bans_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_room_bans_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_bans")),
        sa.UniqueConstraint(
            "conference_id", "person_id", name=op.f("uq_room_bans_conference_id_person_id")
        ),
    )
    with op.batch_alter_table("room_bans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_bans_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_room_bans_person_id"), ["person_id"], unique=False)

    op.create_table(
        "room_events",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=True),
        sa.Column("at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_room_events_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_room_events_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room_events")),
        sa.UniqueConstraint("conference_id", "seq", name=op.f("uq_room_events_conference_id_seq")),
    )
    with op.batch_alter_table("room_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_events_account_id"), ["account_id"], unique=False)

    op.create_table(
        "question_votes",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("question_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("voted_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_question_votes_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_question_votes_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_votes")),
        sa.UniqueConstraint(
            "question_id", "member_id", name=op.f("uq_question_votes_question_id_member_id")
        ),
    )
    with op.batch_alter_table("question_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_question_votes_account_id"), ["account_id"], unique=False
        )

    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("author_role", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("recipient", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("deleted_at", webinarium.models.base.UTCDateTime(), nullable=True)
        )

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(length=10), nullable=True))
        batch_op.create_index(
            "uq_visits_open_member",
            ["conference_id", "member_id"],
            unique=True,
            sqlite_where=sa.text("left_at IS NULL"),
            postgresql_where=sa.text("left_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("uq_visits_open_member")
        batch_op.drop_column("role")
        batch_op.drop_column("member_id")

    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("recipient")
        batch_op.drop_column("author_role")
        batch_op.drop_column("member_id")

    with op.batch_alter_table("question_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_votes_account_id"))

    op.drop_table("question_votes")
    with op.batch_alter_table("room_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_events_account_id"))

    op.drop_table("room_events")
    with op.batch_alter_table("room_bans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_bans_person_id"))
        batch_op.drop_index(batch_op.f("ix_room_bans_account_id"))

    op.drop_table("room_bans")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_person_id"))
        batch_op.drop_index("ix_questions_conference_id_account_id")
        batch_op.drop_index(batch_op.f("ix_questions_account_id"))

    op.drop_table("questions")
