"""Signatures as Standard Webhooks makes them: its own test vector, two
signatures during a rotation, and the snippet of docs/webhooks.md verifying them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from webinarium.webhooks import signing

# The standardwebhooks project's example.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = '{"test": 2432232314}'


def test_the_specification_s_vector() -> None:
    assert (
        signing.sign(SECRET, MESSAGE_ID, TIMESTAMP, BODY)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_verification_refuses_another_body_time_or_secret() -> None:
    header = signing.signature_header([SECRET], MESSAGE_ID, TIMESTAMP, BODY)
    assert signing.verify(SECRET, MESSAGE_ID, TIMESTAMP, BODY, header)
    assert not signing.verify(SECRET, MESSAGE_ID, TIMESTAMP, BODY + " ", header)
    assert not signing.verify(SECRET, MESSAGE_ID, TIMESTAMP + 1, BODY, header)
    assert not signing.verify(signing.new_secret(), MESSAGE_ID, TIMESTAMP, BODY, header)


def test_during_a_rotation_both_secrets_sign() -> None:
    new = signing.new_secret()
    assert new.startswith("whsec_")
    assert new != signing.new_secret()
    header = signing.signature_header([new, SECRET], MESSAGE_ID, TIMESTAMP, BODY)
    assert len(header.split()) == 2
    assert signing.verify(new, MESSAGE_ID, TIMESTAMP, BODY, header)
    assert signing.verify(SECRET, MESSAGE_ID, TIMESTAMP, BODY, header)


def test_the_verification_snippet_of_the_docs_verifies_our_signatures() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "webhooks.md").read_text()
    snippet = docs.split("### Verifying the signature", 1)[1].split("```python", 1)[1]
    namespace: dict[str, Any] = {}
    exec(snippet.split("```", 1)[0], namespace)
    verify = namespace["verify"]
    now = int(time.time())
    secret = signing.new_secret()
    headers = signing.headers([signing.new_secret(), secret], MESSAGE_ID, now, BODY)
    assert verify(secret, headers, BODY.encode())
    assert not verify(signing.new_secret(), headers, BODY.encode())
    assert not verify(secret, headers, BODY.encode() + b" ")
    old = signing.headers([secret], MESSAGE_ID, now - 3600, BODY)
    assert not verify(secret, old, BODY.encode())  # a replay an hour later
