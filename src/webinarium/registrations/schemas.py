"""Dialect-neutral registration inputs and filters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


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


class RegistrationQuery(BaseModel):
    registered_from: datetime | None = None
    registered_until: datetime | None = None
    checked_in_only: bool = False
    checked_in_from: datetime | None = None
    checked_in_until: datetime | None = None
    email: str | None = None
    person_id: str | None = None
