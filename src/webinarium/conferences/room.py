"""The room of a conference as its organiser sets it up: the organiser's own link
into the room, the images shown in it, and the e-mails sent to its attendees.

The seed of the host token is a column of the conference (the token is
derived from it); uploaded images are files of the file store (``files/store.py``)
named in the settings document; the rest is kept in the settings document
(``ConferenceSettings``) and changed through ``conferences.service``.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, get_args

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import row_of_link_token
from webinarium.conferences.errors import ConferenceNotFound, EmailAlwaysSent
from webinarium.conferences.schemas import (
    AttendeeEmail,
    AttendeeEmailKind,
    ConferenceChanges,
    ConferenceSettings,
    settings_of,
)
from webinarium.conferences.service import get_conference, update_conference
from webinarium.files.store import FileStore, file_url
from webinarium.kit.errors import InvalidInput
from webinarium.kit.security import link_token
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference
from webinarium.people.service import image_type

# The organiser's link


HOST_LINK = "host-link"


def host_token(secret_key: str, conference: Conference) -> str | None:
    """The token of the organiser's link (`kit.security.link_token`), derived
    from the conference's seed (``host_seed``), which the database keeps; None
    before the link was first asked for."""
    if conference.host_seed is None:
        return None
    return link_token(
        secret_key, HOST_LINK, conference.account_id, conference.id, conference.host_seed
    )


async def host_link(
    session: AsyncSession, account: Account, conference: Conference, address: str, secret_key: str
) -> str:
    """The organiser's (main moderator's) personal link into the room: the
    conference's address with a secret ``host`` token, whose seed is made the
    first time the link is asked for. Copies and recurring sessions do not take
    their source's seed (the column is not copied), and the token names the
    conference it was made for, so a token can never open another conference's
    room."""
    ensure_owned(account, conference)
    if conference.host_seed is None or not conference.host_seed.startswith(f"{conference.id}."):
        conference.host_seed = f"{conference.id}.{secrets.token_urlsafe(24)}"
        await session.flush()
    return f"{address}?host={host_token(secret_key, conference)}"


async def conference_for_host_token(
    session: AsyncSession, secret_key: str, token: str
) -> Conference:
    """The conference whose organiser's link carries ``token``, or
    `ConferenceNotFound`."""
    _, conference = await row_of_link_token(
        session,
        token,
        lambda account, conference_id: get_conference(session, account, conference_id),
        lambda conference: host_token(secret_key, conference),
        ConferenceNotFound("this organiser's link is not valid"),
    )
    return conference


# Images


async def store_image(
    session: AsyncSession, account: Account, files: FileStore, encoded: str
) -> str | None:
    """A Base64 image (bare, or a ``data:image/…;base64,`` URL) checked to be a
    JPEG or PNG within the size limit (``people.service.image_type``), stored in
    the file store: its file id. Blank means no image (None)."""
    text = encoded.strip()
    if not text:
        return None
    if text.startswith("data:"):
        header, _, text = text.partition(",")
        if not header.endswith(";base64"):
            raise InvalidInput("the image must be Base64-encoded")
    try:
        data = base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("the image is not valid Base64") from None
    stored = await files.save(session, account.id, data, image_type(data))
    return stored.id


def room_logo_url(settings: ConferenceSettings, base_url: str) -> str | None:
    """The logo shown in the room: an uploaded file, else the link a client gave."""
    if settings.room_logo_file_id is not None:
        return file_url(base_url, settings.room_logo_file_id)
    return settings.room_logo


def room_banner_url(settings: ConferenceSettings, base_url: str) -> str | None:
    if settings.room_banner_file_id is None:
        return None
    return file_url(base_url, settings.room_banner_file_id)


# E-mails to attendees

EMAIL_KINDS: tuple[AttendeeEmailKind, ...] = get_args(AttendeeEmailKind)
# Cannot be switched off on its own (switching all e-mails off stops it too): the
# one place this rule lives; MyOwnConference's document says it of its 1HOUR letter.
ALWAYS_SENT: frozenset[AttendeeEmailKind] = frozenset({"one_hour_before"})


@dataclass(frozen=True)
class AttendeeEmailState:
    kind: AttendeeEmailKind
    # Sent when its time comes: its own switch and the switch for all e-mails are on.
    # (Whether one was sent: `messaging.service.letters_sent`.)
    enabled: bool
    text: str


def own_switch(settings: ConferenceSettings, kind: AttendeeEmailKind) -> bool:
    """Whether this kind of e-mail is switched on by its own switch (the switch
    for all of them aside)."""
    if kind == "registration_confirmation":
        return settings.enable_registration_email
    if kind in ALWAYS_SENT:
        return True
    return settings.attendee_emails.get(kind, AttendeeEmail()).enabled


def attendee_emails(account: Account, conference: Conference) -> list[AttendeeEmailState]:
    ensure_owned(account, conference)
    settings = settings_of(conference)
    return [
        AttendeeEmailState(
            kind=kind,
            enabled=settings.send_attendee_emails and own_switch(settings, kind),
            text=settings.attendee_emails.get(kind, AttendeeEmail()).text,
        )
        for kind in EMAIL_KINDS
    ]


async def set_attendee_email(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    kind: AttendeeEmailKind,
    *,
    enabled: bool | None = None,
    text: str | None = None,
) -> Conference:
    """Switches one kind of e-mail on or off and/or sets its text ("" removes it)."""
    ensure_owned(account, conference)
    changes = attendee_email_changes(
        settings_of(conference),
        enabled={} if enabled is None else {kind: enabled},
        texts={} if text is None else {kind: text},
    )
    return await update_conference(
        session, account, conference.id, ConferenceChanges(settings=changes)
    )


def attendee_email_changes(
    settings: ConferenceSettings,
    *,
    enabled: Mapping[AttendeeEmailKind, bool],
    texts: Mapping[AttendeeEmailKind, str] | None = None,
) -> dict[str, Any]:
    """The settings changes (for `ConferenceChanges.settings`) that switch these
    kinds of e-mail on or off and set their texts ("" removes one), the other
    kinds as they are in ``settings``: for a caller that changes them together
    with other settings (the console's webinar form)."""
    for kind, on in enabled.items():
        if not on and kind in ALWAYS_SENT:
            raise EmailAlwaysSent(kind)
    emails = {k: v.model_dump() for k, v in settings.attendee_emails.items()}
    changes: dict[str, Any] = {}
    for kind, text in (texts or {}).items():
        emails.setdefault(kind, AttendeeEmail().model_dump())["text"] = text.strip()
    for kind, on in enabled.items():
        if kind == "registration_confirmation":
            changes["enable_registration_email"] = on
        else:
            emails.setdefault(kind, AttendeeEmail().model_dump())["enabled"] = on
    changes["attendee_emails"] = emails
    return changes


async def send_attendee_emails(
    session: AsyncSession, account: Account, conference: Conference, *, enabled: bool
) -> Conference:
    """The switch for every e-mail to the attendees; each kind keeps its own."""
    ensure_owned(account, conference)
    return await update_conference(
        session,
        account,
        conference.id,
        ConferenceChanges(settings={"send_attendee_emails": enabled}),
    )
