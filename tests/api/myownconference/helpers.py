"""Calling the MyOwnConference API the way its PHP and Node examples do."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.models import Conference
from webinarium.settings import Settings


def call(
    http: httpx.Client,
    key: str,
    action: str,
    params: Any = None,
    *,
    multipart: bool = False,
    path: str = "/",
) -> dict[str, Any]:
    """POST the form field ``request`` = JSON {key, action, params}: multipart like
    PHP's CURLOPT_POSTFIELDS with an array, or urlencoded like Node's
    querystring.stringify. Returns the JSON answer, which is always HTTP 200."""
    request = json.dumps({"key": key, "action": action, "params": [] if params is None else params})
    if multipart:
        response = http.post(path, files={"request": (None, request)})
    else:
        response = http.post(path, data={"request": request})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["request"]["action"] == action
    assert "key" not in body["request"]
    return body


def ok(http: httpx.Client, tenant: Tenant, action: str, params: Any = None) -> Any:
    """The ``response`` of a call that must succeed."""
    body = call(http, tenant.api_key, action, params)
    assert "error" not in body["response"], body
    return body["response"]


def error(http: httpx.Client, tenant: Tenant, action: str, params: Any = None) -> str:
    """The error message of a call that must fail."""
    body = call(http, tenant.api_key, action, params)
    assert set(body["response"]) == {"error"}, body
    message: str = body["response"]["error"]
    return message


def alias_of(settings: Settings, conference_id: str) -> str:
    """MyOwnConference's identifier of a conference made through another dialect."""

    async def read(session: AsyncSession) -> str:
        alias = await session.scalar(select(Conference.alias).where(Conference.id == conference_id))
        assert alias is not None
        return alias

    return in_database(settings, read)
