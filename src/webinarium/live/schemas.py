"""The room's state, stored as JSON in ``Conference.room_state``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ShownPresentation(BaseModel):
    """A pre-loaded file (``ConferenceFile``) on the whiteboard, at a slide (from 1)."""

    file_id: str
    slide: int = Field(ge=1)
    # The file's URL as the APIs list it: what the room shows of a file whose
    # pages are not rendered (still fetching, not a PDF; `live.service.show_presentation`).
    url: str
    # The PDF's page count and the shown page's image (a file of the store), when
    # its pages are rendered (files/pages.py); kept so the room shows the page
    # even if the file is deleted meanwhile.
    pages: int | None = None
    image_id: str | None = None


class PlayingVideo(BaseModel):
    """A pre-loaded video file (or YouTube/Vimeo link) playing in the room: it was
    at ``position`` seconds at the moment ``at``, and plays on from there."""

    file_id: str
    url: str
    position: float = Field(default=0, ge=0)
    at: datetime


class RoomState(BaseModel):
    """What the room shows and allows right now.

    The locks apply to live participants only: moderators, presenters and virtual
    participants may always write, links included. The display area shows one
    thing at a time: starting a presentation stops the video and vice versa.
    """

    model_config = ConfigDict(extra="ignore")

    chat_locked: bool = False
    links_locked: bool = False
    presentation: ShownPresentation | None = None
    video: PlayingVideo | None = None


@dataclass(frozen=True)
class Presence:
    """One stay in the room (a ``Visit``): someone in it now while ``left_at`` is None."""

    visit_id: str
    name: str
    entered_at: datetime
    # None while still in the room.
    left_at: datetime | None
    # Set for a live person; None for a virtual participant.
    person_id: str | None
    # Set for a virtual participant (always shown as virtual).
    bot_id: str | None
    # "attendee" | "moderator" for a virtual participant; for a person, the role
    # the room let them in as (the organiser's host link is a "moderator"), None
    # for a visit recorded through an API.
    role: str | None
    email: str | None
    country: str | None

    @property
    def virtual(self) -> bool:
        return self.bot_id is not None
