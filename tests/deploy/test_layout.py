"""The production layout (docs/deploy.md), through nginx's port only: an account
made with the CLI, registrations through the BigMarker API, a webhook the worker
delivers (and counts at its own /metrics), a camera published through one serve
process and watched through the other by way of the layout's one Janus, a room
whose sockets nginx spreads over both serve processes, and one of them killed
mid-room: its sockets reconnect through nginx to the other and resume with
``since``, and every socket hears every message once, in order."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.deploy.conftest import METRICS_TOKEN, PAGES, Layout, scraped, until
from tests.media.peer import Peer
from tests.room.helpers import Client
from tests.webhooks.receiver import start_receiver
from webinarium.kit.ids import new_id

SOCKETS = "webinarium_room_sockets_open"


@pytest.fixture(scope="module")
def tenant(layout: Layout) -> dict[str, str]:
    """An account made as an operator makes one: the CLI, on the layout's database."""
    email = f"{new_id()}@example.test"
    done = layout.cli(
        *("accounts", "create", "--name", "Deploy", "--email", email),
        *("--password", "correct horse battery", "--json"),
    )
    assert done.returncode == 0, done.stderr
    created: dict[str, str] = json.loads(done.stdout)
    return {**created, "email": email}


@pytest.fixture(scope="module")
def api(layout: Layout, tenant: dict[str, str]) -> Iterator[httpx.Client]:
    """The tenant's API, through nginx."""
    headers = {"API-KEY": tenant["api_key"]}
    with httpx.Client(base_url=layout.url, headers=headers, timeout=30) as client:
        yield client


def create_conference(api: httpx.Client, tenant: dict[str, str]) -> str:
    start = datetime.now(UTC) + timedelta(minutes=5)
    response = api.post(
        "/api/v1/conferences",
        json={
            "channel_id": tenant["channel_id"],
            "title": "Production layout",
            "start_time": start.strftime("%Y-%m-%d %H:%M"),
            "time_zone": "UTC",
        },
    )
    assert response.status_code == 200, response.text
    conference_id: str = response.json()["id"]
    return conference_id


def register(api: httpx.Client, conference_id: str, name: str) -> tuple[str, str]:
    """Registers someone through BigMarker's API; their e-mail and enter token."""
    email = f"{name.lower()}-{new_id()}@example.test"
    response = api.put(
        "/api/v1/conferences/register",
        json={"id": conference_id, "email": email, "first_name": name, "last_name": "Deploy"},
    )
    assert response.status_code == 200, response.text
    link = urlsplit(response.json()["conference_url"])
    return email, parse_qs(link.query)["token"][0]


def test_the_layout_through_nginx(
    layout: Layout, tenant: dict[str, str], api: httpx.Client
) -> None:
    """One test, one layout: with pytest-xdist, several tests of a module may
    run in several workers, each starting a layout of its own."""
    the_front_door(layout)
    a_webhook_from_the_worker(layout, api, tenant)
    media_from_one_process_to_the_other(layout, tenant, api)
    a_room_over_both_processes_survives_a_killed_one(layout, tenant, api)


def the_front_door(layout: Layout) -> None:
    """/readyz, static files from nginx, /metrics kept off it, the request id
    and the client's address passed on."""

    def ready() -> bool:
        return httpx.get(f"{layout.url}/readyz", timeout=5).status_code == 200

    # The database, the migrations, Redis and the worker's heartbeat.
    until(ready, "/readyz answers 200 through nginx")

    static = httpx.get(f"{layout.url}/static/room.js", timeout=5)
    assert static.status_code == 200
    assert static.content == (PAGES / "static" / "room.js").read_bytes()
    # From nginx's disk, not the app: the app names every answer's request.
    assert static.headers["server"].startswith("nginx")
    assert "x-request-id" not in static.headers

    token = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    assert httpx.get(f"{layout.url}/metrics", headers=token, timeout=5).status_code == 404
    assert layout.metric(layout.serves[0], SOCKETS) >= 0

    # nginx's request id reaches the app, and the client's address is nginx's
    # peer: an X-Forwarded-For the client made up is not believed.
    answered = httpx.get(
        f"{layout.url}/healthz?token=secret-in-a-link",
        headers={"X-Forwarded-For": "203.0.113.7"},
        timeout=5,
    )
    assert answered.status_code == 200
    request_id = answered.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), request_id  # nginx's $request_id
    line = until(
        lambda: next((x for x in layout.log_lines() if x.get("request_id") == request_id), None),
        "the request's access line",
    )
    assert line["path"] == "/healthz?token=[redacted]"
    assert line["client"].startswith("127.0.0.1:"), line
    # nginx's access line has the path without the query, and the same id.
    nginx_line = until(
        lambda: next(
            (x for x in layout.nginx_log.read_text().splitlines() if request_id in x), None
        ),
        "nginx's access line",
    )
    assert '"GET /healthz HTTP/1.1" 200' in nginx_line, nginx_line
    assert "secret-in-a-link" not in layout.nginx_log.read_text()


