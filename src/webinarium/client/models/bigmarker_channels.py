"""BigMarker v1's answers about channels and what hangs on them (docs/bigmarker.md):
subscribers, channel admins, categories, meeting spaces, block lists, polls and
the login. The document's field names; every field optional (a server may
leave some out and add more, kept as extra)."""

from __future__ import annotations

from webinarium.client.models._base import Model


class Subscriber(Model):
    """A channel's subscriber: List Subscribers' and Add a Subscriber's fields."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    bmid: str | None = None


class Result(Model):
    """What a call that changes something answers when the document shows no
    record: ``{"success": "…"}`` (the removals), or ``{"status": "success",
    "message": "…"}`` (Open polls)."""

    success: str | None = None
    status: str | None = None
    message: str | None = None
