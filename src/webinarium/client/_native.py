"""What the native API's resources (`_async/native.py`) share that needs no
asyncio."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from urllib.parse import quote


def path_of(*parts: str) -> str:
    """A path whose ids are escaped (an id is one segment whatever it holds)."""
    return "/".join(quote(part, safe="") for part in parts)


def event_type_list(given: Sequence[str] | Literal["all"] | None) -> list[str] | str | None:
    return given if given is None or isinstance(given, str) else list(given)
