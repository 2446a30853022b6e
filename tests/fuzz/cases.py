"""One strategy per dialect that draws a whole request for an operation: the
parameters (mostly valid, a few hostile), how they travel, and the key (a
valid one mostly; sometimes none, a wrong one or one of the wrong type)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import httpx
from hypothesis import strategies as st

from tests.fuzz.inventory import Operation
from tests.fuzz.transport import BODY_ENCODINGS, build, path_segment, urlencoded
from tests.fuzz.values import HOSTILE, XML_HOSTILE_TEXT, named_values, typical, valid, worst

Known = Mapping[str, Sequence[Any]]
WRONG_KEY = "wbn_" + "0" * 43
# Weights by repetition: most requests carry the valid key.
KEY_CHOICES = ("valid",) * 6 + ("missing", "wrong", "blank")


def _key(choice: str, key: str) -> str | None:
    return {"valid": key, "missing": None, "wrong": WRONG_KEY, "blank": ""}[choice]


@st.composite
def bigmarker(draw: st.DrawFn, operation: Operation, known: Known, key: str) -> httpx.Request:
    path = operation.path
    body_params = []
    for param in operation.params:
        if param.location == "path":
            value = draw(valid(param, known) | HOSTILE | st.just(""))
            path = path.replace("{" + param.name + "}", path_segment(value))
        else:
            body_params.append(param)
    values = draw(named_values(body_params, known))
    if operation.method == "GET":
        encoding = draw(st.sampled_from(("query", "query", "query", "json", "form")))
    else:
        encoding = draw(st.sampled_from(("json", "json", "form", *BODY_ENCODINGS)))
    sent_key = _key(draw(st.sampled_from(KEY_CHOICES)), key)
    headers = {} if sent_key is None else {"API-KEY": sent_key}
    return build(operation.method, path, values, encoding, headers)


MOC_TRANSPORTS = ("form", "form", "form", "multipart", "json-body", "query", "latin-1-form")


@st.composite
def myownconference(draw: st.DrawFn, operation: Operation, known: Known, key: str) -> httpx.Request:
    params: Any
    if operation.params_style == "named":
        params = draw(named_values(operation.params, known))
    elif operation.params_style == "list" and operation.list_item is not None:
        params = draw(st.lists(valid(operation.list_item, known) | HOSTILE, max_size=3))
    else:
        params = []
    if draw(st.integers(0, 9)) == 0:
        params = draw(HOSTILE)
    envelope: Any = {
        "key": draw(
            st.sampled_from(KEY_CHOICES).map(lambda choice: _key(choice, key))
            | st.sampled_from((123, None, [], {}))
        ),
        "action": draw(
            st.sampled_from((operation.action,) * 6 + (operation.action.lower(), "nope")) | HOSTILE
        ),
        "params": params,
    }
    if envelope["key"] is None and draw(st.booleans()):
        del envelope["key"]
    if draw(st.integers(0, 19)) == 0:
        envelope = draw(HOSTILE)
    text = json.dumps(envelope)
    if draw(st.integers(0, 19)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # cut short: not JSON any more
    path = draw(st.sampled_from(("/", "/", "/api/myownconference")))
    transport = draw(st.sampled_from(MOC_TRANSPORTS))
    if transport == "json-body":
        return httpx.Request(
            "POST", path, headers={"Content-Type": "application/json"}, content=text.encode()
        )
    if transport == "query":
        return httpx.Request("POST", f"{path}?{urlencoded([('request', text)])}")
    if transport == "latin-1-form":
        return build("POST", path, {"request": text}, "latin-1-form")
    return build(
        "POST", path, {"request": text}, "multipart" if transport == "multipart" else "form"
    )


@st.composite
def boomstream(
    draw: st.DrawFn, operation: Operation, known: Known, key: str
) -> tuple[httpx.Request, bool]:
    """The request, and whether its query string asks for JSON."""
    values = draw(named_values(operation.params, known))
    sent_key = _key(draw(st.sampled_from(KEY_CHOICES)), key)
    if sent_key is not None:
        values = {"apikey": sent_key, **values}
    method = draw(st.sampled_from(("GET", "GET", "POST")))
    encoding = (
        "query"
        if method == "GET"
        else draw(st.sampled_from(("form", "form", "query", *BODY_ENCODINGS)))
    )
    fmt = values.get("format")
    json_asked = encoding == "query" and isinstance(fmt, str) and fmt.strip().lower() == "json"
    return build(method, operation.path, values, encoding), json_asked


# Every parameter once with the worst values of its kind, the others valid: the
# sure part of the fuzz (what the issue found must be found every run).


def _fill(path: str, values: Mapping[str, Any]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", path_segment(value))
    return path


def worst_bigmarker(operation: Operation, known: Known, key: str) -> list[httpx.Request]:
    path_params = [p for p in operation.params if p.location == "path"]
    body_params = [p for p in operation.params if p.location != "path"]
    in_path = {p.name: typical(p, known) for p in path_params}
    base = {p.name: typical(p, known) for p in body_params if p.required or p.name in known}
    encoding = "query" if operation.method == "GET" else "json"
    headers = {"API-KEY": key}
    requests = []
    for param in body_params:
        for value in worst(param):
            values = {**base, param.name: value}
            requests.append(
                build(operation.method, _fill(operation.path, in_path), values, encoding, headers)
            )
    for param in path_params:
        # Ids in a path: the worst text but the long one (a URL has its own limits).
        for value in (XML_HOSTILE_TEXT, "99999999999999999999", ""):
            path = _fill(operation.path, {**in_path, param.name: value})
            requests.append(build(operation.method, path, base, encoding, headers))
    return requests


def worst_myownconference(operation: Operation, known: Known, key: str) -> list[httpx.Request]:
    def request(params: Any) -> httpx.Request:
        envelope = {"key": key, "action": operation.action, "params": params}
        return build("POST", "/", {"request": json.dumps(envelope)}, "form")

    if operation.params_style == "list" and operation.list_item is not None:
        return [request([value]) for value in worst(operation.list_item)]
    base = {p.name: typical(p, known) for p in operation.params if p.required or p.name in known}
    return [
        request({**base, param.name: value}) for param in operation.params for value in worst(param)
    ]


def worst_boomstream(operation: Operation, known: Known, key: str) -> list[httpx.Request]:
    """Without ``format``: XML, where a character XML cannot carry would show."""
    params = [p for p in operation.params if p.name not in ("format", "ver")]
    base = {"apikey": key, **{p.name: typical(p, known) for p in params if p.required}}
    if "/client/" in operation.path and operation.path != "/api/conference/client/list":
        base["code"] = known["client_code"][0]
    return [
        build("GET", operation.path, {**base, param.name: value}, "query")
        for param in params
        for value in worst(param)
    ]
