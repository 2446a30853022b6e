# Written by tools/unasync_sdk.py from _async/bigmarker.py: change that file, then `make sdk`.
"""`BigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header."""

from __future__ import annotations

from functools import cached_property

from webinarium.client._dialects import BIGMARKER
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_channels import Channels, Subscribers


class BigMarker(PathClient):
    """BigMarker v1: ``BigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER

    # Channels and the rest (bigmarker_channels, bigmarker_reports).
    @cached_property
    def channels(self) -> Channels:
        return Channels(self)

    @cached_property
    def subscribers(self) -> Subscribers:
        return Subscribers(self)
