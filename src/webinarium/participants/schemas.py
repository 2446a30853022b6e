"""Dialect-neutral participant filters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from webinarium.kit.text import SearchText


class ParticipantQuery(BaseModel):
    # A substring of the name ("first last") or the e-mail, any letter case.
    search: SearchText | None = None
    status: Literal["active", "pending", "banned"] | None = None
    imported: bool | None = None
    # Every participant has an e-mail: False matches nobody.
    with_email: bool | None = None
    group_id: str | None = None
    # Only the participants registered for this conference.
    conference_id: str | None = None
    # Participants who registered for or visited any of these conferences
    # (``involved=True``), or none of them (``involved=False``).
    conference_ids: list[str] | None = None
    involved: bool = True
    order_by: Literal["name", "email", "since"] = "name"
    descending: bool = False
