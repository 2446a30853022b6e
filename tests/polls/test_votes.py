"""Vote rules of polls, through the service on the real database (no HTTP route
casts votes yet: votes come with the live room).

single: exactly one of the poll's choices; multi: one or more, at most
attendee_can_select_answer_number when set; score: 1 to 10; short_answer: a
text of 1 to 1000 characters; only while the poll is open (or reopened) and
before its close time (a closed one refuses with poll_closed); a person votes once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference
from webinarium.kit.errors import DomainError
from webinarium.kit.ids import new_id
from webinarium.models import Account
from webinarium.people.service import upsert_person
from webinarium.polls import service
from webinarium.polls.schemas import Ballot, PollAction, PollChanges, PollDraft
from webinarium.settings import Settings

T = TypeVar("T")


def run(
    settings: Settings, tenant: Tenant, work: Callable[[AsyncSession, Account], Awaitable[T]]
) -> T:
    async def with_account(session: AsyncSession) -> T:
        account = await session.get(Account, tenant.account_id)
        assert account is not None
        return await work(session, account)

    return in_database(settings, with_account)


def make_poll(
    settings: Settings,
    tenant: Tenant,
    method: str,
    choices: list[str] | None = None,
    *,
    actions: tuple[PollAction, ...] = ("open",),
    close_at: datetime | None = None,
    **options: Any,
) -> tuple[str, list[str]]:
    """A poll on a new conference of ``tenant``, taken through ``actions``;
    answers its id and its choice ids in order."""

    async def work(session: AsyncSession, account: Account) -> tuple[str, list[str]]:
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(channel_id=tenant.channel_id, title=f"Votes {new_id()}"),
        )
        details = await service.create_poll(
            session,
            account,
            PollDraft(
                conference_id=conference.id,
                question="How was it?",
                selection_method=method,
                choices=choices or [],
                close_at=close_at,
                options=options,
            ),
        )
        for action in actions:
            await service.set_status(session, account, action, poll_ids=[details.poll.id])
        return details.poll.id, [c.id for c in details.choices]

    return run(settings, tenant, work)


def vote(
    settings: Settings,
    tenant: Tenant,
    poll_id: str,
    person_id: str | None = None,
    **ballot: Any,
) -> list[dict[str, Any]]:
    async def work(session: AsyncSession, account: Account) -> list[dict[str, Any]]:
        rows = await service.cast_vote(
            session, account, poll_id, Ballot(**ballot), person_id=person_id
        )
        return [_row(r) for r in rows]

    return run(settings, tenant, work)


def votes(settings: Settings, tenant: Tenant, poll_id: str) -> list[dict[str, Any]]:
    async def work(session: AsyncSession, account: Account) -> list[dict[str, Any]]:
        return [_row(r) for r in await service.list_votes(session, account, poll_id)]

    return run(settings, tenant, work)


def _row(row: Any) -> dict[str, Any]:
    return {
        "choice_id": row.choice_id,
        "score": row.score,
        "answer": row.answer,
        "person_id": row.person_id,
    }


def person(settings: Settings, tenant: Tenant) -> str:
    async def work(session: AsyncSession, account: Account) -> str:
        found = await upsert_person(session, account, email=f"voter-{new_id()}@example.test")
        return found.id

    return run(settings, tenant, work)


def refused(settings: Settings, tenant: Tenant, poll_id: str, code: str, **ballot: Any) -> None:
    """The vote is refused with ``code`` and nothing is written."""
    before = votes(settings, tenant, poll_id)
    with pytest.raises(DomainError) as raised:
        vote(settings, tenant, poll_id, **ballot)
    assert raised.value.code == code, raised.value.message
    assert votes(settings, tenant, poll_id) == before


# Status


@pytest.mark.parametrize(
    ("actions", "refusal"),
    [
        ((), "poll_not_open"),  # queue
        (("open",), None),
        (("open", "close"), "poll_closed"),
        (("open", "close", "reopen"), None),
        (("open", "close", "reopen", "close"), "poll_closed"),
    ],
    ids=["queue", "open", "closed", "reopened", "closed again"],
)
def test_votes_are_taken_only_while_the_poll_is_open(
    settings: Settings, alice: Tenant, actions: tuple[PollAction, ...], refusal: str | None
) -> None:
    poll_id, (yes, _) = make_poll(settings, alice, "single", ["Yes", "No"], actions=actions)
    if refusal is None:
        assert vote(settings, alice, poll_id, choice_ids=[yes]) == [
            {"choice_id": yes, "score": None, "answer": None, "person_id": None}
        ]
    else:
        refused(settings, alice, poll_id, refusal, choice_ids=[yes])


def test_an_open_poll_past_its_close_time_takes_no_votes(settings: Settings, alice: Tenant) -> None:
    # Opening clears a close time that has passed, so the time passes after opening.
    soon = datetime.now(UTC) + timedelta(hours=1)
    poll_id, (yes, _) = make_poll(settings, alice, "single", ["Yes", "No"], close_at=soon)
    assert len(vote(settings, alice, poll_id, choice_ids=[yes])) == 1

    async def move_close_time(session: AsyncSession, account: Account) -> None:
        past = datetime.now(UTC) - timedelta(minutes=1)
        await service.update_poll(session, account, poll_id, PollChanges(close_at=past))

    run(settings, alice, move_close_time)
    refused(settings, alice, poll_id, "poll_closed", choice_ids=[yes])


# Single


def test_single_takes_exactly_one_of_its_choices(settings: Settings, alice: Tenant) -> None:
    poll_id, (yes, no) = make_poll(settings, alice, "single", ["Yes", "No"])
    other_poll, (other_choice, _) = make_poll(settings, alice, "single", ["A", "B"])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[yes, no])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[other_choice])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[new_id()])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[yes], score=5)
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[yes], answer="yes")
    # The same choice twice is one choice.
    assert [r["choice_id"] for r in vote(settings, alice, poll_id, choice_ids=[no, no])] == [no]
    assert [r["choice_id"] for r in votes(settings, alice, poll_id)] == [no]
    assert other_poll != poll_id


# Multi


def test_multi_takes_several_choices_one_row_each(settings: Settings, alice: Tenant) -> None:
    poll_id, choices = make_poll(settings, alice, "multi", ["A", "B", "C", "D"])
    rows = vote(settings, alice, poll_id, choice_ids=choices)
    assert [r["choice_id"] for r in rows] == choices
    assert len(vote(settings, alice, poll_id, choice_ids=[choices[2]])) == 1
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[choices[0], new_id()])
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[choices[0]], score=3)


def test_multi_respects_attendee_can_select_answer_number(
    settings: Settings, alice: Tenant
) -> None:
    poll_id, choices = make_poll(
        settings, alice, "multi", ["A", "B", "C"], attendee_can_select_answer_number=2
    )
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=choices)
    assert len(vote(settings, alice, poll_id, choice_ids=choices[:2])) == 2
    assert len(vote(settings, alice, poll_id, choice_ids=choices[2:])) == 1


# Score


def test_score_is_from_1_to_10(settings: Settings, alice: Tenant) -> None:
    poll_id, choices = make_poll(settings, alice, "score")
    assert choices == []
    for score in (1, 10, 7):
        assert vote(settings, alice, poll_id, score=score) == [
            {"choice_id": None, "score": score, "answer": None, "person_id": None}
        ]
    for bad in (0, 11, -3):
        refused(settings, alice, poll_id, "invalid_vote", score=bad)
    refused(settings, alice, poll_id, "invalid_vote")
    refused(settings, alice, poll_id, "invalid_vote", score=5, answer="five")
    refused(settings, alice, poll_id, "invalid_vote", choice_ids=[new_id()], score=5)
    assert [r["score"] for r in votes(settings, alice, poll_id)] == [1, 10, 7]


# Short answer


def test_short_answer_takes_a_text(settings: Settings, alice: Tenant) -> None:
    poll_id, _ = make_poll(settings, alice, "short_answer")
    assert vote(settings, alice, poll_id, answer="  Loved the demo  ")[0]["answer"] == (
        "Loved the demo"
    )
    assert vote(settings, alice, poll_id, answer="x" * 1000)[0]["answer"] == "x" * 1000
    refused(settings, alice, poll_id, "invalid_vote", answer="   ")
    refused(settings, alice, poll_id, "invalid_vote")
    refused(settings, alice, poll_id, "invalid_vote", answer="x" * 1001)
    refused(settings, alice, poll_id, "invalid_vote", answer="ten", score=10)
    assert len(votes(settings, alice, poll_id)) == 2


# Voters


def test_a_person_votes_once(settings: Settings, alice: Tenant) -> None:
    poll_id, (a, b, c) = make_poll(settings, alice, "multi", ["A", "B", "C"])
    voter, other = person(settings, alice), person(settings, alice)
    vote(settings, alice, poll_id, voter, choice_ids=[a, b])
    vote(settings, alice, poll_id, other, choice_ids=[a])
    refused(settings, alice, poll_id, "already_voted", person_id=voter, choice_ids=[c])
    vote(settings, alice, poll_id, choice_ids=[c])
    vote(settings, alice, poll_id, choice_ids=[c])
    assert sorted(
        (r["person_id"] or "", r["choice_id"]) for r in votes(settings, alice, poll_id)
    ) == (sorted([(voter, a), (voter, b), (other, a), ("", c), ("", c)]))


def test_another_accounts_person_or_poll_is_not_found(
    settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    poll_id, (yes, _) = make_poll(settings, alice, "single", ["Yes", "No"])
    bobs_person = person(settings, bob)
    before = votes(settings, alice, poll_id)
    with pytest.raises(DomainError) as raised:
        vote(settings, alice, poll_id, bobs_person, choice_ids=[yes])
    assert raised.value.code == "person_not_found"
    with pytest.raises(DomainError) as raised:
        vote(settings, bob, poll_id, choice_ids=[yes])
    assert raised.value.code == "poll_not_found"
    with pytest.raises(DomainError) as raised:
        vote(settings, bob, new_id(), choice_ids=[yes])
    assert raised.value.code == "poll_not_found"
    assert votes(settings, alice, poll_id) == before


# Votes and poll changes


def test_votes_survive_a_choice_update_for_the_texts_kept(
    settings: Settings, alice: Tenant
) -> None:
    poll_id, (a, b, c) = make_poll(settings, alice, "multi", ["A", "B", "C"])
    vote(settings, alice, poll_id, choice_ids=[a, b])
    vote(settings, alice, poll_id, choice_ids=[c])

    async def change(session: AsyncSession, account: Account) -> list[tuple[str, str]]:
        details = await service.update_poll(
            session, account, poll_id, PollChanges(choices=["C", "New", "A"])
        )
        return [(ch.id, ch.choice) for ch in details.choices]

    choices = run(settings, alice, change)
    assert [text for _, text in choices] == ["C", "New", "A"]
    assert choices[0][0] == c
    assert choices[2][0] == a
    assert choices[1][0] not in (a, b, c)
    # B's vote went with B; the others are kept.
    assert sorted(r["choice_id"] for r in votes(settings, alice, poll_id)) == sorted([a, c])


def test_selection_method_is_fixed_once_there_are_votes(settings: Settings, alice: Tenant) -> None:
    poll_id, (yes, _) = make_poll(settings, alice, "single", ["Yes", "No"])

    async def to_multi(session: AsyncSession, account: Account) -> str:
        details = await service.update_poll(
            session, account, poll_id, PollChanges(selection_method="multi")
        )
        return details.poll.selection_method

    async def to_single(session: AsyncSession, account: Account) -> str:
        details = await service.update_poll(
            session, account, poll_id, PollChanges(selection_method="single")
        )
        return details.poll.selection_method

    assert run(settings, alice, to_multi) == "multi"  # no votes yet
    assert run(settings, alice, to_single) == "single"
    vote(settings, alice, poll_id, choice_ids=[yes])
    with pytest.raises(DomainError) as raised:
        run(settings, alice, to_multi)
    assert raised.value.code == "invalid_input"
    assert run(settings, alice, to_single) == "single"  # unchanged is fine


def test_deleting_a_poll_deletes_its_votes(settings: Settings, alice: Tenant) -> None:
    poll_id, (yes, _) = make_poll(settings, alice, "single", ["Yes", "No"])
    vote(settings, alice, poll_id, choice_ids=[yes])

    async def delete(session: AsyncSession, account: Account) -> None:
        await service.delete_poll(session, account, poll_id)

    run(settings, alice, delete)

    async def count(session: AsyncSession, account: Account) -> int:
        from sqlalchemy import func, select

        from webinarium.models import PollVote

        total = await session.scalar(
            select(func.count()).select_from(PollVote).where(PollVote.poll_id == poll_id)
        )
        return int(total or 0)

    assert run(settings, alice, count) == 0
