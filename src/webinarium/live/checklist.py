"""The go-live checklist of a conference: what its organiser checks before
starting it — the presenters are in the room, a camera is on, the webinar will
be recorded.

Read from what the room keeps: open visits (`live.service.online`), the
conference's presenters, the recording session (`media.recording`) and its
``auto_record`` setting. What is published is Janus's to say: the caller reads
the feeds first (`media.sessions.MediaRelay.feeds_now`, never inside a unit
that writes) and passes them with the media server's status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.schemas import settings_of
from webinarium.kit.tenancy import ensure_owned
from webinarium.live import service as live
from webinarium.media.janus import JanusStatus
from webinarium.media.recording import is_recording
from webinarium.models import Account, Conference
from webinarium.people.names import full_name
from webinarium.presenters.service import presenters_of

ItemKey = Literal["presenters", "camera", "recording"]
# The roles that present in the room (the organiser's host link is a moderator).
_STAFF_ROLES = frozenset({"presenter", "moderator"})


@dataclass(frozen=True)
class ChecklistItem:
    key: ItemKey
    label: str
    ready: bool
    # One sentence: what is so now, and what to do when it is not ready.
    summary: str


@dataclass(frozen=True)
class GoLiveChecklist:
    items: list[ChecklistItem]

    @property
    def ready(self) -> bool:
        return all(item.ready for item in self.items)

    def as_json(self) -> dict[str, Any]:
        return {"ready": self.ready, "items": [asdict(item) for item in self.items]}


async def go_live_checklist(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    media_status: JanusStatus,
    feeds: Sequence[dict[str, Any]],
) -> GoLiveChecklist:
    """The checklist now; ``feeds`` are the room's published feeds (the
    protocol's Feed objects) read from Janus just before."""
    ensure_owned(account, conference)
    return GoLiveChecklist(
        [
            await _presenters(session, account, conference),
            _camera(media_status, feeds),
            await _recording(session, account, conference, media_status),
        ]
    )


async def _presenters(
    session: AsyncSession, account: Account, conference: Conference
) -> ChecklistItem:
    presenters = await presenters_of(session, account, conference)
    in_room = [
        p
        for p in await live.online(session, account, conference)
        if not p.virtual and p.role in _STAFF_ROLES
    ]
    present_ids = {p.person_id for p in in_room}
    label = "Presenters in the room"
    if not presenters:
        if in_room:
            names = ", ".join(p.name for p in in_room)
            return ChecklistItem(
                "presenters", label, True, f"No presenters added; hosting: {names}."
            )
        return ChecklistItem(
            "presenters", label, False, "Nobody is in the room to present yet: enter it as host."
        )
    missing = [p.person for p in presenters if p.person.id not in present_ids]
    arrived = len(presenters) - len(missing)
    summary = f"{arrived} of {len(presenters)} presenters in the room"
    if missing:
        waiting = ", ".join(full_name(person) or person.email for person in missing)
        return ChecklistItem("presenters", label, False, f"{summary}; not yet: {waiting}.")
    return ChecklistItem("presenters", label, True, f"{summary}.")


def _camera(media_status: JanusStatus, feeds: Sequence[dict[str, Any]]) -> ChecklistItem:
    label = "Camera"
    if media_status == JanusStatus.UNAVAILABLE:
        return ChecklistItem(
            "camera", label, False, "Media server not installed: the room has no live video."
        )
    if media_status == JanusStatus.DOWN:
        return ChecklistItem("camera", label, False, "The media server does not answer right now.")
    cameras = [f for f in feeds if f.get("kind") == "camera" and f.get("video")]
    if not cameras:
        return ChecklistItem("camera", label, False, "No camera is on in the room yet.")
    names = ", ".join(dict.fromkeys(str(f.get("name", "")) for f in cameras))
    return ChecklistItem("camera", label, True, f"Camera on: {names}.")


async def _recording(
    session: AsyncSession, account: Account, conference: Conference, media_status: JanusStatus
) -> ChecklistItem:
    label = "Recording"
    if await is_recording(session, account, conference):
        return ChecklistItem("recording", label, True, "Recording now.")
    if media_status == JanusStatus.UNAVAILABLE:
        return ChecklistItem(
            "recording", label, False, "Recording needs the media server, which is not installed."
        )
    if settings_of(conference).auto_record:
        return ChecklistItem(
            "recording", label, True, "Automatic recording starts when the webinar starts."
        )
    return ChecklistItem(
        "recording",
        label,
        False,
        "Not recording: turn on automatic recording, or start recording in the room.",
    )
