"""Transport of the action API, and the profile actions."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import yaml

from tests.api.myownconference.helpers import call, error, ok
from tests.conftest import REFERENCE, Tenant
from webinarium.api.myownconference.table import TABLE, find


@pytest.fixture(scope="module")
def moc_reference() -> dict[str, Any]:
    with (REFERENCE / "myownconference-api.yaml").open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


def test_every_documented_action_is_in_the_table(moc_reference: dict[str, Any]) -> None:
    documented = {a["action"] for a in moc_reference["actions"]}
    assert len(documented) == 54
    assert sorted(documented - set(TABLE)) == []
    for action in moc_reference["actions"]:
        for alias in action.get("accept_action_aliases") or []:
            assert find(alias) is TABLE[action["action"]]


def test_multipart_and_urlencoded_and_both_paths(http: httpx.Client, alice: Tenant) -> None:
    for multipart in (False, True):
        for path in ("/", "/api/myownconference"):
            body = call(http, alice.api_key, "profileGet", [], multipart=multipart, path=path)
            assert body["response"]["email"] == alice.email


def test_the_answer_echoes_the_request_without_the_key(http: httpx.Client, alice: Tenant) -> None:
    body = call(http, alice.api_key, "profileGet", ["name", "timezone"])
    assert body["request"] == {"action": "profileGet", "params": ["name", "timezone"]}
    assert set(body["response"]) == {"name", "timezone"}


@pytest.mark.parametrize("params", [[], {}, None])
def test_empty_params_in_every_spelling(http: httpx.Client, alice: Tenant, params: Any) -> None:
    body = call(http, alice.api_key, "profileGet", params)
    assert set(body["response"]) == {
        "name",
        "email",
        "timezone",
        "timemove",
        "language",
        "gateway",
        "subscribe",
        "company",
    }


def test_trailing_commas_are_accepted(http: httpx.Client, alice: Tenant) -> None:
    raw = '{"key": "' + alice.api_key + '", "action": "profileGet", "params": ["name",],}'
    response = http.post("/", data={"request": raw})
    assert response.json()["response"] == {"name": "Alice Webinars"}


@pytest.mark.parametrize(
    ("request_field", "fragment"),
    [
        (None, "request"),
        ("not json", "JSON"),
        ('["a list"]', "object"),
        ('{"key": "nope", "action": "profileGet", "params": []}', "API key"),
    ],
)
def test_bad_envelopes_get_a_clear_error(
    http: httpx.Client, request_field: str | None, fragment: str
) -> None:
    data = {} if request_field is None else {"request": request_field}
    response = http.post("/", data=data)
    assert response.status_code == 200
    assert fragment.lower() in response.json()["response"]["error"].lower()


def test_unknown_action(http: httpx.Client, alice: Tenant) -> None:
    assert "unknown action" in error(http, alice, "webinarsExplode")


def test_get_root_is_still_the_web_page(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_profile_set_as_the_php_example(http: httpx.Client, fresh_tenant: Tenant) -> None:
    result = ok(
        http,
        fresh_tenant,
        "profileSet",
        {"name": "Jane Roe", "timezone": "180", "subscribe": "yes"},
    )
    assert set(result) == {"success"}
    profile = ok(http, fresh_tenant, "profileGet", [])
    assert profile["name"] == "Jane Roe"
    assert profile["timezone"] == "180"
    assert profile["subscribe"] == "YES"
    assert profile["email"] == fresh_tenant.email


def test_profile_set_every_field(http: httpx.Client, fresh_tenant: Tenant) -> None:
    ok(
        http,
        fresh_tenant,
        "profileSet",
        {
            "name": "Acme Events",
            "language": "de",
            "gateway": "PAYPAL",
            "subscribe": "NO",
            "company": "Acme GmbH, Berlin",
            "timemove": "YES",
            "timezone": -150,
        },
    )
    assert ok(http, fresh_tenant, "profileGet", []) == {
        "name": "Acme Events",
        "email": fresh_tenant.email,
        "timezone": "-150",
        "timemove": "YES",
        "language": "DE",
        "gateway": "PAYPAL",
        "subscribe": "NO",
        "company": "Acme GmbH, Berlin",
    }


@pytest.mark.parametrize(
    "params",
    [
        {"name": "J"},
        {"name": "x" * 65},
        {"name": "Jane.Roe"},
        {"name": "Jane@Roe"},
        {"language": "IT"},
        {"gateway": "INTERKASSA"},
        {"subscribe": "maybe"},
        {"company": "c" * 1001},
        {"timezone": "an hour"},
        {"timezone": 900},
    ],
)
def test_profile_set_refuses_bad_values_and_changes_nothing(
    http: httpx.Client, fresh_tenant: Tenant, params: dict[str, Any]
) -> None:
    before = ok(http, fresh_tenant, "profileGet", [])
    # A valid change sent beside the bad one is not applied either.
    error(http, fresh_tenant, "profileSet", {"company": "Changed", **params})
    assert ok(http, fresh_tenant, "profileGet", []) == before


def test_profile_get_unknown_field_is_an_error(http: httpx.Client, alice: Tenant) -> None:
    assert "unknown" in error(http, alice, "profileGet", ["name", "password"])


def test_params_json_as_a_string_field_value(http: httpx.Client, alice: Tenant) -> None:
    request = json.dumps({"key": alice.api_key, "action": "profileGet", "params": ["email"]})
    response = http.post(
        "/",
        content=f"request={request}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    # A client that forgot to urlencode still gets through when the JSON survives.
    assert response.json()["response"] == {"email": alice.email}
