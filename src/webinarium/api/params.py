"""Lenient request parameters, shared by the dialects.

The vendors' documents send parameters in the query string, as JSON, as form
data or as multipart, whatever the Content-Type says; their JSON examples are
not strict JSON (`parse_json_leniently` repairs them). `read_params` merges
all of them (path over body over query) so a handler reads one mapping, and
`Params` converts values the way the documents write them: numbers as
strings, booleans as "true"/"False"/"yes", lists as arrays, JSON strings or
comma-separated text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.requests import Request

from webinarium.api.limits import MAX_FORM_FIELDS, TooLarge, read_form
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import TimeRefused, unix_moment

# The words for yes and no, in any letter case, in every dialect: BigMarker's
# true/false, MyOwnConference's YES/NO, Boomstream's yes/no, and what clients
# of each send instead (1/0, on/off, y/n, t/f).
YES_WORDS = frozenset({"yes", "y", "true", "t", "1", "on"})
NO_WORDS = frozenset({"no", "n", "false", "f", "0", "off"})


# The documents' examples are not strict JSON, and clients copy them. Their
# defects are repaired by one linear pass over the text, which then goes to the
# strict parser once. A match of `_REPAIRS` is a run of text that needs nothing
# (strings, plain characters, commas followed by a value, words that are not
# keys) and then at most one defect, so Python is called once per defect, not
# once per token, and the pass costs about what strict parsing does.
_STRING = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
_ELLIPSIS = r"(?:\.\.\.|\u2026)"
_NEEDS_NOTHING = (
    rf"(?:{_STRING}"
    r"|[^\"'/,.\u2018\u2019\u201c\u201d\u2026A-Za-z_$]++"
    # a comma is trailing when only blanks, line comments and placeholders
    # stand between it and the closing bracket
    rf"|,(?!(?:\s|//[^\n]*+|{_ELLIPSIS})*+[\]}}])"
    r'|[A-Za-z_$][\w$-]*+(?!"?\s*+:)'
    r"|\.(?!\.\.))*+"
)
_REPAIRS = re.compile(
    rf"({_NEEDS_NOTHING})(?:"
    # {"a": 1,} and [1, 2,]
    r"(?P<trailing_comma>,)"
    # {key: 1} and the document's {"list_type": "block_list", emails": "…"}
    r'|(?P<bare_key>[A-Za-z_$][\w$-]*+)"?'
    # ["a", ..., "b"]: a placeholder for more of the same
    rf"|(?P<placeholder>{_ELLIPSIS}\s*+,?)"
    r"|(?P<comment>//[^\n]*+|/\*.*?\*/)"
    r"|(?P<single_quoted>'[^'\\\n]*+(?:\\.[^'\\\n]*+)*+')"
    # “typographic quotes” used as delimiters, as the documents print them
    r"|(?P<curly_quoted>\u201c[^\u201d\n]*+\u201d|\u2018[^\u2019\n]*+\u2019)"
    # anything else (an unterminated string or comment) is beyond repair
    r"|(?P<stray>.)"
    r"|\Z)",
    re.DOTALL,
)

# Requests of the documents nest 3 levels deep. The bound keeps every deeper
# structure away from what walks one recursively (the JSON encoder of an echoed
# request, the XML writer, JSON columns), which would fail with a RecursionError.
MAX_DEPTH = 64
_TOO_DEEP = f"the JSON is nested more than {MAX_DEPTH} levels deep"


def _repair(match: re.Match[str]) -> str:
    kind, kept = match.lastgroup, match.group(1)
    if kind is None or kind == "trailing_comma":
        return kept
    if kind in ("placeholder", "comment"):
        return kept + " "
    if kind == "bare_key":
        return f'{kept}"{match.group(kind)}"'
    if kind == "single_quoted":
        return kept + json.dumps(match.group(kind)[1:-1].replace("\\'", "'"))
    if kind == "curly_quoted":
        return kept + json.dumps(match.group(kind)[1:-1])
    raise ValueError(f"unexpected {match.group(kind)!r} at character {match.start(kind)}")


def _refuse_constant(name: str) -> Any:
    raise InvalidInput(f"{name} is not a number JSON allows")


def _finite(literal: str) -> float:
    number = float(literal)
    if math.isinf(number):
        raise InvalidInput(f"{literal} is not a number JSON allows (too large)")
    return number


def _deeper_than(value: Any, limit: int) -> bool:
    """Level by level, each one list comprehension: a third of the cost of a
    walk node by node, which took as long as parsing."""
    level = [value]
    for _ in range(limit):
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
        if not level:
            return False
    return True


def _without_lone_surrogates(value: Any) -> Any:
    """JSON's ``"\\ud800"`` (half of a pair) decodes to a text no encoder,
    driver or database takes: it is read as U+FFFD, as undecodable bytes are."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def _strict(text: str) -> Any:
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError:
        raise InvalidInput(_TOO_DEEP) from None
    containers = text.count("[") + text.count("{")
    if containers > MAX_DEPTH and type(value) in (dict, list) and _deeper_than(value, MAX_DEPTH):
        raise InvalidInput(_TOO_DEEP)
    if "\\ud" in text or "\\uD" in text:
        value = _without_lone_surrogates(value)
    return value


