from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType


class WebhookEndpoint(HasId, Base):
    """Webinarium's own webhook (`webhooks`): every domain event of the account
    (or those in ``event_types``; of one conference if ``conference_id``) is
    POSTed to ``url``, signed with ``secret``.

    ``conference_id`` is a filter, not a reference: the endpoint outlives the
    conference (and hears its ``conference.deleted``). After a rotation the
    ``previous_secret`` signs too until ``previous_secret_until``.
    ``failing_since``: the first failed attempt of the current streak (any 2xx
    ends it); ``failing_notified_at``: when that streak was announced.
    """

    __tablename__ = "webhook_endpoints"

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text)
    # None: every event type.
    event_types: Mapped[list[str] | None] = mapped_column(JSONType, default=None)
    conference_id: Mapped[str | None] = mapped_column(IdType, default=None)
    enabled: Mapped[bool] = mapped_column(default=True)
    # ``requested`` (the API), ``gone`` (the receiver answered 410), ``failing``.
    disabled_reason: Mapped[str | None] = mapped_column(String(20), default=None)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    secret: Mapped[str] = mapped_column(String(100))
    previous_secret: Mapped[str | None] = mapped_column(String(100), default=None)
    previous_secret_until: Mapped[datetime | None] = mapped_column(default=None)
    failing_since: Mapped[datetime | None] = mapped_column(default=None)
    failing_notified_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
