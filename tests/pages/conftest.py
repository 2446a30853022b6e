"""Browser tests: Playwright drives Debian's Chromium (never a downloaded
browser), one browser per test process; each test opens its own contexts (a
context is one person: its own cookies and storage). Screenshots go to
``.ci/artifacts/`` (git-ignored), where CI keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / ".ci" / "artifacts"
# What a page may take to show what a test expects: Playwright's 5 s default is
# short for a loaded machine (two test processes, two browsers, a database).
EXPECT_TIMEOUT_MS = 20_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module. Not for the session: Playwright's sync API
    keeps an event loop running on the main thread while it is started, and
    `tests.conftest.in_database` (asyncio.run) fails beside it — so a test
    asks for ``browser`` after the fixtures that write to the database, and
    the tests after this module find the thread free again."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def screenshot(page: Page, name: str) -> Path:
    """Saves what ``page`` shows as ``.ci/artifacts/<name>.png``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
