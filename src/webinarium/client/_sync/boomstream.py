# Written by tools/unasync_sdk.py from _async/boomstream.py: change that file, then `make sdk`.
"""`Boomstream`: the Boomstream conference API (docs/boomstream.md), the
key in the ``apikey`` parameter."""

from __future__ import annotations

from typing import Any

from webinarium.client._base import Params, SyncClient
from webinarium.client._dialects import BOOMSTREAM
from webinarium.client._shapes import boomstream_params


class Boomstream(SyncClient):
    """Boomstream: ``Boomstream(api_key=…, base_url=…)``. GET calls are
    retried; pass ``idempotent=False`` for one that creates."""

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
            http_method, method, params=boomstream_params(params), idempotent=idempotent
        )
