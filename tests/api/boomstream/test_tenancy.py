"""Another account's key sees nothing of Alice's and changes nothing: every
method answers exactly as for a code that does not exist."""

from __future__ import annotations

import httpx
import pytest

from tests.api.boomstream.helpers import client_code, clients, create, failed, invite, ok
from tests.conftest import Tenant

UNKNOWN_CONFERENCE = "00000000-0000-4000-8000-000000000000"
UNKNOWN_CLIENT = "zzzzzzzz"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_another_accounts_key_reveals_and_changes_nothing(
    http: httpx.Client, alice: Tenant, bob: Tenant, fmt: str
) -> None:
    code = create(http, alice, "Alice only", description="private")
    invite(http, alice, code, "alices-guest@example.test", name="Guest", moderator="yes")
    user = client_code(http, alice, code, "alices-guest@example.test")
    before = (ok(http, alice, "info", code=code), clients(http, alice, code))

    conference_calls = {
        "info": {},
        "update": {"title": "Bob was here", "description": "x"},
        "invite": {"email": "bob-guest@example.test", "moderator": "yes"},
        "client/list": {},
        "delete": {},
    }
    for method, params in conference_calls.items():
        theirs = failed(http, bob.api_key, method, fmt, code=code, **params)
        unknown = failed(http, bob.api_key, method, fmt, code=UNKNOWN_CONFERENCE, **params)
        assert theirs == unknown == "Conference not found", method
    client_calls = {
        "client/info": {},
        "client/update": {"email": "bob@example.test", "name": "Bob", "moderator": "no"},
        "client/delete": {},
    }
    for method, params in client_calls.items():
        theirs = failed(http, bob.api_key, method, fmt, code=user, **params)
        unknown = failed(http, bob.api_key, method, fmt, code=UNKNOWN_CLIENT, **params)
        assert theirs == unknown == "Client not found", method

    assert code not in [c["code"] for c in ok(http, bob, "list")["conferences"]]
    assert (ok(http, alice, "info", code=code), clients(http, alice, code)) == before
    assert clients(http, alice, code)[0]["is_deleted"] == "no"
