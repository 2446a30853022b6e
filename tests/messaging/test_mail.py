"""Mail over SMTP (aiosmtpd in the test process): the confirmation that
registering through each dialect sends, with the enter link that opens the
webinar and a calendar file; the switches; the reminders and letters that
follow the webinar's events; opens, clicks, unsubscribes and bounces; and an
SMTP server down, then up again: every mail arrives once."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, in_database
from tests.messaging.conftest import mail_rows
from tests.room.conftest import RoomServer
from tests.servers import BOUNCING, BUSY, Inbox, SmtpServer, until
from webinarium.events.outbox import emit
from webinarium.events.types import (
    ConferenceCancelled,
    ConferenceEnded,
    ConferenceStarted,
    ReminderDue,
)
from webinarium.kit.clock import MovableClock
from webinarium.kit.ids import new_id
from webinarium.messaging.sending import RETRY_SCHEDULE
from webinarium.models import Conference, MailState, Person, Suppression, Visit
from webinarium.settings import Settings

BIGMARKER = "/api/v1"
START = "2031-05-04 10:00"
CLICK = re.compile(r"https?://\S+/mail/click/[\w.-]+")


def address(tag: str = "reader") -> str:
    return f"{tag}-{new_id()}@example.test"


def bigmarker_webinar(web: httpx.Client, tenant: Tenant, **fields: Any) -> dict[str, Any]:
    body = {"channel_id": tenant.channel_id, "title": f"Mail {new_id()}", "start_time": START}
    response = web.post(f"{BIGMARKER}/conferences", headers=tenant.headers, json=body | fields)
    assert response.status_code == 200, response.text
    conference: dict[str, Any] = response.json()
    return conference


def bigmarker_register(web: httpx.Client, tenant: Tenant, conference_id: str, email: str) -> None:
    body = {"id": conference_id, "email": email, "first_name": "Ada", "last_name": "Byron"}
    response = web.put(f"{BIGMARKER}/conferences/register", headers=tenant.headers, data=body)
    assert response.status_code == 200, response.text


def register_through(dialect: str, web: httpx.Client, tenant: Tenant, email: str) -> str:
    """Makes a webinar and registers ``email`` through ``dialect``; the title."""
    title = f"Through {dialect} {new_id()}"
    if dialect == "bigmarker":
        webinar = bigmarker_webinar(web, tenant, title=title)
        bigmarker_register(web, tenant, webinar["id"], email)
    elif dialect == "myownconference":
        created = moc.ok(
            web,
            tenant,
            "webinarsCreate",
            {"name": title, "start": "2031-03-04 15:30:00", "duration": "90"},
        )
        moc.ok(web, tenant, "attendeesCreate", {"email": email, "name": "Ada Byron"})
        moc.ok(
            web, tenant, "attendeesAddToWebinar", {"alias": created["alias"], "attendees": [email]}
        )
    else:
        code = boomstream.create(web, tenant, title=title)
        boomstream.invite(web, tenant, code, email, name="Ada Byron")
    return title


def local(server: RoomServer, url: str) -> str:
    """A link of a mail (on the public URL) as the test server serves it."""
    return re.sub(r"^https://webinars\.example\.test", server.url, url)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    content: str = part.get_content()
    return content


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    content: str = part.get_content()
    return content


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "webinar.ics"
    return icalendar.Calendar.from_ical(attachment.get_content())


@pytest.mark.parametrize("dialect", ["bigmarker", "myownconference", "boomstream"])
def test_registering_through_each_dialect_mails_the_confirmation(
    dialect: str,
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    email = address(dialect)
    title = register_through(dialect, web, tenant, email)

    (message,) = inbox.wait_for(email)
    assert message["From"] == "Webinars <webinars@example.test>"
    assert title in message["Subject"]
    text = text_of(message)
    assert "Hello Ada" in text
    assert title in html_of(message)
    # The enter link goes through the click redirect to the personal link,
    # which opens the webinar's page.
    click = CLICK.search(text)
    assert click is not None, text
    redirect = web.get(local(mail_server, click.group()))
    assert redirect.status_code == 302
    enter = redirect.headers["location"]
    assert "?token=" in enter
    page = web.get(local(mail_server, enter))
    assert page.status_code == 200, page.text
    assert title in page.text
    forged = web.get(local(mail_server, enter.split("?token=")[0] + "?token=forged"))
    assert title not in forged.text or forged.status_code != 200
    # The calendar file: the webinar, with the same link.
    (event,) = calendar_of(message).walk("VEVENT")
    assert str(event["summary"]) == title
    assert str(event["url"]) == enter
    start, end = conference_times(own_settings, title)
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (start, end)
    assert message["List-Unsubscribe"].startswith(
        "<https://webinars.example.test/mail/unsubscribe/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (row,) = mail_rows(own_settings, email)
    assert (row.kind, row.state, row.attempts) == ("registration_confirmation", MailState.SENT, 1)
    assert row.sent_at is not None
    assert row.clicked_at is not None


def conference_times(settings: Settings, title: str) -> tuple[datetime, datetime]:
    async def read(session: AsyncSession) -> tuple[datetime, datetime]:
        conference = await session.scalar(select(Conference).where(Conference.title == title))
        assert conference is not None
        return conference.start_at, conference.end_at

    return in_database(settings, read)


def test_switched_off_confirmations_are_not_sent(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    quiet = bigmarker_webinar(web, tenant, registration_conf_emails=False)
    letters_off = moc.ok(
        web,
        tenant,
        "webinarsCreate",
        {"name": "Letters off", "start": "2031-03-04 15:30:00", "duration": "90"},
    )
    moc.ok(web, tenant, "webinarsLettersOff", {"alias": letters_off["alias"]})
    loud = bigmarker_webinar(web, tenant)
    first, second, last = address("quiet"), address("off"), address("loud")

    bigmarker_register(web, tenant, quiet["id"], first)
    moc.ok(web, tenant, "attendeesCreate", {"email": second, "name": "Off"})
    moc.ok(
        web, tenant, "attendeesAddToWebinar", {"alias": letters_off["alias"], "attendees": [second]}
    )
    bigmarker_register(web, tenant, loud["id"], last)

    # Events go to the reactions in order: once the last is mailed, the
    # first two were handled.
    inbox.wait_for(last)
    assert inbox.to(first) == []
    assert inbox.to(second) == []
    assert mail_rows(own_settings, first) == []
    assert mail_rows(own_settings, second) == []


def test_a_bounced_address_is_suppressed_and_never_mailed_again(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    email = f"{BOUNCING}{new_id()}@example.test"
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    until(lambda: inbox.asked.count(email) == 1, "the refused RCPT")
    until(lambda: mail_rows(own_settings, email)[0].state == MailState.FAILED, "a failed mail")

    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    until(lambda: len(mail_rows(own_settings, email)) == 2, "the second mail row")

    first, second = mail_rows(own_settings, email)
    assert first.bounced_at is not None
    assert "550" in (first.error or "")
    assert second.state == MailState.SUPPRESSED
    assert suppressions(own_settings, email) == [("bounced", first.id)]
    assert inbox.asked.count(email) == 1


def test_a_mailbox_busy_for_now_gets_the_mail_on_the_next_attempt(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, clock: MovableClock, tenant: Tenant
) -> None:
    email = f"{BUSY}{new_id()}@example.test"
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    until(lambda: inbox.asked.count(email) == 1, "the first RCPT")
    until(lambda: mail_rows(own_settings, email)[0].attempts == 1, "the first attempt recorded")
    (row,) = mail_rows(own_settings, email)
    assert row.state == MailState.QUEUED
    assert "451" in (row.error or "")

    clock.advance(RETRY_SCHEDULE[0] + timedelta(seconds=1))

    inbox.wait_for(email)
    until(lambda: mail_rows(own_settings, email)[0].state == MailState.SENT, "the sent mail")
    assert suppressions(own_settings, email) == []


def suppressions(settings: Settings, email: str) -> list[tuple[str, str | None]]:
    async def read(session: AsyncSession) -> list[tuple[str, str | None]]:
        rows = await session.execute(
            select(Suppression.reason, Suppression.mail_id).where(Suppression.address == email)
        )
        return [(str(reason), mail_id) for reason, mail_id in rows]

    return in_database(settings, read)


def test_unsubscribing_in_one_click_stops_the_mail(
    mail_server: RoomServer,
    web: httpx.Client,
    own_settings: Settings,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    email = address("leaving")
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    (message,) = inbox.wait_for(email)
    link = local(mail_server, message["List-Unsubscribe"].strip("<>"))

    page = web.get(link)  # a link scanner's visit changes nothing
    assert page.status_code == 200
    assert "Unsubscribe?" in page.text
    assert suppressions(own_settings, email) == []
    done = web.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You are unsubscribed" in done.text
    assert web.post(link).status_code == 200  # twice is once

    (row,) = mail_rows(own_settings, email)
    assert row.unsubscribed_at is not None
    assert suppressions(own_settings, email) == [("unsubscribed", row.id)]
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    until(lambda: len(mail_rows(own_settings, email)) == 2, "the second mail row")
    assert mail_rows(own_settings, email)[1].state == MailState.SUPPRESSED
    assert len(inbox.to(email)) == 1
    assert web.get(link[:-3] + "abc").status_code == 403


def test_opens_and_clicks_are_recorded_once(
    mail_server: RoomServer,
    web: httpx.Client,
    own_settings: Settings,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    email = address("reader")
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    (message,) = inbox.wait_for(email)
    pixel = re.search(r'src="(https://webinars\.example\.test/mail/open/[^"]+)"', html_of(message))
    assert pixel is not None
    (row,) = mail_rows(own_settings, email)
    assert row.opened_at is None
    assert row.clicked_at is None

    image = web.get(local(mail_server, pixel.group(1)))
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/gif"
    assert image.content.startswith(b"GIF89a")
    (opened,) = mail_rows(own_settings, email)
    assert opened.opened_at is not None
    assert opened.clicked_at is None
    web.get(local(mail_server, pixel.group(1)))
    assert mail_rows(own_settings, email)[0].opened_at == opened.opened_at

    click = CLICK.search(text_of(message))
    assert click is not None
    header, payload, signature = click.group().rsplit("/", 1)[1].split(".")
    tampered = f"{click.group().rsplit('/', 1)[0]}/{header}.{payload}.{signature[:-4]}AAAA"
    refused = web.get(local(mail_server, tampered))
    assert refused.status_code == 403
    assert "location" not in refused.headers
    assert mail_rows(own_settings, email)[0].clicked_at is None
    assert web.get(local(mail_server, click.group())).status_code == 302
    assert mail_rows(own_settings, email)[0].clicked_at is not None


def test_an_smtp_server_down_then_up_gets_every_mail_once(
    web: httpx.Client,
    own_settings: Settings,
    smtp: SmtpServer,
    clock: MovableClock,
    tenant: Tenant,
) -> None:
    inbox = smtp.inbox
    webinar = bigmarker_webinar(web, tenant)
    people = [address("patient"), address("patient")]
    smtp.stop()
    try:
        for email in people:
            bigmarker_register(web, tenant, webinar["id"], email)

        def tried(times: int) -> bool:
            rows = [row for email in people for row in mail_rows(own_settings, email)]
            return len(rows) == 2 and all(r.attempts == times for r in rows)

        until(lambda: tried(1), "a first attempt at each mail")
        (row,) = mail_rows(own_settings, people[0])
        assert row.state == MailState.QUEUED
        assert row.error
        clock.advance(timedelta(minutes=1, seconds=1))
        until(lambda: tried(2), "a second attempt after a minute")
    finally:
        smtp.start()
    assert all(inbox.to(email) == [] for email in people)
    clock.advance(timedelta(minutes=5, seconds=1))
    for email in people:
        inbox.wait_for(email)
    clock.advance(timedelta(hours=13))
    # Nothing more comes: a mail of another webinar, asked for later, arrives
    # after the worker had every chance to send these again.
    later = address("later")
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], later)
    inbox.wait_for(later)
    for email in people:
        assert len(inbox.to(email)) == 1
        (row,) = mail_rows(own_settings, email)
        assert (row.state, row.attempts) == (MailState.SENT, 3)


def emit_now(settings: Settings, *events: Any) -> None:
    async def write(session: AsyncSession) -> None:
        for event in events:
            await emit(session, event)

    in_database(settings, write)


def test_a_reminder_goes_to_registrants_and_presenters_with_the_letter_text(
    mail_server: RoomServer,
    web: httpx.Client,
    own_settings: Settings,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    webinar = bigmarker_webinar(web, tenant)
    alias = moc.alias_of(own_settings, webinar["id"])
    moc.ok(
        web,
        tenant,
        "webinarsSetLetters",
        {"alias": alias, "type": "1DAY", "text": "Bring your questions!"},
    )
    registrant, speaker = address("registrant"), address("speaker")
    bigmarker_register(web, tenant, webinar["id"], registrant)
    presenter = {
        "conference_id": webinar["id"],
        "presenter_email": speaker,
        "presenter_first_name": "Sam",
        "presenter_last_name": "Poe",
        # The reminder alone (the invitation: tests/messaging/test_invitations.py).
        "send_email_invite": False,
    }
    response = web.post(f"{BIGMARKER}/presenters", headers=tenant.headers, json=presenter)
    assert response.status_code == 200, response.text
    inbox.wait_for(registrant)

    emit_now(
        own_settings,
        ReminderDue(
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            reminder="one_day_before",
            due_at=datetime.now(UTC),
        ),
    )

    reminder = inbox.wait_for(registrant, 2)[1]
    assert reminder["Subject"].startswith("Tomorrow: ")
    assert "Bring your questions!" in text_of(reminder)
    (to_speaker,) = inbox.wait_for(speaker)
    assert "Bring your questions!" in text_of(to_speaker)
    click = CLICK.search(text_of(to_speaker))
    assert click is not None
    link = web.get(local(mail_server, click.group())).headers["location"]
    assert "presenter=" in link
    assert [row.kind for row in mail_rows(own_settings, registrant)] == [
        "registration_confirmation",
        "one_day_before",
    ]


def test_presenters_get_no_reminder_when_switched_off(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant, send_reminder_emails_to_presenters=False)
    registrant, speaker = address("registrant"), address("speaker")
    bigmarker_register(web, tenant, webinar["id"], registrant)
    presenter = {
        "conference_id": webinar["id"],
        "presenter_email": speaker,
        "presenter_first_name": "Sam",
        "presenter_last_name": "Poe",
        "presenter_temporary_password": "goodpassword",
        "send_email_invite": False,
    }
    response = web.post(f"{BIGMARKER}/presenters", headers=tenant.headers, json=presenter)
    assert response.status_code == 200, response.text
    inbox.wait_for(registrant)

    emit_now(
        own_settings,
        ReminderDue(
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            reminder="three_days_before",
            due_at=datetime.now(UTC),
        ),
    )

    assert inbox.wait_for(registrant, 2)[1]["Subject"].startswith("In three days: ")
    # The reaction wrote every mail of the event in one transaction.
    assert mail_rows(own_settings, speaker) == []


def test_no_reminder_once_the_webinar_started_and_the_letters_after(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant, display_language="Russian")
    came, missed = address("came"), address("missed")
    for email in (came, missed):
        bigmarker_register(web, tenant, webinar["id"], email)
        inbox.wait_for(email)
    set_status(own_settings, webinar["id"], "live")
    now = datetime.now(UTC)
    emit_now(
        own_settings,
        ReminderDue(
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            reminder="one_hour_before",
            due_at=now,
        ),
        ConferenceStarted(
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            from_status="scheduled",
            status="live",
            by="host",
            at=now,
        ),
    )
    started = inbox.wait_for(came, 2)[1]
    assert started["Subject"].startswith("Начинаем: ")
    attend(own_settings, tenant, webinar["id"], came)
    emit_now(
        own_settings,
        # Handed over late, once the webinar has ended: no "starting now".
        ConferenceStarted(
            account_id=tenant.account_id,
            conference_id=webinar["id"],
            from_status="scheduled",
            status="live",
            by="host",
            at=now,
        ),
        ended(own_settings, tenant, webinar["id"]),
    )
    thanks = inbox.wait_for(came, 3)[2]
    sorry = inbox.wait_for(missed, 3)[2]
    assert thanks["Subject"].startswith("Спасибо за участие")
    assert sorry["Subject"].startswith("Жаль, что вас не было")
    kinds = [row.kind for row in mail_rows(own_settings, missed)]
    assert kinds == ["registration_confirmation", "started", "follow_up"]


def set_status(settings: Settings, conference_id: str, status: str) -> None:
    async def write(session: AsyncSession) -> None:
        conference = await session.get(Conference, conference_id)
        assert conference is not None
        conference.status = status  # type: ignore[assignment]

    in_database(settings, write)


def ended(settings: Settings, tenant: Tenant, conference_id: str) -> ConferenceEnded:
    """The webinar set ended by its host now, and the event that says so (to
    hand to emit_now)."""
    set_status(settings, conference_id, "ended")
    return ConferenceEnded(
        account_id=tenant.account_id,
        conference_id=conference_id,
        from_status="live",
        status="ended",
        by="host",
        at=datetime.now(UTC),
    )


def attend(settings: Settings, tenant: Tenant, conference_id: str, email: str) -> None:
    """The person's stay in the room, as the room stores one."""

    async def write(session: AsyncSession) -> None:
        person_id = await session.scalar(
            select(Person.id).where(Person.account_id == tenant.account_id, Person.email == email)
        )
        session.add(
            Visit(
                account_id=tenant.account_id,
                conference_id=conference_id,
                person_id=person_id,
                name="Ada Byron",
                left_at=datetime.now(UTC),
            )
        )

    in_database(settings, write)


def test_cancellations_of_a_registration_and_of_the_webinar(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant)
    silent = bigmarker_webinar(web, tenant, send_cancellation_email=False)
    leaving, staying, unnoticed = address("leaving"), address("staying"), address("unnoticed")
    for email in (leaving, staying):
        bigmarker_register(web, tenant, webinar["id"], email)
    bigmarker_register(web, tenant, silent["id"], unnoticed)
    for email in (leaving, staying, unnoticed):
        inbox.wait_for(email)

    for conference_id, email in ((webinar["id"], leaving), (silent["id"], unnoticed)):
        response = web.request(
            "DELETE",
            f"{BIGMARKER}/conferences/register",
            headers=tenant.headers,
            params={"id": conference_id, "email": email},
        )
        assert response.status_code == 200, response.text
    left = inbox.wait_for(leaving, 2)[1]
    assert left["Subject"].startswith("Registration cancelled: ")
    assert "no longer works" in text_of(left)

    now = datetime.now(UTC)
    emit_now(
        own_settings,
        *(
            ConferenceCancelled(
                account_id=tenant.account_id,
                conference_id=conference["id"],
                from_status="scheduled",
                status="cancelled",
                by="api",
                at=now,
            )
            for conference in (silent, webinar)
        ),
    )
    cancelled = inbox.wait_for(staying, 2)[1]
    assert cancelled["Subject"].startswith("Webinar cancelled: ")
    # Only the registrants in force hear of it; the silent webinar's never.
    assert len(inbox.to(leaving)) == 2
    assert [row.kind for row in mail_rows(own_settings, unnoticed)] == ["registration_confirmation"]


