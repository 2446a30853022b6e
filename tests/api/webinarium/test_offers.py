"""The native API's offers: ``POST``/``GET /api/webinarium/v1/conferences/{id}/offers``,
``GET``/``DELETE …/offers/{offer_id}``; refusals in the native envelope, another
account's conference and offer answered as ones that do not exist."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.conftest import Tenant

BASE = "/api/webinarium/v1/conferences"
OFFER = {"title": "Book a demo", "button_text": "Book now", "url": "https://example.org/demo"}


def offers_path(conference_id: str) -> str:
    return f"{BASE}/{conference_id}/offers"


def error_of(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    return response.status_code, body["error"]["code"]


def create(http: httpx.Client, tenant: Tenant, conference_id: str, **fields: Any) -> dict[str, Any]:
    response = http.post(offers_path(conference_id), headers=tenant.headers, json=OFFER | fields)
    assert response.status_code == 201, response.text
    offer: dict[str, Any] = response.json()
    return offer


def test_created_listed_shown_and_deleted(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    path = offers_path(conference["id"])
    first = create(http, alice, conference["id"], title="  Book a demo  ")
    assert set(first) == {"id", "conference_id", "title", "button_text", "url", "created_at"}
    assert (first["conference_id"], first["title"], first["button_text"], first["url"]) == (
        conference["id"],
        "Book a demo",
        "Book now",
        "https://example.org/demo",
    )
    second = create(http, alice, conference["id"], title="Get the e-book", url="http://x.test/b")
    listed = http.get(path, headers=alice.headers)
    assert listed.status_code == 200
    assert listed.json() == [first, second]
    assert http.get(f"{path}/{second['id']}", headers=alice.headers).json() == second

    deleted = http.delete(f"{path}/{first['id']}", headers=alice.headers)
    assert deleted.status_code == 204, deleted.text
    assert http.get(path, headers=alice.headers).json() == [second]
    gone = http.get(f"{path}/{first['id']}", headers=alice.headers)
    assert error_of(gone) == (404, "offer_not_found")
    again = http.delete(f"{path}/{first['id']}", headers=alice.headers)
    assert error_of(again) == (404, "offer_not_found")


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({**OFFER, "url": "javascript:alert(1)"}, "http(s)"),
        ({**OFFER, "url": "ftp://example.org/file"}, "http(s)"),
        ({**OFFER, "url": "/relative"}, "http(s)"),
        ({**OFFER, "url": ""}, "url"),
        ({**OFFER, "title": "   "}, "title"),
        ({**OFFER, "title": "t" * 256}, "title"),
        ({**OFFER, "button_text": ""}, "button_text"),
        ({**OFFER, "button_text": "b" * 101}, "button_text"),
        ({"title": "No button", "url": "https://example.org"}, "button_text"),
        ({**OFFER, "title": 7}, "title"),
        ({**OFFER, "colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_refused_in_the_envelope(
    http: httpx.Client, alice: Tenant, body: dict[str, Any], mentions: str
) -> None:
    conference = create_conference(http, alice)
    response = http.post(offers_path(conference["id"]), headers=alice.headers, json=body)
    assert error_of(response) == (400, "invalid_input")
    assert mentions in response.json()["error"]["message"]
    assert http.get(offers_path(conference["id"]), headers=alice.headers).json() == []


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b""])
def test_a_body_that_is_no_json_object_is_refused(
    http: httpx.Client, alice: Tenant, content: bytes
) -> None:
    conference = create_conference(http, alice)
    response = http.post(
        offers_path(conference["id"]),
        headers={**alice.headers, "Content-Type": "application/json"},
        content=content,
    )
    assert error_of(response) == (400, "invalid_input")


def test_another_account_s_conference_and_offer_are_not_found(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    conference = create_conference(http, alice)
    offer = create(http, alice, conference["id"])
    path = offers_path(conference["id"])
    for response in (
        http.get(path, headers=bob.headers),
        http.post(path, headers=bob.headers, json=OFFER),
        http.get(f"{path}/{offer['id']}", headers=bob.headers),
        http.delete(f"{path}/{offer['id']}", headers=bob.headers),
    ):
        assert error_of(response) == (404, "conference_not_found")
    # Bob's own conference does not reach Alice's offer either.
    bobs = create_conference(http, bob)
    mixed = http.get(f"{offers_path(bobs['id'])}/{offer['id']}", headers=bob.headers)
    assert error_of(mixed) == (404, "offer_not_found")
    assert http.get(path, headers=alice.headers).json() == [offer]


def test_an_offer_of_another_conference_is_not_found(http: httpx.Client, alice: Tenant) -> None:
    one = create_conference(http, alice)
    other = create_conference(http, alice)
    offer = create(http, alice, one["id"])
    response = http.get(f"{offers_path(other['id'])}/{offer['id']}", headers=alice.headers)
    assert error_of(response) == (404, "offer_not_found")


def test_without_a_key(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    response = http.post(offers_path(conference["id"]), json=OFFER)
    assert error_of(response) == (401, "authentication_failed")
    unknown = http.get(offers_path(conference["id"]), headers={"API-KEY": "nope"})
    assert error_of(unknown) == (401, "authentication_failed")
