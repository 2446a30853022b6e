"""Signed, expiring links (`kit.signed_links`): what one carries comes back;
an expired, tampered or other-purpose token is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from webinarium.kit.signed_links import LinkRefused, read_link, sign_link
from webinarium.kit.time import utcnow

SECRET = "a-secret-key-of-the-tests-0123456789"


def test_a_link_carries_its_claims_until_it_expires() -> None:
    now = utcnow()
    token = sign_link(
        SECRET, "report", {"acc": "a1", "cnf": "c1"}, lifetime=timedelta(hours=1), now=now
    )

    claims = read_link(SECRET, "report", token, now=now + timedelta(minutes=59))
    assert (claims["acc"], claims["cnf"]) == ("a1", "c1")
    assert claims["jti"]
    with pytest.raises(LinkRefused, match="expired"):
        read_link(SECRET, "report", token, now=now + timedelta(hours=1))


def test_two_links_have_different_ids() -> None:
    first = read_link(SECRET, "p", sign_link(SECRET, "p", {}, lifetime=timedelta(minutes=5)))
    second = read_link(SECRET, "p", sign_link(SECRET, "p", {}, lifetime=timedelta(minutes=5)))
    assert first["jti"] != second["jti"]


def test_another_purpose_another_key_or_a_changed_token_is_refused() -> None:
    token = sign_link(SECRET, "report", {"cnf": "c1"}, lifetime=timedelta(hours=1))
    header, payload, signature = token.split(".")
    changed = ".".join([header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])

    for purpose, secret, text in [
        ("admin", SECRET, token),
        ("report", SECRET + "x", token),
        ("report", SECRET, changed),
        ("report", SECRET, "not-a-token"),
    ]:
        with pytest.raises(LinkRefused, match="not valid"):
            read_link(secret, purpose, text)


def test_reserved_claims_cannot_be_given() -> None:
    with pytest.raises(ValueError, match="reserved"):
        sign_link(SECRET, "report", {"exp": "never"}, lifetime=timedelta(hours=1))
