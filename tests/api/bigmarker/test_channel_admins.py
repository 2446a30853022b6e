"""Manage Channel Admins, as the document's curl examples call them (JSON bodies)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant

API = "/api/v1"
PHOTO = (
    "http://clipartix.com/wp-content/uploads/2016/05/"
    "Smiley-face-0-ideas-about-smileys-on-manchmal-hab-dich-lieb-clipart.jpg"
)


def _email(label: str = "admin") -> str:
    return f"{label}.{time.time_ns()}@example.test"


def _documented_fields(operation: dict[str, Any]) -> list[str]:
    return [f["name"] for f in operation["response"]["documented_fields"][0]["fields"]]


def _add(http: httpx.Client, tenant: Tenant, **body: Any) -> httpx.Response:
    return http.post(f"{API}/channel_admins", headers=tenant.headers, json=body)


def _new_admin(http: httpx.Client, tenant: Tenant, **body: Any) -> dict[str, Any]:
    response = _add(
        http,
        tenant,
        **{"channel_id": tenant.channel_id, "email": _email(), "first_name": "John", **body},
    )
    assert response.status_code == 200, response.text
    admin: dict[str, Any] = response.json()
    return admin


def _listed(http: httpx.Client, tenant: Tenant) -> list[dict[str, Any]]:
    response = http.get(f"{API}/channel_admins/{tenant.channel_url}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    admins: list[dict[str, Any]] = response.json()
    return admins


def _not_found(operations: dict[str, Any], operation: str) -> dict[str, str]:
    return documented_error(operations[operation], 404)


# Add Channel Admin


def test_add_as_the_curl_example_sends_it(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    email = _email("john")
    sent = {
        "channel_id": fresh_tenant.channel_id,
        "email": email,
        "first_name": "John",
        "last_name": "Doe",
        "temporary_password": "goodpassword",
        "photo_url": PHOTO,
        "bio": "Hi! This is my bio.",
    }
    response = http.post(
        f"{API}/channel_admins",
        headers={**fresh_tenant.headers, "Content-Type": "application/json"},
        json=sent,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    documented = _documented_fields(bigmarker_operations["channel_admins_create"])
    assert [name for name in documented if name not in body] == []
    assert body["admin_id"]
    assert body["bmid"]
    assert (body["first_name"], body["last_name"]) == ("John", "Doe")
    assert body["bio"] == sent["bio"]
    assert body["title"] == ""
    assert body["status"] == "active"
    assert body["email"] == email
    assert body["photo_url"] == PHOTO
    assert _listed(http, fresh_tenant) == [body]


def test_an_existing_person_keeps_their_member_id(http: httpx.Client, alice: Tenant) -> None:
    webinar = create_conference(http, alice, start_time="2031-06-01 15:00")
    email = _email("registrant")
    registered = http.put(
        f"{API}/conferences/register",
        headers=alice.headers,
        data={"id": webinar["id"], "email": email, "first_name": "Known", "last_name": "Person"},
    )
    assert registered.status_code == 200
    bmid = parse_qs(urlsplit(registered.json()["conference_url"]).query)["bmid"][0]
    response = _add(http, alice, channel_id=alice.channel_url, email=email, title="Helper")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["bmid"] == bmid
    assert (body["first_name"], body["last_name"], body["title"]) == ("Known", "Person", "Helper")


def test_add_to_an_unknown_channel_gets_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = _add(http, alice, channel_id="0" * 20, email=_email())
    expected = _not_found(bigmarker_operations, "channel_admins_create")
    assert (response.status_code, response.json()) == (404, expected)


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"email": "x@example.test"}, "channel_id"),
        ({"channel_id": "own"}, "email"),
        ({"channel_id": "own", "email": "nobody"}, "nobody"),
        ({"channel_id": "own", "email": "x@example.test", "photo_url": "photo.png"}, "photo_url"),
        ({"channel_id": "own", "email": "x@example.test", "status": "asleep"}, "status"),
    ],
)
def test_bad_input_is_a_400_naming_it_and_writes_nothing(
    http: httpx.Client, fresh_tenant: Tenant, body: dict[str, Any], named: str
) -> None:
    if body.get("channel_id") == "own":
        body = {**body, "channel_id": fresh_tenant.channel_id}
    response = _add(http, fresh_tenant, **body)
    assert response.status_code == 400, response.text
    assert named in response.json()["error"]
    assert _listed(http, fresh_tenant) == []


def test_the_same_admin_twice_is_a_400(http: httpx.Client, fresh_tenant: Tenant) -> None:
    admin = _new_admin(http, fresh_tenant)
    response = _add(
        http, fresh_tenant, channel_id=fresh_tenant.channel_id, email=admin["email"].upper()
    )
    assert response.status_code == 400
    assert admin["email"] in response.json()["error"]
    assert _listed(http, fresh_tenant) == [admin]


# View Channel Admins


def test_view_channel_admins(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    first = _new_admin(http, fresh_tenant, last_name="First", bio="Example bio")
    second = _new_admin(http, fresh_tenant, last_name="Second", status="paused")
    # As the curl sends it: the channel URL in the path.
    response = http.get(
        f"{API}/channel_admins/{fresh_tenant.channel_url}", headers=fresh_tenant.headers
    )
    assert response.status_code == 200, response.text
    admins = response.json()
    assert admins == [first, second]
    documented = _documented_fields(bigmarker_operations["channel_admins_list"])
    for admin in admins:
        assert [name for name in documented if name not in admin] == []
    assert second["status"] == "paused"
    # The Routing line's form, the channel URL as a parameter; and all channels.
    for params in ({"channel_url": fresh_tenant.channel_url}, {}):
        listed = http.get(f"{API}/channel_admins", headers=fresh_tenant.headers, params=params)
        assert listed.json() == [first, second]


def test_view_admins_of_an_unknown_channel_is_a_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    # View documents no error; its section's 404 is "Not Found!".
    expected = _not_found(bigmarker_operations, "channel_admins_create")
    for path in ("/channel_admins/no-such-channel", "/channel_admins?channel_url=no-such"):
        response = http.get(API + path, headers=alice.headers)
        assert (response.status_code, response.json()) == (404, expected)


# Update Channel Admin


def test_update_as_the_curl_example_sends_it(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    admin = _new_admin(http, fresh_tenant, last_name="Before", title="My title", bio="Old")
    sent = {"first_name": "John", "last_name": "Doe", "photo_url": PHOTO, "bio": "Hi!"}
    response = http.put(
        f"{API}/channel_admins/{admin['admin_id']}",
        headers={**fresh_tenant.headers, "Content-Type": "application/json"},
        json=sent,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    documented = _documented_fields(bigmarker_operations["channel_admins_update"])
    assert [name for name in documented if name not in body] == []
    assert body["admin_id"] == admin["admin_id"]
    assert body["bmid"] == admin["bmid"]
    assert (body["first_name"], body["last_name"], body["bio"]) == ("John", "Doe", "Hi!")
    assert body["photo_url"] == PHOTO
    assert (body["title"], body["status"]) == ("My title", "active")
    assert _listed(http, fresh_tenant) == [body]


def test_update_photo_url_delete_removes_the_photo(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    admin = _new_admin(http, fresh_tenant, photo_url=PHOTO)
    assert admin["photo_url"] == PHOTO
    response = http.put(
        f"{API}/channel_admins/{admin['admin_id']}",
        headers=fresh_tenant.headers,
        json={"photo_url": "delete", "status": "paused"},
    )
    assert response.status_code == 200, response.text
    assert (response.json()["photo_url"], response.json()["status"]) == (None, "paused")


def test_update_of_an_unknown_admin_gets_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.put(f"{API}/channel_admins/{'0' * 20}", headers=alice.headers, json={})
    expected = _not_found(bigmarker_operations, "channel_admins_update")
    assert (response.status_code, response.json()) == (404, expected)


def test_update_with_a_bad_value_is_a_400_and_changes_nothing(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    admin = _new_admin(http, fresh_tenant, title="Kept")
    response = http.put(
        f"{API}/channel_admins/{admin['admin_id']}",
        headers=fresh_tenant.headers,
        json={"title": "Changed", "first_name": "x" * 101},
    )
    assert response.status_code == 400
    assert "first_name" in response.json()["error"]
    assert _listed(http, fresh_tenant) == [admin]


# Remove Channel Admin


def test_remove_as_the_curl_sends_it(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    kept = _new_admin(http, fresh_tenant)
    removed = _new_admin(http, fresh_tenant)

    def remove() -> httpx.Response:
        return http.request(
            "DELETE",
            f"{API}/channel_admins",
            headers={**fresh_tenant.headers, "Content-Type": "application/json"},
            json={"admin_id": removed["admin_id"]},
        )

    response = remove()
    assert response.status_code == 200, response.text
    assert _listed(http, fresh_tenant) == [kept]
    again = remove()
    expected = _not_found(bigmarker_operations, "channel_admins_delete")
    assert (again.status_code, again.json()) == (404, expected)


def test_remove_without_an_id_is_a_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.request("DELETE", f"{API}/channel_admins", headers=alice.headers, json={})
    assert response.status_code == 400
    assert "admin_id" in response.json()["error"]
