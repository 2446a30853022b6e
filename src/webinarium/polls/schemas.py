"""Dialect-neutral poll inputs and the typed options document of a poll.

Fields a caller did not send stay out of ``model_fields_set`` and leave the poll
as it is on update. Times without a zone are wall-clock times of the poll's
conference.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class SelectionMethod(StrEnum):
    SINGLE = "single"  # one choice
    MULTI = "multi"  # one or more choices
    SCORE = "score"  # a score from SCORE_MIN to SCORE_MAX, no choices
    SHORT_ANSWER = "short_answer"  # a text, no choices


WITH_CHOICES = {SelectionMethod.SINGLE, SelectionMethod.MULTI}
MIN_CHOICES = 2
CHOICE_MAX = 500  # poll_choices.choice is String(500)
SCORE_MIN = 1
SCORE_MAX = 10
ANSWER_MAX = 1000


class PollStatus(StrEnum):
    QUEUE = "queue"
    OPEN = "open"
    CLOSED = "closed"
    REOPENED = "reopened"


OPEN_STATUSES = {PollStatus.OPEN, PollStatus.REOPENED}

PollAction = Literal["open", "close", "reopen"]


class PollOptions(BaseModel):
    """The display switches of a poll, stored as its ``options`` JSON document.

    Names are BigMarker's (the richest vocabulary we speak). Every switch is off
    unless set, except ``attendee_can_view_poll_results``, which starts as the
    conference's ``can_view_poll_results`` (itself true by default).
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    set_display_question: bool = False
    display_question: str | None = None
    # Multi polls: how many choices one attendee may pick at most (None: any number).
    attendee_can_select_answer_number: int | None = Field(default=None, ge=1)
    allow_answer_poll_on_landing_page: bool = False
    allow_user_to_skip_poll: bool = False
    display_as_slide_out: bool = False
    attendee_can_view_poll_results: bool = True
    show_in_recording_player: bool = False


OPTION_NAMES = tuple(PollOptions.model_fields)


def _clean_choices(values: list[str]) -> list[str]:
    cleaned = [value.strip() for value in values]
    if any(not value for value in cleaned):
        raise ValueError("a choice must not be blank")
    if any(len(value) > CHOICE_MAX for value in cleaned):
        raise ValueError(f"a choice must be at most {CHOICE_MAX} characters")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError("choices must be different from each other")
    return cleaned


def _clean_question(value: str) -> str:
    if not value.strip():
        raise ValueError("the question must not be blank")
    return value.strip()


Question = Annotated[str, AfterValidator(_clean_question)]
Choices = Annotated[list[str], AfterValidator(_clean_choices)]


class PollDraft(BaseModel):
    conference_id: str
    question: Question
    selection_method: SelectionMethod = SelectionMethod.SINGLE
    # In display order; single and multi polls need at least MIN_CHOICES.
    choices: Choices = Field(default_factory=list)
    close_at: datetime | None = None
    # Values for PollOptions fields; the others keep their defaults.
    options: dict[str, object] = Field(default_factory=dict)


class PollChanges(BaseModel):
    question: Question | None = None
    selection_method: SelectionMethod | None = None
    # The whole new list, in display order (see service.update_poll).
    choices: Choices | None = None
    # Given as None: the poll has no close time any more.
    close_at: datetime | None = None
    options: dict[str, object] = Field(default_factory=dict)


class Ballot(BaseModel):
    """One voter's answer: choice ids (single: one, multi: several), a score, or a text."""

    choice_ids: list[str] = Field(default_factory=list)
    score: int | None = None
    answer: str | None = None
