"""presenter links: a seed per presenter, from which the token of their
personal link into the room is derived (`presenters.service.presenter_token`).

Existing presenters get a random seed each: their links (BigMarker
``presenter_url``, MyOwnConference ``moderatorLink``) named the presenter
without a token before, and such a link no longer opens anything.

Revision ID: 0013_presenter_links
Revises: 0012
Create Date: 2026-11-30 09:00:00
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_presenter_links"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_presenters = sa.table("presenters", sa.column("id", sa.String), sa.column("link_seed", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("presenters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_seed", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    ids = connection.execute(sa.select(_presenters.c.id)).scalars().all()
    for presenter_id in ids:
        connection.execute(
            _presenters.update()
            .where(_presenters.c.id == presenter_id)
            .values(link_seed=secrets.token_urlsafe(32))
        )
    with op.batch_alter_table("presenters", schema=None) as batch_op:
        batch_op.alter_column("link_seed", existing_type=sa.String(length=64), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("presenters", schema=None) as batch_op:
        batch_op.drop_column("link_seed")
