from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.kit.ids import new_client_code
from webinarium.kit.time import utcnow
from webinarium.models.base import Base, HasId, IdType, JSONType, enum_column_type
from webinarium.registrations.schemas import RegistrationApproval


class Registration(HasId, Base):
    """A person registered for a conference, with a personal enter link.

    ``enter_seed`` is random (not time-ordered): the token of the person's
    link is derived from it under the server's secret key
    (`registrations.service.enter_token`), so the database does not hold the token.
    ``answers`` maps a custom field's id (or, for a key that names no field
    of the conference, the key as sent) to the answer.
    """

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("conference_id", "person_id"),
        # Registrants of a conference, in (registered_at, id) order (migration 0010).
        Index(
            "ix_registrations_conference_id_account_id_registered_at_id",
            "conference_id",
            "account_id",
            "registered_at",
            "id",
        ),
    )

    account_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    conference_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("conferences.id", ondelete="CASCADE")
    )
    person_id: Mapped[str] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    enter_seed: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    source: Mapped[str | None] = mapped_column(String(255), default=None)
    referral_domain: Mapped[str | None] = mapped_column(String(255), default=None)
    tracking_code: Mapped[str | None] = mapped_column(String(255), default=None)
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    checked_in_at: Mapped[datetime | None] = mapped_column(default=None)
    # Who checked the registrant in (`kit.actors.Actor` as text: host, api, person:<id>).
    checked_in_by: Mapped[str | None] = mapped_column(String(80), default=None)
    # Boomstream's code of this invited user ("jJY1av1o").
    client_code: Mapped[str] = mapped_column(String(8), unique=True, default=new_client_code)
    # Set when access was withdrawn but the record kept (Boomstream's soft
    # client/delete): the enter link and invite tokens stop working.
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # The organiser's approval, when the webinar asks for it (`registrations.approval`).
    approval: Mapped[RegistrationApproval] = mapped_column(
        enum_column_type(RegistrationApproval, "registration_approval"),
        default=RegistrationApproval.APPROVED,
        server_default=RegistrationApproval.APPROVED.value,
    )
    # When the registrant gave the consent the webinar asks for
    # (``registration_consent_text``), on its registration page.
    consented_at: Mapped[datetime | None] = mapped_column(default=None)
