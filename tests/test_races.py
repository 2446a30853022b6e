"""Requests that race each other: many identical or similar requests at the same
moment, over HTTP, as a busy integration sends them. Every one is answered as if
it had come alone (issue 10, items 12 and 13). PostgreSQL runs them on separate
connections at once, which is where they used to clash; SQLite's one writer runs
them one after another, and must answer the same."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, in_database
from webinarium.models import Conference, Person, Registration
from webinarium.settings import Settings

API = "/api/v1"
PARALLEL = 50


def _at_once(
    server_url: str, send: Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]
) -> list[httpx.Response]:
    """``send(client, n)`` for n in 0…PARALLEL-1, all started together, each on a
    connection of its own."""

    async def scenario() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=PARALLEL)
        async with httpx.AsyncClient(base_url=server_url, timeout=60, limits=limits) as client:
            return list(await asyncio.gather(*(send(client, n) for n in range(PARALLEL))))

    return asyncio.run(scenario())


def _conference_numbers(settings: Settings, tenant: Tenant) -> list[int]:
    async def read(session: AsyncSession) -> list[int]:
        numbers = await session.scalars(
            select(Conference.number).where(Conference.account_id == tenant.account_id)
        )
        return list(numbers)

    return in_database(settings, read)


def test_parallel_bigmarker_creations_all_succeed_with_distinct_numbers(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    async def create(client: httpx.AsyncClient, n: int) -> httpx.Response:
        body = {"channel_id": fresh_tenant.channel_id, "title": f"Parallel {n}"}
        return await client.post(f"{API}/conferences", headers=fresh_tenant.headers, json=body)

    responses = _at_once(server_url, create)
    assert [r.status_code for r in responses] == [200] * PARALLEL, [
        r.text for r in responses if r.status_code != 200
    ][:3]
    assert sorted(_conference_numbers(settings, fresh_tenant)) == list(range(1, PARALLEL + 1))


def test_parallel_boomstream_creations_all_succeed_with_distinct_numbers(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    async def create(client: httpx.AsyncClient, n: int) -> httpx.Response:
        params = {"apikey": fresh_tenant.api_key, "title": f"Parallel {n}", "format": "json"}
        return await client.get("/api/conference/create", params=params)

    responses = _at_once(server_url, create)
    assert [r.json()["Status"] for r in responses] == ["Success"] * PARALLEL, [
        r.text for r in responses if r.json()["Status"] != "Success"
    ][:3]
    assert sorted(_conference_numbers(settings, fresh_tenant)) == list(range(1, PARALLEL + 1))


def _registrations(settings: Settings, tenant: Tenant, email: str) -> list[tuple[str, str]]:
    """(person id, conference id) of every registration record of the address."""

    async def read(session: AsyncSession) -> list[tuple[str, str]]:
        rows = await session.execute(
            select(Person.id, Registration.conference_id)
            .join(Registration, Registration.person_id == Person.id)
            .where(Person.account_id == tenant.account_id, Person.email == email)
        )
        return [(person_id, conference_id) for person_id, conference_id in rows]

    return in_database(settings, read)


def test_identical_bigmarker_registrations_at_once_are_one_registration(
    http: httpx.Client, server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant, title="Popular")
    email = "rush@example.test"

    async def register(client: httpx.AsyncClient, _n: int) -> httpx.Response:
        body = {"id": conference["id"], "email": email, "first_name": "Rush", "last_name": "Hour"}
        return await client.put(
            f"{API}/conferences/register", headers=fresh_tenant.headers, data=body
        )

    responses = _at_once(server_url, register)
    assert [r.status_code for r in responses] == [200] * PARALLEL, [
        r.text for r in responses if r.status_code != 200
    ][:3]
    ((person_id, conference_id),) = _registrations(settings, fresh_tenant, email)
    assert conference_id == conference["id"]
    # Every answer is the same registration: the one person's enter link.
    (link,) = {r.json()["conference_url"] for r in responses}
    assert link.rsplit("&bmid=", 1)[1] == person_id


def test_identical_myownconference_additions_at_once_are_one_registration(
    http: httpx.Client, server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference = create_conference(http, fresh_tenant, title="Popular")
    alias = alias_of(settings, conference["id"])
    email = "rush@example.test"
    ok(http, fresh_tenant, "attendeesCreate", {"email": email, "name": "Rush Hour"})

    async def add(client: httpx.AsyncClient, _n: int) -> httpx.Response:
        request = {
            "key": fresh_tenant.api_key,
            "action": "attendeesAddToWebinar",
            "params": {"alias": alias, "attendees": [email]},
        }
        return await client.post("/", data={"request": json.dumps(request)})

    responses = _at_once(server_url, add)
    answers: list[Any] = [r.json()["response"] for r in responses]
    assert answers == [{"success": "Participants attached to the webinar"}] * PARALLEL, [
        a for a in answers if "error" in a
    ][:3]
    assert len(_registrations(settings, fresh_tenant, email)) == 1


def test_identical_boomstream_invites_at_once_are_one_client(
    http: httpx.Client, server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    created = http.get(
        "/api/conference/create",
        params={"apikey": fresh_tenant.api_key, "title": "Popular", "format": "json"},
    ).json()
    email = "rush@example.test"

    async def invite(client: httpx.AsyncClient, _n: int) -> httpx.Response:
        params = {
            "apikey": fresh_tenant.api_key,
            "code": created["Code"],
            "email": email,
            "name": "Rush Hour",
            "format": "json",
        }
        return await client.get("/api/conference/invite", params=params)

    responses = _at_once(server_url, invite)
    bodies = [r.json() for r in responses]
    assert [b["Status"] for b in bodies] == ["Success"] * PARALLEL, [
        b for b in bodies if b["Status"] != "Success"
    ][:3]
    assert len(_registrations(settings, fresh_tenant, email)) == 1
