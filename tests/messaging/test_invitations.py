"""Invitations by e-mail (aiosmtpd in the test process), through each dialect:
a BigMarker presenter (``send_email_invite``), a MyOwnConference moderator
(``sendInvite``), a Boomstream invite (``notifyEmail``). Each mail carries the
person's own link, and that link opens the room in the person's role; with
the switch off, no mail."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.boomstream.helpers import invite as boomstream_invite
from tests.api.myownconference.helpers import ok as moc_ok
from tests.conftest import Tenant
from tests.messaging.conftest import mail_rows
from tests.messaging.test_mail import CLICK, local, text_of
from tests.pages.helpers import (
    bigmarker_webinar,
    boomstream_code,
    email,
    moc_webinar,
    role_of_ticket,
    ticket_of,
)
from tests.room.conftest import RoomServer
from tests.servers import Inbox
from webinarium.settings import Settings


def add_presenter(
    web: httpx.Client, tenant: Tenant, conference_id: str, address: str, **fields: Any
) -> None:
    body = {
        "conference_id": conference_id,
        "presenter_email": address,
        "presenter_first_name": "Sam",
        "presenter_last_name": "Poe",
        **fields,
    }
    response = web.post("/api/v1/presenters", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text


def role_behind(server: RoomServer, web: httpx.Client, text: str) -> tuple[str, str]:
    """The link a mail's text carries (behind its click redirect), and the role
    the room gives whoever opens it."""
    click = CLICK.search(text)
    assert click is not None, text
    redirect = web.get(local(server, click.group()))
    assert redirect.status_code == 302
    link = redirect.headers["location"]
    page = web.get(local(server, link))
    return link, role_of_ticket(server.url, ticket_of(page))


@pytest.mark.parametrize(
    ("moderator", "role", "subject"),
    [
        (False, "presenter", "You are invited to present: "),
        (True, "moderator", "You are invited to moderate: "),
    ],
)
def test_a_bigmarker_presenter_is_invited_with_their_presenter_link(
    moderator: bool,
    role: str,
    subject: str,
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    webinar = bigmarker_webinar(web, tenant, title=f"Invited {role}")
    speaker = email("speaker")
    add_presenter(web, tenant, webinar["id"], speaker, is_moderator=moderator)

    (message,) = inbox.wait_for(speaker)
    assert message["Subject"] == f"{subject}Invited {role}"
    text = text_of(message)
    assert "Hello Sam" in text
    # The footer says who invited, on a line of its own.
    footer = f'invited you to "Invited {role}".\nUnsubscribe: https://'
    assert footer in text.replace("\r\n", "\n")
    link, entered_as = role_behind(mail_server, web, text)
    assert "?presenter=" in link
    assert entered_as == role
    (row,) = mail_rows(own_settings, speaker)
    assert (row.kind, row.conference_id) == ("presenter_invitation", webinar["id"])


def test_an_invitation_in_the_webinars_language(
    web: httpx.Client, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant, title="По-русски", display_language="Russian")
    speaker = email("speaker")
    add_presenter(web, tenant, webinar["id"], speaker)

    (message,) = inbox.wait_for(speaker)
    assert message["Subject"] == "Приглашение выступить: По-русски"
    assert "Ваша личная ссылка на вебинар" in text_of(message)


def test_a_presenter_added_without_send_email_invite_is_not_mailed(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(web, tenant)
    quiet, loud = email("quiet"), email("loud")
    add_presenter(web, tenant, webinar["id"], quiet, send_email_invite=False)
    add_presenter(web, tenant, webinar["id"], loud)

    # Events go to the reactions in order: once the second is mailed, the
    # first was handled.
    inbox.wait_for(loud)
    assert inbox.to(quiet) == []
    assert mail_rows(own_settings, quiet) == []


def test_a_myownconference_moderator_is_invited_with_send_invite(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    alias = moc_webinar(web, tenant)["alias"]
    quiet, invited = email("quiet"), email("invited")
    for address in (quiet, invited):
        moc_ok(web, tenant, "moderatorsCreate", {"name": "Mode Rator", "email": address})
    moc_ok(web, tenant, "moderatorsAddToWebinar", {"alias": alias, "email": [quiet]})
    moc_ok(
        web,
        tenant,
        "moderatorsAddToWebinar",
        {"alias": alias, "email": [invited], "sendInvite": "yes"},
    )

    (message,) = inbox.wait_for(invited)
    assert message["Subject"] == "You are invited to moderate: Links on MyOwnConference"
    link, role = role_behind(mail_server, web, text_of(message))
    (room,) = [
        r for r in moc_ok(web, tenant, "moderatorsRooms", {"email": invited}) if r["alias"] == alias
    ]
    # The link of the mail is the one moderatorsRooms gives.
    assert link == room["moderatorLink"]
    assert role == "moderator"
    assert inbox.to(quiet) == []
    assert mail_rows(own_settings, quiet) == []


@pytest.mark.parametrize(("moderator", "role"), [("yes", "moderator"), ("no", "attendee")])
def test_a_boomstream_invite_with_notify_email_mails_the_invite_link(
    moderator: str,
    role: str,
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    title = f"Boomstream invitation {moderator}"
    bigmarker_webinar(web, tenant, title=title)
    code = boomstream_code(web, tenant, title)
    invited = email("invited")
    answer = boomstream_invite(
        web, tenant, code, invited, name="In Vited", moderator=moderator, notifyEmail="yes"
    )

    (message,) = inbox.wait_for(invited)
    expected = "You are invited to moderate: " if moderator == "yes" else "You are invited: "
    assert message["Subject"] == expected + title
    link, entered_as = role_behind(mail_server, web, text_of(message))
    assert link == answer["inviteLink"]
    assert entered_as == role
    # Events go to the reactions in order: once a later registration is
    # confirmed, the invited one's was handled — the invitation stood for it.
    later = email("later")
    boomstream_invite(web, tenant, code, later, name="La Ter", notifyEmail="no")
    inbox.wait_for(later)
    assert len(inbox.to(invited)) == 1
    rows = mail_rows(own_settings, invited)
    # The invite link is the invitation: no confirmation, no presenter-link invitation.
    assert [row.kind for row in rows] == ["invitation"]


def test_a_boomstream_invite_without_notify_email_sends_no_invitation(
    web: httpx.Client, own_settings: Settings, inbox: Inbox, tenant: Tenant
) -> None:
    title = "Boomstream quiet invitation"
    bigmarker_webinar(web, tenant, title=title)
    code = boomstream_code(web, tenant, title)
    quiet = email("quiet")
    boomstream_invite(web, tenant, code, quiet, name="Qui Et", moderator="yes", notifyEmail="no")
    later = email("later")
    boomstream_invite(web, tenant, code, later, name="La Ter")

    # Events go to the reactions in order: once the later registration is
    # confirmed, the quiet moderator's presenter.added was handled.
    inbox.wait_for(later)
    (confirmation,) = inbox.to(quiet)
    assert confirmation["Subject"] == f"You are registered: {title}"
    assert [row.kind for row in mail_rows(own_settings, quiet)] == ["registration_confirmation"]
