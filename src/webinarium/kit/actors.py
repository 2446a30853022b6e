"""Who did something: recorded with status changes and carried by their events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ActorKind = Literal["api", "person", "host", "user", "scheduler", "system"]


@dataclass(frozen=True)
class Actor:
    """``api``: a call with the account's API key (keys belong to the account, not
    to a person); ``person``: someone in the room or console, by person id;
    ``host``: the organiser in the room through the host link (no person id);
    ``user``: a user signed in to the organiser console, by user id;
    ``scheduler``: the webinar's clock; ``system``: the server itself."""

    kind: ActorKind
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}" if self.id else self.kind


API = Actor("api")
SCHEDULER = Actor("scheduler")
