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
from typing import Any

from webinarium.client._answers import M, parse
from webinarium.client._base import AsyncClient, Params
from webinarium.client._boomstream import boomstream_params, fields_of, yes_no
from webinarium.client._dialects import BOOMSTREAM
from webinarium.client._exceptions import APIError
from webinarium.client.models.boomstream import (
    Client,
    Conference,
    ConferenceCreated,
    Invitation,
    Result,
)


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
            yield parse(model, item)


class AsyncConferences(_Resource):
    """The conference methods (``code``: the conference's code, a UUID)."""

    def list(self) -> AsyncIterator[Conference]:
        """``list``: every conference (title, code, description)."""
        return self._items("list", {}, "conferences", Conference)

    async def info(self, code: str) -> Conference:
        """``info``: the conference, and the API's ``Version`` / ``Versions``."""
        return parse(Conference, await self._call("info", {"code": code}))

    async def create(
        self, *, title: str, description: str | None = None, folderCode: str | None = None
    ) -> ConferenceCreated:
        """``create`` (a GET, not retried: a lost answer may have created it)."""
        params = {"title": title, "description": description, "folderCode": folderCode}
        return parse(ConferenceCreated, await self._call("create", params, idempotent=False))

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
        return parse(Conference, await self._call("update", params))

    async def delete(self, code: str) -> Result:
        """``delete``: with its clients (every link stops working)."""
        return parse(Result, await self._call("delete", {"code": code}))

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
            "notifyEmail": yes_no(notifyEmail),
            "moderator": yes_no(moderator),
            "avatarUrl": avatarUrl,
        }
        return parse(Invitation, await self._call("invite", params, idempotent=False))


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
        return parse(Client, fields)

    async def update(
        self,
        code: str,
        *,
        email: str | None = None,
        name: str | None = None,
        moderator: bool | None = None,
    ) -> Result:
        """``client/update``: what is given changes."""
        params = {"code": code, "email": email, "name": name, "moderator": yes_no(moderator)}
        return parse(Result, await self._call("client/update", params))

    async def delete(self, code: str) -> Result:
        """``client/delete``: the invitation withdrawn."""
        return parse(Result, await self._call("client/delete", {"code": code}))
