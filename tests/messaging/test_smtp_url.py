"""WEBINARIUM_SMTP_URL as users write it, and the refusals of what it cannot be."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from webinarium.messaging.smtp import SmtpServer, smtp_server
from webinarium.settings import Settings


@pytest.mark.parametrize(
    ("url", "server"),
    [
        ("smtp://localhost", SmtpServer("localhost", 25, None, None, False, None)),
        (
            "smtp://mailer:s3cr%40t@mail.example.org:587?starttls=true",
            SmtpServer("mail.example.org", 587, "mailer", "s3cr@t", False, True),
        ),
        ("smtp://relay:2525?starttls=false", SmtpServer("relay", 2525, None, None, False, False)),
        (
            "smtps://me%40example.org:pw@smtp.example.org",
            SmtpServer("smtp.example.org", 465, "me@example.org", "pw", True, False),
        ),
    ],
)
def test_urls_as_written(url: str, server: SmtpServer) -> None:
    assert smtp_server(url) == server


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.example.org", "must start with smtp:// or smtps://"),
        ("smtp://", "names no host"),
        ("smtp://mail.example.org:port", "not a number"),
        ("smtp://mail.example.org?starttls=maybe", "starttls must be true or false"),
        ("smtps://mail.example.org?starttls=true", "TLS already"),
    ],
)
def test_a_url_it_cannot_use_is_refused_at_start(url: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        Settings(smtp_url=url, secret_key="x" * 32, environment="test")
