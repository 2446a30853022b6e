"""The survey's rules: questions replaced as a whole until someone answers;
one answer set per person, each answer checked against its question."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.conferences.service import get_conference
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.live.journal import timestamp
from webinarium.models import Account, Conference, Person, SurveyAnswer, SurveyQuestion
from webinarium.people.service import find_person
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.service import get_registration
from webinarium.surveys.errors import (
    AlreadyAnswered,
    InvalidAnswer,
    NotAnAttendee,
    QuestionNotFound,
    SurveyAnswered,
)
from webinarium.surveys.repository import SurveyRepository
from webinarium.surveys.schemas import (
    RATINGS,
    TEXT_MAX,
    AnswerInput,
    AnswerRead,
    QuestionRead,
    SurveyInput,
    SurveyKind,
)


def question_read(question: SurveyQuestion) -> QuestionRead:
    kind: SurveyKind = question.kind  # type: ignore[assignment]
    return QuestionRead(
        id=question.id,
        position=question.position,
        text=question.text,
        kind=kind,
        choices=list(question.choices),
    )


def answer_read(answer: SurveyAnswer) -> AnswerRead:
    return AnswerRead(
        question_id=answer.question_id,
        person_id=answer.person_id,
        name=answer.name,
        email=answer.email,
        value=answer.value,
        answered_at=timestamp(answer.answered_at),
    )


async def questions(
    session: AsyncSession, account: Account, conference: Conference
) -> list[SurveyQuestion]:
    ensure_owned(account, conference)
    return await SurveyRepository(session, account.id).questions(conference.id)


async def replace_questions(
    session: AsyncSession, account: Account, conference_id: str, survey: SurveyInput
) -> list[SurveyQuestion]:
    """The conference's questions become ``survey``'s; refused once answered."""
    conference = await get_conference(session, account, conference_id)
    repository = SurveyRepository(session, account.id)
    if await repository.answered(conference.id):
        raise SurveyAnswered("people have answered this survey: its questions stay as they are")
    await repository.delete_questions(conference.id)
    rows = [
        SurveyQuestion(
            account_id=account.id,
            conference_id=conference.id,
            position=position,
            text=question.text,
            kind=question.kind,
            choices=question.choices,
        )
        for position, question in enumerate(survey.questions, start=1)
    ]
    await repository.add(*rows)
    return rows


async def answers(
    session: AsyncSession, account: Account, conference_id: str
) -> list[SurveyAnswer]:
    conference = await get_conference(session, account, conference_id)
    return await SurveyRepository(session, account.id).answers(conference.id)


async def person_of(
    session: AsyncSession, account: Account, conference: Conference, knock: Knock
) -> Person:
    """The attendee a room ticket names (the survey is for attendees)."""
    person_id = knock.ref if knock.kind == "attendee" else None
    if knock.kind == "registration" and knock.ref is not None:
        try:
            registration = await get_registration(session, account, knock.ref)
        except RegistrationNotFound:
            registration = None
        if registration is not None and registration.conference_id == conference.id:
            person_id = registration.person_id
    if person_id is None:
        raise NotAnAttendee("the survey is for the webinar's attendees")
    return await find_person(session, account, person_id=person_id)


async def has_answered(
    session: AsyncSession, account: Account, conference: Conference, person: Person
) -> bool:
    ensure_owned(account, conference, person)
    return await SurveyRepository(session, account.id).answered(conference.id, person.id)


def _value(question: SurveyQuestion, answer: AnswerInput) -> str:
    """The answer as stored, or `InvalidAnswer`."""
    value = answer.value.strip() if isinstance(answer.value, str) else answer.value
    if question.kind == "rating":
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or value not in RATINGS:
            raise InvalidAnswer(f"question {question.position} is rated from 1 to 5")
        return str(value)
    if not isinstance(value, str) or not value:
        raise InvalidAnswer(f"question {question.position} is answered with a text")
    if question.kind == "single" and value not in question.choices:
        raise InvalidAnswer(f"question {question.position} is answered with one of its choices")
    if len(value) > TEXT_MAX:
        raise InvalidAnswer(f"an answer is at most {TEXT_MAX} characters")
    return value


async def submit(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    person: Person,
    given: list[AnswerInput],
) -> list[SurveyAnswer]:
    """Stores the person's answers: once per person and conference (a second
    set is refused ``already_answered``); each question answered at most once."""
    ensure_owned(account, conference, person)
    repository = SurveyRepository(session, account.id)
    # Two submits of one person (two tabs) run one after the other: the second
    # sees the first's answers and is refused.
    await journal.hold_numbers(session, conference)
    by_id = {q.id: q for q in await repository.questions(conference.id)}
    if await repository.answered(conference.id, person.id):
        raise AlreadyAnswered("you have answered this survey already")
    if len({a.question_id for a in given}) != len(given):
        raise InvalidAnswer("each question is answered once")
    now = utcnow()
    name = f"{person.first_name} {person.last_name}".strip() or person.email
    rows = []
    for answer in given:
        question = by_id.get(answer.question_id.strip())
        if question is None:
            raise QuestionNotFound(f"no question {answer.question_id[:40]} in this survey")
        rows.append(
            SurveyAnswer(
                account_id=account.id,
                conference_id=conference.id,
                question_id=question.id,
                person_id=person.id,
                name=name[:200],
                email=person.email,
                value=_value(question, answer),
                answered_at=now,
            )
        )
    await repository.add(*rows)
    return rows
