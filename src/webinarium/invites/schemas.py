"""Dialect-neutral invite input."""

from __future__ import annotations

from pydantic import BaseModel, Field

# How long an invite link works when the caller does not say.
DEFAULT_LIFETIME_SECONDS = 7 * 24 * 3600
MAX_LIFETIME_SECONDS = 10 * 366 * 24 * 3600


class InviteInput(BaseModel):
    """``None``: not given. A new registrant gets no name, no moderator rights;
    an existing one keeps what they have."""

    email: str
    # One display name ("Ada King Lovelace"): first word, then the rest.
    name: str | None = Field(default=None, max_length=201)
    lifetime_seconds: int = Field(default=DEFAULT_LIFETIME_SECONDS, ge=1, le=MAX_LIFETIME_SECONDS)
    # Whether to tell the person by e-mail (see `Invitation.notify`).
    notify: bool | None = None
    moderator: bool | None = None
    # An http(s) URL; blank is "not given". Kept as the photo of the person's
    # moderator role: an ordinary registrant has nowhere to keep one yet.
    avatar_url: str | None = None
