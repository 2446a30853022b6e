"""Handouts in a conference's room: every view or download logged with who it
was (docs/room-protocol.md, "Handouts"); the list the room shows is
`content.service.handouts_data`.

The log is written by the room's command, in its transaction, and the reply
carries the URL the page opens. So one click is one row, whatever the browser
does with the URL afterwards (a PDF viewer asks for a file in several range
requests; a reload of it asks again): the URL itself logs nothing.

Which URL (`handout_url`, the one rule): a handout whose file is in the store
(fetched and ready) is served by this server, ``/files/{id}`` to view and
``/files/{id}?download=1`` to download (as an attachment); a web-page handout
(``link_url``) and a file not fetched (still fetching, failed, or not a file:
a video site's page) open their own URL. The store's URLs are paths on the
server that serves the room, so a page behind any proxy or address reaches
them.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.content import service
from webinarium.content.errors import HandoutNotFound
from webinarium.content.repository import ContentRepository
from webinarium.files import service as files
from webinarium.files.store import file_url
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference, FileState, Handout, HandoutLog, StoredFile
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person

HandoutAction = Literal["view", "download"]


def handout_url(handout: Handout, stored: StoredFile | None, action: HandoutAction) -> str:
    """Where the page goes to view or download ``handout`` (the module's rule)."""
    if handout.file_url is None:
        return handout.link_url or ""
    if stored is None or stored.state != FileState.READY:
        return handout.file_url
    url = file_url(service.SAME_SERVER, stored.id)
    return url + "?download=1" if action == "download" else url


async def as_they_are(session: AsyncSession, account: Account, member: Member) -> dict[str, Any]:
    """The columns of `models.room_person.AsTheyWere` for ``member`` now."""
    who: dict[str, Any] = {
        "member_id": member.member_id,
        "person_id": member.person_id,
        "name": member.name,
    }
    if member.person_id is not None:
        try:
            person = await find_person(session, account, person_id=member.person_id)
        except PersonNotFound:
            # Deleted while in the room: logged by the room's name alone.
            who["person_id"] = None
        else:
            who |= {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
            }
    return who


async def open_handout(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    handout_id: str,
    action: HandoutAction,
) -> str:
    """Logs ``member``'s view or download of the conference's handout; the URL
    to open. Another conference's handout is not found."""
    ensure_owned(account, conference)
    handout = await service.get_handout(session, account, handout_id)
    if handout.conference_id != conference.id:
        raise HandoutNotFound(f"no handout {handout_id.strip()} in this room")
    stored = await files.files_by_id(session, account.id, [handout.stored_file_id])
    await ContentRepository(session, account.id).add(
        HandoutLog(
            account_id=account.id,
            conference_id=conference.id,
            handout_id=handout.id,
            handout_title=handout.title,
            action=action,
            **await as_they_are(session, account, member),
        )
    )
    return handout_url(handout, stored.get(handout.stored_file_id or ""), action)
