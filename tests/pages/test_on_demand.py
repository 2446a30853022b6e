"""The on-demand page of a published recording: watched at once where anyone
may, registered for first where the webinar asks viewers to register."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import httpx

from tests.conftest import Tenant
from tests.pages.helpers import bigmarker_register, bigmarker_webinar, email, local_path
from tests.pages.public_pages import (
    UNREADABLE_FORMS,
    problem_of,
    register_on_page,
    registrations,
)
from tests.recordings.helpers import store_mp4
from webinarium.settings import Settings

VIDEO = re.compile(r'<video id="recording" src="/files/[^"]+"')


def _published(
    http: httpx.Client, settings: Settings, tenant: Tenant, tmp_path: Path, **fields: object
) -> tuple[dict[str, object], str]:
    """An ended webinar with its recording published, and its on-demand page."""
    webinar = bigmarker_webinar(http, tenant, starts_in=timedelta(hours=-3), **fields)
    store_mp4(settings, tenant, str(webinar["id"]), tmp_path)
    published = http.get(
        f"/api/v1/conferences/{webinar['id']}/publish_recording", headers=tenant.headers
    )
    assert published.status_code == 200, published.text
    return webinar, f"{local_path(str(webinar['conference_address']))}/recording"


def test_anyone_watches_where_no_registration_is_asked(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    _, page = _published(
        http,
        settings,
        fresh_tenant,
        tmp_path,
        registration_required_to_view_recording=False,
        who_can_watch_recording="everyone",
    )

    watched = http.get(page)

    assert watched.status_code == 200, watched.text
    assert VIDEO.search(watched.text) is not None
    assert 'name="email"' not in watched.text


def test_a_visitor_registers_then_watches_where_registration_is_asked(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    webinar, page = _published(
        http,
        settings,
        fresh_tenant,
        tmp_path,
        custom_fields=[{"field_name": "Why", "required": True}],
    )

    form = http.get(page)
    assert form.status_code == 401
    assert VIDEO.search(form.text) is None
    assert "Register to watch the recording" in form.text
    assert 'name="email"' in form.text

    visitor = email("viewer")
    refused = register_on_page(http, page, first_name="Vi", last_name="Ewer", email=visitor)
    assert refused.status_code == 400
    why = re.search(r'name="(answer\.[^"]+)"', form.text)
    assert why is not None
    assert problem_of(refused, why.group(1)) == "Why is required."
    assert registrations(settings, str(webinar["id"])) == []

    sent = register_on_page(
        http, page, first_name="Vi", last_name="Ewer", email=visitor, **{why.group(1): "To see"}
    )
    assert sent.status_code == 303, sent.text
    assert sent.headers["location"].startswith(f"{page}?token=")
    watched = http.get(sent.headers["location"])
    assert watched.status_code == 200
    assert VIDEO.search(watched.text) is not None
    (registration,) = registrations(settings, str(webinar["id"]))
    assert registration.source == "landing_page"

    # An address registered before watches at once.
    known = email("known")
    bigmarker_register(http, fresh_tenant, str(webinar["id"]), known)
    again = register_on_page(http, page, email=known)
    assert again.status_code == 200
    assert VIDEO.search(again.text) is not None


def test_no_form_where_registering_would_not_let_anyone_watch(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    webinar = bigmarker_webinar(http, fresh_tenant, starts_in=timedelta(hours=-3))
    page = f"{local_path(str(webinar['conference_address']))}/recording"
    store_mp4(settings, fresh_tenant, str(webinar["id"]), tmp_path)

    unpublished = register_on_page(http, page, first_name="A", email=email())
    _, hosts_only = _published(
        http, settings, fresh_tenant, tmp_path, who_can_watch_recording="channel_admin_only"
    )
    refused = register_on_page(http, hosts_only, first_name="A", email=email())

    assert unpublished.status_code == 410
    assert refused.status_code == 401
    assert 'name="email"' not in http.get(hosts_only).text
    assert registrations(settings, str(webinar["id"])) == []


def test_an_unreadable_form_is_the_pages_refusal(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    webinar, page = _published(http, settings, fresh_tenant, tmp_path)
    for body, status, words in UNREADABLE_FORMS:
        refused = http.post(page, **body)
        assert refused.status_code == status, refused.text
        assert refused.headers["content-type"].startswith("text/html"), refused.text
        assert words in html.unescape(refused.text)
    assert registrations(settings, str(webinar["id"])) == []
