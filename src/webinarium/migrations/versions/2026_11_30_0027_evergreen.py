"""evergreen webinars: the conference kinds evergreen_parent and evergreen_child
(the kind's CHECK constraint rebuilt; the schedule lives in the settings
document, the sessions point at their parent with parent_id)

Revision ID: 0027_evergreen
Revises: 0026_scheduler
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0027_evergreen"
down_revision: str | None = "0026_scheduler"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The values as they are at this revision and before it, as SQL (a migration
# never reads the models). The column's length (16) holds the new ones.
_BEFORE = "('webinar', 'recurring_parent', 'recurring_child', 'meeting_space', 'series')"
_AFTER = (
    "('webinar', 'recurring_parent', 'recurring_child', 'meeting_space', 'series',"
    " 'evergreen_parent', 'evergreen_child')"
)


def _kinds(values: str) -> None:
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_conferences_conference_kind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_conferences_conference_kind"), f"kind IN {values}"
        )


def upgrade() -> None:
    _kinds(_AFTER)


def downgrade() -> None:
    # Evergreen webinars cannot be kept as any other kind: they go, with their
    # sessions (parent_id cascades).
    op.execute("DELETE FROM conferences WHERE kind IN ('evergreen_child', 'evergreen_parent')")
    _kinds(_BEFORE)
