"""attention_checks and attention_asks (the attendance monitor: each check, and
each attendee asked with their answer or miss); survey_questions and
survey_answers (a conference's survey)

Revision ID: 0018_attention_surveys
Revises: 0017_handouts_offers
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import webinarium.models.base

revision: str = "0018_attention_surveys"
down_revision: str | None = "0017_handouts_offers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attention_checks",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("asked_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("expires_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("closed_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_attention_checks_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_attention_checks_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_checks")),
        sa.UniqueConstraint(
            "conference_id", "round", name=op.f("uq_attention_checks_conference_id_round")
        ),
    )
    with op.batch_alter_table("attention_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attention_checks_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "survey_questions",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column(
            "choices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_survey_questions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_survey_questions_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
    )
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_questions_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_questions_conference_id"), ["conference_id"], unique=False
        )

    op.create_table(
        "attention_asks",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("check_id", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("shown_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("answered_at", webinarium.models.base.UTCDateTime(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_attention_asks_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["attention_checks.id"],
            name=op.f("fk_attention_asks_check_id_attention_checks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_attention_asks_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_attention_asks_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attention_asks")),
        sa.UniqueConstraint(
            "check_id", "person_id", name=op.f("uq_attention_asks_check_id_person_id")
        ),
    )
    with op.batch_alter_table("attention_asks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attention_asks_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attention_asks_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attention_asks_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "survey_answers",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=False),
        sa.Column("question_id", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("answered_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_survey_answers_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_survey_answers_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_survey_answers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["survey_questions.id"],
            name=op.f("fk_survey_answers_question_id_survey_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint(
            "question_id", "person_id", name=op.f("uq_survey_answers_question_id_person_id")
        ),
    )
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_answers_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_answers_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_answers_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("survey_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_answers_person_id"))
        batch_op.drop_index(batch_op.f("ix_survey_answers_conference_id"))
        batch_op.drop_index(batch_op.f("ix_survey_answers_account_id"))

    op.drop_table("survey_answers")
    with op.batch_alter_table("attention_asks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attention_asks_person_id"))
        batch_op.drop_index(batch_op.f("ix_attention_asks_conference_id"))
        batch_op.drop_index(batch_op.f("ix_attention_asks_account_id"))

    op.drop_table("attention_asks")
    with op.batch_alter_table("survey_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_questions_conference_id"))
        batch_op.drop_index(batch_op.f("ix_survey_questions_account_id"))

    op.drop_table("survey_questions")
    with op.batch_alter_table("attention_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attention_checks_account_id"))

    op.drop_table("attention_checks")
