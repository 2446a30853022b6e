"""MyOwnConference value conventions: YES/NO flags in any case, numbers as
strings, times "YYYY-MM-DD HH:MM:SS" on the profile's clock."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

from webinarium.api.params import yes_no_word
from webinarium.kit.time import offset_minutes, wall_clock
from webinarium.models import Conference
from webinarium.people.names import refuse_forbidden_characters

# An e-mail address as the document limits it: 6 to 128 characters.
Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=6, max_length=128)]


def upper_word(value: Any) -> Any:
    """A word compared in capitals (a type, a status); other values as they are."""
    return value.strip().upper() if isinstance(value, str) else value


def lower_word(value: Any) -> Any:
    """A word compared in small letters (a language, a mode)."""
    return value.strip().lower() if isinstance(value, str) else value


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        flag = yes_no_word(value)
        if flag is None:
            raise ValueError("must be YES or NO")
        return flag
    return value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def yes_no(flag: bool) -> str:
    return "YES" if flag else "NO"


def local_time(moment: datetime | None, time_zone: str) -> str | None:
    if moment is None:
        return None
    return wall_clock(moment, time_zone, seconds=True)


def valid_person_name(value: str, maximum: int = 64) -> str:
    """The document's rule for names: 2 to ``maximum`` characters, none of
    `people.names.FORBIDDEN_NAME_CHARACTERS`."""
    value = value.strip()
    if not 2 <= len(value) <= maximum:
        raise ValueError(f"must be 2 to {maximum} characters long")
    return refuse_forbidden_characters(value)


PersonName = Annotated[str, AfterValidator(valid_person_name)]


def room_fields(conference: Conference) -> dict[str, str]:
    """A webinar as moderatorsRooms and attendeesRooms list it (each adds its link):
    times on the webinar's own clock, which ``timezone`` gives in minutes."""
    return {
        "alias": conference.alias,
        "name": conference.title,
        "description": conference.purpose,
        "start": local_time(conference.start_at, conference.time_zone) or "",
        "timezone": str(offset_minutes(conference.time_zone, conference.start_at)),
        "duration": str(conference.duration_minutes),
    }
