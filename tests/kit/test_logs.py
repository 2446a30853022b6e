"""kit.logs: what the redacting filter takes out of a record."""

from __future__ import annotations

import io
import logging

from webinarium.kit.logs import REDACTED, RedactSecrets, redact

KEY = "wbn_" + "k" * 43
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"


def test_secret_parameters_headers_keys_and_jwts_are_redacted() -> None:
    line = (
        f'127.0.0.1:5 - "GET /api/conference/info?code=abc&apikey={KEY}&format=json HTTP/1.1"'
        f" /invite?jwt={JWT} /room?token=t0k3n&host=h0st /x?password=hunter2"
        " /demo/tour?presenter=acc.pr3s.m4c /room/ws?ticket=acc.reg.t1ck&since=4"
        f" API-KEY: {KEY} {{'api-key': 'sekrit'}} /?request=%7B%22key%22%3A%22{KEY}%22%7D"
    )
    text = redact(line)
    for secret in (KEY, KEY[4:], JWT, "t0k3n", "h0st", "hunter2", "sekrit", "pr3s", "t1ck"):
        assert secret not in text
    assert "code=abc" in text
    assert "format=json" in text
    assert "since=4" in text
    assert f"apikey={REDACTED}&format" in text


def test_the_filter_redacts_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("tests.kit.test_logs")
    logger.addHandler(handler)
    try:
        logger.warning('"GET %s HTTP/1.1"', f"/invite?jwt={JWT}")
        try:
            raise ValueError(f"bad key {KEY}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert f"/invite?jwt={REDACTED}" in written
    assert "ValueError: bad key wbn_" in written
    assert JWT not in written
    assert KEY not in written
