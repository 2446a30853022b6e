"""Lenient request parameters, shared by the dialects.

The vendors' documents send parameters in the query string, as JSON, as form
data or as multipart, whatever the Content-Type says; some JSON examples carry
trailing commas. `read_params` merges all of them (path over body over query) so
a handler reads one mapping, and `Params` converts values the way the documents
write them: numbers as strings, booleans as "true"/"False"/"yes", lists as
arrays, JSON strings or comma-separated text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import json5
from starlette.requests import Request

from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import TimeRefused, unix_moment

# The words for yes and no, in any letter case, in every dialect: BigMarker's
# true/false, MyOwnConference's YES/NO, Boomstream's yes/no, and what clients
# of each send instead (1/0, on/off, y/n, t/f).
YES_WORDS = frozenset({"yes", "y", "true", "t", "1", "on"})
NO_WORDS = frozenset({"no", "n", "false", "f", "0", "off"})


# A key with one of its quotes missing, as in the document's own example
# {"list_type": "block_list", emails": "…"}.
_HALF_QUOTED_KEY = re.compile(r'([{,]\s*)"?([A-Za-z_][\w-]*)"?(\s*:)')


def parse_json_leniently(text: str) -> Any:
    """Strict JSON first (fast); then JSON5 (trailing commas, single quotes,
    bare keys); then JSON5 again with half-quoted keys repaired."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return json5.loads(text)
    except ValueError:
        return json5.loads(_HALF_QUOTED_KEY.sub(r'\1"\2"\3', text))


def _collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Pairs to a mapping; a repeated key or a "key[]" key becomes a list."""
    values: dict[str, Any] = {}
    for key, value in pairs:
        name = key[:-2] if key.endswith("[]") else key
        if name in values or key.endswith("[]"):
            current = values.get(name, [])
            values[name] = [*current, value] if isinstance(current, list) else [current, value]
        else:
            values[name] = value
    return values


async def _body(request: Request) -> dict[str, Any]:
    if request.method in ("GET", "HEAD"):
        return {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        return _collect([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
    raw = (await request.body()).decode("utf-8", errors="replace").strip()
    if not raw:
        return {}
    if raw[0] in "{[":
        try:
            parsed = parse_json_leniently(raw)
        except ValueError as exc:
            raise InvalidInput("the request body is not valid JSON") from exc
        if not isinstance(parsed, dict):
            raise InvalidInput("the request body must be a JSON object")
        return parsed
    return _collect(parse_qsl(raw, keep_blank_values=True))


def yes_no_word(text: str) -> bool | None:
    """The one reading of a yes/no word: True or False, None when ``text`` is no
    such word (each caller refuses that in its own dialect's words)."""
    word = text.strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


async def read_params(request: Request) -> Params:
    values = _collect(list(request.query_params.multi_items()))
    values.update(await _body(request))
    values.update(request.path_params)
    return Params(values)


# Numbers as text, in the digits 0-9 only.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def whole_number(value: Any) -> int | None:
    """The one reading of a whole number: an int, an integral float or text in
    0-9 (``int`` alone would also read "١٢٣" and "1_000"); None when ``value``
    is none (each caller refuses that in its own words)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        try:
            return int(value)
        except ValueError:  # more digits than int() reads (4300)
            return None
    return None


class Params:
    """Typed access to merged request parameters; bad values raise `InvalidInput`."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def has(self, name: str) -> bool:
        return name in self.values

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        raise InvalidInput(f"{name} must be a string")

    def required(self, name: str) -> str:
        """A non-blank text, stripped; its absence is a clear error."""
        value = (self.text(name) or "").strip()
        if not value:
            raise InvalidInput(f"{name} is required")
        return value

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        number = whole_number(value)
        if number is None:
            raise InvalidInput(f"{name} must be an integer")
        return number

    def number(self, name: str) -> float | None:
        """A finite number, as a number or written in 0-9 ("0.5", "-2", "1e3")."""
        value = self.values.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            value = float(value)
        finite = isinstance(value, int | float) and math.isfinite(value)
        if finite and not isinstance(value, bool):
            return float(value)
        raise InvalidInput(f"{name} must be a number")

    def boolean(self, name: str) -> bool | None:
        value = self.values.get(name)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int | float):
            return bool(value)
        if isinstance(value, str):
            # A blank value is false here, as BigMarker's forms send an unticked box.
            flag = yes_no_word(value) if value.strip() else False
            if flag is not None:
                return flag
        raise InvalidInput(f"{name} must be true or false")

    def structured(self, name: str) -> Any:
        """A list or object, also when sent as a JSON string (form bodies do that)."""
        value = self.values.get(name)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                return parse_json_leniently(value)
            except ValueError:
                raise InvalidInput(f"{name} is not valid JSON") from None
        return value

    def text_list(self, name: str) -> list[str] | None:
        """A list of strings from an array, a JSON array string or "a, b, c"."""
        value = self.structured(name)
        if value is None:
            return None
        items = value if isinstance(value, list) else str(value).split(",")
        return [str(item).strip() for item in items if str(item).strip()]

    def unix_time(self, name: str) -> datetime | None:
        """A Unix timestamp in seconds, as a number or a string of 0-9."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidInput(f"{name} must be a Unix timestamp")
        try:
            return unix_moment(str(value))
        except TimeRefused as refused:
            raise InvalidInput(f"{name} {refused}") from None
