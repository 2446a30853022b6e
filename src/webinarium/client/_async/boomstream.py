"""`AsyncBoomstream`: the Boomstream conference API (docs/boomstream.md), the
key in the ``apikey`` parameter.

The document's ten methods are typed methods of two resources, as its URLs
group them: ``client.conferences`` (``list``, ``info``, ``create``,
``update``, ``delete``, ``invite``: ``code`` is a conference's) and
``client.clients`` (``client/list``, ``client/info``, ``client/update``,
``client/delete``: ``code`` is an invited person's, but in ``list``). The typed
methods ask for JSON and read an XML answer (Boomstream's default, from a
server that ignores ``format``) into the same models; `request` reaches any
method and returns the answer as it came.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cached_property
from typing import Any, TypeVar
from xml.etree import ElementTree

from pydantic import ValidationError

from webinarium.client._base import AsyncClient, Params
from webinarium.client._dialects import BOOMSTREAM
from webinarium.client._exceptions import APIError
from webinarium.client._shapes import boomstream_params
from webinarium.client.models._base import Model
from webinarium.client.models.boomstream import (
    Client,
    Conference,
    ConferenceCreated,
    Invitation,
    Result,
)

M = TypeVar("M", bound=Model)
# The XML elements that hold a list (one child element per item).
XML_LISTS = frozenset({"conferences", "Clients", "Versions"})


class AsyncBoomstream(AsyncClient):
    """Boomstream: ``AsyncBoomstream(api_key=…, base_url=…)``. GET calls are
    retried, but the typed ``create`` and ``invite``; pass ``idempotent=False``
    to `request` for a call that creates."""

    dialect = BOOMSTREAM

    async def request(
        self,
        method: str,
        params: Params | None = None,
        *,
        http_method: str = "GET",
        idempotent: bool | None = None,
    ) -> Any:
        """Any method (``"list"``, ``"info"``): the answer (``Status`` and the
        rest; an XML answer's text when ``format="xml"``)."""
        return await self._send(
            http_method, method, params=boomstream_params(params), idempotent=idempotent
        )

    @cached_property
    def conferences(self) -> AsyncConferences:
        return AsyncConferences(self)

    @cached_property
    def clients(self) -> AsyncClients:
        return AsyncClients(self)


def _xml_value(element: ElementTree.Element) -> Any:
    if element.tag in XML_LISTS:
        return [_xml_value(child) for child in element]
    if len(element) == 0:
        return element.text or ""
    return {child.tag: _xml_value(child) for child in element}


def fields_of(answer: Any) -> dict[str, Any]:
    """An answer's fields, whether it came as JSON (a dict) or as XML text
    (``<Response><Status>Success</Status>…</Response>``); else `APIError`."""
    if isinstance(answer, str) and answer.lstrip().startswith("<"):
        try:
            answer = _xml_value(ElementTree.fromstring(answer.strip()))
        except ElementTree.ParseError as error:
            raise APIError(f"the answer is not Boomstream's XML: {error}") from error
    if not isinstance(answer, dict):
        raise APIError(f"the answer is not Boomstream's JSON or XML: {str(answer)[:200]!r}")
    return answer


def _parse(model: type[M], fields: Any) -> M:
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        raise APIError(f"the answer is not a {model.__name__}: {error}") from error


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")


class _Resource:
    def __init__(self, client: AsyncBoomstream) -> None:
        self._client = client

    async def _call(
        self, method: str, params: Params, *, idempotent: bool | None = None
    ) -> dict[str, Any]:
        return fields_of(await self._client.request(method, params, idempotent=idempotent))

    async def _items(
        self, method: str, params: Params, key: str, model: type[M]
    ) -> AsyncIterator[M]:
        """A list's items (Boomstream's lists come whole: no pages)."""
        items = (await self._call(method, params)).get(key)
        if not isinstance(items, list):
            raise APIError(f"the answer to {method} has no list {key!r}")
        for item in items:
            yield _parse(model, item)


class AsyncConferences(_Resource):
    """The conference methods (``code``: the conference's code, a UUID)."""

    def list(self) -> AsyncIterator[Conference]:
        """``list``: every conference (title, code, description)."""
        return self._items("list", {}, "conferences", Conference)

    async def info(self, code: str) -> Conference:
        """``info``: the conference, and the API's ``Version`` / ``Versions``."""
        return _parse(Conference, await self._call("info", {"code": code}))

    async def create(
        self, *, title: str, description: str | None = None, folderCode: str | None = None
    ) -> ConferenceCreated:
        """``create`` (a GET, not retried: a lost answer may have created it)."""
        params = {"title": title, "description": description, "folderCode": folderCode}
        return _parse(ConferenceCreated, await self._call("create", params, idempotent=False))

    async def update(
        self,
        code: str,
        *,
        title: str | None = None,
        description: str | None = None,
        folderCode: str | None = None,
    ) -> Conference:
        """``update``: the parameters given change; the conference as it is now."""
        params = {
            "code": code,
            "title": title,
            "description": description,
            "folderCode": folderCode,
        }
        return _parse(Conference, await self._call("update", params))

    async def delete(self, code: str) -> Result:
        """``delete``: with its clients (every link stops working)."""
        return _parse(Result, await self._call("delete", {"code": code}))

    async def invite(
        self,
        code: str,
        *,
        email: str,
        name: str | None = None,
        timeout: int | None = None,
        notifyEmail: bool | None = None,
        moderator: bool | None = None,
        avatarUrl: str | None = None,
    ) -> Invitation:
        """``invite`` (not retried): ``timeout`` the link's lifetime in seconds;
        ``notifyEmail`` and ``moderator`` sent as yes/no."""
        params: dict[str, str | int | None] = {
            "code": code,
            "email": email,
            "name": name,
            "timeout": timeout,
            "notifyEmail": _yes_no(notifyEmail),
            "moderator": _yes_no(moderator),
            "avatarUrl": avatarUrl,
        }
        return _parse(Invitation, await self._call("invite", params, idempotent=False))


class AsyncClients(_Resource):
    """The ``client/…`` methods: people invited to a conference."""

    def list(self, code: str) -> AsyncIterator[Client]:
        """``client/list``: the conference's clients (``code``: the conference's)."""
        return self._items("client/list", {"code": code}, "Clients", Client)

    async def info(self, code: str) -> Client:
        """``client/info`` (``code``: the client's). The document does not say
        whether the client comes at the top or in ``Client``/``Clients``: all
        three are read."""
        fields = await self._call("client/info", {"code": code})
        wrapped = fields.get("Client", fields.get("Clients"))
        if isinstance(wrapped, list) and len(wrapped) == 1:
            wrapped = wrapped[0]
        if isinstance(wrapped, dict):
            fields = {"Status": fields.get("Status"), **wrapped}
        return _parse(Client, fields)

    async def update(
        self,
        code: str,
        *,
        email: str | None = None,
        name: str | None = None,
        moderator: bool | None = None,
    ) -> Result:
        """``client/update``: what is given changes."""
        params = {"code": code, "email": email, "name": name, "moderator": _yes_no(moderator)}
        return _parse(Result, await self._call("client/update", params))

    async def delete(self, code: str) -> Result:
        """``client/delete``: the invitation withdrawn."""
        return _parse(Result, await self._call("client/delete", {"code": code}))
