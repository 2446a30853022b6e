"""link seeds: the enter and host link columns hold seeds, not tokens

``registrations.enter_token`` becomes ``enter_seed`` and ``conferences.host_token``
``host_seed``: the tokens of the links are now derived from these values under
the server's secret key (`kit.security.link_token`), so the database does not
hold them. Existing values are kept as the seeds: every registration and
conference keeps a link, whose token is the derived one.

Revision ID: 0011_link_seeds
Revises: 0010
Create Date: 2026-11-30 05:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011_link_seeds"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rename(old: str, new: str, *, unique: bool) -> None:
    table, old_column = old.split(".")
    new_column = new.split(".")[1]
    with op.batch_alter_table(table, schema=None) as batch_op:
        if unique:
            batch_op.drop_constraint(f"uq_{table}_{old_column}", type_="unique")
        batch_op.alter_column(old_column, new_column_name=new_column)
    if unique:
        # A batch of its own: SQLite's rebuild drops a constraint on a column
        # renamed in the same batch.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(f"uq_{table}_{new_column}", [new_column])


def upgrade() -> None:
    _rename("registrations.enter_token", "registrations.enter_seed", unique=True)
    _rename("conferences.host_token", "conferences.host_seed", unique=False)


def downgrade() -> None:
    _rename("conferences.host_seed", "conferences.host_token", unique=False)
    _rename("registrations.enter_seed", "registrations.enter_token", unique=True)
