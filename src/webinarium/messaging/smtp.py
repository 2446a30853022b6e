"""The SMTP server mail goes to (``WEBINARIUM_SMTP_URL``) and one delivery to
it, with what its answer means for the mail.

``smtp://user:pass@host:port`` (port 25 by default), ``smtps://…`` (TLS from
the first byte, port 465) and ``?starttls=true`` (STARTTLS required, port 587
usually) or ``?starttls=false`` (never); without the parameter STARTTLS is
used when the server offers it. User and password are percent-decoded.

An answer is `Sent`, `Refused` (the address is refused for good: a 5xx reply
to RCPT or DATA; the address goes on the suppression list) or `Failed` (try
again later: no connection, a timeout, a 4xx reply, or a refusal of our own
configuration — the sender or the login — which is not the address's fault).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

_PORTS = {"smtp": 25, "smtps": 465}
_YES_NO = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


@dataclass(frozen=True)
class SmtpServer:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    # None: when the server offers it.
    start_tls: bool | None


def smtp_server(url: str) -> SmtpServer:
    """The server ``url`` names, or ValueError saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _PORTS:
        raise ValueError("WEBINARIUM_SMTP_URL must start with smtp:// or smtps://")
    if not parts.hostname:
        raise ValueError("WEBINARIUM_SMTP_URL names no host")
    try:
        port = parts.port or _PORTS[parts.scheme]
    except ValueError:
        raise ValueError("WEBINARIUM_SMTP_URL has a port that is not a number") from None
    start_tls: bool | None = None
    query = parse_qs(parts.query)
    if "starttls" in query:
        start_tls = _YES_NO.get(query["starttls"][-1].lower())
        if start_tls is None:
            raise ValueError("WEBINARIUM_SMTP_URL's starttls must be true or false")
    use_tls = parts.scheme == "smtps"
    if use_tls and start_tls:
        raise ValueError("WEBINARIUM_SMTP_URL: smtps:// is TLS already, without STARTTLS")
    return SmtpServer(
        hostname=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        use_tls=use_tls,
        start_tls=False if use_tls else start_tls,
    )


@dataclass(frozen=True)
class Sent:
    pass


@dataclass(frozen=True)
class Refused:
    reason: str


@dataclass(frozen=True)
class Failed:
    reason: str


Delivery = Sent | Refused | Failed


async def deliver(server: SmtpServer, message: EmailMessage, wait_seconds: float) -> Delivery:
    try:
        await aiosmtplib.send(
            message,
            hostname=server.hostname,
            port=server.port,
            username=server.username,
            password=server.password,
            use_tls=server.use_tls,
            start_tls=server.start_tls,
            timeout=wait_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as error:
        codes = [refused.code for refused in error.recipients]
        reason = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return Refused(reason) if all(code >= 500 for code in codes) else Failed(reason)
    except aiosmtplib.SMTPDataError as error:
        reason = f"{error.code} {error.message}"
        return Refused(reason) if error.code >= 500 else Failed(reason)
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        return Failed(f"{type(error).__name__}: {error}")
    return Sent()


async def check_connection(server: SmtpServer, wait_seconds: float) -> Delivery:
    """Connects to the server (with TLS or STARTTLS as configured) and says
    EHLO, within ``wait_seconds``: `Sent` when it answers, else `Failed` with
    why. It does not log in, and sends nothing."""
    client = aiosmtplib.SMTP(
        hostname=server.hostname,
        port=server.port,
        use_tls=server.use_tls,
        start_tls=server.start_tls,
        timeout=wait_seconds,
    )
    try:
        await client.connect()
        reply = await client.ehlo()
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        client.close()
        return Failed(f"{type(error).__name__}: {error}")
    if reply.code >= 400:
        return Failed(f"{reply.code} {reply.message}")
    return Sent()
