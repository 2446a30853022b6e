"""A conference's address and the personal links built on it, over HTTP."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

from tests.conftest import Tenant
from tests.room.helpers import make_room, register_someone
from webinarium.settings import Settings

TICKET = re.compile(r'<meta name="webinarium-ticket" content="([^"]+)">')


def _address(http: httpx.Client, tenant: Tenant, conference_id: str) -> str:
    shown = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert shown.status_code == 200, shown.text
    # The address names the public URL; the test server answers on its own.
    return urlsplit(shown.json()["conference_address"]).path


def test_an_enter_link_opens_the_room_page_with_a_fresh_ticket(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference_id = make_room(settings, alice)
    registrant = register_someone(settings, alice, conference_id, "Ann")
    address = _address(http, alice, conference_id)

    page = http.get(address, params={"token": registrant.enter_token})

    assert page.status_code == 200, page.text
    assert "Room test" in page.text
    found = TICKET.search(page.text)
    assert found is not None
    assert found.group(1).startswith("eyJ")
    assert found.group(1) != registrant.enter_token
    assert page.headers["cache-control"] == "no-store"


def test_a_tampered_token_is_a_clear_page(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference_id = make_room(settings, alice)
    registrant = register_someone(settings, alice, conference_id, "Ann")
    address = _address(http, alice, conference_id)

    page = http.get(address, params={"token": registrant.enter_token[:-2] + "xx"})

    assert page.status_code == 401
    assert page.headers["content-type"].startswith("text/html")
    assert "does not open a webinar" in page.text
    assert TICKET.search(page.text) is None


def test_a_token_of_another_webinar_does_not_open_this_one(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    first, second = make_room(settings, alice), make_room(settings, alice)
    registrant = register_someone(settings, alice, first, "Ann")

    page = http.get(_address(http, alice, second), params={"token": registrant.enter_token})

    assert page.status_code == 401
    assert "another webinar" in page.text
