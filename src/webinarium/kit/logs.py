"""Logging for ``webinarium serve`` and ``webinarium worker``: the application's
and uvicorn's records (access lines included) go through one handler on stderr,
as readable text (the default) or as one JSON object per line
(``WEBINARIUM_LOG_FORMAT=json``).

Every line carries the fields of what caused it (`log_context`): the HTTP
request's ``request_id`` (api/request_ids.py), a room command's (the socket's id
and the command's number), a worker job's ``job_id``, an event's ``event_id``.
Fields passed with ``extra=`` are written too.

The filter takes secrets out of every field before a line is written: the
values of URL parameters that carry a secret (``apikey``, ``api_key``, ``key``,
``token``, ``jwt``, ``password``, ``host``, ``presenter``, ``ticket``:
Boomstream's key, invite and enter links, the organiser's and presenters'
links, the room socket's ticket), fields named like a secret written out
(``password=…``, ``"secret": "…"``, an ``API-KEY`` or ``Authorization``
header, a cookie), a bearer token, the password of a URL
(``postgresql://user:…@host``), and wherever they appear, API keys
(``wbn_…``) and JWTs (``eyJ….….…``) — in messages, their arguments, extra
fields and tracebacks. An extra field whose name says it is a secret is
written as ``[redacted]`` whatever its value.
"""

from __future__ import annotations

import contextvars
import json
import logging
import logging.config
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, Literal

from uvicorn.logging import DefaultFormatter

REDACTED = "[redacted]"

LogFormat = Literal["text", "json"]

# Names of fields whose value is a secret, written out as name=value or name: value
# (also with a prefix: csrf_token, new_password, smtp_password).
_SECRET_NAMES = r"password|passwd|secret(?:_key)?|token|api[-_]?key|jwt|ticket|authorization"
_VALUE_AFTER_NAME = rf"((?<![A-Za-z0-9])(?:{_SECRET_NAMES})[\"']?\s*[:=]\s*"

_PATTERNS = (
    # ?apikey=…&jwt=… in a path (the access log), also %-encoded separators.
    re.compile(
        r"(?i)((?:[?&;]|%26|%3F)(?:apikey|api_key|api-key|key|token|jwt|password|host|presenter|ticket)"
        r"(?:=|%3D))[^&\s\"';]+"
    ),
    # A bearer token, before the header's name is matched (which would leave it).
    re.compile(r"(?i)(\bbearer\s+)[^\s\"',;}]+"),
    # "password": "…" / 'secret': '…' (a JSON body, a dict's repr): the whole quoted value.
    re.compile(rf"(?i){_VALUE_AFTER_NAME}\")[^\"]*"),
    re.compile(rf"(?i){_VALUE_AFTER_NAME}')[^']*"),
    # password=… (a form body) / API-KEY: … / Authorization: Basic … unquoted.
    re.compile(rf"(?i){_VALUE_AFTER_NAME})(?:(?:basic|bearer|token)\s+)?[^\s\"',;}}&]+"),
    # Cookie: a=…; b=… — every cookie, up to the end of the header.
    re.compile(r"(?i)((?<![A-Za-z0-9])(?:set-)?cookie[\"']?\s*[:=]\s*[\"']?)[^\"'\n]+"),
    # The password of a URL: postgresql://user:…@host, smtp://user:…@host.
    re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?=@)"),
    # A key or a JWT on its own, whatever carries it.
    re.compile(r"(wbn_)[A-Za-z0-9_-]{8,}"),
    re.compile(r"()eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"),
)
# An extra field with such a name is a secret whatever its value looks like.
_SECRET_FIELD = re.compile(rf"(?i)(?:{_SECRET_NAMES}|cookie)")


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


def _redacted(value: Any) -> Any:
    """A field's value, redacted all through, as JSON can write it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {
            str(key): REDACTED if _SECRET_FIELD.search(str(key)) else _redacted(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_redacted(item) for item in value]
    return redact(value if isinstance(value, str) else str(value))


# What caused the lines being written: the request, command, job or event.
_NO_FIELDS: Mapping[str, str] = MappingProxyType({})
_fields: contextvars.ContextVar[Mapping[str, str]] = contextvars.ContextVar(
    "webinarium_log_fields", default=_NO_FIELDS
)


def log_field(name: str) -> str | None:
    return _fields.get().get(name)


def bind_log_fields(**fields: str) -> None:
    """Adds fields to every line written from here until the current task
    ends: for a request's task, whose last lines (uvicorn's traceback of a
    failure) are written after the application returned."""
    _fields.set({**_fields.get(), **fields})


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Adds fields to every line written inside the block, tasks it starts included."""
    token = _fields.set({**_fields.get(), **fields})
    try:
        yield
    finally:
        _fields.reset(token)


def detached_context() -> contextvars.Context:
    """The context for a task that outlives what started it (a process-wide
    loop started by the first request that needs it): without that request's
    fields, which its lines would otherwise carry for ever."""
    context = contextvars.copy_context()
    context.run(_fields.set, _NO_FIELDS)
    return context


# What a LogRecord has of its own; every other attribute is an extra field.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    # uvicorn's coloured copy of its message: the same text.
    "color_message",
}
# The fields of uvicorn's access line (its message's arguments).
_ACCESS_FIELDS = ("client", "method", "path", "http_version", "status")


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {
        name: value for name, value in record.__dict__.items() if name not in _RECORD_ATTRIBUTES
    }


class RedactSecrets(logging.Filter):
    """Renders the record's message (and traceback), adds the fields of what
    caused it, and keeps every field redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _fields.get().items():
            record.__dict__.setdefault(name, value)
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            record.__dict__.update(zip(_ACCESS_FIELDS, args, strict=True))
        record.msg = redact(record.getMessage())
        record.args = ()
        for name, value in _extra_fields(record).items():
            record.__dict__[name] = REDACTED if _SECRET_FIELD.search(name) else _redacted(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the
    fields, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_extra_fields(record))
        if record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(DefaultFormatter):
    """uvicorn's look ("INFO:     …"), the fields after the message as
    name=value (the access line's are its message already)."""

    def __init__(self) -> None:
        super().__init__(fmt="%(levelprefix)s %(message)s", use_colors=False)

    def formatMessage(self, record: logging.LogRecord) -> str:
        fields = " ".join(
            f"{name}={value}"
            for name, value in _extra_fields(record).items()
            if name not in _ACCESS_FIELDS
        )
        text = super().formatMessage(record)
        return f"{text}  {fields}" if fields else text


def logging_config(log_format: LogFormat = "text", level: str = "INFO") -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of ``webinarium serve`` and ``worker``:
    uvicorn's loggers and ours, one redacting handler on stderr."""
    formatter = {"()": JsonFormatter if log_format == "json" else TextFormatter}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": RedactSecrets}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["redact"],
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            name: {"handlers": [], "level": level, "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "webinarium")
        }
        # A line per migration at every start is noise; failures still show.
        | {"alembic": {"handlers": [], "level": "WARNING", "propagate": True}},
    }


def configure_logging(log_format: LogFormat = "text", level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(log_format, level))
