"""Account inputs."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ProfileChanges(BaseModel):
    """What a profile update may change; fields not sent stay as they are."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    language: str | None = Field(default=None, min_length=2, max_length=16)
    time_zone: str | None = None
    observes_dst: bool | None = None
    payment_gateway: str | None = Field(default=None, max_length=20)
    newsletter: bool | None = None
    company: str | None = Field(default=None, max_length=1000)
