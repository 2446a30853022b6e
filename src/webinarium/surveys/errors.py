from __future__ import annotations

from webinarium.kit.errors import Conflict, DomainError, InvalidInput, NotFound


class QuestionNotFound(NotFound):
    code = "survey_question_not_found"


class SurveyAnswered(Conflict):
    """The questions of a survey someone answered stay as they were answered."""

    code = "survey_answered"


class AlreadyAnswered(Conflict):
    """A person answers a conference's survey once."""

    code = "already_answered"


class InvalidAnswer(InvalidInput):
    code = "invalid_answer"


class NotAnAttendee(DomainError):
    """The survey is for attendees: a presenter's, moderator's or host's ticket."""

    code = "forbidden"
