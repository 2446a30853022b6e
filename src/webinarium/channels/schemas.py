"""Dialect-neutral channel inputs."""

from __future__ import annotations

from pydantic import BaseModel


class OrganizerInput(BaseModel):
    email: str
    first_name: str | None = None
    last_name: str | None = None


class SubchannelDraft(BaseModel):
    """A channel under ``master_channel_id`` (an id or a URL of the account's
    channels); ``url`` is the new channel's URL segment, unique on the server."""

    master_channel_id: str
    name: str
    url: str
    organizer: OrganizerInput
    background_image_url: str | None = None
