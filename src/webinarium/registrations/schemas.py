"""Dialect-neutral registration inputs and filters."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class RegistrationApproval(StrEnum):
    """Whether the organiser let the registration in (`registrations.approval`):
    ``pending`` while a webinar with ``registration_approval`` waits for them;
    a ``denied`` one is also revoked."""

    APPROVED = "approved"
    PENDING = "pending"
    DENIED = "denied"


class RegistrantInput(BaseModel):
    email: str
    first_name: str | None = None
    last_name: str | None = None
    # Answers keyed by custom field id or api name; other keys are kept as sent.
    answers: dict[str, Any] = Field(default_factory=dict)
    source: str | None = Field(default=None, max_length=255)
    custom_user_id: str | None = Field(default=None, max_length=255)
    referral_domain: str | None = Field(default=None, max_length=255)
    tracking_code: str | None = Field(default=None, max_length=255)
    # False: no confirmation mail for a new registration (a console import may ask so).
    send_confirmation: bool = True
    # When the registrant gave the consent the webinar asks for (its registration page).
    consented_at: datetime | None = None


class RegistrationQuery(BaseModel):
    registered_from: datetime | None = None
    registered_until: datetime | None = None
    checked_in_only: bool = False
    checked_in_from: datetime | None = None
    checked_in_until: datetime | None = None
    email: str | None = None
    person_id: str | None = None
    # Name or e-mail containing this (`people.repository.name_or_email_contains`).
    search: str | None = None
