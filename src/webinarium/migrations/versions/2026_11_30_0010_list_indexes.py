"""indexes for every listing's filter and order

Listings page in (start_at, id) order within an account, a channel, a recurring
parent or a series, and registrants in (registered_at, id) order within a
conference: each gets an index in that order, so a page is read by walking the
index and stopping, whatever the number of rows (they replace the indexes on
the first column alone, or on all but the id, which they cover). The account
comes right after a narrower column (channel, parent, series, conference): a
tenant's query then matches two columns of that index and one of the
account's, so the planner (SQLite has no statistics here) reads only the
conference's rows, never the whole account's; the same holds for what a
conference is described with (tags, presenters, custom fields, webhook
subscriptions). A list's total is a count over the kind and phase filters: one
index holds all their columns, so the count reads the index and never the rows. The query plans are
checked by tests/test_list_indexes.py.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 03:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What a conference is described with (its tags, presenters, custom fields and
# webhook subscriptions), read by conference and account.
_BY_CONFERENCE = ("conference_tags", "presenters", "custom_fields", "webhook_subscriptions")
# name → (table, columns), as they were when this revision was written.
_NEW = {
    "ix_conferences_account_id_start_at_id": ("conferences", ["account_id", "start_at", "id"]),
    "ix_conferences_account_id_kind_phase": (
        "conferences",
        ["account_id", "kind", "status", "start_at", "end_at"],
    ),
    **{
        f"ix_conferences_{column}_account_id_start_at_id": (
            "conferences",
            [column, "account_id", "start_at", "id"],
        )
        for column in ("channel_id", "parent_id", "series_id")
    },
    "ix_registrations_conference_id_account_id_registered_at_id": (
        "registrations",
        ["conference_id", "account_id", "registered_at", "id"],
    ),
    **{
        f"ix_{table}_conference_id_account_id": (table, ["conference_id", "account_id"])
        for table in _BY_CONFERENCE
    },
}
_REPLACED = {
    "ix_conferences_account_id": ("conferences", ["account_id"]),
    "ix_conferences_account_id_start_at": ("conferences", ["account_id", "start_at"]),
    **{
        f"ix_conferences_{column}": ("conferences", [column])
        for column in ("channel_id", "parent_id", "series_id")
    },
    "ix_registrations_conference_id_registered_at": (
        "registrations",
        ["conference_id", "registered_at"],
    ),
    **{f"ix_{table}_conference_id": (table, ["conference_id"]) for table in _BY_CONFERENCE},
}


def upgrade() -> None:
    for name, (table, columns) in _NEW.items():
        op.create_index(name, table, columns)
    for name, (table, _) in _REPLACED.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for name, (table, columns) in _REPLACED.items():
        op.create_index(name, table, columns)
    for name, (table, _) in _NEW.items():
        op.drop_index(name, table_name=table)
