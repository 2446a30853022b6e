"""moderator rights put people on the moderator list

A presenter with ``is_moderator`` (BigMarker's moderator) now makes the person a
moderator of the account (`moderators.rights`); people given the right before
get their moderator row here. The account's own address, the primary
moderator, is never on the list.

Revision ID: 0008_moderator_rights
Revises: 0007
Create Date: 2026-11-30 02:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow

revision: str = "0008_moderator_rights"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_accounts = sa.table("accounts", sa.column("id", sa.String), sa.column("email", sa.String))
_people = sa.table(
    "people",
    sa.column("id", sa.String),
    sa.column("account_id", sa.String),
    sa.column("email", sa.String),
)
_presenters = sa.table(
    "presenters",
    sa.column("account_id", sa.String),
    sa.column("person_id", sa.String),
    sa.column("is_moderator", sa.Boolean),
)
_moderators = sa.table(
    "moderators",
    sa.column("id", sa.String),
    sa.column("account_id", sa.String),
    sa.column("person_id", sa.String),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    listed = sa.select(_moderators.c.person_id).where(
        _moderators.c.account_id == _presenters.c.account_id
    )
    rows = connection.execute(
        sa.select(_presenters.c.account_id, _presenters.c.person_id)
        .distinct()
        .join(_people, _people.c.id == _presenters.c.person_id)
        .join(_accounts, _accounts.c.id == _presenters.c.account_id)
        .where(
            _presenters.c.is_moderator.is_(True),
            sa.func.lower(_people.c.email) != sa.func.lower(sa.func.trim(_accounts.c.email)),
            _presenters.c.person_id.not_in(listed),
        )
        .order_by(_presenters.c.account_id, _presenters.c.person_id)
    ).all()
    now = utcnow().replace(tzinfo=None)  # UTCDateTime stores naive UTC
    for account_id, person_id in rows:
        connection.execute(
            _moderators.insert().values(
                id=new_id(), account_id=account_id, person_id=person_id, created_at=now
            )
        )


def downgrade() -> None:
    # Nothing to undo in the schema; the rows added are valid at the revision before.
    pass
