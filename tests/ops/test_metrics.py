"""/metrics on a server with its worker and scheduler, on a database of its own:
API calls, a room socket, webhook deliveries to a real receiver, a mail to a
real SMTP server and a scheduler step move the counters by what they did, with
bounded labels; a scrape without the token is refused."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, in_database
from tests.ops.samples import Samples, moved, samples_of, value
from tests.room.conftest import RoomServer, worker_server
from tests.room.helpers import Client, make_room, register_someone
from tests.servers import SmtpServer, until
from tests.webhooks.receiver import Receiver
from webinarium.accounts.service import get_account
from webinarium.channels.service import create_channel
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference, get_conference
from webinarium.kit.clock import MovableClock
from webinarium.kit.db import SQLITE_READERS
from webinarium.kit.ids import new_id
from webinarium.models import Channel, Job
from webinarium.settings import Settings

TOKEN = "scrape-me-7f3a"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def server(own_settings: Settings, clock: MovableClock, smtp: SmtpServer) -> Iterator[RoomServer]:
    with worker_server(own_settings, clock, smtp, metrics_token=TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def tenant(own_settings: Settings) -> Tenant:
    return create_tenant(own_settings, "Metrics")


def scrape(api: httpx.Client) -> Samples:
    return samples_of(api.get("/metrics", headers=SCRAPER))


def label_values(samples: Samples) -> set[str]:
    return {value for _, labels in samples for _, value in labels}


def test_a_scrape_without_the_token_is_refused(api: httpx.Client, http: httpx.Client) -> None:
    anonymous = api.get("/metrics")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert "webinarium_" not in anonymous.text
    for wrong in (f"Bearer {TOKEN}x", f"Basic {TOKEN}", TOKEN, "Bearer"):
        assert api.get("/metrics", headers={"Authorization": wrong}).status_code == 401
    # A server with no token configured has no /metrics at all.
    assert http.get("/metrics", headers=SCRAPER).status_code == 404


def test_no_channel_is_given_the_metrics_address(own_settings: Settings, tenant: Tenant) -> None:
    async def create(session: AsyncSession) -> list[str]:
        account = await get_account(session, tenant.account_id)
        await create_channel(session, account, name="Metrics")
        taken = await session.scalars(select(Channel.url).where(Channel.url.like("metrics%")))
        return list(taken)

    # This tenant's own channel and the one made here, at least; the first of
    # them would have taken /metrics.
    urls = in_database(own_settings, create)
    assert len(urls) >= 2
    assert all(re.fullmatch(r"metrics-[0-9]+", url) for url in urls)


def test_requests_are_counted_by_route_template_and_status(
    api: httpx.Client, tenant: Tenant
) -> None:
    before = scrape(api)
    created = api.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={"channel_id": tenant.channel_id, "title": "Counted"},
    )
    assert created.status_code == 200, created.text
    conference_id = created.json()["id"]
    for _ in range(2):
        shown = api.get(f"/api/v1/conferences/{conference_id}/", headers=tenant.headers)
        assert shown.status_code == 200
    missing = api.get("/api/v1/conferences/no-such-webinar-4711", headers=tenant.headers)
    assert missing.status_code == 404
    nowhere = api.get("/no/such/page/4711")
    assert nowhere.status_code == 404
    after = scrape(api)

    requests = "webinarium_http_requests_total"
    show = "/api/v1/conferences/{conference_id}"
    assert moved(before, after, requests, method="POST", route="/api/v1/conferences", status="200")
    assert moved(before, after, requests, method="GET", route=show, status="200") == 2
    assert moved(before, after, requests, method="GET", route=show, status="404") == 1
    assert moved(before, after, requests, method="GET", route="unmatched", status="404") == 1
    # The first scrape is counted by the second (once it has answered).
    assert moved(before, after, requests, method="GET", route="/metrics", status="200") == 1
    durations = "webinarium_http_request_duration_seconds"
    assert moved(before, after, f"{durations}_count", method="GET", route=show) == 3
    assert moved(before, after, f"{durations}_sum", method="GET", route=show) > 0
    slowest = moved(before, after, f"{durations}_bucket", method="GET", route=show, le="+Inf")
    assert slowest == 3
    # No label carries a path or an id from the requests.
    values = label_values(after)
    assert not [v for v in values if conference_id in v or "4711" in v or "no/such" in v]
    routes = {dict(labels)["route"] for name, labels in after if name == requests}
    assert all(route == "unmatched" or route.startswith("/") for route in routes)


def test_a_room_socket_is_counted_with_its_frames(
    api: httpx.Client, server: RoomServer, own_settings: Settings, tenant: Tenant
) -> None:
    room = make_room(own_settings, tenant)
    ann = register_someone(own_settings, tenant, room, "Ann")
    before = scrape(api)
    assert value(before, "webinarium_room_sockets_open") == 0
    assert value(before, "webinarium_rooms_live") == 0
    with Client(server.ws_url, ann.enter_token) as socket:
        snapshot = socket.next_frame()
        assert snapshot["event"] == "room.snapshot"
        for _ in range(3):
            assert socket.send("ping")["ok"] is True
        received = 1 + len(socket.pending) + 3  # the snapshot, the events, the replies
        during = scrape(api)
    assert value(during, "webinarium_room_sockets_open") == 1
    assert value(during, "webinarium_rooms_live") == 1
    assert moved(before, during, "webinarium_room_frames_received_total") == 3
    assert moved(before, during, "webinarium_room_frames_sent_total") >= received
    until(
        lambda: value(scrape(api), "webinarium_room_sockets_open") == 0,
        "the closed socket no longer counted",
    )
    assert room not in "".join(label_values(scrape(api)))


def test_webhook_deliveries_are_counted_by_outcome(
    api: httpx.Client, tenant: Tenant, receiver: Receiver
) -> None:
    receiver.scripts["/refusing"] = lambda _, __: (400, {}, b"no thanks")
    # Tried again in an hour: not within this test.
    receiver.scripts["/busy"] = lambda _, __: (429, {"Retry-After": "3600"}, b"later")
    paths = ("/accepting", "/refusing", "/busy")
    for path in paths:
        response = api.post(
            "/api/webinarium/v1/webhook_endpoints",
            headers=tenant.headers,
            json={"url": receiver.base_url + path, "event_types": ["conference.created"]},
        )
        assert response.status_code == 201, response.text
    before = scrape(api)
    created = api.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={"channel_id": tenant.channel_id, "title": "Announced"},
    )
    assert created.status_code == 200, created.text
    deliveries = "webinarium_webhook_deliveries_total"
    after = until(
        lambda: (
            (found := scrape(api))
            and sum(
                moved(before, found, deliveries, outcome=outcome)
                for outcome in ("delivered", "failed", "retrying")
            )
            >= 3
            and found
        ),
        "the three deliveries counted",
    )
    assert [len(receiver.at(path)) for path in paths] == [1, 1, 1]
    assert moved(before, after, deliveries, outcome="delivered") == 1
    assert moved(before, after, deliveries, outcome="failed") == 1
    assert moved(before, after, deliveries, outcome="retrying") == 1


def test_a_mail_sent_is_counted(api: httpx.Client, tenant: Tenant, smtp: SmtpServer) -> None:
    created = api.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={"channel_id": tenant.channel_id, "title": "Mailed", "start_time": "2031-05-01 10:00"},
    )
    assert created.status_code == 200, created.text
    before = scrape(api)
    email = f"reader-{time.monotonic_ns()}@example.test"
    registered = api.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={"id": created.json()["id"], "email": email, "first_name": "Ada", "last_name": "B"},
    )
    assert registered.status_code == 200, registered.text
    smtp.inbox.wait_for(email)
    after = until(
        lambda: (
            (
                (found := scrape(api))
                and moved(before, found, "webinarium_mails_total", outcome="sent")
            )
            and found
        ),
        "the mail counted",
    )
    assert moved(before, after, "webinarium_mails_total", outcome="sent") == 1
    assert moved(before, after, "webinarium_mails_total", outcome="failed") == 0


def test_a_late_scheduler_step_is_counted_as_lag(
    api: httpx.Client, own_settings: Settings, tenant: Tenant, clock: MovableClock
) -> None:
    start = clock.now() + timedelta(seconds=2)

    async def create(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(
                channel_id=tenant.channel_id, title="Late", start=start, duration_minutes=60
            ),
        )
        return conference.id

    conference_id = in_database(own_settings, create)
    before = scrape(api)
    # The scheduler wakes with the clock, 5 s after the start: late by about 3 s.
    clock.advance(timedelta(seconds=5))

    async def status(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        return str((await get_conference(session, account, conference_id)).status)

    until(lambda: in_database(own_settings, status) == "live", "the webinar started")
    lag = "webinarium_scheduler_lag_seconds"
    after = until(
        lambda: (found := scrape(api)) and moved(before, found, f"{lag}_count") and found,
        "the step counted",
    )
    steps = moved(before, after, f"{lag}_count")
    assert steps >= 1
    # Every step this move took was late by 3 s or more (the start), none by more
    # than the moments this test's clock passed.
    assert moved(before, after, f"{lag}_bucket", le="1.0") == 0
    assert 3 * steps <= moved(before, after, f"{lag}_sum") <= 60 * steps


def test_standing_numbers_are_read_when_scraped(
    api: httpx.Client, own_settings: Settings, tenant: Tenant, clock: MovableClock
) -> None:
    # A job of a kind no worker here knows: it waits, due 30 s ago.
    async def add_job(session: AsyncSession) -> str:
        job = Job(
            account_id=tenant.account_id,
            kind="test.nobody",
            ref_id=new_id(),
            due_at=clock.now() - timedelta(seconds=30),
        )
        session.add(job)
        await session.flush()
        return job.id

    async def remove_job(session: AsyncSession) -> None:
        await session.execute(delete(Job).where(Job.id == job_id))

    before = scrape(api)
    job_id = in_database(own_settings, add_job)
    try:
        samples = scrape(api)
    finally:
        in_database(own_settings, remove_job)
    # The outbox, read from the database.
    assert moved(before, samples, "webinarium_outbox_depth", queue="jobs") == 1
    assert 30 <= value(samples, "webinarium_outbox_oldest_age_seconds", queue="jobs") < 90
    assert ("webinarium_outbox_depth", frozenset({("queue", "events")})) in samples
    # SQLite has a writer of one connection and a reader pool, PostgreSQL one pool.
    pools = {
        dict(labels)["pool"]: value
        for (name, labels), value in samples.items()
        if name == "webinarium_db_pool_size"
    }
    expected = {"writer": 1, "reader": SQLITE_READERS} if own_settings.is_sqlite else {"writer": 10}
    assert pools == expected
    in_use = {
        dict(labels)["pool"]: value
        for (name, labels), value in samples.items()
        if name == "webinarium_db_pool_connections_in_use"
    }
    assert set(in_use) == set(pools)
    assert all(0 <= in_use[pool] <= pools[pool] for pool in pools)
    # Janus (none in these tests): exactly one status holds.
    janus = {
        dict(labels)["status"]: value
        for (name, labels), value in samples.items()
        if name == "webinarium_janus_status"
    }
    assert janus == {"up": 0, "down": 0, "unavailable": 1}
