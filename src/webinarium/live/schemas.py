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
    """The video in the room: a pre-loaded file (``file_id``) or a link given in
    the room (``file_id`` None); ``url`` is what clients play. It was at
    ``position`` seconds at the moment ``at`` and plays on from there, unless
    ``paused`` (then it stays at ``position``)."""

    file_id: str | None = None
    url: str
    position: float = Field(default=0, ge=0)
    at: datetime
    paused: bool = False

    def position_at(self, moment: datetime) -> float:
        """Where the video is at ``moment``: the one rule of the room's clock for
        videos (a later joiner, a pause and a stop all read it)."""
        if self.paused:
            return self.position
        played = max((moment - self.at).total_seconds(), 0.0)
        return round(self.position + played, 3)


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
