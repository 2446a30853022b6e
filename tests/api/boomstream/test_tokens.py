"""The invite token and the page its link opens (``GET /invite?jwt=…``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt

from tests.api.boomstream.helpers import client_code, create, invite, ok
from tests.conftest import Tenant
from webinarium.settings import Settings


def key(settings: Settings) -> bytes:
    """The documented signing key: HMAC-SHA256 of the label under the secret key."""
    return hmac.new(
        settings.secret_key.encode(), b"webinarium/invite-token/v1", hashlib.sha256
    ).digest()


def claims_of(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def page(http: httpx.Client, token: str) -> httpx.Response:
    return http.get("/invite", params={"jwt": token})


def open_link(http: httpx.Client, link: str) -> httpx.Response:
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == "https://webinars.example.test"
    return http.get(f"{parts.path}?{parts.query}")


def test_a_valid_link_opens_the_invitation(http: httpx.Client, alice: Tenant) -> None:
    code = create(http, alice, "Board <meeting>")
    body = invite(http, alice, code, "valid@example.test", name="Val Id", timeout="600")
    response = open_link(http, body["inviteLink"])
    assert response.status_code == 200
    # The room, or the page saying when it opens, by the conference's time:
    # tests/pages/test_links.py follows each kind of link in.
    assert "<h1" in response.text
    assert "Board &lt;meeting&gt;</h" in response.text
    assert http.get("/invite.html", params={"jwt": body["token"]}).status_code == 200


def test_the_token_is_bound_to_the_person_and_conference(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    code = create(http, alice)
    body = invite(http, alice, code, "bound@example.test", timeout="1", moderator="yes")
    claims = jwt.decode(
        body["token"],
        key(settings),
        algorithms=["HS256"],
        audience="webinarium:invite",
        options={"verify_exp": False},
    )
    assert claims["exp"] - claims["iat"] == 1
    assert claims["acc"] == alice.account_id
    assert claims["mod"] is True
    assert jwt.get_unverified_header(body["token"])["alg"] == "HS256"


def test_an_expired_token_is_refused(http: httpx.Client, alice: Tenant, settings: Settings) -> None:
    code = create(http, alice)
    body = invite(http, alice, code, "late@example.test")
    claims = claims_of(body["token"])
    now = int(time.time())
    expired = jwt.encode({**claims, "iat": now - 120, "exp": now - 60}, key(settings), "HS256")
    response = page(http, expired)
    assert response.status_code == 401
    assert "expired" in response.text
    # The same claims, unexpired and signed alike, are accepted: only exp differed.
    assert page(http, jwt.encode(claims, key(settings), "HS256")).status_code == 200


def test_a_tampered_token_is_refused(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings
) -> None:
    code = create(http, alice)
    token = invite(http, alice, code, "tamper@example.test")["token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] += 10_000_000
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with warnings.catch_warnings():  # the test secret is short, PyJWT says so
        warnings.simplefilter("ignore")
        raw_secret_token = jwt.encode(claims_of(token), settings.secret_key, "HS256")
    for bad in (
        f"{header}.{forged}.{signature}",
        jwt.encode(claims_of(token), "another-secret-key-of-32-bytes-or-more!", "HS256"),
        raw_secret_token,  # the raw secret key is not the signing key
        "not.a.token",
        "",
    ):
        response = page(http, bad)
        assert response.status_code == 401, bad
    assert page(http, token).status_code == 200


def test_client_delete_revokes_the_token_and_a_new_invite_makes_a_new_one(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    old = invite(http, alice, code, "revoked@example.test")["token"]
    assert page(http, old).status_code == 200
    user = client_code(http, alice, code, "revoked@example.test")
    ok(http, alice, "client/delete", code=user)
    response = page(http, old)
    assert response.status_code == 403
    assert "withdrawn" in response.text
    new = invite(http, alice, code, "revoked@example.test")["token"]
    assert page(http, new).status_code == 200
    assert page(http, old).status_code == 403


def test_giving_the_client_to_another_address_ends_the_old_token(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    token = invite(http, alice, code, "before@example.test")["token"]
    user = client_code(http, alice, code, "before@example.test")
    ok(http, alice, "client/update", code=user, name="Same Person")
    assert page(http, token).status_code == 200
    ok(http, alice, "client/update", code=user, email="after@example.test")
    assert page(http, token).status_code == 403


def test_deleting_the_conference_ends_its_tokens(http: httpx.Client, alice: Tenant) -> None:
    code = create(http, alice)
    token = invite(http, alice, code, "deleted@example.test")["token"]
    ok(http, alice, "delete", code=code)
    assert page(http, token).status_code == 403
