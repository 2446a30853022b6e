"""Polls. Services flush; the caller commits.

A poll belongs to a conference (any kind but a series, which has no room of its
own). Its ``status`` moves queue → open → closed → reopened → closed …:

    action   from queue   from open / reopened   from closed
    open     open         unchanged              refused (use reopen)
    close    refused      closed                 unchanged
    reopen   refused      unchanged              reopened

A poll whose close time has passed counts as closed while it is open or
reopened (it is shown as closed and takes no votes). Opening or reopening it
clears that close time: the organiser's explicit action wins over an outdated one.

Choices are replaced by list: a choice whose text is in the new list keeps its id
(and the votes cast for it), moves to its new place; the others are deleted with
their votes; new texts become new choices. Single and multi polls have at least
two choices; score and short-answer polls have none. The selection method cannot
change once the poll has votes.

Votes (``cast_vote``) are taken while the poll is open: single — exactly one of
the poll's choices; multi — one or more different choices, at most
``attendee_can_select_answer_number`` when set; score — an integer from
SCORE_MIN to SCORE_MAX; short_answer — a text of 1 to ANSWER_MAX characters.
A person votes once (a second vote is refused ``already_voted``, a vote on a
closed poll ``poll_closed``); anonymous votes (no person) are each kept.

The room hears of every status change, whoever makes it (the room's own
commands, BigMarker's ``PUT /polls``): ``poll.opened`` (open, reopen) and
``poll.closed`` are stored in the journal in the change's transaction
(`live.journal`). Results go to the staff, and to everyone when the poll's
``attendee_can_view_poll_results`` is on (``results_audience``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.conferences.scheduling import resolve_local
from webinarium.conferences.schemas import ConferenceKind, settings_of
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.time import utcnow
from webinarium.live import journal
from webinarium.models import Account, Conference, Poll, PollChoice, PollVote
from webinarium.people.service import find_person
from webinarium.polls.errors import (
    AlreadyVoted,
    InvalidVote,
    PollClosed,
    PollNotFound,
    PollNotOpen,
    StatusChangeRefused,
)
from webinarium.polls.repository import PollRepository
from webinarium.polls.schemas import (
    ANSWER_MAX,
    MIN_CHOICES,
    OPEN_STATUSES,
    SCORE_MAX,
    SCORE_MIN,
    WITH_CHOICES,
    Ballot,
    PollAction,
    PollChanges,
    PollDraft,
    PollOptions,
    PollStatus,
    SelectionMethod,
)


@dataclass(frozen=True)
class PollDetails:
    """A poll with what every rendering needs: its conference (channel, clock),
    its choices in order, its typed options and its status as of now."""

    poll: Poll
    conference: Conference
    choices: list[PollChoice]
    options: PollOptions
    status: PollStatus


def current_status(poll: Poll, now: datetime | None = None) -> PollStatus:
    """The poll's status, counting an open poll past its close time as closed."""
    status = PollStatus(poll.status)
    closed_by_time = poll.close_at is not None and poll.close_at <= (now or utcnow())
    return PollStatus.CLOSED if status in OPEN_STATUSES and closed_by_time else status


def _options(values: dict[str, Any]) -> PollOptions:
    return validated(PollOptions, values)


def _check_choices(method: SelectionMethod, choices: Sequence[str]) -> None:
    if method in WITH_CHOICES and len(choices) < MIN_CHOICES:
        raise InvalidInput(f"a {method} poll needs at least {MIN_CHOICES} choices")
    if method not in WITH_CHOICES and choices:
        raise InvalidInput(f"a {method} poll has no choices (choices are for single and multi)")


async def _details(
    session: AsyncSession, account: Account, polls: Sequence[Poll]
) -> list[PollDetails]:
    if not polls:
        return []
    repository = PollRepository(session, account.id)
    choices = await repository.choices([p.id for p in polls])
    conferences: dict[str, Conference] = {}
    for conference_id in {p.conference_id for p in polls}:
        conferences[conference_id] = await get_conference(session, account, conference_id)
    now = utcnow()
    return [
        PollDetails(
            poll=p,
            conference=conferences[p.conference_id],
            choices=choices.get(p.id, []),
            options=PollOptions.model_validate(p.options),
            status=current_status(p, now),
        )
        for p in polls
    ]


