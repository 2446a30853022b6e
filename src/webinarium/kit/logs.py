"""Logging for ``webinarium serve``: the application's and uvicorn's records
(access lines included) go through one handler, and its filter takes secrets
out of every line before it is written.

What is redacted: the values of URL parameters that carry a secret
(``apikey``, ``api_key``, ``key``, ``token``, ``jwt``, ``password``, ``host``,
``presenter``, ``ticket``: Boomstream's key, invite and enter links, the
organiser's and presenters' links, the room socket's ticket), an ``API-KEY``
header written out, and wherever they appear, API keys (``wbn_…``) and JWTs
(``eyJ….….…``) — in messages, their arguments and tracebacks.
"""

from __future__ import annotations

import logging
import logging.config
import re
from typing import Any

REDACTED = "[redacted]"

_PATTERNS = (
    # ?apikey=…&jwt=… in a path (the access log), also %-encoded separators.
    re.compile(
        r"(?i)((?:[?&;]|%26|%3F)(?:apikey|api_key|api-key|key|token|jwt|password|host|presenter|ticket)"
        r"(?:=|%3D))[^&\s\"';]+"
    ),
    # API-KEY: … / "API-KEY": "…" / api-key=…
    re.compile(r"(?i)(api[-_]key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;}&]+"),
    # A key or a JWT on its own, whatever carries it.
    re.compile(r"(wbn_)[A-Za-z0-9_-]{8,}"),
    re.compile(r"()eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"),
)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


class RedactSecrets(logging.Filter):
    """Renders the record's message (and traceback) and keeps it redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def logging_config(level: str = "INFO") -> dict[str, Any]:
    """The ``logging.config.dictConfig`` of ``webinarium serve``: uvicorn's
    loggers and ours, one redacting handler on stderr."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": RedactSecrets}},
        "formatters": {
            "default": {
                # uvicorn's look ("INFO:     …"); the access line is already its message.
                "()": "uvicorn.logging.DefaultFormatter",
                "fmt": "%(levelprefix)s %(message)s",
                "use_colors": False,
            }
        },
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


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(level))
