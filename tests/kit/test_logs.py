"""kit.logs: what the redacting filter takes out of a record, and how a record
is written (JSON, text) with the fields of its cause."""

from __future__ import annotations

import io
import json
import logging
import sys
from datetime import datetime, timedelta
from typing import Any

from webinarium.kit.logs import (
    REDACTED,
    JsonFormatter,
    RedactSecrets,
    TextFormatter,
    log_context,
    redact,
)

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


def test_passwords_bearer_tokens_and_cookies_are_redacted() -> None:
    text = redact(
        "form email=ann%40example.com&password=hunter2&next=/console"
        " password=first2 {'new_password': 'two words', \"secret_key\": \"s3cr3t\"}"
        " Authorization: Bearer b34r3r Authorization: Basic YW5uOmh1bnRlcjI="
        " headers={'authorization': 'Bearer b34r3r2'} csrf_token=csrf0"
        " smtp://mailer:smtpp4ss@mail.example.com:587 postgresql://app:pgp4ss@db/webinarium"
        " Cookie: session=c00k1e; theme=dark"
    )
    secrets = ("hunter2", "first2", "two words", "s3cr3t", "b34r3r", "YW5u", "c00k1e", "csrf0")
    for secret in (*secrets, "smtpp4ss", "pgp4ss"):
        assert secret not in text
    # What is not a secret stays readable.
    assert "email=ann%40example.com" in text
    assert "next=/console" in text
    assert f"password={REDACTED}&next" in text
    assert f"smtp://mailer:{REDACTED}@mail.example.com:587" in text
    assert f"postgresql://app:{REDACTED}@db/webinarium" in text


def _record(logger: str = "tests.kit.test_logs", **extra: object) -> logging.LogRecord:
    record = logging.makeLogRecord({"name": logger, "levelname": "INFO", "levelno": 20})
    record.__dict__.update(extra)
    return record


def _json_line(record: logging.LogRecord) -> dict[str, Any]:
    assert RedactSecrets().filter(record)
    line: dict[str, Any] = json.loads(JsonFormatter().format(record))
    return line


def test_a_json_line_has_the_fields_of_its_cause_and_its_extras_redacted() -> None:
    record = _record(
        msg="job %s given up: %s",
        args=("j1", f"key {KEY}"),
        attempts=3,
        password="hunter2",
        body={"name": "Ann", "api_key": "plain", "notes": [f"jwt {JWT}"]},
    )
    with log_context(job_id="j1", request_id="r1"):
        line = _json_line(record)
    assert line["message"] == f"job j1 given up: key wbn_{REDACTED}"
    assert line["level"] == "INFO"
    assert line["logger"] == "tests.kit.test_logs"
    assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)
    assert (line["job_id"], line["request_id"], line["attempts"]) == ("j1", "r1", 3)
    assert line["password"] == REDACTED
    assert line["body"] == {"name": "Ann", "api_key": REDACTED, "notes": [f"jwt {REDACTED}"]}
    assert "exception" not in line
    # Outside the context, no field of it.
    assert "job_id" not in _json_line(_record(msg="later"))


def test_a_json_line_carries_the_redacted_traceback() -> None:
    try:
        raise RuntimeError(f"refused {KEY}")
    except RuntimeError:
        record = _record(msg="failed", exc_info=sys.exc_info())
    line = _json_line(record)
    assert line["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: refused wbn_" in line["exception"]
    assert KEY not in line["exception"]


def test_the_access_line_is_split_into_fields_in_json_and_stays_one_line_in_text() -> None:
    args = ("127.0.0.1:5", "GET", f"/invite?jwt={JWT}&x=1", "1.1", 200)
    with log_context(request_id="r2"):
        line = _json_line(_record("uvicorn.access", msg='%s - "%s %s HTTP/%s" %d', args=args))
        record = _record("uvicorn.access", msg='%s - "%s %s HTTP/%s" %d', args=args)
        assert RedactSecrets().filter(record)
    expected = f'127.0.0.1:5 - "GET /invite?jwt={REDACTED}&x=1 HTTP/1.1" 200'
    assert line["message"] == expected
    assert (line["method"], line["path"], line["status"]) == (
        "GET",
        f"/invite?jwt={REDACTED}&x=1",
        200,
    )
    assert line["request_id"] == "r2"
    assert TextFormatter().format(record) == f"INFO:     {expected}  request_id=r2"
