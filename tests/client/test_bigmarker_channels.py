"""The BigMarker SDK's channels and what hangs on them, against the real
application: sync over the network (the suite's server), async in-process."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from webinarium.app import create_app
from webinarium.client import AsyncBigMarker, BigMarker, NotFoundError
from webinarium.client.models.bigmarker import Channel, Conference
from webinarium.client.models.bigmarker_channels import Result, Subscriber
from webinarium.kit.ids import new_id
from webinarium.settings import Settings


def _conference(bm: BigMarker, tenant: Tenant, title: str, start: str) -> str:
    made = bm.request(
        "POST",
        "conferences",
        json={"channel_id": tenant.channel_id, "title": title, "start_time": start},
    )
    return str(made["id"])


def _subchannel_by_request(bm: BigMarker, tenant: Tenant, name: str) -> dict[str, Any]:
    url = f"sub-{new_id()}"
    made: dict[str, Any] = bm.request(
        "POST",
        "channels",
        json={
            "master_channel_id": tenant.channel_id,
            "channel_name": name,
            "channel_url": url,
            "organizer_email": f"organizer-{url}@example.test",
        },
    )
    return made


# The integrator's calls: channels.list/get/conferences, subscribers.list/add/delete.


def test_channels_list_get_and_conferences(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK channels")
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        subs = [_subchannel_by_request(bm, tenant, f"Sub {n}") for n in range(2)]

        channels = list(bm.channels.list(per_page=1))
        assert all(isinstance(c, Channel) for c in channels)
        assert sorted(str(c.channel_id) for c in channels) == sorted(
            [tenant.channel_id, *(s["channel_id"] for s in subs)]
        )
        main = next(c for c in channels if c.channel_id == tenant.channel_id)
        assert main.name == "SDK channels"
        assert main.channel_url == f"{settings.base_url}/{tenant.channel_url}"
        assert main.channel_hosts is not None

        shown = bm.channels.get(subs[0]["channel_id"])
        assert (shown.channel_id, shown.name) == (subs[0]["channel_id"], "Sub 0")
        assert shown.channel_url == subs[0]["channel_url"]
        with pytest.raises(NotFoundError) as missing:
            bm.channels.get("nope")
        assert (missing.value.status_code, missing.value.message) == (404, "Not Found!")

        ids = [_conference(bm, tenant, f"Webinar {n}", f"2031-0{n + 1}-01 10:00") for n in range(3)]
        listed = list(bm.channels.conferences(tenant.channel_url, timing="all", per_page=2))
        assert all(isinstance(c, Conference) for c in listed)
        assert [c.id for c in listed] == ids
        assert [c.title for c in listed] == ["Webinar 0", "Webinar 1", "Webinar 2"]
        newest = bm.channels.conferences(
            tenant.channel_url, sort_start_date="descending", per_page=1
        )
        assert [c.id for c in newest] == ids[::-1]
        assert list(bm.channels.conferences(tenant.channel_url, timing="past")) == []
        with pytest.raises(NotFoundError, match=r"^404: Channel Not Found!$"):
            list(bm.channels.conferences("nope"))


def test_subscribers_add_list_delete(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK subscribers")
    emails = [f"sub{n}-{new_id()}@example.test" for n in range(3)]
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bm:
        added = [
            bm.subscribers.add(
                tenant.channel_id,
                email=email,
                first_name=f"First{n}",
                last_name="Last",
                temporary_password="secret-123",
            )
            for n, email in enumerate(emails)
        ]
        assert all(isinstance(s, Subscriber) for s in added)
        assert [(s.email, s.first_name, s.last_name) for s in added] == [
            (email, f"First{n}", "Last") for n, email in enumerate(emails)
        ]
        assert all(s.bmid for s in added)

        listed = list(bm.subscribers.list(tenant.channel_id, per_page=2))
        assert sorted((s.email, s.bmid) for s in listed) == sorted((s.email, s.bmid) for s in added)
        assert sorted(s.email or "" for s in bm.subscribers.list(tenant.channel_id)) == sorted(
            emails
        )

        removed = bm.subscribers.delete(tenant.channel_id, email=emails[1])
        assert isinstance(removed, Result)
        assert removed.success
        assert sorted(s.email or "" for s in bm.subscribers.list(tenant.channel_id)) == sorted(
            [emails[0], emails[2]]
        )
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.subscribers.add("nope", email=emails[0])
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            list(bm.subscribers.list("nope"))


def test_channels_and_subscribers_async(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK channels async")
    email = f"async-{new_id()}@example.test"

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with AsyncBigMarker(
                api_key=tenant.api_key, base_url="http://app", transport=transport
            ) as bm:
                channels = [c async for c in bm.channels.list()]
                assert [c.channel_id for c in channels] == [tenant.channel_id]
                assert (await bm.channels.get(tenant.channel_url)).name == "SDK channels async"
                assert [c async for c in bm.channels.conferences(tenant.channel_url)] == []
                added = await bm.subscribers.add(tenant.channel_id, email=email)
                assert added.email == email
                assert [s.email async for s in bm.subscribers.list(tenant.channel_id)] == [email]
                assert (await bm.subscribers.delete(tenant.channel_id, email=email)).success
                assert [s async for s in bm.subscribers.list(tenant.channel_id)] == []
                with pytest.raises(NotFoundError):
                    await bm.subscribers.delete("nope", email=email)

    asyncio.run(main())
