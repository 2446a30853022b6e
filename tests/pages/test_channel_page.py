"""A channel's public page, ``/<channel_url>``: its upcoming and live public
webinars only, paged; an unknown channel is the 404 page; the app's own
one-segment paths are never taken for a channel."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.pages.helpers import bigmarker_webinar, local_path
from tests.pages.public_pages import cancel
from webinarium.accounts.service import get_account
from webinarium.channels.service import RESERVED_URLS, create_channel
from webinarium.settings import Settings

LISTED = re.compile(r'<li class="webinar">\s*<a href="([^"]+)">([^<]*)</a>')


def _listed(page: httpx.Response) -> list[tuple[str, str]]:
    return [(href, unescape(title)) for href, title in LISTED.findall(page.text)]


def test_the_channel_lists_its_public_upcoming_and_live_webinars(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    tenant = fresh_tenant
    later = bigmarker_webinar(http, tenant, title="Later <one>", starts_in=timedelta(days=2))
    live = bigmarker_webinar(http, tenant, title="Running", starts_in=timedelta(minutes=-10))
    soon = bigmarker_webinar(http, tenant, title="Soon", starts_in=timedelta(hours=1))
    bigmarker_webinar(http, tenant, title="Private", privacy="private")
    bigmarker_webinar(http, tenant, title="Over", starts_in=timedelta(hours=-3))
    cancelled = bigmarker_webinar(http, tenant, title="Cancelled", starts_in=timedelta(days=1))
    cancel(settings, tenant, cancelled["id"])
    bigmarker_webinar(http, bob, title="Bob's")

    page = http.get(f"/{tenant.channel_url}")

    assert page.status_code == 200, page.text
    assert _listed(page) == [
        (local_path(w["conference_address"]), w["title"]) for w in (live, soon, later)
    ]
    assert "Later &lt;one&gt;" in page.text
    assert page.text.count("Live now") == 1
    start = later["start_time"].replace(" ", "T")[:16]
    assert f'<time datetime="{start}:00Z">' in page.text
    # Each link is the webinar's registration page.
    assert http.get(_listed(page)[0][0]).status_code == 200


def test_the_channel_page_is_paged(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    made = [
        bigmarker_webinar(http, fresh_tenant, title=f"W{n:02d}", starts_in=timedelta(days=1 + n))
        for n in range(21)
    ]

    first = http.get(f"/{fresh_tenant.channel_url}")
    second = http.get(f"/{fresh_tenant.channel_url}", params={"page": "2"})
    nonsense = http.get(f"/{fresh_tenant.channel_url}", params={"page": "two"})

    assert [title for _, title in _listed(first)] == [w["title"] for w in made[:20]]
    assert [title for _, title in _listed(second)] == ["W20"]
    assert 'rel="next" href="?page=2"' in first.text
    assert "Page 2 of 2" in second.text
    assert nonsense.status_code == 200
    assert _listed(nonsense) == _listed(first)


def test_an_unknown_channel_is_the_404_page(http: httpx.Client) -> None:
    page = http.get("/no-such-channel")
    assert page.status_code == 404
    assert "there is no channel at this address" in page.text


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/healthz", 200, "application/json"),
        # 503: the suite's server runs no worker.
        ("/readyz", 503, "application/json"),
        ("/docs", 200, "text/html"),
        ("/openapi.json", 200, "application/json"),
        ("/static/landing.css", 200, "text/css"),
        ("/dev/mail", 200, "text/html"),
        ("/api", 404, "text/html"),
        ("/api/v1", 404, "application/json"),
    ],
)
def test_the_apps_own_paths_are_not_channels(
    http: httpx.Client, path: str, status: int, kind: str
) -> None:
    answer = http.get(path)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(kind)
    assert "Upcoming webinars" not in answer.text


def test_a_channel_is_never_given_a_reserved_url(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    async def create(session: AsyncSession) -> list[str]:
        account = await get_account(session, fresh_tenant.account_id)
        return [
            (await create_channel(session, account, name=name)).url
            for name in ("Console", "static", "API")
        ]

    urls = in_database(settings, create)

    assert urls == ["console-2", "static-2", "api-2"]
    assert not RESERVED_URLS & set(urls)
    for url in urls:
        assert http.get(f"/{url}").status_code == 200
