# Written by tools/unasync_sdk.py from _async/bigmarker.py: change that file, then `make sdk`.
"""`BigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header."""

from __future__ import annotations

from webinarium.client._dialects import BIGMARKER
from webinarium.client._sync._path import PathClient


class BigMarker(PathClient):
    """BigMarker v1: ``BigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER
