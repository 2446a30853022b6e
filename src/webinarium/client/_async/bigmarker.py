"""`AsyncBigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header."""

from __future__ import annotations

from functools import cached_property

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._async.bigmarker_channels import AsyncChannels, AsyncSubscribers
from webinarium.client._dialects import BIGMARKER


class AsyncBigMarker(AsyncPathClient):
    """BigMarker v1: ``AsyncBigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER

    # Channels and the rest (bigmarker_channels, bigmarker_reports).
    @cached_property
    def channels(self) -> AsyncChannels:
        return AsyncChannels(self)

    @cached_property
    def subscribers(self) -> AsyncSubscribers:
        return AsyncSubscribers(self)
