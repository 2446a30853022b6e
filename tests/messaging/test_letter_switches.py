"""MyOwnConference's letter switches stop their own mails (SMTP in the test
process): a webinar with its 3DAY and STARTED letters switched off
(``webinarsSetLetters`` … ``enabled: NO``) gets neither mail, where a webinar
with them on, handed over just after it, gets both; and
``webinarsGetLettersInfo`` says so ("0" and "wait" for the letters off, "end"
for those that went out)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.api.myownconference import helpers as moc
from tests.api.myownconference.test_webinars import conference_of
from tests.conftest import Tenant
from tests.messaging.conftest import mail_rows
from tests.messaging.test_mail import address, emit_now, set_status
from tests.room.conftest import RoomServer
from tests.servers import Inbox
from webinarium.events.types import ConferenceStarted, ReminderDue
from webinarium.settings import Settings


def webinar_with(web: httpx.Client, tenant: Tenant, name: str, reader: str) -> str:
    """A MyOwnConference webinar with ``reader`` attached (confirmed); its alias."""
    alias: str = moc.ok(
        web,
        tenant,
        "webinarsCreate",
        {"name": name, "start": "2031-03-04 15:30:00", "duration": "90"},
    )["alias"]
    moc.ok(web, tenant, "attendeesCreate", {"email": reader, "name": "Ada Byron"})
    moc.ok(web, tenant, "attendeesAddToWebinar", {"alias": alias, "attendees": [reader]})
    return alias


def test_a_letter_switched_off_is_not_sent_and_get_letters_info_says_so(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    quiet_reader, loud_reader = address("quiet"), address("loud")
    quiet = webinar_with(web, tenant, "Letters partly off", quiet_reader)
    loud = webinar_with(web, tenant, "Letters on", loud_reader)
    for letter in ("3DAY", "STARTED"):
        moc.ok(web, tenant, "webinarsSetLetters", {"alias": quiet, "type": letter, "enabled": "NO"})
    for reader in (quiet_reader, loud_reader):
        inbox.wait_for(reader)  # the confirmation: its letter is on

    ids = {alias: conference_of(own_settings, alias).id for alias in (quiet, loud)}
    now = datetime.now(UTC)
    # Events reach the reactions in order: the loud webinar's mail arriving
    # means the quiet one's event was handled.
    emit_now(
        own_settings,
        *(
            ReminderDue(
                account_id=tenant.account_id,
                conference_id=ids[alias],
                reminder="three_days_before",
                due_at=now,
            )
            for alias in (quiet, loud)
        ),
    )
    assert inbox.wait_for(loud_reader, 2)[1]["Subject"].startswith("In three days: ")
    for conference_id in ids.values():
        set_status(own_settings, conference_id, "live")
    emit_now(
        own_settings,
        *(
            ConferenceStarted(
                account_id=tenant.account_id,
                conference_id=ids[alias],
                from_status="scheduled",
                status="live",
                by="host",
                at=now,
            )
            for alias in (quiet, loud)
        ),
    )
    assert inbox.wait_for(loud_reader, 3)[2]["Subject"].startswith("Starting now: ")

    assert [m["Subject"].split(":")[0] for m in inbox.to(quiet_reader)] == ["You are registered"]
    assert [row.kind for row in mail_rows(own_settings, quiet_reader)] == [
        "registration_confirmation"
    ]
    letters = moc.ok(web, tenant, "webinarsGetLettersInfo", {"alias": quiet})
    told = {name: (letter["enabled"], letter["status"]) for name, letter in letters.items()}
    assert told == {
        "REGISTRATIONCONFIRM": ("1", "end"),
        "3DAY": ("0", "wait"),
        "1DAY": ("1", "wait"),
        "1HOUR": ("1", "wait"),
        "STARTED": ("0", "wait"),
        "FINISHED": ("1", "wait"),
    }
    letters = moc.ok(web, tenant, "webinarsGetLettersInfo", {"alias": loud})
    assert (letters["3DAY"]["status"], letters["STARTED"]["status"]) == ("end", "end")
