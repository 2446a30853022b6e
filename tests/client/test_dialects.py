"""Each client against the real application: where its key goes, how its
dialect's refusals become exceptions with the vendor's message, and the native
resources paging by themselves. Sync over the network (the suite's server),
async in-process (`httpx.ASGITransport`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from webinarium.app import create_app
from webinarium.client import (
    AsyncBigMarker,
    AsyncBoomstream,
    AsyncMyOwnConference,
    AsyncWebinarium,
    AuthenticationError,
    BadRequestError,
    BigMarker,
    Boomstream,
    Event,
    MyOwnConference,
    NotFoundError,
    WebhookEndpoint,
    Webinarium,
)
from webinarium.settings import Settings

BAD_KEY = "not-a-key"


def _conference(bigmarker: BigMarker, tenant: Tenant, title: str) -> str:
    made = bigmarker.request(
        "POST",
        "conferences",
        json={"channel_id": tenant.channel_id, "title": title, "start_time": "2030-06-01 10:00"},
    )
    return str(made["id"])


# Sync, over the network.


def test_native_pages_through_events_and_endpoints(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK")
    with (
        Webinarium(api_key=tenant.api_key, base_url=server_url) as native,
        BigMarker(api_key=tenant.api_key, base_url=server_url) as bigmarker,
    ):
        ids = [_conference(bigmarker, tenant, f"SDK {n}") for n in range(3)]
        events = [e for e in native.events.iter_events(limit=1) if e.type == "conference.created"]
        assert all(isinstance(e, Event) for e in events)
        assert [e.data["conference_id"] for e in events] == ids
        seqs = [e.seq for e in native.events.iter_events(limit=2)]
        assert seqs == sorted(seqs)
        assert len(seqs) == len(set(seqs)) >= 3
        # From the last seq handled: only what came after.
        assert [e.seq for e in native.events.iter_events(after=seqs[-2])] == seqs[-1:]

        urls = [f"https://hooks.example.test/{n}" for n in range(3)]
        for url in urls:
            native.request("POST", "webhook_endpoints", json={"url": url})
        endpoints = list(native.webhook_endpoints.list(limit=2))
        assert all(isinstance(e, WebhookEndpoint) for e in endpoints)
        assert [e.url for e in endpoints] == urls


def test_native_refusals(server_url: str, alice: Tenant) -> None:
    with (
        Webinarium(api_key=BAD_KEY, base_url=server_url) as stranger,
        pytest.raises(AuthenticationError) as refused,
    ):
        stranger.request("GET", "events")
    assert (refused.value.status_code, refused.value.code) == (401, "authentication_failed")
    assert refused.value.message == "unknown or revoked API key"

    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        with pytest.raises(NotFoundError) as missing:
            native.request("GET", "webhook_endpoints/nope")
        assert missing.value.status_code == 404
        assert missing.value.code == "webhook_endpoint_not_found"
        with pytest.raises(BadRequestError, match="after must be"):
            native.request("GET", "events", params={"after": "x"})


def test_bigmarker_refusals(server_url: str, alice: Tenant) -> None:
    with (
        BigMarker(api_key=BAD_KEY, base_url=server_url) as stranger,
        pytest.raises(AuthenticationError, match=r"Missing or invalid API key\.") as refused,
    ):
        stranger.request("GET", "conferences")
    assert refused.value.status_code == 401
    with (
        BigMarker(api_key=alice.api_key, base_url=server_url) as bigmarker,
        pytest.raises(NotFoundError) as missing,
    ):
        bigmarker.request("GET", "conferences/nope")
    assert missing.value.message == "Channel Not Found!"


def test_myownconference_refusals(server_url: str, alice: Tenant) -> None:
    with (
        MyOwnConference(api_key=BAD_KEY, base_url=server_url) as stranger,
        pytest.raises(AuthenticationError, match="unknown or revoked API key") as refused,
    ):
        stranger.request("profileGet")
    # MyOwnConference refuses with HTTP 200: the body says so.
    assert refused.value.status_code == 200
    with MyOwnConference(api_key=alice.api_key, base_url=server_url) as moc:
        assert "name" in moc.request("profileGet", idempotent=True)
        with pytest.raises(NotFoundError, match="not found"):
            moc.request("webinarsGetInfo", {"alias": "nope"})


def test_boomstream_refusals(server_url: str, alice: Tenant) -> None:
    with (
        Boomstream(api_key=BAD_KEY, base_url=server_url) as stranger,
        pytest.raises(AuthenticationError, match=r": Invalid apikey$"),
    ):
        stranger.request("list")
    with Boomstream(api_key=alice.api_key, base_url=server_url) as boomstream:
        assert boomstream.request("list")["Status"] == "Success"
        with pytest.raises(NotFoundError, match=r": Conference not found$"):
            boomstream.request("info", {"code": "nope"})
        # An XML answer (Boomstream's default) is read too.
        with pytest.raises(NotFoundError, match=r": Conference not found$"):
            boomstream.request("info", {"code": "nope", "format": "xml"})


# Async, in-process.


@asynccontextmanager
async def _in_process(settings: Settings) -> AsyncIterator[httpx.ASGITransport]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield httpx.ASGITransport(app=app)


def _run(settings: Settings, test: Callable[[httpx.ASGITransport], Awaitable[None]]) -> None:
    async def main() -> None:
        async with _in_process(settings) as transport:
            await test(transport)

    asyncio.run(main())


def test_async_clients_in_process(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK async")
    app_url = "http://app"

    async def test(transport: httpx.ASGITransport) -> None:
        common: dict[str, Any] = {"base_url": app_url, "transport": transport}
        async with AsyncBigMarker(api_key=tenant.api_key, **common) as bigmarker:
            made = await bigmarker.request(
                "POST", "conferences", json={"channel_id": tenant.channel_id, "title": "Async"}
            )
            with pytest.raises(NotFoundError, match="Channel Not Found!"):
                await bigmarker.request("GET", "conferences/nope")
        async with AsyncWebinarium(api_key=tenant.api_key, **common) as native:
            created = [e async for e in native.events.iter_events(limit=1)]
            assert [e.data["conference_id"] for e in created] == [made["id"]]
            for n in range(3):
                await native.request(
                    "POST", "webhook_endpoints", json={"url": f"https://h.test/{n}"}
                )
            urls = [e.url async for e in native.webhook_endpoints.list(limit=2)]
            assert urls == [f"https://h.test/{n}" for n in range(3)]
        async with AsyncWebinarium(api_key=BAD_KEY, **common) as stranger:
            with pytest.raises(AuthenticationError, match="unknown or revoked API key"):
                await stranger.events.list()
        async with AsyncMyOwnConference(api_key=tenant.api_key, **common) as moc:
            with pytest.raises(NotFoundError, match="not found"):
                await moc.request("webinarsGetInfo", {"alias": "nope"})
        async with AsyncMyOwnConference(api_key=BAD_KEY, **common) as moc_stranger:
            with pytest.raises(AuthenticationError):
                await moc_stranger.request("profileGet")
        async with AsyncBoomstream(api_key=tenant.api_key, **common) as boomstream:
            with pytest.raises(NotFoundError, match=r": Conference not found$"):
                await boomstream.request("info", {"code": "nope"})
        async with AsyncBoomstream(api_key=BAD_KEY, **common) as boomstream_stranger:
            with pytest.raises(AuthenticationError, match=r": Invalid apikey$"):
                await boomstream_stranger.request("list")

    _run(settings, test)
