"""The staff check-in page, over HTTP: only the host link and a moderator's
presenter link open it; its form checks a registrant in once, refuses what it
must with the form again, and answers the page's script in JSON."""

from __future__ import annotations

from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.api.webinarium.checkins import register
from tests.conftest import Tenant
from tests.pages.helpers import (
    bigmarker_presenter,
    bigmarker_webinar,
    email,
    local_path,
    moc_webinar,
)
from tests.pages.public_pages import UNREADABLE_FORMS

JSON = {"Accept": "application/json"}


def _check_in_path(conference_address: str) -> str:
    return local_path(conference_address) + "/check-in"


def _token(link: str, name: str) -> str:
    return parse_qs(urlsplit(link).query)[name][0]


@pytest.fixture
def hosted(http: httpx.Client, fresh_tenant: Tenant) -> dict[str, Any]:
    """A MyOwnConference webinar (its host link) and its BigMarker id."""
    webinar = moc_webinar(http, fresh_tenant)
    listed = http.get("/api/v1/conferences", headers=fresh_tenant.headers).json()["conferences"]
    (conference,) = listed
    assert local_path(webinar["mainModeratorLink"]).startswith(
        local_path(conference["conference_address"]) + "?host="
    )
    return {
        "id": conference["id"],
        "path": _check_in_path(conference["conference_address"]),
        "host": _token(webinar["mainModeratorLink"], "host"),
    }


def _check_ins(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(
        f"/api/webinarium/v1/conferences/{conference_id}/check-ins", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["check_ins"]
    return found


def test_the_host_link_checks_a_registrant_in_once(
    http: httpx.Client, fresh_tenant: Tenant, hosted: dict[str, Any]
) -> None:
    value = register(http, fresh_tenant, hosted["id"], email("guest"), "Grace", "Hopper")
    page = http.get(hosted["path"], params={"host": hosted["host"]})
    assert page.status_code == 200, page.text
    assert 'name="qr_code_value"' in page.text
    assert f'name="host" value="{hosted["host"]}"' in page.text
    # It carries the host's token: not cached, not sent on as a referrer.
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"

    done = http.post(hosted["path"], data={"host": hosted["host"], "qr_code_value": value})
    assert done.status_code == 200, done.text
    assert "Grace Hopper" in done.text
    assert "checked in at" in done.text
    assert "already" not in done.text
    (row,) = _check_ins(http, fresh_tenant, hosted["id"])
    assert (row["qr_code_value"], row["checked_in_by"]) == (value, "host")

    again = http.post(hosted["path"], data={"host": hosted["host"], "qr_code_value": value})
    assert again.status_code == 200, again.text
    assert "already checked in at" in again.text
    assert _check_ins(http, fresh_tenant, hosted["id"]) == [row]


def test_the_script_gets_json(
    http: httpx.Client, fresh_tenant: Tenant, hosted: dict[str, Any]
) -> None:
    value = register(http, fresh_tenant, hosted["id"], email("json"), "Alan", "Kay")
    form = {"host": hosted["host"], "qr_code_value": value}
    first = http.post(hosted["path"], data=form, headers=JSON)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["name"], body["already"], body["checked_in"]) == ("Alan Kay", False, 1)
    assert body["message"].startswith("checked in at ")
    second = http.post(hosted["path"], data=form, headers=JSON).json()
    assert (second["already"], second["checked_in_at"], second["checked_in"]) == (
        True,
        body["checked_in_at"],
        1,
    )
    unknown = http.post(hosted["path"], data={**form, "qr_code_value": "nope"}, headers=JSON)
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "registration_not_found"


def test_a_refused_value_shows_the_form_with_the_reason(
    http: httpx.Client, fresh_tenant: Tenant, hosted: dict[str, Any]
) -> None:
    response = http.post(
        hosted["path"], data={"host": hosted["host"], "qr_code_value": "not-a-registrant"}
    )
    assert response.status_code == 404
    assert "no registration for this webinar has this QR code" in response.text
    assert 'name="qr_code_value"' in response.text
    blank = http.post(hosted["path"], data={"host": hosted["host"], "qr_code_value": " "})
    assert blank.status_code == 400
    assert "qr_code_value is required" in blank.text


def test_without_a_staff_link_the_page_is_refused(
    http: httpx.Client, fresh_tenant: Tenant, hosted: dict[str, Any]
) -> None:
    value = register(http, fresh_tenant, hosted["id"], email("uninvited"))
    page = http.get(hosted["path"])
    assert page.status_code == 403
    assert "moderators" in page.text
    assert "<form" not in page.text
    assert http.post(hosted["path"], data={"qr_code_value": value}).status_code == 403
    tampered = http.post(
        hosted["path"], data={"host": hosted["host"][:-3] + "abc", "qr_code_value": value}
    )
    assert tampered.status_code == 401
    assert _check_ins(http, fresh_tenant, hosted["id"]) == []


def test_a_moderator_presenter_checks_in_and_a_presenter_may_not(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    path = _check_in_path(webinar["conference_address"])
    value = register(http, alice, webinar["id"], email("seat"), "Edsger", "Dijkstra")
    plain = bigmarker_presenter(http, alice, webinar["id"])
    refused = http.get(path, params={"presenter": _token(plain["presenter_url"], "presenter")})
    assert refused.status_code == 403
    assert "moderator rights" in refused.text

    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)
    token = _token(moderator["presenter_url"], "presenter")
    assert http.get(path, params={"presenter": token}).status_code == 200
    done = http.post(path, data={"presenter": token, "qr_code_value": value})
    assert done.status_code == 200, done.text
    assert "Edsger Dijkstra" in done.text
    (row,) = _check_ins(http, alice, webinar["id"])
    assert row["checked_in_by"].startswith("person:")

    other = bigmarker_webinar(http, alice)
    elsewhere = http.get(_check_in_path(other["conference_address"]), params={"presenter": token})
    assert elsewhere.status_code == 401
    assert "another webinar" in elsewhere.text


def test_an_unreadable_form_is_the_pages_refusal(
    http: httpx.Client, fresh_tenant: Tenant, hosted: dict[str, Any]
) -> None:
    for body, status, words in UNREADABLE_FORMS:
        refused = http.post(hosted["path"], **body)
        assert refused.status_code == status, refused.text
        assert refused.headers["content-type"].startswith("text/html"), refused.text
        assert words in unescape(refused.text)
    assert _check_ins(http, fresh_tenant, hosted["id"]) == []
