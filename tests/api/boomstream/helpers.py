"""Calling the Boomstream conference API the way its document does: plain URLs
with a query string (or the same parameters as a POST form), answers in JSON or
XML. XML answers are parsed with xml.etree, never compared as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import yaml

from tests.conftest import Tenant

REFERENCE = Path(__file__).parents[2] / "reference" / "boomstream-conference-api.yaml"
BASE = "/api/conference"
# The document's example values, replaced by real ones in its request examples.
DOC_KEY = "1453d715690dfc600031ecdd448d4cf4"
DOC_CLIENT = "jJY1av1o"
# XML lists: the list element and the name of each item.
XML_LISTS = {"Clients": "Client", "conferences": "conference", "Versions": "Version"}


def reference() -> dict[str, Any]:
    with REFERENCE.open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


OPERATIONS: dict[str, dict[str, Any]] = {op["method_name"]: op for op in reference()["operations"]}


def example_url(method: str, replacements: dict[str, str]) -> str:
    """The document's request example for ``method``, relative to our server,
    with the document's key and codes replaced."""
    url: str = OPERATIONS[method]["request_example"]
    url = url.removeprefix("https://boomstream.com")
    for old, new in replacements.items():
        url = url.replace(old, new)
    return url


def xml_value(element: ElementTree.Element) -> Any:
    """An element as plain data: a list element → list, an element with
    children → dict (in document order), a leaf → its text ("" when empty)."""
    children = list(element)
    if element.tag in XML_LISTS:
        assert all(child.tag == XML_LISTS[element.tag] for child in children), element.tag
        return [xml_value(child) for child in children]
    if not children:
        return element.text or ""
    return {child.tag: xml_value(child) for child in children}


def parse(response: httpx.Response) -> dict[str, Any]:
    """The answer as a dict, from JSON or from XML (``<Response>`` root)."""
    assert response.status_code == 200, response.text
    if response.headers["content-type"].startswith("application/json"):
        body: dict[str, Any] = response.json()
        return body
    assert response.headers["content-type"].startswith("application/xml"), response.headers
    root = ElementTree.fromstring(response.content)
    assert root.tag == "Response"
    value = xml_value(root)
    assert isinstance(value, dict), response.text
    return value


def get(http: httpx.Client, url: str) -> dict[str, Any]:
    return parse(http.get(url))


def call(
    http: httpx.Client,
    key: str,
    method: str,
    fmt: str | None = "json",
    *,
    post: bool = False,
    **params: Any,
) -> dict[str, Any]:
    """One method, with ``apikey`` = key and ``format`` = fmt (left out: None)."""
    values = {"apikey": key, **params}
    if fmt is not None:
        values["format"] = fmt
    if post:
        return parse(http.post(f"{BASE}/{method}", data=values))
    return parse(http.get(f"{BASE}/{method}", params=values))


def ok(
    http: httpx.Client, tenant: Tenant, method: str, fmt: str | None = "json", **params: Any
) -> dict[str, Any]:
    body = call(http, tenant.api_key, method, fmt, **params)
    assert body["Status"] == "Success", body
    return body


def failed(
    http: httpx.Client, key: str, method: str, fmt: str | None = "json", **params: Any
) -> str:
    """The message of a call that must fail (HTTP 200, Status Failed)."""
    body = call(http, key, method, fmt, **params)
    assert body["Status"] == "Failed", body
    assert set(body) == {"Status", "Message"}, body
    message: str = body["Message"]
    return message


def create(http: httpx.Client, tenant: Tenant, title: str = "Testik", **params: Any) -> str:
    """A new conference's code."""
    code: str = ok(http, tenant, "create", title=title, **params)["Code"]
    return code


def invite(
    http: httpx.Client, tenant: Tenant, code: str, email: str, **params: Any
) -> dict[str, Any]:
    return ok(http, tenant, "invite", code=code, email=email, **params)


def clients(http: httpx.Client, tenant: Tenant, code: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = ok(http, tenant, "client/list", code=code)["Clients"]
    return listed


def client_code(http: httpx.Client, tenant: Tenant, code: str, email: str) -> str:
    (found,) = [c for c in clients(http, tenant, code) if c["email"] == email]
    value: str = found["code"]
    return value
