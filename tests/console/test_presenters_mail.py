"""A presenter invited from the console gets the invitation by e-mail (a
server with the worker, aiosmtpd in the test process): the mail's link is the
presenter's own and opens the room as presenter; "Send the invitation again"
mails it once more."""

from __future__ import annotations

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.messaging.conftest import mail_server, tenant, web
from tests.messaging.test_invitations import role_behind
from tests.messaging.test_mail import text_of
from tests.pages.helpers import bigmarker_webinar, email
from tests.room.conftest import RoomServer
from tests.servers import Inbox

# The mail tests' server with the worker, and its account (fixtures).
__all__ = ["mail_server", "tenant", "web"]


def test_a_presenter_invited_from_the_console_gets_their_link(
    mail_server: RoomServer, web: httpx.Client, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant, title="Invited from the console")
    path = f"/console/webinars/{webinar['id']}/presenters"
    speaker = email("speaker")
    with console_client(mail_server.url, tenant) as client:
        added = submit(
            client,
            path,
            {
                "email": speaker,
                "first_name": "Sam",
                "last_name": "Poe",
                "role": "presenter",
                "send_email_invite": "1",
            },
        )
        assert added.status_code == 303, added.text

        (message,) = inbox.wait_for(speaker)
        assert message["Subject"] == "You are invited to present: Invited from the console"
        link, entered_as = role_behind(mail_server, web, text_of(message))
        assert "?presenter=" in link
        assert entered_as == "presenter"
        (presenter,) = web.get(
            f"/api/v1/conferences/{webinar['id']}/presenters", headers=tenant.headers
        ).json()["presenters"]
        assert link == presenter["presenter_url"]

        again = submit(client, f"{path}/{presenter['presenter_id']}/invite", {})
        assert again.status_code == 303, again.text
        assert f"Invitation sent to {speaker}." in client.get(path).text
        second = inbox.wait_for(speaker, count=2)[1]
        assert second["Subject"] == message["Subject"]