def parse_json_leniently(text: str) -> Any:
    """Strict JSON; else the text repaired by one linear pass (trailing commas,
    comments, ``...`` placeholders, single, typographic and missing quotes,
    bare keys) and parsed strictly again. Raises ``ValueError`` when it is not
    JSON even so, and `InvalidInput` for JSON no client means: NaN or infinite
    numbers, nesting deeper than `MAX_DEPTH`."""
    try:
        return _strict(text)
    except ValueError as error:
        start = _read_without_fault(text, error)
    return _strict(text[:start] + _REPAIRS.sub(_repair, text[start:]))


def _read_without_fault(text: str, error: ValueError) -> int:
    """How much of ``text`` the strict parser read without a fault, so the
    repair pass may start there: up to where it stopped, less a comma just
    before (a trailing one, maybe); none when it stopped inside a string."""
    if not isinstance(error, json.JSONDecodeError) or not error.msg.startswith(
        ("Expecting", "Extra data", "Unterminated string")
    ):
        return 0
    end = len(text[: error.pos].rstrip())
    return end - 1 if end and text[end - 1] == "," else end


# A strict parse of this much takes about a millisecond (a megabyte about
# 12 ms, measured); longer bodies are parsed in a worker thread, so the event
# loop keeps serving other requests meanwhile.
_PARSE_OFF_LOOP_FROM = 64 * 1024


async def parse_json_off_loop(text: str) -> Any:
    """`parse_json_leniently`, in a worker thread when the text is long."""
    if len(text) < _PARSE_OFF_LOOP_FROM:
        return parse_json_leniently(text)
    return await anyio.to_thread.run_sync(parse_json_leniently, text)


def _collect(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Pairs to a mapping; a repeated key or a "key[]" key becomes a list."""
    values: dict[str, Any] = {}
    repeated: set[str] = set()
    for key, value in pairs:
        name = key[:-2] if key.endswith("[]") else key
        if name in repeated:
            values[name].append(value)
        elif name in values or key.endswith("[]"):
            values[name] = [values[name], value] if name in values else [value]
            repeated.add(name)
        else:
            values[name] = value
    return values


async def _body(request: Request) -> dict[str, Any]:
    if request.method in ("GET", "HEAD"):
        return {}
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await read_form(request)
        return _collect([(k, v) for k, v in form.multi_items() if isinstance(v, str)])
    raw = (await request.body()).decode("utf-8", errors="replace").strip()
    if not raw:
        return {}
    if raw[0] in "{[":
        try:
            parsed = await parse_json_off_loop(raw)
        except ValueError as exc:
            raise InvalidInput("the request body is not valid JSON") from exc
        if not isinstance(parsed, dict):
            raise InvalidInput("the request body must be a JSON object")
        return parsed
    try:
        pairs = parse_qsl(raw, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        raise TooLarge(f"a form may have at most {MAX_FORM_FIELDS} fields") from None
    return _collect(pairs)


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
