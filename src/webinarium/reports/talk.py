"""Reports of what was said in a conference's room and who ran it: the chat
and Q&A transcripts, and the presenters' activity (the webinar started,
ended). Dialect-neutral rows; each page is read with one query for its rows,
one for its count and one for the people named on it, however long it is.

Who wrote what: a line of a person is theirs (``person_id``); a line of the
organiser through the host link has no person and is the account's own
(``HOST``); virtual participants' lines are not in the transcripts (they are
not attendees)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import HOST_MEMBER_ID
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.conferences.service import get_conference
from webinarium.kit.pagination import MAX_PER_PAGE, Page, PageRequest
from webinarium.models import (
    Account,
    Conference,
    ConferenceStatusChange,
    Person,
    Question,
)
from webinarium.people.names import split_full_name
from webinarium.people.service import people_by_id
from webinarium.reports.talk_repository import TalkReportRepository


@dataclass(frozen=True)
class Author:
    """Who wrote a line: ``person_id`` None for the organiser's host link."""

    person_id: str | None
    email: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class ChatLine:
    author: Author
    text: str
    sent_at: datetime
    # To the hosts only (chat.send with to "moderators").
    private: bool


@dataclass(frozen=True)
class Answer:
    author: Author
    text: str
    sent_at: datetime


@dataclass(frozen=True)
class QuestionLine:
    author: Author
    text: str
    sent_at: datetime
    answers: list[Answer]


@dataclass(frozen=True)
class Activity:
    """``kind``: start_webinar | end_webinar. ``by``: the person's or the
    organiser's e-mail, None when the webinar's clock or an API key did it."""

    kind: str
    at: datetime
    by: str | None


async def chat_transcript(
    session: AsyncSession, account: Account, conference_id: str, request: PageRequest
) -> tuple[Conference, Page[ChatLine]]:
    """The conference's chat, oldest first: public lines and private lines to
    the hosts; not deleted lines, not virtual participants' lines."""
    conference = await get_conference(session, account, conference_id)
    repository = TalkReportRepository(session, account.id)
    rows, total = await repository.chat_page(conference.id, request)
    authors = await _authors(session, account, (row.person_id for row in rows))
    lines = [
        ChatLine(
            _author(account, authors, row.person_id, row.author_name),
            row.text,
            row.created_at,
            row.recipient is not None,
        )
        for row in rows
    ]
    return conference, Page(lines, request, total)


async def qa_transcript(
    session: AsyncSession, account: Account, conference_id: str, request: PageRequest
) -> tuple[Conference, Page[QuestionLine]]:
    """The conference's questions, oldest first, each with its answer; not the
    questions a moderator dismissed (they were taken out of the room)."""
    conference = await get_conference(session, account, conference_id)
    repository = TalkReportRepository(session, account.id)
    rows, total = await repository.question_page(conference.id, request)
    named = [row.person_id for row in rows]
    named += [_answerer_person(row) for row in rows]
    authors = await _authors(session, account, named)
    lines = [
        QuestionLine(
            _author(account, authors, row.person_id, row.author_name),
            row.text,
            row.created_at,
            _answers(account, authors, row),
        )
        for row in rows
    ]
    return conference, Page(lines, request, total)


async def everything(
    session: AsyncSession, account: Account, conference: Conference
) -> tuple[list[ChatLine], list[QuestionLine]]:
    """Every chat line and question, read a page of the largest size at a time."""
    chat: list[ChatLine] = []
    questions: list[QuestionLine] = []
    page_number = 1
    while True:
        request = PageRequest(page_number, MAX_PER_PAGE)
        _, chat_page = await chat_transcript(session, account, conference.id, request)
        _, question_page = await qa_transcript(session, account, conference.id, request)
        chat += chat_page.items
        questions += question_page.items
        if page_number >= max(chat_page.total_pages, question_page.total_pages):
            return chat, questions
        page_number += 1


async def activity_log(
    session: AsyncSession, account: Account, conference_id: str
) -> list[Activity]:
    """When the webinar went live and ended, and who did it, oldest first
    (`conferences.lifecycle` keeps every status change with its actor)."""
    conference = await get_conference(session, account, conference_id)
    kinds = {ConferenceStatus.LIVE: "start_webinar", ConferenceStatus.ENDED: "end_webinar"}
    changes = await TalkReportRepository(session, account.id).status_changes(conference.id, kinds)
    people = await _authors(session, account, (_actor_person(c.actor) for c in changes))
    return [
        Activity(kinds[change.to_status], change.changed_at, _actor_email(account, people, change))
        for change in changes
    ]


async def _authors(
    session: AsyncSession, account: Account, person_ids: Iterable[str | None]
) -> dict[str, Person]:
    wanted = {person_id for person_id in person_ids if person_id}
    return await people_by_id(session, account, wanted) if wanted else {}


def _author(
    account: Account, people: dict[str, Person], person_id: str | None, name: str
) -> Author:
    person = people.get(person_id) if person_id else None
    if person is not None:
        return Author(person.id, person.email, person.first_name, person.last_name)
    # The organiser's host link, or a person erased since: the name they wrote under.
    first, last = split_full_name(name)
    return Author(None, account.email if person_id is None else "", first, last)


def _answerer_person(question: Question) -> str | None:
    member = question.answered_by_member_id
    return None if member in (None, HOST_MEMBER_ID) else member


def _answers(account: Account, people: dict[str, Person], question: Question) -> list[Answer]:
    if question.answer is None or question.answered_at is None:
        return []
    author = _author(account, people, _answerer_person(question), question.answered_by_name or "")
    return [Answer(author, question.answer, question.answered_at)]


def _actor_person(actor: str) -> str | None:
    kind, _, person_id = actor.partition(":")
    return person_id if kind == "person" and person_id else None


def _actor_email(
    account: Account, people: dict[str, Person], change: ConferenceStatusChange
) -> str | None:
    if change.actor == "host":
        return account.email
    person = people.get(_actor_person(change.actor) or "")
    return person.email if person is not None else None
