"""Mail over TLS (messaging/smtp.py): STARTTLS with a login and TLS from the
first byte (``smtps://``), against a real SMTP server (aiosmtpd) holding a
certificate of a test CA (trustme). The CA is trusted the way an operator
trusts a private one: ``SSL_CERT_FILE`` (docs/email.md); a server whose
certificate is not trusted gets nothing."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.servers import Inbox, SmtpServer, free_port
from webinarium.messaging.smtp import Delivery, Failed, Sent, check_connection, deliver, smtp_server

WAIT = 10.0
USER, PASSWORD = "mailer", "s3cret pass"
# As WEBINARIUM_SMTP_URL writes them.
LOGIN = f"{USER}:{quote(PASSWORD)}"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def trusted(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test CA trusted by every TLS context made from now on in this process."""
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))


def _authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: object
) -> AuthResult:
    good = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: aiosmtpd answers a refusal 535 itself.
    return AuthResult(success=good, handled=False)


def _running(controller: Controller) -> Iterator[Controller]:
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@pytest.fixture
def starttls_inbox(server_tls: ssl.SSLContext) -> Iterator[Inbox]:
    """A submission server: STARTTLS required, then a login."""
    inbox = Inbox(free_port())
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=_authenticator,
        auth_required=True,
    )
    for _ in _running(controller):
        yield inbox


@pytest.fixture
def smtps_inbox(server_tls: ssl.SSLContext) -> Iterator[Inbox]:
    """A server speaking TLS from the first byte (port 465's way)."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port, ssl_context=server_tls)
    for _ in _running(controller):
        yield inbox


def _message(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Webinarium <webinars@example.test>"
    message["To"] = to
    message["Subject"] = "Over TLS"
    message.set_content("Sent encrypted.")
    return message


def _send(url: str, to: str) -> Delivery:
    return asyncio.run(deliver(smtp_server(url), _message(to), WAIT))


def _check(url: str) -> Delivery:
    return asyncio.run(check_connection(smtp_server(url), WAIT))


def test_starttls_then_a_login_delivers(trusted: None, starttls_inbox: Inbox) -> None:
    url = f"smtp://{LOGIN}@127.0.0.1:{starttls_inbox.port}?starttls=true"
    assert _check(url) == Sent()
    assert _send(url, "reader@example.test") == Sent()
    (received,) = starttls_inbox.to("reader@example.test")
    assert received["Subject"] == "Over TLS"


def test_starttls_offered_is_used_without_being_asked_for(
    trusted: None, starttls_inbox: Inbox
) -> None:
    # No starttls parameter: the server offers it, so it is used (and the
    # login, which this server allows only over TLS, goes through).
    url = f"smtp://{LOGIN}@127.0.0.1:{starttls_inbox.port}"
    assert _send(url, "offered@example.test") == Sent()
    assert len(starttls_inbox.to("offered@example.test")) == 1


def test_a_wrong_login_is_a_failure_said(trusted: None, starttls_inbox: Inbox) -> None:
    url = f"smtp://{USER}:wrong@127.0.0.1:{starttls_inbox.port}?starttls=true"
    outcome = _send(url, "nobody@example.test")
    assert isinstance(outcome, Failed)
    assert "535" in outcome.reason, outcome
    assert starttls_inbox.to("nobody@example.test") == []


def test_never_starttls_is_refused_by_a_server_that_requires_it(
    trusted: None, starttls_inbox: Inbox
) -> None:
    url = f"smtp://127.0.0.1:{starttls_inbox.port}?starttls=false"
    outcome = _send(url, "plain@example.test")
    assert isinstance(outcome, Failed)
    assert starttls_inbox.to("plain@example.test") == []


def test_smtps_delivers(trusted: None, smtps_inbox: Inbox) -> None:
    url = f"smtps://127.0.0.1:{smtps_inbox.port}"
    assert _check(url) == Sent()
    assert _send(url, "tls@example.test") == Sent()
    assert len(smtps_inbox.to("tls@example.test")) == 1


def test_a_certificate_not_trusted_gets_nothing(
    smtps_inbox: Inbox, starttls_inbox: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another CA's bundle: the test CA's certificates are not trusted.
    bundle = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    for url in (
        f"smtps://127.0.0.1:{smtps_inbox.port}",
        f"smtp://{LOGIN}@127.0.0.1:{starttls_inbox.port}?starttls=true",
    ):
        outcome = _send(url, "untrusted@example.test")
        assert isinstance(outcome, Failed), url
        assert "CERTIFICATE_VERIFY_FAILED" in outcome.reason, outcome
        assert isinstance(_check(url), Failed), url
    assert smtps_inbox.to("untrusted@example.test") == []
    assert starttls_inbox.to("untrusted@example.test") == []


def test_starttls_required_of_a_server_without_it_sends_nothing(trusted: None) -> None:
    plain = SmtpServer()
    plain.start()
    try:
        outcome = _send(
            f"{plain.url.replace('smtp://', f'smtp://{LOGIN}@')}?starttls=true", "x@example.test"
        )
        assert isinstance(outcome, Failed)
        assert "STARTTLS" in outcome.reason, outcome
        assert plain.inbox.asked == []
    finally:
        plain.stop()
