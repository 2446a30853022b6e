"""The follow-up after a webinar (SMTP in the test process) links its published
recording's on-demand page with the registrant's own token — the page counts
the view — never the MP4's file URL; to those the page lets watch (the
webinar's ``who_can_watch_recording``); a recording not published is offered
to nobody."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Tenant
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
from tests.recordings.helpers import add_processing_recording, store_mp4
from tests.room.conftest import RoomServer
from tests.servers import Inbox
from webinarium.settings import Settings


def ended_with_a_recording(
    web: httpx.Client,
    settings: Settings,
    tenant: Tenant,
    inbox: Inbox,
    tmp_path: Path,
    *,
    published: bool,
    **fields: Any,
) -> tuple[str, str, str]:
    """A webinar (of ``fields``) with a stored recording (published or not),
    one registrant who came and one who did not, ended; (its id, who came, who
    missed)."""
    webinar = bigmarker_webinar(web, tenant, **fields)
    came, missed = address("came"), address("missed")
    for email in (came, missed):
        bigmarker_register(web, tenant, webinar["id"], email)
        inbox.wait_for(email)
    store_mp4(settings, tenant, webinar["id"], tmp_path)
    if published:
        response = web.get(
            f"{BIGMARKER}/conferences/{webinar['id']}/publish_recording", headers=tenant.headers
        )
        assert response.status_code == 200, response.text
    attend(settings, tenant, webinar["id"], came)
    emit_now(settings, ended(settings, tenant, webinar["id"]))
    return webinar["id"], came, missed


def test_the_follow_up_links_the_published_recording_s_page_with_the_registrant_s_token(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    conference_id, came, missed = ended_with_a_recording(
        web, own_settings, tenant, inbox, tmp_path, published=True
    )
    shown = web.get(f"{BIGMARKER}/conferences/{conference_id}", headers=tenant.headers).json()
    pages = []
    for email, subject in ((came, "Thank you for attending"), (missed, "Sorry we missed you")):
        follow_up = inbox.wait_for(email, 2)[1]
        assert follow_up["Subject"].startswith(subject)
        text = text_of(follow_up)
        assert "The recording: " in text
        assert "/files/" not in text + html_of(follow_up)
        click = CLICK.search(text.split("The recording: ", 1)[1])
        assert click is not None
        target = web.get(local(mail_server, click.group())).headers["location"]
        assert target.startswith(shown["recording_url"] + "?token=")
        page = web.get(local(mail_server, target))
        assert page.status_code == 200, page.text
        assert "<video" in page.text
        pages.append(target)
    # Each registrant's own link.
    assert pages[0] != pages[1]
    report = web.get(
        f"{BIGMARKER}/reporting/conferences/on_demand_attendees/{conference_id}",
        headers=tenant.headers,
    ).json()
    assert {came, missed} <= set(re.findall(r"[\w.+-]+@example\.test", str(report)))


def test_a_recording_not_published_is_not_offered(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    _, came, missed = ended_with_a_recording(
        web, own_settings, tenant, inbox, tmp_path, published=False
    )
    for email in (came, missed):
        follow_up = inbox.wait_for(email, 2)[1]
        assert "The recording" not in text_of(follow_up)
        assert "/files/" not in text_of(follow_up) + html_of(follow_up)


def test_a_recording_still_processing_is_not_offered(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
) -> None:
    """The webinar's recording stopped but its MP4 not made yet when the
    follow-up goes: nothing to watch, nothing offered."""
    webinar = bigmarker_webinar(web, tenant)
    came = address("came-early")
    bigmarker_register(web, tenant, webinar["id"], came)
    inbox.wait_for(came)
    add_processing_recording(own_settings, tenant, webinar["id"])
    attend(own_settings, tenant, webinar["id"], came)
    emit_now(own_settings, ended(own_settings, tenant, webinar["id"]))
    follow_up = inbox.wait_for(came, 2)[1]
    assert follow_up["Subject"].startswith("Thank you for attending")
    assert "The recording" not in text_of(follow_up)
    assert "/recording" not in text_of(follow_up) + html_of(follow_up)


def test_a_recording_for_attendees_is_offered_to_those_who_came(
    mail_server: RoomServer,
    own_settings: Settings,
    web: httpx.Client,
    inbox: Inbox,
    tenant: Tenant,
    tmp_path: Path,
) -> None:
    _, came, missed = ended_with_a_recording(
        web,
        own_settings,
        tenant,
        inbox,
        tmp_path,
        published=True,
        who_can_watch_recording="attendees",
    )
    thanks = text_of(inbox.wait_for(came, 2)[1])
    click = CLICK.search(thanks.split("The recording: ", 1)[1])
    assert click is not None
    target = web.get(local(mail_server, click.group())).headers["location"]
    assert web.get(local(mail_server, target)).status_code == 200
    assert "The recording" not in text_of(inbox.wait_for(missed, 2)[1])
