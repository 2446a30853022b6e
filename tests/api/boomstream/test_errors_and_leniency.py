"""Refusals in the envelope (HTTP 200, Status Failed, a Message) and the
lenient readings of the document."""

from __future__ import annotations

import httpx
import jwt
import pytest

from tests.api.boomstream.helpers import (
    BASE,
    call,
    client_code,
    clients,
    create,
    failed,
    invite,
    ok,
    parse,
)
from tests.conftest import Tenant

FORMATS = ["json", "xml"]
UNKNOWN_CONFERENCE = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_key_is_refused(http: httpx.Client, fmt: str) -> None:
    assert failed(http, "wbn_not-a-key", "list", fmt) == "Invalid apikey"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_missing_required_parameter_is_named(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    assert failed(http, alice.api_key, "create", fmt) == "Missing required parameter: title"
    assert failed(http, alice.api_key, "info", fmt) == "Missing required parameter: code"
    code = create(http, alice)
    assert failed(http, alice.api_key, "invite", fmt, code=code) == (
        "Missing required parameter: email"
    )


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("method", ["info", "update", "delete", "invite", "client/list"])
def test_an_unknown_conference_code(
    http: httpx.Client, alice: Tenant, fmt: str, method: str
) -> None:
    message = failed(
        http, alice.api_key, method, fmt, code=UNKNOWN_CONFERENCE, email="x@example.test"
    )
    assert message == "Conference not found"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("method", ["client/info", "client/update", "client/delete"])
def test_an_unknown_client_code(http: httpx.Client, alice: Tenant, fmt: str, method: str) -> None:
    assert failed(http, alice.api_key, method, fmt, code="zzzzzzzz") == "Client not found"


def test_a_refusal_changes_nothing(http: httpx.Client, alice: Tenant) -> None:
    """A refused invite (bad moderator flag) registers nobody."""
    code = create(http, alice)
    message = failed(
        http, alice.api_key, "invite", code=code, email="half@example.test", moderator="maybe"
    )
    assert message == "moderator must be yes or no"
    failed(http, alice.api_key, "invite", code=code, email="half@example.test", timeout="soon")
    failed(http, alice.api_key, "invite", code=code, email="not an address")
    assert clients(http, alice, code) == []


def test_unknown_format_version_and_method(http: httpx.Client, alice: Tenant) -> None:
    response = http.get(f"{BASE}/list", params={"apikey": alice.api_key, "format": "html"})
    body = parse(response)
    assert body == {"Status": "Failed", "Message": "format must be json or xml"}
    assert failed(http, alice.api_key, "list", ver="9.9").startswith("Unknown API version")
    assert failed(http, alice.api_key, "nosuch/method").startswith("Unknown method")


def test_format_and_yes_no_in_any_letter_case(http: httpx.Client, alice: Tenant) -> None:
    code = create(http, alice)
    response = http.get(
        f"{BASE}/invite",
        params={
            "apikey": alice.api_key,
            "code": code,
            "email": "Upper@Example.test",
            "moderator": "YES",
            "format": "JSON",
        },
    )
    body = response.json()
    assert body["isModerator"] is True
    assert body["email"] == "upper@example.test"
    user = client_code(http, alice, code, "upper@example.test")
    ok(http, alice, "client/update", code=user, moderator="No")
    assert ok(http, alice, "client/info", code=user)["moderator"] == "no"


def test_the_not_sign_splits_the_timeout(http: httpx.Client, alice: Tenant) -> None:
    """timeout=3600¬ifyEmail=yes is timeout 3600 and notifyEmail yes, also in a form."""
    code = create(http, alice)
    for post in (False, True):
        body = call(
            http,
            alice.api_key,
            "invite",
            post=post,
            code=code,
            email="entity@example.test",
            timeout="3600\u00acifyEmail=yes",
        )
        assert body["Status"] == "Success", body
        claims = jwt.decode(body["token"], options={"verify_signature": False})
        assert claims["exp"] - claims["iat"] == 3600


def test_an_empty_avatar_url_is_no_avatar_and_a_bad_one_is_refused(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    invite(http, alice, code, "pic@example.test", avatarUrl="", moderator="yes")
    message = failed(
        http, alice.api_key, "invite", code=code, email="pic@example.test", avatarUrl="ftp://x"
    )
    assert "http" in message


def test_inviting_again_updates_the_same_client(http: httpx.Client, alice: Tenant) -> None:
    code = create(http, alice)
    invite(http, alice, code, "again@example.test", name="First")
    user = client_code(http, alice, code, "again@example.test")
    invite(http, alice, code, "again@example.test", name="Second Name", moderator="yes")
    (listed,) = clients(http, alice, code)
    assert (listed["code"], listed["name"], listed["moderator"]) == (user, "Second Name", "yes")


def test_client_update_to_an_address_already_invited_is_refused(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    invite(http, alice, code, "one@example.test")
    invite(http, alice, code, "two@example.test")
    user = client_code(http, alice, code, "one@example.test")
    message = failed(http, alice.api_key, "client/update", code=user, email="two@example.test")
    assert "two@example.test" in message
    assert ok(http, alice, "client/info", code=user)["email"] == "one@example.test"


def test_a_deleted_client_cannot_be_updated_until_invited_again(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    invite(http, alice, code, "gone@example.test", moderator="yes")
    user = client_code(http, alice, code, "gone@example.test")
    ok(http, alice, "client/delete", code=user)
    info = ok(http, alice, "client/info", code=user)
    assert (info["is_deleted"], info["moderator"]) == ("yes", "no")
    assert "deleted" in failed(http, alice.api_key, "client/update", code=user, name="X")
    invite(http, alice, code, "gone@example.test")
    info = ok(http, alice, "client/info", code=user)
    assert (info["code"], info["is_deleted"]) == (user, "no")
