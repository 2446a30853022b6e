"""The console's fixtures: the browser (tests/pages/conftest.py) for the
browser tests of this folder."""

from __future__ import annotations

from tests.pages.conftest import browser

__all__ = ["browser"]
