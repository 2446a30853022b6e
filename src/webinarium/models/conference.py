from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.conferences.schemas import ConferenceKind, ConferenceStatus
from webinarium.kit.ids import new_alias, new_uuid
from webinarium.models.base import Base, HasId, HasTimestamps, IdType, JSONType, enum_column_type


class Conference(HasId, HasTimestamps, Base):
    """A webinar in any of its shapes (see ``conferences.schemas.ConferenceKind``).

    Recurring children point at their parent with ``parent_id``; sessions of a
    series point at the series (itself a conference of kind ``series``) with
    ``series_id``. The schedule is stored in UTC (``start_at``/``end_at``) with the
    organiser's IANA ``time_zone``. Settings that no query filters on live in the
    typed JSON document ``settings`` (``conferences.schemas.ConferenceSettings``).
    """

    __tablename__ = "conferences"
    __table_args__ = (
        UniqueConstraint("channel_id", "sub_url"),
        UniqueConstraint("account_id", "number"),
        # Listings page in (start_at, id) order within an account, a channel, a
        # recurring parent or a series: each walks its index in order and stops
        # after the page (migration 0010). With the account second, the tenant's
        # query has two equal columns here, so the planner prefers these to the
        # account's own index.
        Index("ix_conferences_account_id_start_at_id", "account_id", "start_at", "id"),
        Index(
            "ix_conferences_channel_id_account_id_start_at_id",
            "channel_id",
            "account_id",
            "start_at",
            "id",
        ),
        Index(
            "ix_conferences_parent_id_account_id_start_at_id",
            "parent_id",
            "account_id",
            "start_at",
            "id",
        ),
        Index(
            "ix_conferences_series_id_account_id_start_at_id",
            "series_id",
            "account_id",
            "start_at",
            "id",
        ),
        # The scheduler's look across accounts: conferences of a status whose
        # start (or end, which follows it) comes by (scheduler/repository.py).
        Index("ix_conferences_status_start_at", "status", "start_at"),
        # Holds every column of the kind and phase filters, so a list's total
        # (count over the filter) reads this index alone, never the rows.
        Index(
            "ix_conferences_account_id_kind_phase",
            "account_id",
            "kind",
            "status",
            "start_at",
            "end_at",
        ),
    )

    account_id: Mapped[str] = mapped_column(IdType, ForeignKey("accounts.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(IdType, ForeignKey("channels.id", ondelete="CASCADE"))
    kind: Mapped[ConferenceKind] = mapped_column(
        enum_column_type(ConferenceKind, "conference_kind")
    )
    format: Mapped[str] = mapped_column(String(20), default="webinar")
    parent_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE"), default=None
    )
    series_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="SET NULL"), default=None
    )
    # No foreign key: a copy outlives the conference it was copied from.
    copied_from_id: Mapped[str | None] = mapped_column(IdType, default=None)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    sub_url: Mapped[str] = mapped_column(String(100))
    start_at: Mapped[datetime]
    # The length of one session. ``end_at`` is when the whole conference is over:
    # start + duration for a webinar, the last session's end for a recurring
    # webinar, the event's end for a series. Stored because listings filter on it.
    duration_minutes: Mapped[int]
    end_at: Mapped[datetime]
    time_zone: Mapped[str] = mapped_column(String(64))
    privacy: Mapped[str] = mapped_column(String(10), default="public")
    # Changed only by conferences.lifecycle, which records each change.
    status: Mapped[ConferenceStatus] = mapped_column(
        enum_column_type(ConferenceStatus, "conference_status"), default=ConferenceStatus.SCHEDULED
    )
    max_attendance: Mapped[int] = mapped_column(default=100)
    recorded: Mapped[bool] = mapped_column(default=False)
    first_admin_enter_at: Mapped[datetime | None] = mapped_column(default=None)
    manual_end_at: Mapped[datetime | None] = mapped_column(default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The seed of the organiser's own link into the room, "<conference id>.<random>":
    # the link's token is derived from it (conferences.room.host_token); made the
    # first time the link is asked for, never copied.
    host_seed: Mapped[str | None] = mapped_column(String(64), default=None)
    # The seed of the registration webhook URL's token (webhooks.inbound): set
    # when the organiser replaces the URL (the old one stops); until then the
    # conference's id stands in. Never copied.
    registration_webhook_seed: Mapped[str | None] = mapped_column(String(64), default=None)
    # MyOwnConference's identifier of the same conference ("abcd-efgh-ijkl-mnop").
    alias: Mapped[str] = mapped_column(String(19), unique=True, default=new_alias)
    # Boomstream's identifier of the same conference (a UUID), and its number
    # within the account (Boomstream's codeConference), given by the repository.
    code: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    number: Mapped[int] = mapped_column(BigInteger)
    # What the room shows and allows right now (chat and link locks, the
    # presentation and slide, the video playing), kept across restarts.
    room_state: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
