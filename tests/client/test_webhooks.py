"""`webinarium.client.webhooks`: Standard Webhooks verification, against the
spec's own vector and against what the server signs."""

from __future__ import annotations

import json
import time

import pytest

from webinarium.client import Event
from webinarium.client.webhooks import WebhookVerificationError, parse_event, verify
from webinarium.webhooks import signing

# The vector of Standard Webhooks' own libraries.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
PAYLOAD = '{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def since_the_vector() -> int:
    """A tolerance that reaches back to the vector's 2021 timestamp, taken when
    the test runs (a test process may run it minutes after collecting it)."""
    return int(time.time()) - TIMESTAMP + 60


def _vector_headers(signature: str = SIGNATURE) -> dict[str, str]:
    return {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(TIMESTAMP),
        "webhook-signature": signature,
    }


def test_the_specs_vector_verifies() -> None:
    verify(PAYLOAD, _vector_headers(), SECRET, tolerance=since_the_vector())
    verify(PAYLOAD.encode(), _vector_headers(), SECRET, tolerance=since_the_vector())
    # Another secret's signature beside it (a rotation), header names in any case.
    headers = {k.title(): v for k, v in _vector_headers("v1,bm90IGl0 " + SIGNATURE).items()}
    verify(PAYLOAD, headers, SECRET, tolerance=since_the_vector())


@pytest.mark.parametrize(
    ("payload", "headers", "secret"),
    [
        ('{"test": 2432232315}', _vector_headers(), SECRET),
        (PAYLOAD, _vector_headers(), "whsec_" + "A" * 32),
        (PAYLOAD, _vector_headers(SIGNATURE.replace("v1,", "v2,")), SECRET),
        (PAYLOAD, {**_vector_headers(), "webhook-id": "msg_other"}, SECRET),
        (PAYLOAD, {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP)}, SECRET),
        (PAYLOAD, {**_vector_headers(), "webhook-timestamp": "yesterday"}, SECRET),
    ],
    ids=["changed body", "other secret", "unknown version", "other id", "no signature", "bad time"],
)
def test_what_is_not_the_senders_is_refused(
    payload: str, headers: dict[str, str], secret: str
) -> None:
    with pytest.raises(WebhookVerificationError):
        verify(payload, headers, secret, tolerance=since_the_vector())


def test_an_old_message_is_refused_even_well_signed() -> None:
    with pytest.raises(WebhookVerificationError, match="too old"):
        verify(PAYLOAD, _vector_headers(), SECRET)


def test_what_the_server_signs_verifies_and_parses() -> None:
    secret = signing.new_secret()
    body = json.dumps(
        {
            "seq": 7,
            "type": "registration.created",
            "timestamp": "2026-11-30T10:01:00Z",
            "data": {"registration_id": "r1"},
        }
    )
    now = int(time.time())
    headers = signing.headers([signing.new_secret(), secret], "msg_1", now, body)
    verify(body, headers, secret)
    event = parse_event(body)
    assert isinstance(event, Event)
    assert (event.seq, event.type, event.data) == (
        7,
        "registration.created",
        {"registration_id": "r1"},
    )
    assert event.timestamp.isoformat() == "2026-11-30T10:01:00+00:00"
    # Five minutes and a second later, the same message is a replay.
    stale = signing.headers([secret], "msg_1", now - 301, body)
    with pytest.raises(WebhookVerificationError):
        verify(body, stale, secret)


def test_a_body_that_is_no_event_is_refused() -> None:
    with pytest.raises(WebhookVerificationError, match="not an event"):
        parse_event('{"type": "x"}')
