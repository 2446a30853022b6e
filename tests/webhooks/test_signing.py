"""Signatures as Standard Webhooks makes them: its own test vector, and two
signatures during a rotation."""

from __future__ import annotations

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