def test_a_mail_retried_to_the_end_of_the_schedule_fails_and_suppresses_nothing(
    web: httpx.Client,
    own_settings: Settings,
    smtp: SmtpServer,
    clock: MovableClock,
    tenant: Tenant,
) -> None:
    email = address("unlucky")
    smtp.stop()
    try:
        bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)

        def attempts() -> int:
            rows = mail_rows(own_settings, email)
            return rows[0].attempts if rows else 0

        for attempt, wait in enumerate(RETRY_SCHEDULE, start=1):
            until(lambda n=attempt: attempts() == n, f"attempt {attempt}")
            assert mail_rows(own_settings, email)[0].state == MailState.QUEUED
            clock.advance(wait + timedelta(seconds=1))
        until(lambda: mail_rows(own_settings, email)[0].state == MailState.FAILED, "giving up")
    finally:
        smtp.start()
    (row,) = mail_rows(own_settings, email)
    assert row.attempts == len(RETRY_SCHEDULE) + 1
    assert row.bounced_at is None
    assert suppressions(own_settings, email) == []
    # The address is not to blame: its next mail goes.
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    smtp.inbox.wait_for(email)


def test_erasing_a_person_erases_their_mails_and_keeps_them_unmailed(
    mail_server: RoomServer,
    web: httpx.Client,
    own_settings: Settings,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    email = address("forgotten")
    bigmarker_register(web, tenant, bigmarker_webinar(web, tenant)["id"], email)
    (message,) = inbox.wait_for(email)
    web.post(local(mail_server, message["List-Unsubscribe"].strip("<>")))
    assert len(mail_rows(own_settings, email)) == 1

    response = web.delete(
        f"{BIGMARKER}/channels/{tenant.channel_url}/delete_member",
        params={"email": email},
        headers=tenant.headers,
    )
    assert response.status_code == 200, response.text

    assert mail_rows(own_settings, email) == []
    assert [reason for reason, _ in suppressions(own_settings, email)] == ["unsubscribed"]
