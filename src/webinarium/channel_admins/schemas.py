"""Dialect-neutral channel admin inputs. ``None`` means "not given"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from webinarium.models import ChannelAdmin, Person
from webinarium.people.names import NAME_MAX

AdminStatus = Literal["active", "paused"]


class ChannelAdminChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(default=None, max_length=NAME_MAX)
    last_name: str | None = Field(default=None, max_length=NAME_MAX)
    photo_url: str | None = Field(default=None, max_length=2048)
    remove_photo: bool = False
    title: str | None = Field(default=None, max_length=200)
    bio: str | None = Field(default=None, max_length=10_000)
    status: AdminStatus | None = None


class ChannelAdminDraft(ChannelAdminChanges):
    channel_id: str
    email: str


@dataclass(frozen=True)
class ChannelAdminDetails:
    """A channel admin with the person administering."""

    admin: ChannelAdmin
    person: Person
