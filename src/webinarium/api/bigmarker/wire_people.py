"""BigMarker's response shapes for people around a conference or a channel:
presenters and channel admins. Documented fields first, in the document's
order, then the switches a client may have set, so what it wrote can be read
back."""

from __future__ import annotations

from typing import Any

from webinarium.channel_admins.schemas import ChannelAdminDetails
from webinarium.presenters.schemas import OPTION_NAMES, PresenterDetails
from webinarium.presenters.service import presenter_link


def presenter(
    secret_key: str, conference_address: str, details: PresenterDetails
) -> dict[str, Any]:
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
        # The presenter's personal link into the room (presenters.service).
        "presenter_url": presenter_link(secret_key, conference_address, p),
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
