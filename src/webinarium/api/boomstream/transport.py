"""How Boomstream is spoken: parameters, the answer's format, the envelope.

Every method is ``GET`` or ``POST /api/conference/<method>``, its parameters
in the query string or a form (or JSON) body, ``apikey`` among them. The
answer is XML (``<Response>…</Response>``) unless ``format=json``; both carry
``Status`` ``Success`` or ``Failed``. Errors (but a database outage, 503:
see `api.errors`) are HTTP 200 with ``Status:
Failed`` and a ``Message``: the document gives no status codes, and the
clients it implies fetch a URL and read the body (PHP's file_get_contents and
simplexml_load_file return nothing at all for a 4xx), so the body is where an
error must be told. A domain error is rendered by the application's handler,
after the request's transaction has rolled back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import authenticate_api_key
from webinarium.api.params import Params, read_params, yes_no_word
from webinarium.api.reads import Param, declared
from webinarium.kit.errors import DomainError, InvalidInput
from webinarium.kit.text import xml_safe
from webinarium.models import Account

FORMATS = ("xml", "json")
DEFAULT_FORMAT = "xml"
VERSIONS = {
    "1.0": "Boomstream API v.1.0 loads by default",
    "1.1": "Boomstream API v.1.1. Add &ver=1.1 to the HTTP request to use it.",
    "1.2": "Boomstream API v.1.2. Add &ver=1.2 to the HTTP request to use it.",
}
DEFAULT_VERSION = "1.0"

# XML: a list is an element holding one child per item, named here.
ITEM_NAMES = {"Clients": "Client", "conferences": "conference", "Versions": "Version"}

# Messages of the errors a client is most likely to meet; another account's
# conference or client is answered exactly like an unknown one.
MESSAGES = {
    "authentication_failed": "Invalid apikey",
    "conference_not_found": "Conference not found",
    "registration_not_found": "Client not found",
}

_NOT_SIGN = "\u00ac"
_STATE = "boomstream_format"


class MissingParameter(InvalidInput):
    code = "missing_parameter"

    def __init__(self, name: str) -> None:
        super().__init__(f"Missing required parameter: {name}")


def request_uri(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _xml_fill(element: ElementTree.Element, value: Any) -> None:
    """``value`` written into ``element``; every text through `xml_safe` (the
    element names are this module's own)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _xml_fill(ElementTree.SubElement(element, str(key)), item)
    elif isinstance(value, list):
        name = ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _xml_fill(ElementTree.SubElement(element, name), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = xml_safe(str(value))


def to_xml(body: Mapping[str, Any]) -> bytes:
    root = ElementTree.Element("Response")
    _xml_fill(root, body)
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def render(request: Request, body: Mapping[str, Any]) -> Response:
    """The answer in the format the request asked for (XML when it did not)."""
    fmt = getattr(request.state, _STATE, None) or _format_of(request.query_params.get("format"))
    if fmt == "json":
        return Response(
            json.dumps(body, ensure_ascii=False), media_type="application/json; charset=utf-8"
        )
    return Response(to_xml(body), media_type="application/xml; charset=utf-8")


def _format_of(value: str | None) -> str:
    fmt = (value or "").strip().lower()
    return fmt if fmt in FORMATS else DEFAULT_FORMAT


def failure(request: Request, error: DomainError) -> Response:
    message = MESSAGES.get(error.code, error.message)
    return render(request, {"Status": "Failed", "Message": message})


class BoomstreamRoute(APIRoute):
    # What `begin` reads for every method (`apikey` is also the security scheme).
    common_params = (
        Param("apikey", required=True, description="the API key"),
        Param("format", choices=FORMATS, default=DEFAULT_FORMAT, description="the answer's format"),
        Param("ver", choices=tuple(VERSIONS), default=DEFAULT_VERSION, description="API version"),
    )

    def error_response(self, request: Request, error: DomainError) -> Response:
        return failure(request, error)


def repair_entities(values: Mapping[str, Any]) -> dict[str, Any]:
    """Undoes the document's HTML-entity damage: "&notifyEmail" printed as
    "¬ifyEmail", so a copied URL sends ``timeout=3600¬ifyEmail=yes``, one
    parameter. Every "¬" is read as "&not": the value ends there and the rest
    is another parameter (a parameter also sent properly wins)."""
    repaired: dict[str, Any] = {}
    recovered: dict[str, Any] = {}
    for key, value in values.items():
        name = "not" + key[1:] if key.startswith(_NOT_SIGN) else key
        if isinstance(value, str) and _NOT_SIGN in value:
            value, *rest = value.split(_NOT_SIGN)
            for part in rest:
                extra, _, extra_value = part.partition("=")
                recovered.setdefault("not" + extra, extra_value)
        repaired[name] = value
    return {**recovered, **repaired}


@dataclass(frozen=True)
class Call:
    params: Params
    account: Account
    version: str

    def required(self, name: str) -> str:
        value = (self.params.text(name) or "").strip()
        if not value:
            raise MissingParameter(name)
        return value

    def optional(self, name: str) -> str | None:
        """The parameter as sent (None when absent)."""
        return self.params.text(name)

    def yes_no(self, name: str) -> bool | None:
        """yes/no in any letter case (also true/false, 1/0); blank is absent."""
        value = (self.params.text(name) or "").strip()
        if not value:
            return None
        flag = yes_no_word(value)
        if flag is None:
            raise InvalidInput(f"{name} must be yes or no")
        return flag


async def begin(request: Request, session: AsyncSession) -> Call:
    """Reads the parameters, settles the answer's format and the API version,
    and authenticates ``apikey``, in that order (so even a refused key is
    answered in the format asked for). A key in the query string is checked
    before the body is parsed: a request without a valid key costs nothing."""
    setattr(request.state, _STATE, _format_of(request.query_params.get("format")))
    query_key = (request.query_params.get("apikey") or "").strip()
    account = await authenticate_api_key(session, query_key) if query_key else None
    params = declared(request, Params(repair_entities((await read_params(request)).values)))
    fmt = (params.text("format") or "").strip().lower()
    setattr(request.state, _STATE, _format_of(fmt))
    if fmt and fmt not in FORMATS:
        raise InvalidInput("format must be json or xml")
    version = (params.text("ver") or "").strip() or DEFAULT_VERSION
    version = {"1": "1.0"}.get(version, version)
    if version not in VERSIONS:
        raise InvalidInput(f"Unknown API version {version!r}: use {', '.join(VERSIONS)}")
    key = (params.text("apikey") or "").strip()
    if not key:
        raise MissingParameter("apikey")
    if account is None or key != query_key:  # a key in the body wins over the query's
        account = await authenticate_api_key(session, key)
    return Call(params=params, account=account, version=version)