async def _load(session: AsyncSession, account: Account, poll_id: str) -> Poll:
    poll = await PollRepository(session, account.id).get(poll_id.strip())
    if poll is None:
        raise PollNotFound(f"poll {poll_id} not found")
    return poll


async def get_poll(session: AsyncSession, account: Account, poll_id: str) -> PollDetails:
    (details,) = await _details(session, account, [await _load(session, account, poll_id)])
    return details


async def list_polls(
    session: AsyncSession, account: Account, conference_id: str
) -> list[PollDetails]:
    conference = await get_conference(session, account, conference_id)
    polls = await PollRepository(session, account.id).of_conference(conference.id)
    return await _details(session, account, polls)


async def create_poll(session: AsyncSession, account: Account, draft: PollDraft) -> PollDetails:
    conference = await get_conference(session, account, draft.conference_id)
    if conference.kind == ConferenceKind.SERIES:
        raise InvalidInput("a series has no room of its own: add polls to its sessions")
    _check_choices(draft.selection_method, draft.choices)
    values = dict(draft.options)
    if "attendee_can_view_poll_results" not in values:
        conference_settings = settings_of(conference)
        values["attendee_can_view_poll_results"] = conference_settings.can_view_poll_results
    options = _options(values)
    poll = Poll(
        account_id=account.id,
        conference_id=conference.id,
        question=draft.question,
        selection_method=draft.selection_method.value,
        status=PollStatus.QUEUE.value,
        close_at=(
            resolve_local(draft.close_at, conference.time_zone)
            if draft.close_at is not None
            else None
        ),
        options=options.model_dump(exclude_defaults=True),
    )
    repository = PollRepository(session, account.id)
    await repository.add(poll)
    await repository.add(
        *(
            PollChoice(account_id=account.id, poll_id=poll.id, choice=text, position=number)
            for number, text in enumerate(draft.choices, start=1)
        )
    )
    return await get_poll(session, account, poll.id)


async def update_poll(
    session: AsyncSession, account: Account, poll_id: str, changes: PollChanges
) -> PollDetails:
    """Changes what is given (see the module's notes on choices)."""
    repository = PollRepository(session, account.id)
    poll = await _load(session, account, poll_id)
    conference = await get_conference(session, account, poll.conference_id)
    current = (await repository.choices([poll.id])).get(poll.id, [])
    # Everything is checked before the poll changes.
    method = changes.selection_method or SelectionMethod(poll.selection_method)
    if method != poll.selection_method and await repository.has_votes(poll.id):
        raise InvalidInput("selection_method cannot change once the poll has votes")
    texts = changes.choices
    if texts is None:
        texts = [c.choice for c in current] if method in WITH_CHOICES else []
    _check_choices(method, texts)
    options = _options({**poll.options, **changes.options})

    if changes.question is not None:
        poll.question = changes.question
    poll.selection_method = method.value
    if "close_at" in changes.model_fields_set:
        poll.close_at = (
            resolve_local(changes.close_at, conference.time_zone)
            if changes.close_at is not None
            else None
        )
    poll.options = options.model_dump(exclude_defaults=True)
    await _replace_choices(repository, poll, current, texts)
    await session.flush()
    return await get_poll(session, account, poll.id)


async def _replace_choices(
    repository: PollRepository, poll: Poll, current: list[PollChoice], texts: list[str]
) -> None:
    kept = {c.choice: c for c in current if c.choice in texts}
    await repository.delete_choices([c for c in current if c.choice not in kept])
    new: list[PollChoice] = []
    for position, text in enumerate(texts, start=1):
        if text in kept:
            kept[text].position = position
        else:
            new.append(
                PollChoice(
                    account_id=poll.account_id, poll_id=poll.id, choice=text, position=position
                )
            )
    await repository.add(*new)


async def delete_poll(session: AsyncSession, account: Account, poll_id: str) -> None:
    """Deletes the poll with its choices and votes."""
    poll = await _load(session, account, poll_id)
    await PollRepository(session, account.id).delete(poll)


