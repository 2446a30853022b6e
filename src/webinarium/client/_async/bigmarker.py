"""`AsyncBigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header."""

from __future__ import annotations

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._dialects import BIGMARKER


class AsyncBigMarker(AsyncPathClient):
    """BigMarker v1: ``AsyncBigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER
