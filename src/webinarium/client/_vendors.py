"""The vendors' APIs over the same core: `BigMarker`, `MyOwnConference`,
`Boomstream` and their async twins. Each places the key where its vendor does
and reads its vendor's refusals (`_dialects`). This part of the SDK has
`request` only; typed methods for every operation come next.
"""

from __future__ import annotations

import json as json_
from collections.abc import Mapping
from typing import Any

from webinarium.client._base import (
    AsyncClient,
    AsyncPathClient,
    BaseClient,
    Params,
    PathClient,
    SyncClient,
)
from webinarium.client._dialects import BIGMARKER, BOOMSTREAM, MYOWNCONFERENCE
from webinarium.client._exceptions import APIError


class BigMarker(PathClient):
    """BigMarker v1 (docs/bigmarker.md): the key in the ``API-KEY`` header."""

    dialect = BIGMARKER


class AsyncBigMarker(AsyncPathClient):
    """BigMarker v1 for asyncio."""

    dialect = BIGMARKER


class _MyOwnConferenceCall(BaseClient):
    """Every call is ``POST /`` with a form field ``request``: the JSON
    ``{"key", "action", "params"}``."""

    dialect = MYOWNCONFERENCE

    def _form(self, action: str, params: Mapping[str, Any] | list[Any] | None) -> dict[str, str]:
        call = {"key": self.api_key, "action": action, "params": params or {}}
        return {"request": json_.dumps(call, ensure_ascii=False)}

    @staticmethod
    def _response_of(answer: Any) -> Any:
        """The answer's ``response`` (a base URL that is no MyOwnConference
        server answers something else)."""
        if not isinstance(answer, dict) or "response" not in answer:
            raise APIError("the answer is not MyOwnConference's {request, response}")
        return answer["response"]


class MyOwnConference(_MyOwnConferenceCall, SyncClient):
    """MyOwnConference (docs/myownconference.md): the key in the request's JSON.
    Calls are POSTs, so they are retried only with ``idempotent=True`` (the
    actions that only read)."""

    def request(
        self,
        action: str,
        params: Mapping[str, Any] | list[Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        """Any action (``"webinarsList"``): the answer's ``response``."""
        answer = self._send("POST", "", data=self._form(action, params), idempotent=idempotent)
        return self._response_of(answer)


class AsyncMyOwnConference(_MyOwnConferenceCall, AsyncClient):
    """MyOwnConference for asyncio."""

    async def request(
        self,
        action: str,
        params: Mapping[str, Any] | list[Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        """Any action (``"webinarsList"``): the answer's ``response``."""
        answer = await self._send(
            "POST", "", data=self._form(action, params), idempotent=idempotent
        )
        return self._response_of(answer)


def _boomstream_params(params: Params | None) -> dict[str, Any]:
    # JSON answers unless the caller asks for XML (then the answer is its text).
    return {"format": "json", **(params or {})}


class Boomstream(SyncClient):
    """Boomstream (docs/boomstream.md): the key in the ``apikey`` parameter.
    GET calls are retried; pass ``idempotent=False`` for one that creates."""

    dialect = BOOMSTREAM

    def request(
        self,
        method: str,
        params: Params | None = None,
        *,
        http_method: str = "GET",
        idempotent: bool | None = None,
    ) -> Any:
        """Any method (``"list"``, ``"info"``): the answer (``Status`` and the rest)."""
        return self._send(
            http_method, method, params=_boomstream_params(params), idempotent=idempotent
        )


class AsyncBoomstream(AsyncClient):
    """Boomstream for asyncio."""

    dialect = BOOMSTREAM

    async def request(
        self,
        method: str,
        params: Params | None = None,
        *,
        http_method: str = "GET",
        idempotent: bool | None = None,
    ) -> Any:
        """Any method (``"list"``, ``"info"``): the answer (``Status`` and the rest)."""
        return await self._send(
            http_method, method, params=_boomstream_params(params), idempotent=idempotent
        )
