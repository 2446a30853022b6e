"""Channel categories: add, delete, add a conference, remove a conference — with
JSON bodies, as the document's curl examples send them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant
from webinarium.kit.ids import new_id

API = "/api/v1"
JSON = {"Content-Type": "application/json"}


def _call(http: httpx.Client, tenant: Tenant, method: str, path: str, body: Any) -> httpx.Response:
    return http.request(method, f"{API}{path}", headers={**tenant.headers, **JSON}, json=body)


def _fields(operation: dict[str, Any]) -> list[str]:
    return [f["name"] for f in operation["response"]["documented_fields"][0]["fields"]]


@pytest.fixture
def category(http: httpx.Client, alice: Tenant) -> str:
    name = f"Category {new_id()}"
    response = _call(
        http, alice, "POST", "/category", {"channel_id": alice.channel_id, "category_name": name}
    )
    assert response.status_code == 200, response.text
    return name


def test_add_a_category_as_the_curl_example_does(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["categories_create"]
    name = f"Webinars {new_id()}"
    response = http.post(
        f"{API}/category",
        headers={**alice.headers, **JSON},
        content=f'{{"channel_id" : "{alice.channel_id}", "category_name":"{name}"}}',
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == operation["response"]["example"]["top_level_keys"]
    assert list(body["category"]) == _fields(operation)
    assert body["category"]["name"] == name
    channel = http.get(f"{API}/channels/{alice.channel_id}", headers=alice.headers).json()
    # "club" is BigMarker's word for a channel.
    assert body["category"]["club"] == channel["name"]
    # Adding the same name again (by channel URL this time) answers the same category.
    again = _call(
        http, alice, "POST", "/category", {"channel_id": alice.channel_url, "category_name": name}
    )
    assert again.json() == body


def test_add_and_remove_conferences(
    http: httpx.Client, alice: Tenant, category: str, bigmarker_operations: dict[str, Any]
) -> None:
    add_op = bigmarker_operations["categories_add_conference"]
    remove_op = bigmarker_operations["categories_remove_conference"]
    first = create_conference(http, alice, title="First in category")
    second = create_conference(http, alice, title="Second in category")
    body = {"channel_id": alice.channel_id, "category_name": category}
    added = http.post(
        f"{API}/category/add_conference",
        headers={**alice.headers, **JSON},
        content=(
            f'{{"channel_id" : "{alice.channel_id}", "category_name":"{category}", '
            f'"conference_id":"{first["id"]}"}}'
        ),
    )
    assert added.status_code == 200, added.text
    assert list(added.json()["category"]) == _fields(add_op)
    assert added.json()["category"]["name"] == category
    assert added.json()["category"]["conferences"] == [first["id"]]
    both = _call(
        http, alice, "POST", "/category/add_conference", {**body, "conference_id": second["id"]}
    )
    assert both.json()["category"]["conferences"] == [first["id"], second["id"]]
    twice = _call(
        http, alice, "POST", "/category/add_conference", {**body, "conference_id": first["id"]}
    )
    assert twice.json()["category"]["conferences"] == [first["id"], second["id"]]

    removed = _call(
        http, alice, "DELETE", "/category/remove_conference", {**body, "conference_id": first["id"]}
    )
    assert removed.status_code == 200, removed.text
    again = _call(
        http, alice, "DELETE", "/category/remove_conference", {**body, "conference_id": first["id"]}
    )
    assert again.status_code == 401
    assert again.json() == documented_error(remove_op, 401, "not found in this category")
    left = _call(
        http, alice, "POST", "/category/add_conference", {**body, "conference_id": second["id"]}
    )
    assert left.json()["category"]["conferences"] == [second["id"]]
    # The conferences stay when they leave the category.
    assert http.get(f"{API}/conferences/{first['id']}", headers=alice.headers).status_code == 200


def test_delete_a_category(
    http: httpx.Client, alice: Tenant, category: str, bigmarker_operations: dict[str, Any]
) -> None:
    webinar = create_conference(http, alice, title="Kept after its category")
    body = {"channel_id": alice.channel_id, "category_name": category}
    _call(http, alice, "POST", "/category/add_conference", {**body, "conference_id": webinar["id"]})
    response = http.request(
        "DELETE",
        f"{API}/category",
        headers={**alice.headers, **JSON},
        content=f'{{"channel_id" : "{alice.channel_id}", "category_name":"{category}"}}',
    )
    assert response.status_code == 200, response.text
    assert http.get(f"{API}/conferences/{webinar['id']}", headers=alice.headers).status_code == 200
    for method, path, extra in (
        ("DELETE", "/category", {}),
        ("POST", "/category/add_conference", {"conference_id": webinar["id"]}),
    ):
        gone = _call(http, alice, method, path, {**body, **extra})
        assert gone.status_code == 404
        assert category in gone.json()["error"]
    missing = _call(
        http,
        alice,
        "DELETE",
        "/category/remove_conference",
        {**body, "conference_id": webinar["id"]},
    )
    assert missing.json() == documented_error(
        bigmarker_operations["categories_remove_conference"], 401, "not found in this category"
    )
    # A category deleted can be added again, empty.
    recreated = _call(http, alice, "POST", "/category", body)
    assert recreated.status_code == 200
    fresh = _call(
        http, alice, "POST", "/category/add_conference", {**body, "conference_id": webinar["id"]}
    )
    assert fresh.json()["category"]["conferences"] == [webinar["id"]]


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    [
        ("POST", "/category", "categories_create"),
        ("DELETE", "/category", "categories_delete"),
        ("POST", "/category/add_conference", "categories_add_conference"),
        ("DELETE", "/category/remove_conference", "categories_remove_conference"),
    ],
)
def test_an_unknown_channel_is_refused_as_documented(
    method: str,
    path: str,
    operation: str,
    http: httpx.Client,
    alice: Tenant,
    bob: Tenant,
    category: str,
    bigmarker_operations: dict[str, Any],
) -> None:
    webinar = create_conference(http, alice, title="Category target")
    expected = documented_error(bigmarker_operations[operation], 401, "this channel")
    for channel in (new_id(), alice.channel_id):
        body = {"channel_id": channel, "category_name": category, "conference_id": webinar["id"]}
        response = _call(http, bob, method, path, body)
        assert response.status_code == 401
        assert response.json() == expected


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", "/category/add_conference"), ("DELETE", "/category/remove_conference")],
)
def test_another_accounts_conference_is_refused(
    method: str, path: str, http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    name = f"Bob's {new_id()}"
    _call(http, bob, "POST", "/category", {"channel_id": bob.channel_id, "category_name": name})
    alices = create_conference(http, alice, title="Alice's, not Bob's")
    answers = []
    for conference_id in (alices["id"], new_id()):
        body = {"channel_id": bob.channel_id, "category_name": name, "conference_id": conference_id}
        response = _call(http, bob, method, path, body)
        assert response.status_code == 401
        answers.append(response.json())
    assert answers[0] == answers[1]
    assert answers[0] == {
        "error": "You do not have permission to access or modify this conference."
    }


def test_a_conference_of_another_channel_is_refused(
    http: httpx.Client, alice: Tenant, category: str
) -> None:
    url = f"cat-sub-{new_id()}"
    sub = http.post(
        f"{API}/channels",
        headers=alice.headers,
        json={
            "master_channel_id": alice.channel_id,
            "channel_name": "Category sub",
            "channel_url": url,
            "organizer_email": f"{url}@example.test",
        },
    ).json()
    webinar = create_conference(http, alice, channel_id=sub["channel_id"], title="Elsewhere")
    body = {
        "channel_id": alice.channel_id,
        "category_name": category,
        "conference_id": webinar["id"],
    }
    response = _call(http, alice, "POST", "/category/add_conference", body)
    assert response.status_code == 400
    assert "not in channel" in response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "body", "missing"),
    [
        ("POST", "/category", {"category_name": "x"}, "channel_id"),
        ("POST", "/category", {"category_name": "  "}, "category_name"),
        ("POST", "/category", {"category_name": "x" * 201}, "category_name"),
        ("DELETE", "/category", {}, "category_name"),
        ("POST", "/category/add_conference", {"category_name": "x"}, "conference_id"),
        ("DELETE", "/category/remove_conference", {"conference_id": "x"}, "category_name"),
    ],
)
def test_bad_input_is_a_400(
    method: str,
    path: str,
    body: dict[str, str],
    missing: str,
    http: httpx.Client,
    alice: Tenant,
) -> None:
    channel = {} if missing == "channel_id" else {"channel_id": alice.channel_id}
    response = _call(http, alice, method, path, {**channel, **body})
    assert response.status_code == 400
    assert missing in response.json()["error"]
