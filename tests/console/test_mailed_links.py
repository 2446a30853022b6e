"""A forgotten password and an invitation, end to end: the console asks for
the mail, the worker sends it to an SMTP server (aiosmtpd), and the link in
the mail works once."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage

import httpx

from tests.conftest import Tenant, create_tenant
from tests.console.helpers import console_client, csrf_of, submit
from tests.messaging.conftest import mail_server, tenant, web
from tests.room.conftest import RoomServer
from tests.servers import Inbox
from webinarium.kit.clock import MovableClock
from webinarium.settings import Settings

# The mail tests' server with the worker, and its account (fixtures).
__all__ = ["mail_server", "tenant", "web"]


def _link_path(message: EmailMessage, what: str) -> str:
    """The path of the console link a mail carries (its host is the public URL's)."""
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(rf"https://\S+(/console/{what}/[\w-]+)", body.get_content())
    assert found is not None, body.get_content()
    return found.group(1)


def test_a_forgotten_password_is_set_again_through_the_mailed_link_once(
    mail_server: RoomServer, web: httpx.Client, tenant: Tenant, inbox: Inbox, clock: MovableClock
) -> None:
    with console_client(mail_server.url, tenant) as signed_in_elsewhere:
        assert signed_in_elsewhere.get("/console/webinars").status_code == 200

        with httpx.Client(base_url=mail_server.url) as browser:
            unknown = browser.post("/console/password-reset", data={"email": "nobody@example.test"})
            asked = browser.post("/console/password-reset", data={"email": tenant.email.upper()})
            assert asked.status_code == unknown.status_code == 200
            # The same answer whether or not the e-mail has an account.
            assert asked.text.replace(tenant.email, "") == unknown.text.replace(
                "nobody@example.test", ""
            )
            (message,) = inbox.wait_for(tenant.email)
            assert "new password" in message["Subject"]
            assert not inbox.to("nobody@example.test")
            path = _link_path(message, "password-reset")

            form = browser.get(path)
            assert form.status_code == 200
            assert form.headers["referrer-policy"] == "no-referrer"
            short = browser.post(path, data={"password": "short"})
            assert short.status_code == 400
            assert "at least 8 characters" in short.text
            done = browser.post(path, data={"password": "a brand new password"})
            assert done.status_code == 303
            assert done.headers["location"] == "/console/sign-in"
            # Once only.
            assert browser.get(path).status_code == 410
            assert browser.post(path, data={"password": "yet another one"}).status_code == 410

        # The other sessions of the user ended with the old password.
        assert signed_in_elsewhere.get("/console/webinars").status_code == 303

    new = Tenant(**{**tenant.__dict__, "password": "a brand new password"})
    with console_client(mail_server.url, new) as client:
        audit = client.get("/console/audit")
        assert "Set a new password" in audit.text

    # A link not used within the hour does not work.
    with httpx.Client(base_url=mail_server.url) as browser:
        browser.post("/console/password-reset", data={"email": tenant.email})
        messages = inbox.wait_for(tenant.email, 2)
        late = _link_path(messages[-1], "password-reset")
        clock.advance(timedelta(hours=1, seconds=1))
        assert browser.get(late).status_code == 410


def test_an_invited_person_joins_through_the_mailed_link_once(
    own_settings: Settings, mail_server: RoomServer, inbox: Inbox
) -> None:
    invited = "invited-admin@example.test"
    owner = create_tenant(own_settings, "Inviting Webinars")
    with console_client(mail_server.url, owner) as owner_client:
        bad = submit(
            owner_client, "/console/people/invite", {"email": "not-an-address", "role": "admin"}
        )
        assert bad.status_code == 400
        assert 'value="not-an-address"' in bad.text
        sent = submit(owner_client, "/console/people/invite", {"email": invited, "role": "admin"})
        assert sent.status_code == 303
        (message,) = inbox.wait_for(invited)
        path = _link_path(message, "invitations")

        with httpx.Client(base_url=mail_server.url) as browser:
            form = browser.get(path)
            assert form.status_code == 200
            assert invited in form.text
            joined = browser.post(path, data={"name": "Ivy Invited", "password": "ivy's password"})
            assert joined.status_code == 303
            assert joined.headers["location"] == "/console/webinars"
            # Signed in at once, as an admin: People is there, but not for changes.
            page = browser.get("/console/people")
            assert page.status_code == 200
            assert "Ivy Invited" in page.text
            refused = browser.post(
                "/console/people/invite",
                data={"email": "x@example.test", "role": "admin", "csrf_token": csrf_of(page.text)},
            )
            assert refused.status_code == 403
        with httpx.Client(base_url=mail_server.url) as again:
            assert again.get(path).status_code == 410

        audit = owner_client.get("/console/audit").text
        assert f"Invited {invited} as Admin" in audit
        assert f"Accepted the invitation as {invited}" in audit
