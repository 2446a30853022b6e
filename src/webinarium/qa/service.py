"""Q&A in a conference's room: the only way to change or read questions.

A question is seen by everyone once ``published``; in moderated Q&A (the
conference's ``moderate_questions`` setting) it is ``pending`` until a moderator
approves it, seen meanwhile by the presenters, the moderators and the asker.
Every change is a room event (`live.journal`) with the question's audience:
``qa.question`` (again when approved), ``qa.voted``, ``qa.answered``,
``qa.dismissed``. Each member votes once per question.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import settings_of
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.models import Account, Conference, Question
from webinarium.qa.errors import QuestionNotFound
from webinarium.qa.repository import QuestionRepository

TEXT_MAX = 2000
PENDING, PUBLISHED, DISMISSED = "pending", "published", "dismissed"


def question_data(question: Question) -> dict[str, Any]:
    """A question as the room shows it (``qa.question``; the snapshot's list adds
    the answer and the status)."""
    return {
        "id": question.id,
        "from": {
            "member_id": question.member_id,
            "name": question.author_name,
            "role": question.author_role,
        },
        "text": question.text,
        "votes": question.votes,
        "status": question.status,
    }


def listed_data(question: Question) -> dict[str, Any]:
    return {**question_data(question), "answer": _answer(question)}


def _answer(question: Question) -> dict[str, Any] | None:
    if question.answer is None:
        return None
    return {
        "text": question.answer,
        "from": {
            "member_id": question.answered_by_member_id,
            "name": question.answered_by_name,
            "role": question.answered_by_role,
        },
    }


def _heard_by(question: Question) -> dict[str, Any]:
    if question.status == PUBLISHED:
        return {"audience": journal.EVERYONE}
    return {"audience": journal.STAFF_AND_MEMBER, "member_id": question.member_id}


def _clean(text: str) -> str:
    clean = text.strip()
    if not clean:
        raise InvalidInput("text must not be empty")
    if len(clean) > TEXT_MAX:
        raise InvalidInput(f"text must be at most {TEXT_MAX} characters")
    return clean


async def ask(
    session: AsyncSession, account: Account, conference: Conference, member: Member, text: str
) -> Question:
    ensure_owned(account, conference)
    lifecycle.ensure_not_closed(conference)
    moderated = settings_of(conference).moderate_questions
    question = Question(
        account_id=account.id,
        conference_id=conference.id,
        person_id=member.person_id,
        member_id=member.member_id,
        author_name=member.name,
        author_role=member.role,
        text=_clean(text),
        status=PENDING if moderated and not member.staff else PUBLISHED,
        created_at=utcnow(),
    )
    await QuestionRepository(session, account.id).add(question)
    await journal.record(
        session, conference, "qa.question", question_data(question), **_heard_by(question)
    )
    return question


async def _visible(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    question_id: str,
) -> Question:
    ensure_owned(account, conference)
    lifecycle.ensure_not_closed(conference)
    question = await QuestionRepository(session, account.id).of_conference(
        conference.id, question_id.strip()
    )
    if (
        question is None
        or question.status == DISMISSED
        or not journal.visible_to(_heard_by(question)["audience"], question.member_id, member)
    ):
        raise QuestionNotFound(f"no question {question_id.strip()} in this room")
    return question


async def upvote(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    question_id: str,
) -> tuple[Question, bool]:
    """The question, and whether this vote counted (a member's second is not)."""
    question = await _visible(session, account, conference, member, question_id)
    votes = await QuestionRepository(session, account.id).vote(question, member.member_id)
    if votes is None:
        return question, False
    await journal.record(
        session, conference, "qa.voted", {"id": question.id, "votes": votes}, **_heard_by(question)
    )
    return question, True


async def approve(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    question_id: str,
) -> Question:
    """A pending question reaches everyone (``qa.question`` again, now published)."""
    question = await _visible(session, account, conference, member, question_id)
    if question.status == PENDING:
        question.status = PUBLISHED
        await journal.record(
            session, conference, "qa.question", question_data(question), **_heard_by(question)
        )
    return question


async def answer(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    question_id: str,
    text: str,
) -> Question:
    """Answers (or answers again) a question; a pending one is published with its
    answer."""
    question = await _visible(session, account, conference, member, question_id)
    question.answer = _clean(text)
    question.answered_by_member_id = member.member_id
    question.answered_by_name = member.name
    question.answered_by_role = member.role
    question.answered_at = utcnow()
    if question.status == PENDING:
        question.status = PUBLISHED
        await journal.record(
            session, conference, "qa.question", question_data(question), **_heard_by(question)
        )
    await journal.record(
        session,
        conference,
        "qa.answered",
        {"id": question.id, "answer": _answer(question)},
        **_heard_by(question),
    )
    return question


async def dismiss(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    question_id: str,
) -> Question:
    question = await _visible(session, account, conference, member, question_id)
    heard_by = _heard_by(question)
    question.status = DISMISSED
    await journal.record(session, conference, "qa.dismissed", {"id": question.id}, **heard_by)
    return question


async def questions(
    session: AsyncSession, account: Account, conference: Conference, viewer: Member
) -> list[Question]:
    """The questions ``viewer`` may see, oldest first, dismissed ones left out."""
    ensure_owned(account, conference)
    return await QuestionRepository(session, account.id).listed(
        conference.id, None if viewer.staff else viewer.member_id
    )


async def upvoted(
    session: AsyncSession, account: Account, conference: Conference, member: Member
) -> set[str]:
    """The ids of the questions ``member`` has upvoted (one vote each)."""
    ensure_owned(account, conference)
    return await QuestionRepository(session, account.id).upvoted(conference.id, member.member_id)