def a_webhook_from_the_worker(layout: Layout, api: httpx.Client, tenant: dict[str, str]) -> None:
    """A registration through nginx, announced by the worker to a real receiver
    and counted at the worker's own /metrics."""
    receiver = start_receiver()
    try:
        made = api.post(
            "/api/webinarium/v1/webhook_endpoints",
            json={"url": receiver.base_url + "/hook", "event_types": ["registration.created"]},
        )
        assert made.status_code == 201, made.text
        endpoint: dict[str, Any] = made.json()
        conference_id = create_conference(api, tenant)
        email, _ = register(api, conference_id, "Hook")
        delivered = until(lambda: receiver.at("/hook"), "the worker's delivery")
    finally:
        receiver.stop()
    assert len(delivered) == 1
    assert delivered[0].verifies(endpoint["secret"])
    payload = delivered[0].json
    assert payload["type"] == "registration.created"
    assert payload["data"]["email"] == email
    assert payload["data"]["conference_id"] == conference_id

    # Counted once the receiver's answer is in, a moment after it got the request.
    delivered_count = 'webinarium_webhook_deliveries_total{outcome="delivered"}'
    until(
        lambda: scraped(layout.worker_url, delivered_count) == 1,
        "the delivery counted at the worker's /metrics",
    )
    assert httpx.get(f"{layout.worker_url}/metrics", timeout=10).status_code == 401


def media_from_one_process_to_the_other(
    layout: Layout, tenant: dict[str, str], api: httpx.Client
) -> None:
    """The host's camera, published through the first serve process, reaches an
    attendee of the second through the layout's one Janus. Each socket goes
    straight to its process's port, so that the feed is known to cross from
    one to the other (nginx's share of the sockets is the room part's)."""
    if layout.janus is None:
        # Said in pytest's summary; the rest of the layout is tested all the same.
        warnings.warn("media through the layout left out: janus is not installed", stacklevel=1)
        return
    conference_id = create_conference(api, tenant)
    entered = api.post(
        "/api/v1/conferences/enter",
        json={
            "id": conference_id,
            "attendee_name": "Host",
            "attendee_email": tenant["email"],
            "role": "moderator",
        },
    )
    assert entered.status_code == 200, entered.text
    host = entered.json()["enter_token"]
    _, ann = register(api, conference_id, "Ann")
    first, second = (
        served.base_url.replace("http://", "ws://") + "/room/ws" for served in layout.serves
    )
    secret = layout.env["WEBINARIUM_TURN_SECRET"]

    async def scenario() -> None:
        async with Peer(first, host) as presenter, Peer(second, ann) as attendee:
            for peer in (presenter, attendee):
                media = peer.snapshot["media"]
                assert media["status"] == "up", media
                # The TURN server of the layout's settings, with a credential
                # coturn checks with the secret both processes share.
                (turn,) = media["ice_servers"]
                assert turn["urls"] == [layout.env["WEBINARIUM_TURN_URLS"]]
                digest = hmac.digest(secret.encode(), turn["username"].encode(), hashlib.sha1)
                assert turn["credential"] == base64.b64encode(digest).decode()
            assert presenter.snapshot["media"]["can_publish"] is True
            feed_id = await presenter.publish()
            published = await attendee.event("media.published", lambda d: d["feed_id"] == feed_id)
            assert published["data"]["member_id"] == presenter.snapshot["me"]["member_id"]
            watch = await attendee.subscribe(feed_id)
            await watch.frames_at_least(3)
            assert (watch.width, watch.height) == (320, 240)

    asyncio.run(scenario())


