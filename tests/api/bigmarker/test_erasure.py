"""The right to erasure: ``DELETE /channels/{channel}/delete_member?email=…`` forgets
a person and everything recorded about them in the account — registrations,
subscriptions, channel-admin and presenter roles, poll votes — so that no
endpoint returns anything of theirs afterwards, while everyone else stays."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant, in_database
from webinarium.kit.ids import new_id
from webinarium.models import Person, Poll, PollChoice, PollVote
from webinarium.settings import Settings

API = "/api/v1"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


@dataclass
class Account:
    tenant: Tenant
    conferences: list[str] = field(default_factory=list)
    subchannel_id: str = ""
    subchannel_url: str = ""
    bmids: dict[str, str] = field(default_factory=dict)


def _register(http: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> str:
    registered = _ok(
        http.put(
            f"{API}/conferences/register",
            headers=tenant.headers,
            data={"id": conference_id, "email": email, "first_name": "Eve", "last_name": "Gone"},
        )
    )
    return str(registered["conference_url"].rsplit("bmid=", 1)[1])


def _vote(settings: Settings, tenant: Tenant, conference_id: str, person_ids: list[str]) -> None:
    """Poll votes are cast in the live room; written straight to the database here."""

    async def work(session: AsyncSession) -> None:
        poll = Poll(account_id=tenant.account_id, conference_id=conference_id, question="Q?")
        session.add(poll)
        await session.flush()
        choice = PollChoice(account_id=tenant.account_id, poll_id=poll.id, choice="A", position=1)
        session.add(choice)
        await session.flush()
        for person_id in person_ids:
            session.add(
                PollVote(
                    account_id=tenant.account_id,
                    poll_id=poll.id,
                    choice_id=choice.id,
                    person_id=person_id,
                )
            )

    in_database(settings, work)


def _database_rows(settings: Settings, person_id: str) -> tuple[int, int]:
    async def work(session: AsyncSession) -> tuple[int, int]:
        people = await session.scalar(select(func.count()).where(Person.id == person_id))
        votes = await session.scalar(select(func.count()).where(PollVote.person_id == person_id))
        return people or 0, votes or 0

    return in_database(settings, work)


def _populate(http: httpx.Client, tenant: Tenant, people: list[str]) -> Account:
    """Every person registered for two conferences, subscribed, a presenter and
    an admin of a sub-channel."""
    account = Account(tenant)
    headers = tenant.headers
    for title in ("Erasure one", "Erasure two"):
        account.conferences.append(create_conference(http, tenant, title=title)["id"])
    url = f"erasure-{new_id()}"
    sub = _ok(
        http.post(
            f"{API}/channels",
            headers=headers,
            json={
                "master_channel_id": tenant.channel_id,
                "channel_name": "Erasure sub",
                "channel_url": url,
                "organizer_email": people[0],
            },
        )
    )
    account.subchannel_id, account.subchannel_url = sub["channel_id"], url
    for email in people:
        for conference_id in account.conferences:
            account.bmids[email] = _register(http, tenant, conference_id, email)
        _ok(
            http.post(
                f"{API}/channels/{tenant.channel_id}/add_subscriber",
                headers=headers,
                json={"email": email, "first_name": "Eve", "last_name": "Gone"},
            )
        )
        _ok(
            http.post(
                f"{API}/presenters",
                headers=headers,
                json={
                    "conference_id": account.conferences[0],
                    "presenter_email": email,
                    "presenter_first_name": "Eve",
                    "presenter_last_name": "Gone",
                },
            )
        )
        _ok(
            http.post(
                f"{API}/channel_admins",
                headers=headers,
                json={
                    "channel_id": tenant.channel_id,
                    "email": email,
                    "first_name": "Eve",
                    "last_name": "Gone",
                },
            )
        )
    return account


def _everything(http: httpx.Client, account: Account, email: str) -> str:
    """Every answer that could hold something of a person, as one text."""
    tenant, headers = account.tenant, account.tenant.headers
    bmid = account.bmids.get(email, new_id())
    channel = tenant.channel_id
    gets: list[tuple[str, dict[str, Any]]] = [
        (f"/conferences/registrations/channel/{channel}", {}),
        (f"/conferences/registrations/channel/{channel}", {"email": email}),
        (f"/conferences/registrations/channel/{channel}", {"bmid": bmid}),
        (f"/channels/{channel}/subscribers", {}),
        (f"/channels/{channel}/list_registered_conferences", {"email": email}),
        (f"/channels/{channel}/conferences", {"bmid": bmid, "timing": "all"}),
        ("/channels", {}),
        (f"/channel_admins/{account.subchannel_url}", {}),
        (f"/channel_admins/{channel}", {}),
    ]
    for conference_id in account.conferences:
        gets += [
            (f"/conferences/registrations/{conference_id}", {}),
            (f"/conferences/registrations_with_fields/{conference_id}", {}),
            (f"/conferences/checked_in_registrants/{conference_id}", {}),
            (f"/conferences/{conference_id}/presenters", {}),
            (f"/conferences/{conference_id}", {}),
        ]
    answers = [_ok(http.get(API + path, headers=headers, params=params)) for path, params in gets]
    return repr(answers)


def _status(http: httpx.Client, account: Account, email: str) -> list[tuple[int, Any]]:
    answers = []
    for conference_id in account.conferences:
        response = http.get(
            f"{API}/conferences/{conference_id}/check_registration_status",
            headers=account.tenant.headers,
            params={"email": email},
        )
        answers.append((response.status_code, response.json()))
    return answers


@pytest.mark.parametrize("channel_key", ["channel_url", "channel_id"])
def test_delete_member_erases_every_trace_of_the_person(
    channel_key: str,
    http: httpx.Client,
    fresh_tenant: Tenant,
    bob: Tenant,
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    marker = new_id()
    gone, stays = f"eve-{marker}@example.test", f"sam-{marker}@example.test"
    account = _populate(http, fresh_tenant, [gone, stays])
    _vote(settings, fresh_tenant, account.conferences[0], list(account.bmids.values()))
    # The same address in another account is another person, and stays.
    bobs = create_conference(http, bob, title="Bob's, untouched")
    bobs_bmid = _register(http, bob, bobs["id"], gone)

    before = _everything(http, account, gone)
    for secret in (gone, account.bmids[gone], stays, account.bmids[stays]):
        assert secret in before
    assert _status(http, account, gone) == [(200, {"registration_status": "registered"})] * 2
    assert _database_rows(settings, account.bmids[gone]) == (1, 1)

    channel = getattr(fresh_tenant, channel_key)
    # As the curl example sends it: the e-mail in the query string, no body.
    response = http.delete(
        f"{API}/channels/{channel}/delete_member?email={gone.upper()}",
        headers=fresh_tenant.headers,
    )
    assert response.status_code == 200, response.text

    after = _everything(http, account, gone)
    assert gone not in after
    assert account.bmids[gone] not in after
    assert stays in after
    assert account.bmids[stays] in after
    not_found = documented_error(
        bigmarker_operations["registrations_check_status"], 404, "member email"
    )
    assert _status(http, account, gone) == [(404, not_found)] * 2
    assert _status(http, account, stays) == [(200, {"registration_status": "registered"})] * 2
    presenter = http.get(
        f"{API}/presenters/{account.bmids[gone]}/list_conferences", headers=fresh_tenant.headers
    )
    assert presenter.status_code == 400
    assert _database_rows(settings, account.bmids[gone]) == (0, 0)
    assert _database_rows(settings, account.bmids[stays]) == (1, 1)

    bobs_list = _ok(http.get(f"{API}/conferences/registrations/{bobs['id']}", headers=bob.headers))
    assert [(r["email"], r["bmid"]) for r in bobs_list["registrations"]] == [(gone, bobs_bmid)]

    # Erasing again, or an address never seen, is done already.
    for email in (gone, f"never-{marker}@example.test"):
        again = http.delete(
            f"{API}/channels/{channel}/delete_member",
            headers=fresh_tenant.headers,
            params={"email": email},
        )
        assert again.status_code == 200


def test_delete_member_on_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    email = f"kept-{new_id()}@example.test"
    webinar = create_conference(http, alice, title="Alice keeps her registrant")
    _register(http, alice, webinar["id"], email)
    expected = documented_error(bigmarker_operations["channels_delete_member_data"], 404)
    for channel in (new_id(), alice.channel_id, alice.channel_url):
        response = http.delete(
            f"{API}/channels/{channel}/delete_member", headers=bob.headers, params={"email": email}
        )
        assert response.status_code == 404
        assert response.json() == expected
    listed = _ok(
        http.get(
            f"{API}/conferences/registrations/{webinar['id']}",
            headers=alice.headers,
            params={"email": email},
        )
    )
    assert [r["email"] for r in listed["registrations"]] == [email]


@pytest.mark.parametrize("query", ["", "?email=", "?email=not-an-address"])
def test_delete_member_needs_a_valid_email(query: str, http: httpx.Client, alice: Tenant) -> None:
    response = http.delete(
        f"{API}/channels/{alice.channel_id}/delete_member{query}", headers=alice.headers
    )
    assert response.status_code == 400
    assert "mail" in response.json()["error"]


def test_erasure_removes_the_avatar_file(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    email = f"{new_id()}@example.test"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
    for action, params in (
        ("moderatorsCreate", {"name": "Ava Tar", "email": email}),
        ("moderatorsSet", {"email": email, "avatar": base64.b64encode(png).decode()}),
    ):
        assert "success" in moc_ok(http, alice, action, params)

    async def avatar(session: AsyncSession) -> str | None:
        return await session.scalar(
            select(Person.avatar_file_id).where(
                Person.account_id == alice.account_id, Person.email == email
            )
        )

    file_id = in_database(settings, avatar)
    assert file_id is not None
    assert http.get(f"/files/{file_id}").status_code == 200
    channel = alice.channel_url
    _ok(http.delete(f"{API}/channels/{channel}/delete_member?email={email}", headers=alice.headers))
    assert http.get(f"/files/{file_id}").status_code == 404
    assert not (settings.files_root / file_id).exists()
