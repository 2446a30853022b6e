"""webinarsGetLettersInfo tells the truth: a letter is "end" once a mail of it
went out about the webinar (SMTP in the test process), "wait" until then,
whatever the clock says."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant
from tests.messaging.conftest import mail_rows, states
from tests.messaging.test_mail import emit_now
from tests.room.conftest import RoomServer
from tests.servers import BOUNCING, Inbox, until
from webinarium.events.types import ReminderDue
from webinarium.kit.ids import new_id
from webinarium.models import MailState
from webinarium.settings import Settings


def statuses(web: httpx.Client, tenant: Tenant, alias: str) -> dict[str, str]:
    letters = moc.ok(web, tenant, "webinarsGetLettersInfo", {"alias": alias})
    return {name: letter["status"] for name, letter in letters.items()}


def attach(web: httpx.Client, tenant: Tenant, alias: str, email: str) -> None:
    moc.ok(web, tenant, "attendeesCreate", {"email": email, "name": "Ada Byron"})
    moc.ok(web, tenant, "attendeesAddToWebinar", {"alias": alias, "attendees": [email]})


def test_a_letter_is_end_once_it_went_out(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    created = moc.ok(
        web,
        tenant,
        "webinarsCreate",
        {"name": "Letters told", "start": "2031-03-04 15:30:00", "duration": "90"},
    )
    alias = created["alias"]
    assert set(statuses(web, tenant, alias).values()) == {"wait"}

    # A confirmation refused by the receiving server did not go out.
    bounced = f"{BOUNCING}{new_id()}@example.test"
    attach(web, tenant, alias, bounced)
    until(lambda: states(own_settings, bounced) == [MailState.FAILED], "the bounce")
    assert statuses(web, tenant, alias)["REGISTRATIONCONFIRM"] == "wait"

    reader = f"reader-{new_id()}@example.test"
    attach(web, tenant, alias, reader)
    inbox.wait_for(reader)
    until(lambda: states(own_settings, reader) == [MailState.SENT], "the sent mail")
    assert statuses(web, tenant, alias) == {
        "REGISTRATIONCONFIRM": "end",
        "3DAY": "wait",
        "1DAY": "wait",
        "1HOUR": "wait",
        "STARTED": "wait",
        "FINISHED": "wait",
    }

    conference_id = mail_rows(own_settings, reader)[0].conference_id
    assert conference_id is not None
    emit_now(
        own_settings,
        ReminderDue(
            account_id=tenant.account_id,
            conference_id=conference_id,
            reminder="one_day_before",
            due_at=datetime.now(UTC),
        ),
    )
    inbox.wait_for(reader, 2)
    until(lambda: states(own_settings, reader) == [MailState.SENT] * 2, "the reminder sent")
    letters = statuses(web, tenant, alias)
    assert (letters["1DAY"], letters["3DAY"], letters["1HOUR"]) == ("end", "wait", "wait")