class Member:
    """One registrant's socket through nginx, and every event it has heard,
    across reconnections."""

    def __init__(self, layout: Layout, token: str) -> None:
        self.layout = layout
        self.token = token
        self.client = Client(layout.ws_url, token)
        snapshot = self.client.next_frame()
        assert snapshot["event"] == "room.snapshot", snapshot
        self.last_seq: int = snapshot["seq"]
        self.heard: list[dict[str, Any]] = []

    def take_events(self) -> None:
        for frame in self.client.pending:
            if "event" in frame:
                self.heard.append(frame)
                self.last_seq = max(self.last_seq, frame["seq"])
        self.client.pending.clear()

    def say(self, text: str) -> None:
        reply = self.client.send("chat.send", {"text": text})
        assert reply.get("ok") is True, reply
        self.take_events()

    def cut_off(self) -> bool:
        """Whether the socket was closed under it (its process killed): a ping
        is answered, or the socket is found closed after what it had received."""
        try:
            self.client.send("ping")
        except ConnectionClosed:
            self.take_events()
            return True
        self.take_events()
        return False

    def reconnect(self) -> None:
        self.client.close()
        self.client = Client(self.layout.ws_url, self.token, since=self.last_seq)

    def chat_heard(self, count: int) -> list[tuple[int, str]]:
        """(seq, text) of the chat messages heard, once ``count`` have come."""

        def lines() -> list[tuple[int, str]]:
            return [
                (f["seq"], f["data"]["text"]) for f in self.heard if f["event"] == "chat.message"
            ]

        while len(lines()) < count:
            try:
                self.client.pending.append(self.client.receive())
            except TimeoutError:
                raise AssertionError(f"{count} messages said, heard only {lines()}") from None
            self.take_events()
        return lines()


def a_room_over_both_processes_survives_a_killed_one(
    layout: Layout, tenant: dict[str, str], api: httpx.Client
) -> None:
    """Sockets spread by nginx over both processes; one process killed: its
    sockets resume on the other, and nobody misses or repeats a message."""
    conference_id = create_conference(api, tenant)
    tokens = [register(api, conference_id, name)[1] for name in ("Ann", "Bea", "Cy", "Dee")]
    members = [Member(layout, token) for token in tokens]
    try:
        first, second = layout.serves

        def sockets_held() -> list[int] | None:
            counts = [int(layout.metric(served, SOCKETS)) for served in layout.serves]
            return counts if sum(counts) == len(members) else None

        held: list[int] = until(sockets_held, "every socket counted by a process")
        assert all(count > 0 for count in held), held  # nginx spread them over both

        said = [f"before {n}" for n in range(len(members))]
        for member, text in zip(members, said, strict=True):
            member.say(text)

        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=15)
        cut = [member for member in members if member.cut_off()]
        assert len(cut) == held[0], (len(cut), held)

        # Said while the cut-off members are away: they read it on resuming.
        for n, member in enumerate(m for m in members if m not in cut):
            said.append(f"meanwhile {n}")
            member.say(said[-1])
        for member in cut:
            member.reconnect()
        until(
            lambda: layout.metric(second, SOCKETS) == len(members),
            "every socket on the process left",
        )
        for n, member in enumerate(members):
            said.append(f"after {n}")
            member.say(said[-1])

        heard = [member.chat_heard(len(said)) for member in members]
    finally:
        for member in members:
            member.client.close()

    def socket_lines() -> list[str]:
        lines = [x for x in layout.nginx_log.read_text().splitlines() if "GET /room/ws " in x]
        return lines if len(lines) == len(members) + len(cut) else []

    # A socket's line is written when it closes: none has its ticket.
    assert not [
        line for line in until(socket_lines, "the sockets' lines") for t in tokens if t in line
    ]

    for lines in heard:
        seqs = [seq for seq, _ in lines]
        assert seqs == sorted(set(seqs)), lines  # in order, none twice
        assert sorted(text for _, text in lines) == sorted(said), lines
    assert all(lines == heard[0] for lines in heard)  # one order for every socket
    # Each member's own messages in the order they were said.
    assert [text for _, text in heard[0] if text.startswith("after")] == [
        f"after {n}" for n in range(len(members))
    ]
