"""The SDK's public names (after httpx's tests/test_exported_members.py), and
that importing it loads none of the server."""

from __future__ import annotations

import json
import subprocess
import sys

import webinarium.client

EXPECTED = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncBigMarker",
    "AsyncBoomstream",
    "AsyncMyOwnConference",
    "AsyncWebinarium",
    "AuthenticationError",
    "BadRequestError",
    "BigMarker",
    "Boomstream",
    "ConflictError",
    "Event",
    "EventPage",
    "GoneError",
    "InternalServerError",
    "MyOwnConference",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "WebhookEndpoint",
    "WebhookEndpointPage",
    "WebhookVerificationError",
    "Webinarium",
]


def test_the_public_names_are_these_and_each_is_exported() -> None:
    assert sorted(webinarium.client.__all__) == EXPECTED
    assert webinarium.client.__all__ == sorted(webinarium.client.__all__)
    for name in EXPECTED:
        member = getattr(webinarium.client, name)
        # Re-exported from a private module: the public path is the package.
        assert member.__module__.startswith("webinarium.client"), name


def test_the_exception_tree_is_the_documented_one() -> None:
    client = webinarium.client
    assert issubclass(client.APITimeoutError, client.APIConnectionError)
    assert issubclass(client.APIConnectionError, client.APIError)
    assert issubclass(client.APIStatusError, client.APIError)
    for name in (
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "GoneError",
        "UnprocessableEntityError",
        "RateLimitError",
        "InternalServerError",
    ):
        assert issubclass(getattr(client, name), client.APIStatusError), name
        assert name in (client.__doc__ or ""), name


def test_importing_the_sdk_loads_none_of_the_server() -> None:
    script = (
        "import json, sys, webinarium.client, webinarium.client.webhooks;"
        "print(json.dumps(sorted(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    modules = json.loads(output)
    ours = [m for m in modules if m == "webinarium" or m.startswith("webinarium.")]
    assert "webinarium.client" in ours
    assert [m for m in ours if m != "webinarium" and not m.startswith("webinarium.client")] == []
    assert [m for m in modules if m.split(".")[0] in ("sqlalchemy", "fastapi", "starlette")] == []
