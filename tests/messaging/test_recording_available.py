"""The "recording available" mail (SMTP in the test process, the real worker):
a recording published for the first time after the follow-up went without it
is mailed to the registrants who may watch it, each with their own on-demand
link; never twice (published again, or a follow-up that carried the link);
the native webhook endpoint hears recording.published."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.messaging.conftest import mail_rows
from tests.messaging.test_follow_up import ended_with_a_recording
from tests.messaging.test_mail import (
    BIGMARKER,
    CLICK,
    address,
    attend,
    bigmarker_register,
    bigmarker_webinar,
    emit_now,
    ended,
    html_of,
    local,
    text_of,
)
from tests.recordings.helpers import store_mp4
from tests.room.conftest import RoomServer
from tests.servers import Inbox, until
from tests.webhooks.receiver import start_receiver
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.events.outbox import emit
from webinarium.models import OutboxEvent
from webinarium.recordings.service import publish
from webinarium.settings import Settings

NATIVE = "/api/webinarium/v1"


def _handed_over(settings: Settings, conference_id: str, event_type: str, count: int) -> None:
    """Waits until ``count`` events of the type about the conference went
    through the reactions: the mails they ask for are all written by then."""

    async def read(session: AsyncSession) -> list[OutboxEvent]:
        rows = await session.scalars(select(OutboxEvent).where(OutboxEvent.type == event_type))
        return [e for e in rows if e.payload.get("conference_id") == conference_id]

    def done() -> bool:
        events = in_database(settings, read)
        return len(events) == count and all(e.dispatched_at is not None for e in events)

    until(done, f"{count} {event_type} of {conference_id} handed over")


def _kinds(settings: Settings, email: str) -> list[str]:
    return [row.kind for row in mail_rows(settings, email)]


def _publish(web: httpx.Client, tenant: Tenant, conference_id: str, verb: str = "publish") -> None:
    response = web.get(
        f"{BIGMARKER}/conferences/{conference_id}/{verb}_recording", headers=tenant.headers
    )
    assert response.status_code == 200, response.text


def _watch(web: httpx.Client, server: RoomServer, mail: EmailMessage, recording_url: str) -> str:
    """Follows the mail's recording link: the registrant's own on-demand page."""
    text = text_of(mail)
    assert "/files/" not in text + html_of(mail)
    click = CLICK.search(text.split("The recording: ", 1)[1])
    assert click is not None
    target: str = web.get(local(server, click.group())).headers["location"]
    assert target.startswith(recording_url + "?token=")
    page = web.get(local(server, target))
    assert page.status_code == 200, page.text
    assert "<video" in page.text
    return target


def test_a_recording_published_after_the_follow_up_is_mailed_once_to_those_who_may_watch(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    # Only those who attended watch it: the one who missed it gets no mail.
    webinar = bigmarker_webinar(web, tenant, who_can_watch_recording="attendees")
    conference_id = webinar["id"]
    came, also_came, missed = address("came"), address("also-came"), address("missed")
    for email in (came, also_came, missed):
        bigmarker_register(web, tenant, conference_id, email)
        inbox.wait_for(email)
    for email in (came, also_came):
        attend(own_settings, tenant, conference_id, email)
    emit_now(own_settings, ended(own_settings, tenant, conference_id))
    for email in (came, also_came, missed):
        follow_up = inbox.wait_for(email, 2)[1]
        assert "The recording" not in text_of(follow_up)

    store_mp4(own_settings, tenant, conference_id, tmp_path)
    _publish(web, tenant, conference_id)
    shown = web.get(f"{BIGMARKER}/conferences/{conference_id}", headers=tenant.headers).json()
    pages = []
    for email in (came, also_came):
        available = inbox.wait_for(email, 3)[2]
        assert available["Subject"] == f"The recording is available: {webinar['title']}"
        assert "watch it again" in text_of(available)
        assert "Watch the recording" in html_of(available)
        assert available["List-Unsubscribe"]
        pages.append(_watch(web, mail_server, available, shown["recording_url"]))
    assert pages[0] != pages[1]
    _handed_over(own_settings, conference_id, "recording.published", 1)
    assert _kinds(own_settings, missed) == ["registration_confirmation", "follow_up"]

    # Unpublished and published again: nobody is mailed a second time.
    _publish(web, tenant, conference_id, "unpublish")
    _publish(web, tenant, conference_id)
    _handed_over(own_settings, conference_id, "recording.published", 2)
    for email in (came, also_came):
        assert _kinds(own_settings, email) == [
            "registration_confirmation",
            "follow_up",
            "recording_available",
        ]
        assert len(inbox.to(email)) == 3
    assert _kinds(own_settings, missed) == ["registration_confirmation", "follow_up"]
    # BigMarker's custom e-mail statistics count it under a type of its own.
    statistics = web.get(
        f"{BIGMARKER}/custom_emails/email_statistics_data",
        headers=tenant.headers,
        params={"conference_id": conference_id},
    )
    assert statistics.status_code == 200, statistics.text
    groups = {g["email_type"]: g["email_list"] for g in statistics.json()["data"]}
    (available_entry,) = groups["Recording Available Email"]
    assert available_entry["id"] == f"{conference_id}.recording_available"


def test_in_russian_for_a_russian_webinar(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    webinar = bigmarker_webinar(web, tenant, display_language="Russian")
    reader = address("ru")
    bigmarker_register(web, tenant, webinar["id"], reader)
    inbox.wait_for(reader)
    emit_now(own_settings, ended(own_settings, tenant, webinar["id"]))
    inbox.wait_for(reader, 2)
    store_mp4(own_settings, tenant, webinar["id"], tmp_path)
    _publish(web, tenant, webinar["id"])
    available = inbox.wait_for(reader, 3)[2]
    assert available["Subject"] == f"Запись доступна: {webinar['title']}"
    assert "посмотрите то, что пропустили" in text_of(available)
    assert "Смотреть запись" in html_of(available)


def test_a_follow_up_that_carried_the_link_is_not_followed_by_a_second_mail(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    # Published before the end: the follow-up carries the link.
    conference_id, came, missed = ended_with_a_recording(
        web, own_settings, tenant, inbox, tmp_path, published=True
    )
    for email in (came, missed):
        assert "The recording: " in text_of(inbox.wait_for(email, 2)[1])
    _handed_over(own_settings, conference_id, "conference.ended", 1)
    _handed_over(own_settings, conference_id, "recording.published", 1)
    for email in (came, missed):
        assert _kinds(own_settings, email) == ["registration_confirmation", "follow_up"]


def test_published_while_the_end_waited_for_the_worker_the_follow_up_alone_carries_it(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    """The end and the publication reach the worker together (it was behind):
    the follow-up, asked for after the publication, carries the link."""
    webinar = bigmarker_webinar(web, tenant)
    reader = address("late")
    bigmarker_register(web, tenant, webinar["id"], reader)
    inbox.wait_for(reader)
    store_mp4(own_settings, tenant, webinar["id"], tmp_path)
    the_end = ended(own_settings, tenant, webinar["id"])

    async def end_then_publish(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        await emit(session, the_end)
        conference = await get_conference(session, account, webinar["id"])
        await publish(session, account, conference, datetime.now(UTC))

    in_database(own_settings, end_then_publish)
    assert "The recording: " in text_of(inbox.wait_for(reader, 2)[1])
    _handed_over(own_settings, webinar["id"], "recording.published", 1)
    assert _kinds(own_settings, reader) == ["registration_confirmation", "follow_up"]


def test_the_native_webhook_endpoint_hears_recording_published(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    receiver = start_receiver()
    try:
        webinar = bigmarker_webinar(web, tenant)
        body: dict[str, Any] = {
            "url": receiver.base_url + "/published",
            "event_types": ["recording.published"],
            "conference_id": webinar["id"],
        }
        created = web.post(f"{NATIVE}/webhook_endpoints", headers=tenant.headers, json=body)
        assert created.status_code == 201, created.text
        store_mp4(own_settings, tenant, webinar["id"], tmp_path)
        _publish(web, tenant, webinar["id"])
        until(lambda: len(receiver.at("/published")) == 1, "recording.published delivered")
        (received,) = receiver.at("/published")
        assert received.verifies(created.json()["secret"])
        message = received.json
        assert message["type"] == "recording.published"
        assert message["data"]["conference_id"] == webinar["id"]
        assert message["data"]["first_time"] is True
    finally:
        receiver.stop()
