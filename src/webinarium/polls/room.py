"""Polls in a conference's room: what its commands do and what its snapshot shows.

A poll is seen in the room while it is open (or reopened): attendees vote once;
the staff open and close the conference's polls. Votes store no event
themselves: the room's results are stored by ``store_results``, which the
gateway asks for after a vote at most once per interval per poll and process
(see docs/room-protocol.md, "Polls"), so a thousand votes in a second are a few
``poll.results``, not a thousand.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.conferences import lifecycle
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.live import journal
from webinarium.models import Account, Conference
from webinarium.polls import service
from webinarium.polls.errors import PollNotFound
from webinarium.polls.repository import PollRepository
from webinarium.polls.schemas import OPEN_STATUSES, Ballot, PollAction, PollStatus


async def _of_room(
    session: AsyncSession, account: Account, conference: Conference, poll_id: str
) -> service.PollDetails:
    """The conference's poll ``poll_id``; another conference's is not found."""
    ensure_owned(account, conference)
    details = await service.get_poll(session, account, poll_id)
    if details.poll.conference_id != conference.id:
        raise PollNotFound(f"no poll {poll_id.strip()} in this room")
    return details


async def open_poll(
    session: AsyncSession, account: Account, conference: Conference, poll_id: str
) -> None:
    """Opens a queued poll, or reopens a closed one (one command in the room)."""
    details = await _of_room(session, account, conference, poll_id)
    lifecycle.ensure_not_closed(conference)
    action: PollAction = "reopen" if details.status == PollStatus.CLOSED else "open"
    await service.set_status(
        session, account, action, poll_ids=[details.poll.id], conference_id=conference.id
    )


async def close_poll(
    session: AsyncSession, account: Account, conference: Conference, poll_id: str
) -> None:
    details = await _of_room(session, account, conference, poll_id)
    await service.set_status(
        session, account, "close", poll_ids=[details.poll.id], conference_id=conference.id
    )


async def vote(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    poll_id: str,
    ballot: Ballot,
) -> None:
    """A member's vote. A queued poll is not seen in the room: not found."""
    details = await _of_room(session, account, conference, poll_id)
    lifecycle.ensure_not_closed(conference)
    if details.status == PollStatus.QUEUE:
        raise PollNotFound(f"no poll {poll_id.strip()} in this room")
    if member.person_id is None:
        raise InvalidInput("only a person votes")
    # The room's numbers are held so that two votes of one person (two tabs)
    # are one after the other: the second sees the first and is refused.
    await journal.hold_numbers(session, conference)
    await service.cast_vote(session, account, details.poll.id, ballot, person_id=member.person_id)


async def store_results(
    session: AsyncSession, account: Account, conference: Conference, poll_id: str
) -> None:
    """Stores ``poll.results`` of an open poll (a closed one's are in its
    ``poll.closed``, or the staff's ``poll.results`` stored with it)."""
    details = await _of_room(session, account, conference, poll_id)
    if details.status not in OPEN_STATUSES:
        return
    await journal.record(
        session,
        conference,
        "poll.results",
        await service.results_data(session, account, details),
        audience=service.results_audience(details),
    )


def _results_seen(details: service.PollDetails, member: Member) -> bool:
    return member.staff or service.results_audience(details) == journal.EVERYONE


async def snapshot(
    session: AsyncSession, account: Account, conference: Conference, member: Member
) -> dict[str, Any]:
    """The snapshot's ``polls`` (the open ones, with their results where the
    member sees them and whether the member voted) and ``all_polls`` (every
    poll of the conference with its status, for the staff; null for others)."""
    every = await service.list_polls(session, account, conference.id)
    open_ones = [d for d in every if d.status in OPEN_STATUSES]
    voted: set[str] = set()
    if member.person_id is not None and open_ones:
        repository = PollRepository(session, account.id)
        voted = await repository.voted_in([d.poll.id for d in open_ones], member.person_id)

    async def shown(details: service.PollDetails) -> dict[str, Any]:
        data = service.poll_data(details)
        if _results_seen(details, member):
            results = await service.results_data(session, account, details)
            data.update(service.shown_results(results))
        else:
            data["results"] = None
        return data

    polls = []
    for details in open_ones:
        polls.append({**await shown(details), "voted": details.poll.id in voted})
    all_polls = None
    if member.staff:
        all_polls = [{**await shown(d), "status": d.status.value} for d in every]
    return {"polls": polls, "all_polls": all_polls}
