"""Run it: the overview's "Enter the room as host" opens the room as its
organiser (the host link, never written on a page), and the go-live checklist
follows the room (a presenter entering)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import console_client, submit
from tests.pages.helpers import TICKET, ws_url
from tests.recordings.helpers import store_mp4
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.models import AuditEntry, Conference, Recording
from webinarium.settings import Settings


def test_enter_the_room_as_host_in_one_click(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_room(settings, fresh_tenant, starts_in=timedelta(minutes=10))
    with console_client(server_url, fresh_tenant) as client:
        overview = client.get(f"/console/webinars/{conference_id}")
        assert overview.status_code == 200
        assert "Enter the room as host" in overview.text
        # The secret link is not on the page: a POST answers it.
        assert "?host=" not in overview.text
        entered = submit(client, f"/console/webinars/{conference_id}/host", {})
        assert entered.status_code == 303
        assert entered.headers["cache-control"] == "no-store"
        assert entered.headers["referrer-policy"] == "no-referrer"
        link = entered.headers["location"]
        assert link.startswith(f"/{fresh_tenant.channel_url}/")
        assert "?host=" in link
        # The same link each time (its seed is kept).
        assert (
            submit(client, f"/console/webinars/{conference_id}/host", {}).headers["location"]
            == link
        )
    # Followed by anyone (a new tab: no console cookie), it is the room's page
    # whose ticket makes them the organiser, a moderator.
    with httpx.Client(base_url=server_url, timeout=30) as browser:
        room = browser.get(link)
    assert room.status_code == 200, room.text
    found = TICKET.search(room.text)
    assert found is not None
    with Client(ws_url(server_url), found.group(1)) as socket:
        snapshot = socket.next_frame()
    assert snapshot["event"] == "room.snapshot"
    assert snapshot["data"]["me"]["role"] == "moderator"
    assert snapshot["data"]["me"]["member_id"] == "host"

    async def audit(session: AsyncSession) -> list[str]:
        rows = await session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject_id == conference_id)
        )
        return list(rows)

    assert in_database(settings, audit) == ["webinar.host_entered", "webinar.host_entered"]


def test_the_checklist_follows_a_presenter_into_the_room(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_room(settings, fresh_tenant, starts_in=timedelta(minutes=10))
    presenter_id = add_staff(settings, fresh_tenant, conference_id, "Priya", moderator=False)
    path = f"/console/webinars/{conference_id}/checklist.json"
    with console_client(server_url, fresh_tenant) as client:
        before = client.get(path)
        assert before.status_code == 200
        assert before.headers["cache-control"] == "no-store"
        items = {item["key"]: item for item in before.json()["items"]}
        assert before.json()["ready"] is False
        assert items["presenters"]["ready"] is False
        assert (
            items["presenters"]["summary"] == "0 of 1 presenters in the room; not yet: Priya Staff."
        )
        # The suite's servers run without Janus.
        assert items["camera"]["ready"] is False
        assert "Media server not installed" in items["camera"]["summary"]
        assert items["recording"]["ready"] is False

        with Client(
            ws_url(server_url),
            ticket(settings, fresh_tenant, conference_id, "presenter", presenter_id),
        ) as socket:
            assert socket.next_frame()["event"] == "room.snapshot"
            during = {item["key"]: item for item in client.get(path).json()["items"]}
            assert during["presenters"]["ready"] is True
            assert during["presenters"]["summary"] == "1 of 1 presenters in the room."
            # The page shows the same at load, without JavaScript.
            overview = client.get(f"/console/webinars/{conference_id}").text
            assert "1 of 1 presenters in the room." in overview
            assert "Priya" in overview


def test_end_webinar_ends_it_for_everyone_in_the_room(
    server_url: str, settings: Settings, fresh_tenant: Tenant
) -> None:
    conference_id = make_room(settings, fresh_tenant, exit_url="https://example.test/thanks")
    ann = register_someone(settings, fresh_tenant, conference_id, "Ann")
    paul = add_staff(settings, fresh_tenant, conference_id, "Paul", moderator=False)
    overview_path = f"/console/webinars/{conference_id}"
    with console_client(server_url, fresh_tenant) as client:
        # Not started yet: nothing to end, and a POST is refused, changing nothing.
        assert "End webinar…" not in client.get(overview_path).text
        assert "Only a webinar that has started" in client.get(f"{overview_path}/end").text
        refused = submit(client, f"{overview_path}/end", {})
        assert refused.status_code == 400
        assert "has not started yet" in refused.text

        with (
            Client(ws_url(server_url), ann.enter_token) as attendee,
            Client(
                ws_url(server_url), ticket(settings, fresh_tenant, conference_id, "presenter", paul)
            ) as presenter,
        ):
            attendee.next_frame()
            presenter.next_frame()
            assert presenter.send("room.start")["ok"] is True
            for socket in (attendee, presenter):
                assert socket.event("room.status")["data"]["status"] == "live"

            overview = client.get(overview_path).text
            assert f'href="{overview_path}/end"' in overview
            confirm = client.get(f"{overview_path}/end")
            assert confirm.status_code == 200
            assert "End the webinar" in confirm.text

            ended = submit(client, f"{overview_path}/end", {})
            assert ended.status_code == 303
            assert ended.headers["location"] == overview_path
            for socket in (attendee, presenter):
                assert socket.event("room.status")["data"]["status"] == "ended"
                assert socket.event("room.ended")["data"] == {
                    "exit_url": "https://example.test/thanks"
                }
                assert socket.close_code() == 4409

        after = client.get(overview_path).text
        assert "Webinar ended: everyone in its room was shown out." in after
        assert "End webinar…" not in after
        # Ended once: a second POST is the service's refusal.
        assert submit(client, f"{overview_path}/end", {}).status_code == 400

    async def read(session: AsyncSession) -> tuple[list[str], str]:
        actions = await session.scalars(
            select(AuditEntry.action).where(AuditEntry.subject_id == conference_id)
        )
        status = await session.scalar(
            select(Conference.status).where(Conference.id == conference_id)
        )
        return list(actions), str(status)

    actions, status = in_database(settings, read)
    assert actions == ["webinar.ended"]
    assert status == "ended"


def test_the_overview_publishes_and_unpublishes_the_recording(
    server_url: str, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    conference_id = make_room(settings, fresh_tenant, starts_in=-timedelta(hours=2))
    overview_path = f"/console/webinars/{conference_id}"
    with console_client(server_url, fresh_tenant) as client:
        # Nothing to publish yet: said on the overview, refused as a page.
        assert "No recording yet." in client.get(overview_path).text
        refused = submit(client, f"{overview_path}/recording/publish", {})
        assert refused.status_code == 404
        assert "has no recording" in refused.text

        recording_id = store_mp4(settings, fresh_tenant, conference_id, tmp_path)
        overview = client.get(overview_path).text
        assert "Not published: nobody can watch it yet" in overview
        assert f'action="{overview_path}/recording/publish"' in overview

        published = submit(client, f"{overview_path}/recording/publish", {})
        assert published.status_code == 303
        assert published.headers["location"].startswith(overview_path)
        overview = client.get(overview_path).text
        link = re.search(r'Published: <a href="([^"]+)"', overview)
        assert link is not None
        assert link.group(1).endswith("/recording")
        assert f"/{fresh_tenant.channel_url}/" in link.group(1)
        assert f'action="{overview_path}/recording/unpublish"' in overview
        # Asked twice: refused as a page (a page's refusal is a 400), nothing changed.
        again = submit(client, f"{overview_path}/recording/publish", {})
        assert again.status_code == 400
        assert "already published" in again.text

        unpublished = submit(client, f"{overview_path}/recording/unpublish", {})
        assert unpublished.status_code == 303
        # Only the panel's two changes are routes.
        assert submit(client, f"{overview_path}/recording/delete", {}).status_code == 400
        assert "Not published" in client.get(overview_path).text

    async def state(session: AsyncSession) -> tuple[bool, list[str]]:
        recording = await session.get(Recording, recording_id)
        assert recording is not None
        actions = await session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.subject_id == conference_id)
            .order_by(AuditEntry.created_at)
        )
        return recording.published, list(actions)

    assert in_database(settings, state) == (
        False,
        ["recording.published", "recording.unpublished"],
    )
