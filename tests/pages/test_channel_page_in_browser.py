"""The channel page and a webinar page in Russian, in Chromium (a module of
its own: its account is made before the module's browser starts, see
tests/pages/conftest.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import Tenant, create_tenant
from tests.pages.conftest import screenshot
from tests.pages.helpers import bigmarker_webinar, local_path
from tests.pages.test_registration_page_in_browser import DESKTOP, PHONE, _open, visitor
from webinarium.settings import Settings


@pytest.fixture(scope="module")
def tenant(settings: Settings) -> Tenant:
    """An account of its own: the shared ones' channels fill their first pages
    with other tests' webinars. Module-scoped, so it is made before the browser."""
    return create_tenant(settings, "Channel page")


def test_the_channel_page_and_a_russian_page(
    http: httpx.Client, server_url: str, tenant: Tenant, browser: Browser
) -> None:
    bigmarker_webinar(http, tenant, title="Channel: first", starts_in=timedelta(days=1))
    russian = bigmarker_webinar(
        http,
        tenant,
        title="Вебинар по-русски",
        purpose="Описание вебинара.",
        display_language="ru",
        starts_in=timedelta(days=4),
        custom_fields=[{"field_name": "Должность", "required": True}],
    )

    for name, options in (("", DESKTOP), ("-phone", PHONE)):
        with visitor(browser, **options) as page:
            _open(page, server_url, f"/{tenant.channel_url}")
            expect(page.get_by_role("link", name="Channel: first")).to_be_visible()
            screenshot(page, f"public-channel{name}")
        with visitor(browser, locale="ru-RU", timezone_id="Europe/Moscow", **options) as page:
            _open(page, server_url, local_path(russian["conference_address"]))
            expect(page.get_by_role("button", name="Зарегистрироваться")).to_be_visible()
            assert page.locator("html").get_attribute("lang") == "ru"
            screenshot(page, f"public-russian{name}")
