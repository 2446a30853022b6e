"""BigMarker's response shapes for people around a conference or a channel:
presenters and channel admins. Documented fields first, in the document's
order, then the switches a client may have set, so what it wrote can be read
back."""

from __future__ import annotations

from typing import Any

from webinarium.channel_admins.schemas import ChannelAdminDetails
from webinarium.presenters.schemas import OPTION_NAMES, PresenterDetails


def presenter_url(conference_address: str, details: PresenterDetails) -> str:
    """The presenter on the conference's page. It names the presenter and grants
    nothing: it is not an enter link."""
    return f"{conference_address}?presenter={details.presenter.id}"


def presenter(conference_address: str, details: PresenterDetails) -> dict[str, Any]:
    p, person = details.presenter, details.person
    body: dict[str, Any] = {
        "presenter_id": p.id,
        "member_id": person.id,
        "conference_id": p.conference_id,
        "display_name": p.display_name,
        "display_on_landing_page": p.display_on_landing_page,
        "presenter_image_url": p.photo_url,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "presenter_url": presenter_url(conference_address, details),
        # No telephone bridge yet.
        "presenter_dial_in_number": None,
        "presenter_dial_in_id": None,
        "presenter_dial_in_passcode": None,
        "title": p.title,
        "bio": p.bio,
        "can_manage": p.can_manage,
        "is_moderator": p.is_moderator,
    }
    options = details.options
    body.update({name: getattr(options, name) for name in OPTION_NAMES})
    return body


def channel_admin(details: ChannelAdminDetails) -> dict[str, Any]:
    a, person = details.admin, details.person
    return {
        "admin_id": a.id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "bio": a.bio,
        "title": a.title,
        "status": a.status,
        "bmid": person.id,
        "email": person.email,
        "photo_url": a.photo_url,
        "channel_id": a.channel_id,
    }
