"""Over-long and invalid values sent through each dialect's register and create
paths are refused with a message a client can read: it names the parameter as
sent and says what is wrong, and nothing of pydantic's own wording (its
documentation link, "Value error, ") reaches the client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as myownconference
from tests.conftest import Tenant
from webinarium.invites.schemas import MAX_LIFETIME_SECONDS as LIFETIME
from webinarium.kit.ids import new_id

TOO_LONG = "x" * 300
REGISTER = "/api/v1/conferences/register"
START = "2031-05-01 10:00:00"
ADA = "ada@example.test"


def assert_clear(message: str, parameter: str, limit: int | None = None) -> None:
    assert message.startswith(f"{parameter}:") or f" {parameter} " in f" {message} ", message
    if limit is not None:
        assert str(limit) in message, message
    for leak in ("pydantic", "http", "Value error", "For further information", "\n"):
        assert leak not in message, message


def _person() -> dict[str, str]:
    return {"email": f"{new_id()}@example.test", "first_name": "Ada", "last_name": "Lovelace"}


@pytest.mark.parametrize(
    ("path", "method", "field", "value", "parameter", "limit"),
    [
        (REGISTER, "PUT", "tracking_code", TOO_LONG, "tracking_code", 255),
        (REGISTER, "PUT", "utm_bmcr_source", TOO_LONG, "utm_bmcr_source", 255),
        (REGISTER, "PUT", "referral_domain", TOO_LONG, "referral_domain", 255),
        (f"{REGISTER}_or_update", "POST", "custom_user_id", TOO_LONG, "custom_user_id", 255),
        (REGISTER, "PUT", "first_name", TOO_LONG, "first_name", 100),
    ],
)  # fmt: skip
def test_bigmarker_registration_refusals_are_clear(
    http: httpx.Client,
    alice: Tenant,
    path: str,
    method: str,
    field: str,
    value: str,
    parameter: str,
    limit: int,
) -> None:
    conference = create_conference(http, alice)
    body = {"id": conference["id"], **_person(), field: value}
    response = http.request(method, path, headers=alice.headers, data=body)
    assert response.status_code == 400, response.text
    assert_clear(response.json()["error"], parameter, limit)


@pytest.mark.parametrize(
    ("path", "body", "parameter", "limit"),
    [
        ("/api/v1/conferences", {"title": TOO_LONG}, "title", 100),
        ("/api/v1/series", {"title": TOO_LONG}, "title", 100),
        ("/api/v1/presenters", {"presenter_first_name": TOO_LONG}, "presenter_first_name", 100),
        (
            "/api/v1/conferences",
            {"title": "Custom", "custom_fields": [{"field_name": TOO_LONG, "field_type": "text"}]},
            "custom_fields.field_name",
            255,
        ),
    ],
)
def test_bigmarker_create_refusals_are_clear(
    http: httpx.Client,
    alice: Tenant,
    path: str,
    body: dict[str, Any],
    parameter: str,
    limit: int,
) -> None:
    context: dict[str, Any] = {"channel_id": alice.channel_id}
    if path == "/api/v1/presenters":
        context = {
            "conference_id": create_conference(http, alice)["id"],
            "presenter_email": f"{new_id()}@example.test",
            "presenter_last_name": "Lovelace",
        }
    response = http.post(path, headers=alice.headers, json={**context, **body})
    assert response.status_code == 400, response.text
    assert_clear(response.json()["error"], parameter, limit)


@pytest.mark.parametrize(
    ("action", "params", "parameter", "limit"),
    [
        ("webinarsCreate", {"name": TOO_LONG, "start": START, "duration": 60}, "name", 100),
        ("webinarsCreate", {"name": "Long", "start": START, "duration": 5000}, "duration", 1439),
        ("attendeesCreate", {"email": ADA, "name": TOO_LONG}, "name", 64),
        ("attendeesCreate", {"email": ADA, "name": "Ada. Lovelace"}, "name", None),
        ("moderatorsCreate", {"email": ADA, "name": "x"}, "name", 2),
        ("attendeesSet", {"email": ADA, "phone": "1" * 40}, "phone", 16),
    ],
)  # fmt: skip
def test_myownconference_create_refusals_are_clear(
    http: httpx.Client,
    fresh_tenant: Tenant,
    action: str,
    params: dict[str, Any],
    parameter: str,
    limit: int | None,
) -> None:
    if action == "attendeesSet":
        myownconference.ok(
            http, fresh_tenant, "attendeesCreate", {"email": params["email"], "name": "Ada King"}
        )
    message = myownconference.error(http, fresh_tenant, action, params)
    assert_clear(message, parameter, limit)


@pytest.mark.parametrize(
    ("method", "params", "parameter", "limit"),
    [
        ("create", {"title": TOO_LONG}, "title", 100),
        # Checked by the conference settings, which name it as they store it.
        ("create", {"title": "Folder", "folderCode": TOO_LONG}, "folder_code", 64),
        ("invite", {"email": ADA, "name": TOO_LONG}, "name", 201),
        ("invite", {"email": ADA, "timeout": LIFETIME + 1}, "timeout", LIFETIME),
    ],
)  # fmt: skip
def test_boomstream_create_refusals_are_clear(
    http: httpx.Client,
    alice: Tenant,
    method: str,
    params: dict[str, Any],
    parameter: str,
    limit: int,
) -> None:
    if method == "invite":
        params = {"code": boomstream.create(http, alice), **params}
    message = boomstream.failed(http, alice.api_key, method, **params)
    assert_clear(message, parameter, limit)
