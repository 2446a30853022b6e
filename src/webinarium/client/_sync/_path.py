# Written by tools/unasync_sdk.py from _async/_path.py:
# change that file, then `make sdk`.
"""The clients whose calls are a method and a path under their API's path
(BigMarker, the native API)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webinarium.client._base import Params, SyncClient


class PathClient(SyncClient):
    """A client whose calls are ``request(method, path, …)``."""

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Any call, ``path`` under the client's API path (``"conferences/123"``):
        the answer's JSON (None for 204). ``files``: multipart fields, as httpx
        takes them (``{"file": ("deck.pdf", b"…")}``)."""
        return self._send(
            method, path, params=params, json=json, data=data, files=files, idempotent=idempotent
        )
