from __future__ import annotations

from webinarium.kit.errors import NotFound


class QuestionNotFound(NotFound):
    """No such question in the room, or one the asker may not see."""

    code = "not_found"
