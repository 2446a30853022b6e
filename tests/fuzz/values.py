"""Hypothesis strategies for parameter values: valid-looking ones (from the
documented type, allowed values and the ids of objects that exist) mixed with
hostile ones (huge and negative numbers, NaN, dates out of range, control
characters, very long text, lists and objects where text is expected, deep
nesting).

A request is mostly valid with a few hostile values in it, so it gets past the
first check and reaches the code behind it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.inventory import Param

# Values that broke, or could break, a parser, a database or a renderer.
HOSTILE_CONSTANTS: tuple[Any, ...] = (
    "",
    " ",
    None,
    True,
    False,
    0,
    -1,
    2**31,
    -(2**63),
    2**63,
    2**64,
    10**20,
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "1.5",
    1.5,
    1e308,
    float("nan"),
    float("inf"),
    "NaN",
    "Infinity",
    "1e309",
    # Times out of range, or digits that are not ASCII.
    "9999-12-31 23:59",
    "0001-01-01 00:00",
    "0001-01-01",
    "99999999999999",
    "-62135596800",
    "2030-02-30 25:61",
    "²",
    "١٢٣",
    # Characters JSON, XML or a database may not carry.
    "\x00",
    "a\x01b\x0bc",
    "\ufffe\uffff",
    "\ud800",
    "a\u202eb",
    "😀" * 10,
    "null",
    "'; DROP TABLE conferences; --",
    "%_\\",
    "[1,",
    "{",
    '{"a": [1, {"b": null}]}',
    "[" * 5000 + "]" * 5000,
    "x" * 50_000,
    "é" * 5_000,
    # Structures where text is expected.
    [],
    {},
    [None],
    [{"": "x"}],
    {"": "x"},
    ["a", 1, None, [2]],
    {"a": {"b": {"c": []}}},
)

JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)

HOSTILE: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(HOSTILE_CONSTANTS),
    st.integers(),
    st.floats(),
    st.text(max_size=200),
    JSON_VALUES,
)

BOOLEAN_WORDS = (True, False, "true", "false", "YES", "no", "1", "0", "on", "")
TIMES = (
    "2030-01-01 15:00",
    "2030-06-01 10:00:00",
    "2030-06-01T10:00:00Z",
    "2031-12-31 23:59",
    "1893456000",
    1893456000,
    "2020-01-01 00:00",
)
EMAILS = ("fuzz@example.com", "Someone.Else+tag@Example.org")
URLS = ("https://files.example.test/image.png", "https://example.test/page?a=1&b=2")
TEXTS = ("Lead Generation 101", "x", "Вебинар", "O'Brien & Co <b>bold</b>")
# One black pixel: what a Base64 image parameter carries.
PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
    "=="
)

_TIME_NAME = re.compile(r"(time|^start$|^date|_at$|^born$|^created_since$)")
_NUMBER_NAME = re.compile(r"(page|duration|timeout|number|count|slide|onPage|timezone$)", re.I)
_URL_NAME = re.compile(r"(url|link|uri|image|logo|icon|photo)", re.I)


def kind_of(param: Param) -> str:
    """boolean, base64, time, number, email, url, array, object or text."""
    kind, name = param.type.lower(), param.name
    if kind == "boolean":
        return "boolean"
    if "base64" in kind:
        return "base64"
    if _TIME_NAME.search(name):
        return "time"
    if "integer" in kind or _NUMBER_NAME.search(name):
        return "number"
    if "email" in name.lower():
        return "email"
    if _URL_NAME.search(name):
        return "url"
    if "array" in kind:
        return "array"
    if "object" in kind:
        return "object"
    return "text"


# Per kind, the values most likely to hurt, worst first: the first one of each
# is sent to every parameter of that kind (`worst`), the others are drawn.
LONG_TEXT = "x" * 50_000
XML_HOSTILE_TEXT = "a\x01b\x0bc\ufffe\uffff"
HOSTILE_BY_KIND: dict[str, tuple[Any, ...]] = {
    "number": (
        "99999999999999999999",
        10**20,
        -(2**63),
        -1,
        "NaN",
        float("nan"),
        1e308,
        "1.5",
        "²",
    ),
    "time": (
        "0001-01-01 00:00:00",
        "9999-12-31 23:59",
        "99999999999999",
        "-62135596800",
        "0001-01-01",
        "2030-02-30 25:61",
        "²",
        "١٢٣",
        1e308,
    ),
    "boolean": ([], {}, "maybe", 2, None),
    "array": ([{"": "x"}], [None], ["a", 1, None, [2]], "[" * 5000 + "]" * 5000, LONG_TEXT, {}),
    "object": ({"": "x"}, {"a": {"b": {"c": []}}}, [], "[" * 5000 + "]" * 5000, LONG_TEXT),
    "text": (LONG_TEXT, XML_HOSTILE_TEXT, "\ud800", "\x00", "%_\\", [{"": "x"}], {"": "x"}),
}
for _kind in ("base64", "email", "url"):
    HOSTILE_BY_KIND[_kind] = HOSTILE_BY_KIND["text"]


def worst(param: Param) -> list[Any]:
    """The values every parameter of ``param``'s kind is sent once: the first
    of its kind, and for text also characters XML cannot carry."""
    values = HOSTILE_BY_KIND[kind_of(param)]
    return [values[0], XML_HOSTILE_TEXT] if values is HOSTILE_BY_KIND["text"] else [values[0]]


def hostile(param: Param) -> st.SearchStrategy[Any]:
    return st.sampled_from(HOSTILE_BY_KIND[kind_of(param)]) | HOSTILE


def typical(param: Param, known: Mapping[str, Sequence[Any]]) -> Any:
    """One valid value, the same every time."""
    if known.get(param.name):
        return known[param.name][0]
    if param.allowed:
        return param.allowed[0]
    return {
        "boolean": "true",
        "base64": PNG_BASE64,
        "time": TIMES[0],
        "number": 10,
        "email": EMAILS[0],
        "url": URLS[0],
        "array": [TEXTS[0]],
        "object": {},
    }.get(kind_of(param), TEXTS[0])


def valid(param: Param, known: Mapping[str, Sequence[Any]]) -> st.SearchStrategy[Any]:
    """A value a client that read the document could send."""
    options: list[st.SearchStrategy[Any]] = []
    if known.get(param.name):
        options.append(st.sampled_from(list(known[param.name])))
    if param.allowed:
        options.append(st.sampled_from(param.allowed))
    kind = kind_of(param)
    if kind == "boolean":
        options.append(st.sampled_from(BOOLEAN_WORDS))
    elif kind == "base64":
        options.append(st.just(PNG_BASE64))
    elif kind == "time":
        options.append(st.sampled_from(TIMES))
    elif kind == "number":
        numbers = st.integers(min_value=0, max_value=500)
        options.append(numbers | numbers.map(str))
    elif kind == "email":
        options.append(st.sampled_from(EMAILS))
    elif kind == "url":
        options.append(st.sampled_from(URLS))
    elif kind == "array":
        options.append(st.lists(st.sampled_from(TEXTS), max_size=3))
    elif kind == "object":
        options.append(st.dictionaries(st.sampled_from(TEXTS), st.sampled_from(TEXTS), max_size=2))
    if not options or kind == "text":
        options.append(st.sampled_from(TEXTS) | st.text(max_size=30))
    return st.one_of(options)


@st.composite
def named_values(
    draw: st.DrawFn, params: Sequence[Param], known: Mapping[str, Sequence[Any]]
) -> dict[str, Any]:
    """Values for some of ``params``: required ones mostly present and valid,
    optional ones sometimes; then up to three replaced by hostile values (of
    their kind, or any), and sometimes a parameter no document names."""
    values: dict[str, Any] = {}
    for param in params:
        present = draw(
            st.sampled_from((True, True, True, False)) if param.required else st.booleans()
        )
        if present:
            values[param.name] = draw(valid(param, known))
    if params:
        for name in draw(
            st.lists(st.sampled_from([p.name for p in params]), max_size=3, unique=True)
        ):
            values[name] = draw(HOSTILE)
    if draw(st.integers(0, 9)) == 0:
        values[draw(st.text(min_size=1, max_size=20))] = draw(HOSTILE)
    return values
