from __future__ import annotations

from webinarium.kit.errors import InvalidInput, NotFound


class GroupNotFound(NotFound):
    code = "group_not_found"


class ConferenceOver(InvalidInput):
    code = "conference_over"
