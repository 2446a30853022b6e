"""Requests as the fuzz tests send them: parameters in a JSON body, a form, a
multipart form or the query string — or in the wrong one (JSON labelled as a
form, a form labelled as JSON, Latin-1 bytes, bytes that are no text) — and
a printable copy of each request for the report of a failure."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

import httpx

# How the parameters travel. The first four are what the documents' clients do.
BODY_ENCODINGS = (
    "json",
    "form",
    "multipart",
    "query",
    "json-labelled-form",
    "form-labelled-json",
    "json-unlabelled",
    "latin-1-form",
    "undecodable",
)
FORM = "application/x-www-form-urlencoded"


def form_text(value: Any) -> str:
    """One value as a form or query string carries it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def form_pairs(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A list of plain values is sent as ``name[]`` repeated, as PHP and Rails
    clients do; anything else nested as JSON text."""
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
            pairs.extend((f"{name}[]", form_text(v)) for v in value)
        else:
            pairs.append((name, form_text(value)))
    return pairs


def urlencoded(pairs: list[tuple[str, str]], charset: str = "utf-8") -> str:
    # surrogatepass: a lone surrogate is sent as the bytes a careless client sends.
    errors = "surrogatepass" if charset == "utf-8" else "replace"
    return urlencode(pairs, encoding=charset, errors=errors)


def path_segment(value: Any) -> str:
    return quote(form_text(value), safe="", errors="surrogatepass")


def as_json(value: Any) -> bytes:
    # Python's json writes NaN and Infinity, as many clients do.
    return json.dumps(value).encode()


def build(
    method: str,
    url: str,
    values: Mapping[str, Any],
    encoding: str,
    headers: Mapping[str, str] | None = None,
) -> httpx.Request:
    """A request carrying ``values`` the way ``encoding`` says."""
    headers = dict(headers or {})
    pairs = form_pairs(values)
    if encoding == "query":
        query = urlencoded(pairs)
        return httpx.Request(method, f"{url}?{query}" if query else url, headers=headers)
    if encoding == "multipart":
        files = [
            (name, (None, text.encode("utf-8", errors="surrogatepass"))) for name, text in pairs
        ]
        request = httpx.Request(method, url, headers=headers, files=files or {"": (None, b"")})
        request.read()
        return request
    content: bytes
    if encoding == "json":
        content, headers["Content-Type"] = as_json(values), "application/json"
    elif encoding == "form":
        content, headers["Content-Type"] = urlencoded(pairs).encode(), FORM
    elif encoding == "json-labelled-form":
        content, headers["Content-Type"] = as_json(values), FORM
    elif encoding == "form-labelled-json":
        content, headers["Content-Type"] = urlencoded(pairs).encode(), "application/json"
    elif encoding == "json-unlabelled":
        content = as_json(values)
    elif encoding == "latin-1-form":
        text = "&".join(f"{name}={value}" for name, value in pairs)
        content, headers["Content-Type"] = text.encode("latin-1", errors="replace"), FORM
    elif encoding == "undecodable":
        content, headers["Content-Type"] = (
            b"\xff\xfe\x00{" + as_json(values)[1:],
            "application/json",
        )
    else:
        raise AssertionError(f"unknown encoding {encoding}")
    return httpx.Request(method, url, headers=headers, content=content)


def describe(request: httpx.Request, limit: int = 3000) -> str:
    """The request, printable: what to send again to see the failure."""
    body = request.content
    shown = repr(body[:limit]) + (f" … ({len(body)} bytes)" if len(body) > limit else "")
    headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "accept")}
    return f"{request.method} {request.url}\nheaders: {headers}\nbody: {shown}"


def send(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Sends ``request`` (built with a path only) to the test server; no
    answer (the server hung up twice, or took more than the client's timeout)
    fails the test with the request that did it."""
    absolute = httpx.Request(
        request.method,
        http.base_url.join(request.url),
        headers=request.headers,
        content=request.content,
    )
    try:
        return http.send(absolute)
    except httpx.TransportError:
        pass
    # Once more on a new connection: a kept-alive one the server had closed
    # (after an earlier request's failure) is not this request's fault.
    try:
        return http.send(absolute)
    except httpx.HTTPError as error:
        raise AssertionError(
            f"no answer ({type(error).__name__}: {error})\n{describe(request)}"
        ) from error