_TARGET = {"open": PollStatus.OPEN, "close": PollStatus.CLOSED, "reopen": PollStatus.REOPENED}
# Statuses an action changes; a status in _UNCHANGED is already where the action leads.
_CHANGES_FROM = {
    "open": {PollStatus.QUEUE},
    "close": OPEN_STATUSES,
    "reopen": {PollStatus.CLOSED},
}
_UNCHANGED = {"open": OPEN_STATUSES, "close": {PollStatus.CLOSED}, "reopen": OPEN_STATUSES}
_REFUSALS = {
    "open": "is closed: reopen it instead",
    "close": "has not been opened",
    "reopen": "has not been opened: open it instead",
}


async def set_status(
    session: AsyncSession,
    account: Account,
    action: PollAction,
    *,
    poll_ids: Sequence[str] = (),
    conference_id: str | None = None,
) -> list[Poll]:
    """Opens, closes or reopens polls; answers the polls named, or changed.

    With ``poll_ids``, every one must exist (and belong to ``conference_id`` when
    given) and the action must apply to every one, else nothing changes. With
    only ``conference_id``, the action applies to those of its polls it can
    change (``close`` closes the open ones) and leaves the others."""
    if action not in _TARGET:
        raise InvalidInput("action must be one of open, close, reopen")
    repository = PollRepository(session, account.id)
    now = utcnow()
    wanted = list(dict.fromkeys(i.strip() for i in poll_ids if i.strip()))
    conference = await get_conference(session, account, conference_id) if conference_id else None
    if wanted:
        polls = await repository.get_many(wanted)
        found = {p.id: p for p in polls if conference is None or p.conference_id == conference.id}
        missing = [i for i in wanted if i not in found]
        if missing:
            raise PollNotFound(f"poll {missing[0]} not found")
        polls = [found[i] for i in wanted]
        for poll in polls:
            status = current_status(poll, now)
            if status not in _CHANGES_FROM[action] | _UNCHANGED[action]:
                raise StatusChangeRefused(f"poll {poll.id} {_REFUSALS[action]}")
    elif conference is not None:
        polls = [
            p
            for p in await repository.of_conference(conference.id)
            if current_status(p, now) in _CHANGES_FROM[action]
        ]
    else:
        raise InvalidInput("poll_ids or conference_id is required")

    changed = [p for p in polls if current_status(p, now) in _CHANGES_FROM[action]]
    for poll in changed:
        poll.status = _TARGET[action].value
        if action != "close" and poll.close_at is not None and poll.close_at <= now:
            poll.close_at = None
    await session.flush()
    for details in await _details(session, account, changed):
        await _announce_status(session, account, details)
    return polls


# The room's view of polls


def poll_data(details: PollDetails) -> dict[str, Any]:
    """A poll as ``poll.opened`` shows it."""
    poll = details.poll
    return {
        "id": poll.id,
        "question": poll.question,
        "selection_method": poll.selection_method,
        "choices": [{"id": c.id, "choice": c.choice} for c in details.choices],
    }


def results_audience(details: PollDetails) -> journal.Audience:
    return journal.EVERYONE if details.options.attendee_can_view_poll_results else journal.STAFF


# A short-answer poll's results show its newest answers, this many: enough to
# read the room, few enough for one frame to a thousand sockets.
ANSWERS_SHOWN = 50
# What of ``results_data`` a member who may see results is shown (all but the poll's id).
RESULT_KEYS = ("results", "voters", "score", "answers")


async def results_data(
    session: AsyncSession, account: Account, details: PollDetails
) -> dict[str, Any]:
    """``poll.results``: votes per choice in display order (none for score and
    short-answer polls) and how many have voted; a score poll's ``score``
    (``average``, ``count``, the ``distribution`` of votes per score) and a
    short-answer poll's newest ``answers`` (text and time, no names), each
    null for the other kinds."""
    repository = PollRepository(session, account.id)
    poll = details.poll
    counts = await repository.counts(poll.id)
    method = SelectionMethod(poll.selection_method)
    score = None
    if method == SelectionMethod.SCORE:
        by_score = await repository.score_counts(poll.id)
        count = sum(by_score.values())
        total = sum(value * votes for value, votes in by_score.items())
        score = {
            "average": round(total / count, 2) if count else None,
            "count": count,
            "distribution": [
                {"score": value, "votes": by_score.get(value, 0)}
                for value in range(SCORE_MIN, SCORE_MAX + 1)
            ],
        }
    answers = None
    if method == SelectionMethod.SHORT_ANSWER:
        answers = [
            {"answer": vote.answer, "at": journal.timestamp(vote.created_at)}
            for vote in await repository.latest_answers(poll.id, ANSWERS_SHOWN)
        ]
    return {
        "poll_id": poll.id,
        "results": [{"choice_id": c.id, "votes": counts.get(c.id, 0)} for c in details.choices],
        "voters": await repository.voter_count(poll.id),
        "score": score,
        "answers": answers,
    }


