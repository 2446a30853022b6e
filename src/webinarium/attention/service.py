"""The attendance monitor's rules.

While a conference is live and its ``attendance_monitor`` setting is on, a
check is due one interval (``attendance_monitor_interval_minutes``) after the
last one, the first one interval after the room went live. Each process serving
the room looks (`due`, a read) and makes it (`run`): the round's number is the
last one's plus one, and a unique (conference, round) row decides which process
makes it — the other one's insert does nothing. The attendees present then are
each asked (one row each, with their name and e-mail at that moment) and hear
``attention.check`` {``check_id``, ``expires_in``}; the staff do not. An answer
(``attention.ack``) within ``attendance_monitor_answer_seconds`` is stored; once
that time is over the check's unanswered attendees are stored as missed, and a
later answer is refused ``attention_expired``.

Times are the conference's settings multiplied by ``scale`` (the server's
``room_attention_time_scale``: 1 in service, a fraction in tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.attention.errors import CheckExpired, CheckNotFound
from webinarium.attention.repository import AttentionRepository
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import settings_of
from webinarium.kit.tenancy import ensure_owned
from webinarium.live import journal
from webinarium.live.journal import timestamp
from webinarium.models import Account, AttentionAsk, AttentionCheck, Conference

ANSWERED, MISSED = "answered", "missed"


@dataclass(frozen=True)
class Times:
    interval: timedelta
    answer: timedelta


def times_of(conference: Conference, scale: float) -> Times:
    settings = settings_of(conference)
    return Times(
        interval=timedelta(minutes=settings.attendance_monitor_interval_minutes * scale),
        answer=timedelta(seconds=settings.attendance_monitor_answer_seconds * scale),
    )


def _monitored(conference: Conference, now: datetime) -> bool:
    return (
        settings_of(conference).attendance_monitor
        and lifecycle.room_status(conference, now) == "live"
    )


async def _next_round(
    repository: AttentionRepository, conference: Conference, now: datetime, scale: float
) -> int | None:
    """The round due now, if one is."""
    last = await repository.latest(conference.id)
    if last is not None:
        since = last.asked_at
    else:
        since = await repository.went_live_at(conference.id) or conference.start_at
    if now < since + times_of(conference, scale).interval:
        return None
    return 1 if last is None else last.round + 1


async def due(
    session: AsyncSession, account: Account, conference: Conference, now: datetime, scale: float
) -> bool:
    """Whether `run` has something to do: a check to make, or misses to store."""
    ensure_owned(account, conference)
    repository = AttentionRepository(session, account.id)
    if await repository.expired_open(conference.id, now):
        return True
    if not _monitored(conference, now):
        return False
    return await _next_round(repository, conference, now, scale) is not None


async def run(
    session: AsyncSession, account: Account, conference: Conference, now: datetime, scale: float
) -> AttentionCheck | None:
    """Stores the misses of expired checks, then makes the check due, if one is
    and this process is the first to make it (the check made, or None)."""
    ensure_owned(account, conference)
    repository = AttentionRepository(session, account.id)
    for expired in await repository.expired_open(conference.id, now):
        await repository.mark_missed(expired, now)
    if not _monitored(conference, now):
        return None
    round_ = await _next_round(repository, conference, now, scale)
    if round_ is None:
        return None
    answer = times_of(conference, scale).answer
    check_id = await repository.insert_round(conference.id, round_, now, now + answer)
    if check_id is None:
        return None
    check = await repository.get(check_id)
    assert check is not None
    present = await repository.present_attendees(conference.id)
    if not present:
        return check
    await repository.add(
        *(
            AttentionAsk(
                account_id=account.id,
                conference_id=conference.id,
                check_id=check.id,
                person_id=person.id,
                member_id=visit.member_id or person.id,
                name=visit.name[:200],
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                shown_at=now,
            )
            for visit, person in present
        )
    )
    await journal.record(
        session,
        conference,
        "attention.check",
        check_data(check, now),
        audience=journal.ATTENDEES,
        at=now,
    )
    return check


def check_data(check: AttentionCheck, now: datetime) -> dict[str, Any]:
    """``attention.check``'s data: the seconds left to answer, from ``now``."""
    left = max(0.0, (check.expires_at - now).total_seconds())
    return {"check_id": check.id, "expires_in": round(left, 1)}


async def acknowledge(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    check_id: str,
    now: datetime,
) -> AttentionAsk:
    """Stores the member's answer to a check they were asked. Answering twice
    keeps the first answer's time."""
    ensure_owned(account, conference)
    repository = AttentionRepository(session, account.id)
    check = await repository.get(check_id.strip())
    ask = None
    if check is not None and check.conference_id == conference.id and member.person_id:
        ask = await repository.ask_of(check.id, member.person_id)
    if check is None or ask is None:
        raise CheckNotFound(f"no attention check {check_id.strip()[:40]} for you in this room")
    if ask.state == ANSWERED:
        return ask
    if ask.state == MISSED or now >= check.expires_at:
        raise CheckExpired("too late: the time to answer this check is over")
    ask.state = ANSWERED
    ask.answered_at = now
    await session.flush()
    return ask


async def snapshot(
    session: AsyncSession, account: Account, conference: Conference, member: Member, now: datetime
) -> dict[str, Any] | None:
    """The snapshot's ``attention``: the check this attendee may still answer
    (as in ``attention.check``, ``expires_in`` from now), or null."""
    if member.staff or member.person_id is None:
        return None
    repository = AttentionRepository(session, account.id)
    found = await repository.open_ask(conference.id, member.person_id, now)
    return None if found is None else check_data(found[1], now)


def ask_data(ask: AttentionAsk, check: AttentionCheck, now: datetime) -> dict[str, Any]:
    """One attendee asked, for the native API (a check past its answer time
    whose misses were not stored yet, the room having emptied, is missed too)."""
    state = ask.state
    if state == "asked" and now >= check.expires_at:
        state = MISSED
    return {
        "check_id": check.id,
        "round": check.round,
        "person_id": ask.person_id,
        "email": ask.email,
        "first_name": ask.first_name,
        "last_name": ask.last_name,
        "shown_at": timestamp(ask.shown_at),
        "expires_at": timestamp(check.expires_at),
        "answered_at": timestamp(ask.answered_at) if ask.answered_at else None,
        "state": state,
    }


async def asked(
    session: AsyncSession, account: Account, conference: Conference
) -> list[tuple[AttentionAsk, AttentionCheck]]:
    ensure_owned(account, conference)
    return await AttentionRepository(session, account.id).asks(conference.id)
