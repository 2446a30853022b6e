"""What the public pages' tests share: the form's parts as the server wrote
them, a webinar made with settings, registering through the page, bodies that
are no readable form."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.accounts.service import get_account
from webinarium.conferences import lifecycle
from webinarium.conferences.service import get_conference
from webinarium.kit.actors import Actor
from webinarium.models import Registration
from webinarium.settings import Settings

# Bodies Starlette cannot read as a form: a multipart without its boundary,
# and more fields than a form may have (api.limits.MAX_FORM_FIELDS).
UNREADABLE_FORMS: list[tuple[dict[str, Any], int, str]] = [
    (
        {"content": b"garbage", "headers": {"content-type": "multipart/form-data"}},
        400,
        "the form cannot be read",
    ),
    ({"data": {f"f{i}": "x" for i in range(1001)}}, 413, "at most 1000 fields"),
]


def api_names(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, str]:
    """The conference's custom fields: api name by field name."""
    fields = http.get(
        f"/api/v1/conferences/custom_fields/{conference_id}", headers=tenant.headers
    ).json()
    return {f["field_name"]: f["api_name"] for f in fields}


def problem_of(page: httpx.Response, name: str) -> str | None:
    """The problem the page shows beside input ``name``: the text of the
    element its aria-describedby names (None: the input is not marked invalid)."""
    tag = re.search(rf'<(?:input|select|textarea)[^>]* name="{re.escape(name)}"[^>]*>', page.text)
    assert tag is not None, (name, page.text)
    described = re.search(r'aria-describedby="([^"]+)"', tag.group(0))
    if described is None:
        assert 'aria-invalid="true"' not in tag.group(0)
        return None
    assert 'aria-invalid="true"' in tag.group(0)
    found = re.search(rf'<p class="error" id="{described.group(1)}">(.*?)</p>', page.text, re.S)
    assert found is not None, page.text
    return unescape(found.group(1)).strip()


def registrations(settings: Settings, conference_id: str) -> list[Registration]:
    async def read(session: AsyncSession) -> list[Registration]:
        rows = await session.scalars(
            select(Registration).where(Registration.conference_id == conference_id)
        )
        return list(rows)

    return in_database(settings, read)


def cancel(settings: Settings, tenant: Tenant, conference_id: str) -> None:
    async def work(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        conference = await get_conference(session, account, conference_id)
        await lifecycle.cancel(session, account, conference, by=Actor("api"))

    in_database(settings, work)


def register_on_page(http: httpx.Client, address: str, **form: Any) -> httpx.Response:
    return http.post(address, data=form, follow_redirects=False)
