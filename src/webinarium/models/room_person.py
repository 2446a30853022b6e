from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webinarium.models.base import IdType


class AsTheyWere:
    """Who did something in the room, as they were at that moment: the reports
    (BigMarker's ``handout_download_data``, ``offer_transcript``) show the name
    and e-mail of then, and a person renamed or deleted later changes nothing
    here. ``member_id`` is the room's (a person's id, ``host`` for the
    organiser's link); ``person_id`` is None for the host link."""

    member_id: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[str | None] = mapped_column(
        IdType, ForeignKey("people.id", ondelete="SET NULL"), default=None, index=True
    )
    # The room's name of the member: "first last".
    name: Mapped[str] = mapped_column(String(240), default="")
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