def shown_results(results: dict[str, Any]) -> dict[str, Any]:
    """The results a poll's card shows (`RESULT_KEYS` of ``results_data``)."""
    return {key: results[key] for key in RESULT_KEYS}


async def _announce_status(session: AsyncSession, account: Account, details: PollDetails) -> None:
    conference = details.conference
    if details.status in OPEN_STATUSES:
        await journal.record(session, conference, "poll.opened", {"poll": poll_data(details)})
        return
    results = await results_data(session, account, details)
    closed: dict[str, Any] = {"poll_id": details.poll.id}
    if results_audience(details) == journal.EVERYONE:
        closed.update(shown_results(results))
    else:
        # The staff's final count: poll.closed carries none for the others.
        await journal.record(session, conference, "poll.results", results, audience=journal.STAFF)
    await journal.record(session, conference, "poll.closed", closed)


async def cast_vote(
    session: AsyncSession,
    account: Account,
    poll_id: str,
    ballot: Ballot,
    *,
    person_id: str | None = None,
) -> list[PollVote]:
    """Records one voter's answer (see the module's notes); answers its rows
    (one per choice for a multi poll)."""
    repository = PollRepository(session, account.id)
    poll = await _load(session, account, poll_id)
    status = current_status(poll)
    if status == PollStatus.CLOSED:
        raise PollClosed(f"poll {poll.id} is closed")
    if status not in OPEN_STATUSES:
        raise PollNotOpen(f"poll {poll.id} is not open")
    person = await find_person(session, account, person_id=person_id) if person_id else None
    rows = _vote_rows(poll, ballot, await repository.choices([poll.id]))
    if person is not None and await repository.voted_in([poll.id], person.id):
        raise AlreadyVoted("you have already voted in this poll")
    for row in rows:
        row.account_id = account.id
        row.poll_id = poll.id
        row.person_id = person.id if person else None
    await repository.add(*rows)
    return rows


def _vote_rows(
    poll: Poll, ballot: Ballot, choices_by_poll: dict[str, list[PollChoice]]
) -> list[PollVote]:
    method = SelectionMethod(poll.selection_method)
    if method in WITH_CHOICES:
        if ballot.score is not None or ballot.answer is not None:
            raise InvalidVote(f"a {method} poll takes choices, not a score or a text")
        known = {c.id for c in choices_by_poll.get(poll.id, [])}
        picked = list(dict.fromkeys(ballot.choice_ids))
        if not picked:
            raise InvalidVote("pick a choice")
        if any(choice_id not in known for choice_id in picked):
            raise InvalidVote("not a choice of this poll")
        if method == SelectionMethod.SINGLE and len(picked) != 1:
            raise InvalidVote("a single poll takes exactly one choice")
        limit = PollOptions.model_validate(poll.options).attendee_can_select_answer_number
        if limit is not None and len(picked) > limit:
            raise InvalidVote(f"pick at most {limit} choices")
        return [PollVote(choice_id=choice_id) for choice_id in picked]
    if ballot.choice_ids:
        raise InvalidVote(f"a {method} poll has no choices")
    if method == SelectionMethod.SCORE:
        if ballot.answer is not None:
            raise InvalidVote("a score poll takes a score, not a text")
        if ballot.score is None or not SCORE_MIN <= ballot.score <= SCORE_MAX:
            raise InvalidVote(f"the score must be from {SCORE_MIN} to {SCORE_MAX}")
        return [PollVote(score=ballot.score)]
    if ballot.score is not None:
        raise InvalidVote("a short answer poll takes a text, not a score")
    answer = (ballot.answer or "").strip()
    if not answer or len(answer) > ANSWER_MAX:
        raise InvalidVote(f"the answer must be 1 to {ANSWER_MAX} characters")
    return [PollVote(answer=answer)]


async def list_votes(session: AsyncSession, account: Account, poll_id: str) -> list[PollVote]:
    poll = await _load(session, account, poll_id)
    return await PollRepository(session, account.id).votes(poll.id)
