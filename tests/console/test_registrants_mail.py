"""The console's confirmations reach an SMTP server (aiosmtpd): a server with
the worker (tests/messaging/conftest.py); resending the confirmation mails the
same link again, an import with the box unticked mails nobody."""

from __future__ import annotations

import re

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.console.test_registrants import QUESTIONS, _unique
from tests.messaging.conftest import mail_rows, mail_server, tenant, web
from tests.messaging.test_mail import CLICK, bigmarker_register, local, text_of
from tests.room.conftest import RoomServer
from tests.servers import Inbox
from webinarium.settings import Settings

# The mail tests' server with the worker, and its account (fixtures).
__all__ = ["mail_server", "tenant", "web"]


def _enter_link(server: RoomServer, web: httpx.Client, text: str) -> str:
    click = CLICK.search(text)
    assert click is not None, text
    redirect = web.get(local(server, click.group()))
    assert redirect.status_code == 302
    location: str = redirect.headers["location"]
    return location


def test_resend_mails_the_same_link_and_an_unticked_import_mails_nobody(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    created = web.post(
        "/api/v1/conferences",
        headers=tenant.headers,
        json={
            "channel_id": tenant.channel_id,
            "title": "Resent",
            "start_time": "2031-05-01 15:00",
            "custom_fields": QUESTIONS[1:],
        },
    )
    assert created.status_code == 200, created.text
    webinar = created.json()
    email = _unique("resent")
    bigmarker_register(web, tenant, webinar["id"], email)
    (first,) = inbox.wait_for(email)
    path = f"/console/webinars/{webinar['id']}/registrants"
    with console_client(mail_server.url, tenant) as console:
        (registration_id,) = re.findall(r"/registrants/(\w+)/resend", console.get(path).text)
        assert submit(console, f"{path}/{registration_id}/resend", {}).status_code == 303
        _, second = inbox.wait_for(email, 2)
        assert second["Subject"] == first["Subject"]
        link = _enter_link(mail_server, web, text_of(second))
        assert link == _enter_link(mail_server, web, text_of(first))
        assert web.get(local(mail_server, link)).status_code == 200

        quiet, loud = _unique("quiet"), _unique("loud")
        for address, tick in ((quiet, ""), (loud, "1")):
            response = submit(
                console,
                f"{path}/import",
                {"send_confirmations": tick},
                files={"file": ("p.csv", f"email\n{address}\n".encode(), "text/csv")},
            )
            assert response.status_code == 200
            assert "<strong>1</strong> registered" in response.text
    # Events are handled in order: once the later import's mail is there, the
    # earlier one's event was handled too, and asked for no mail.
    inbox.wait_for(loud)
    assert inbox.to(quiet) == []
    assert mail_rows(own_settings, quiet) == []
