"""Attendance reports of a conference. Reading only.

A person moderates a conference when they have moderator rights there
(`moderators.rights`: the primary moderator, or a presenter with
``is_moderator``) or came into the room as a moderator (the organiser's host
link, which names no person); a virtual participant moderates when added as a
virtual moderator.
Virtual participants are always marked ``virtual``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.service import describe_one
from webinarium.live import service as live
from webinarium.models import Account, Bot, Conference, Person
from webinarium.moderators.rights import ConferenceModerators
from webinarium.people.service import people_by_id


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    moderator: bool
    virtual: bool


@dataclass(frozen=True)
class Stay:
    """One stay in the room; ``left_at`` is None while it lasts."""

    who: Participant
    entered_at: datetime
    left_at: datetime | None


@dataclass(frozen=True)
class ChatLine:
    who: Participant
    at: datetime
    text: str


class _Who:
    """Tells who a visit's or a message's author is, from what is loaded once."""

    def __init__(
        self, moderators: ConferenceModerators, people: dict[str, Person], bots: dict[str, Bot]
    ) -> None:
        self.moderators = moderators
        self.people = people
        self.bots = bots

    def __call__(
        self, name: str, person_id: str | None, bot_id: str | None, role: str | None
    ) -> Participant:
        if bot_id is not None:
            bot = self.bots.get(bot_id)
            return Participant(
                name=name,
                email=(bot.email if bot is not None else None) or "",
                moderator=bot is not None and bot.role == live.MODERATOR,
                virtual=True,
            )
        person = self.people.get(person_id) if person_id is not None else None
        return Participant(
            name=name,
            email=person.email if person is not None else "",
            moderator=person in self.moderators or role == live.MODERATOR,
            virtual=False,
        )


async def _who(
    session: AsyncSession, account: Account, conference: Conference, person_ids: set[str]
) -> _Who:
    details = await describe_one(session, account, conference)
    people = await people_by_id(session, account, person_ids)
    bots = {b.id: b for b in await live.bots(session, account, conference, present_only=False)}
    return _Who(ConferenceModerators.of(account, details.presenters), people, bots)


async def in_room(
    session: AsyncSession, account: Account, conference: Conference
) -> list[Participant]:
    """Who is in the room now, once each, in the order they entered: people with
    an open visit, and the virtual participants not removed."""
    presences = await live.online(session, account, conference)
    present_bots = await live.bots(session, account, conference, present_only=True)
    who = await _who(session, account, conference, {p.person_id for p in presences if p.person_id})
    present_bot_ids = {b.id for b in present_bots}
    result: list[Participant] = []
    seen: set[str] = set()
    for presence in presences:
        key = presence.person_id or presence.bot_id or presence.visit_id
        if presence.bot_id is not None and presence.bot_id not in present_bot_ids:
            continue  # removed: only its visit was left open
        if key in seen:
            continue
        seen.add(key)
        result.append(who(presence.name, presence.person_id, presence.bot_id, presence.role))
    for bot in present_bots:
        if bot.id not in seen:
            seen.add(bot.id)
            result.append(who(bot.name, None, bot.id, bot.role))
    return result


async def stays(session: AsyncSession, account: Account, conference: Conference) -> list[Stay]:
    """Every stay in the room, in the order of entering."""
    presences = await live.visits(session, account, conference)
    who = await _who(session, account, conference, {p.person_id for p in presences if p.person_id})
    return [
        Stay(
            who=who(p.name, p.person_id, p.bot_id, p.role),
            entered_at=p.entered_at,
            left_at=p.left_at,
        )
        for p in presences
    ]


async def chat_log(
    session: AsyncSession, account: Account, conference: Conference
) -> list[ChatLine]:
    """Every chat message, oldest first."""
    messages = await live.chat(session, account, conference)
    who = await _who(session, account, conference, {m.person_id for m in messages if m.person_id})
    return [
        ChatLine(
            who=who(m.author_name, m.person_id, m.bot_id, m.author_role),
            at=m.created_at,
            text=m.text,
        )
        for m in messages
    ]
