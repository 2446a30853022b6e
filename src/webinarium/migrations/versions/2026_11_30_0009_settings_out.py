"""settings out: webhook subscriptions, host token column, file store

Moves out of ``conferences.settings`` what is not a setting: BigMarker's outgoing
webhook fields become ``webhook_subscriptions`` rows, ``host_token`` a column,
the data-URL room images (``room_logo``, ``room_banner``) files of the file
store; the people's avatars leave the database for the file store too.
Downgrade puts everything back where it was.

Revision ID: 0009
Revises: 0008_moderator_rights
Create Date: 2026-11-30 02:30:00
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import context, op

import webinarium.models.base
from webinarium.kit.ids import new_id

revision: str = "0009"
down_revision: str | None = "0008_moderator_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# BigMarker's webhook fields as of this revision: label → (event type, URL key,
# switch key). "webhook_url" has no switch: it is on while it has a URL.
HOOKS: dict[str, tuple[str, str, str | None]] = {
    "webhook_url": ("registration.created", "webhook_url", None),
    "new_reg_webhook": ("registration.created", "new_reg_webhook_url", "enable_new_reg_webhook"),
    "webinar_start_webhook": (
        "conference.started",
        "webinar_start_webhook_url",
        "enable_webinar_start_webhook",
    ),
    "waiting_room_open_webhook": (
        "conference.waiting_room_opened",
        "waiting_room_open_webhook_url",
        "enable_waiting_room_open_webhook",
    ),
    "webinar_end_webhook": (
        "conference.ended",
        "webinar_end_webhook_url",
        "enable_webinar_end_webhook",
    ),
    "live_attendee_data_webhook": (
        "attendance.live_data",
        "live_attendee_data_webhook_url",
        "enable_live_attendee_data_webhook",
    ),
    "on_demand_viewer_webhook": (
        "recording.viewed",
        "on_demand_viewer_webhook_url",
        "enable_on_demand_viewer_webhook",
    ),
}
# Settings keys holding data URLs → the key naming the stored file instead.
IMAGES = {"room_logo": "room_logo_file_id", "room_banner": "room_banner_file_id"}

files = sa.table(
    "files",
    sa.column("id", sa.String),
    sa.column("account_id", sa.String),
    sa.column("content_type", sa.String),
    sa.column("size", sa.BigInteger),
    sa.column("sha256", sa.String),
    sa.column("file_name", sa.String),
    sa.column("created_at", webinarium.models.base.UTCDateTime()),
)
subscriptions = sa.table(
    "webhook_subscriptions",
    sa.column("id", sa.String),
    sa.column("account_id", sa.String),
    sa.column("conference_id", sa.String),
    sa.column("event_type", sa.String),
    sa.column("label", sa.String),
    sa.column("url", sa.Text),
    sa.column("enabled", sa.Boolean),
    sa.column("created_at", webinarium.models.base.UTCDateTime()),
)
conferences = sa.table(
    "conferences",
    sa.column("id", sa.String),
    sa.column("account_id", sa.String),
    sa.column("created_at", webinarium.models.base.UTCDateTime()),
    sa.column("settings", webinarium.models.base.JSONType),
    sa.column("host_token", sa.String),
)


def _files_root() -> Path:
    root: Path = context.config.attributes["files_root"]
    return root


def _store(connection: sa.Connection, account_id: str, data: bytes, content_type: str) -> str:
    file_id = new_id()
    root = _files_root()
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f"{file_id}.partial"
    partial.write_bytes(data)
    os.replace(partial, root / file_id)
    connection.execute(
        files.insert().values(
            id=file_id,
            account_id=account_id,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            file_name="",
            created_at=datetime.now(UTC),
        )
    )
    return file_id


def _load(connection: sa.Connection, file_id: str) -> tuple[bytes, str] | None:
    content_type = connection.scalar(sa.select(files.c.content_type).where(files.c.id == file_id))
    path = _files_root() / file_id
    if content_type is None or not path.is_file():
        return None
    return path.read_bytes(), content_type


def _data_url(value: Any) -> tuple[bytes, str] | None:
    if not isinstance(value, str) or not value.startswith("data:"):
        return None
    header, _, encoded = value.partition(",")
    return base64.b64decode(encoded), header[len("data:") :].removesuffix(";base64")


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("created_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_files_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_files")),
    )
    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_files_account_id"), ["account_id"], unique=False)

    op.create_table(
        "webhook_subscriptions",
        sa.Column("account_id", sa.String(length=20), nullable=False),
        sa.Column("conference_id", sa.String(length=20), nullable=True),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", webinarium.models.base.UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_webhook_subscriptions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_webhook_subscriptions_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscriptions")),
        sa.UniqueConstraint(
            "conference_id", "label", name=op.f("uq_webhook_subscriptions_conference_id_label")
        ),
    )
    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_subscriptions_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_subscriptions_conference_id"), ["conference_id"], unique=False
        )

    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("host_token", sa.String(length=64), nullable=True))

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("avatar_file_id", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_people_avatar_file_id_files"),
            "files",
            ["avatar_file_id"],
            ["id"],
            ondelete="SET NULL",
        )

    connection = op.get_bind()
    _settings_out(connection)
    _avatars_out(connection)

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("avatar_type")
        batch_op.drop_column("avatar")


def _settings_out(connection: sa.Connection) -> None:
    rows = connection.execute(
        sa.select(
            conferences.c.id,
            conferences.c.account_id,
            conferences.c.created_at,
            conferences.c.settings,
        ).order_by(conferences.c.id)
    ).all()
    for conference_id, account_id, created_at, settings in rows:
        kept = dict(settings or {})
        for label, (event_type, url_key, switch_key) in HOOKS.items():
            url = kept.pop(url_key, None)
            enabled = url is not None if switch_key is None else bool(kept.pop(switch_key, False))
            if url is None and not enabled:
                continue
            connection.execute(
                subscriptions.insert().values(
                    id=new_id(),
                    account_id=account_id,
                    conference_id=conference_id,
                    event_type=event_type,
                    label=label,
                    url=url,
                    enabled=enabled,
                    created_at=created_at,
                )
            )
        token = kept.pop("host_token", None)
        for key, file_key in IMAGES.items():
            image = _data_url(kept.get(key))
            if image is not None:
                del kept[key]
                kept[file_key] = _store(connection, account_id, *image)
        if kept != (settings or {}):
            connection.execute(
                conferences.update()
                .where(conferences.c.id == conference_id)
                .values(settings=kept, host_token=token)
            )


def _avatars_out(connection: sa.Connection) -> None:
    people = sa.table(
        "people",
        sa.column("id", sa.String),
        sa.column("account_id", sa.String),
        sa.column("avatar", sa.LargeBinary),
        sa.column("avatar_type", sa.String),
        sa.column("avatar_file_id", sa.String),
    )
    rows = connection.execute(
        sa.select(people.c.id, people.c.account_id, people.c.avatar, people.c.avatar_type).where(
            people.c.avatar.is_not(None)
        )
    ).all()
    for person_id, account_id, avatar, avatar_type in rows:
        file_id = _store(connection, account_id, bytes(avatar), avatar_type or "image/jpeg")
        connection.execute(
            people.update().where(people.c.id == person_id).values(avatar_file_id=file_id)
        )


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("avatar", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("avatar_type", sa.String(length=20), nullable=True))

    connection = op.get_bind()
    _settings_in(connection)
    _avatars_in(connection)
    for (file_id,) in connection.execute(sa.select(files.c.id)).all():
        (_files_root() / file_id).unlink(missing_ok=True)

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_people_avatar_file_id_files"), type_="foreignkey")
        batch_op.drop_column("avatar_file_id")

    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("host_token")

    with op.batch_alter_table("webhook_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_subscriptions_conference_id"))
        batch_op.drop_index(batch_op.f("ix_webhook_subscriptions_account_id"))
    op.drop_table("webhook_subscriptions")

    with op.batch_alter_table("files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_files_account_id"))
    op.drop_table("files")


def _settings_in(connection: sa.Connection) -> None:
    hooks: dict[str, list[tuple[str | None, str | None, bool]]] = {}
    for conference_id, label, url, enabled in connection.execute(
        sa.select(
            subscriptions.c.conference_id,
            subscriptions.c.label,
            subscriptions.c.url,
            subscriptions.c.enabled,
        ).where(subscriptions.c.conference_id.is_not(None))
    ).all():
        hooks.setdefault(conference_id, []).append((label, url, enabled))
    rows = connection.execute(
        sa.select(conferences.c.id, conferences.c.settings, conferences.c.host_token)
    ).all()
    for conference_id, settings, token in rows:
        restored = dict(settings or {})
        for label, url, enabled in hooks.get(conference_id, []):
            if label not in HOOKS:
                continue  # account-wide or later kinds of subscription: no setting held them
            _, url_key, switch_key = HOOKS[label]
            if url is not None:
                restored[url_key] = url
            if switch_key is not None and enabled:
                restored[switch_key] = True
        if token is not None:
            restored["host_token"] = token
        for key, file_key in IMAGES.items():
            file_id = restored.pop(file_key, None)
            image = _load(connection, file_id) if file_id else None
            if image is not None:
                data, content_type = image
                encoded = base64.b64encode(data).decode("ascii")
                restored[key] = f"data:{content_type};base64,{encoded}"
        if restored != (settings or {}):
            connection.execute(
                conferences.update()
                .where(conferences.c.id == conference_id)
                .values(settings=restored)
            )


def _avatars_in(connection: sa.Connection) -> None:
    people = sa.table(
        "people",
        sa.column("id", sa.String),
        sa.column("avatar", sa.LargeBinary),
        sa.column("avatar_type", sa.String),
        sa.column("avatar_file_id", sa.String),
    )
    rows = connection.execute(
        sa.select(people.c.id, people.c.avatar_file_id).where(people.c.avatar_file_id.is_not(None))
    ).all()
    for person_id, file_id in rows:
        image = _load(connection, file_id)
        if image is not None:
            connection.execute(
                people.update()
                .where(people.c.id == person_id)
                .values(avatar=image[0], avatar_type=image[1])
            )
