"""The confirmation page of a registration the organiser must approve
(``registration_approval``): it says so, in English and Russian, with no
personal link, no "Enter now" and no calendar file; once approved it is the
usual confirmation; once denied it says the registration was not approved."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.pages.helpers import bigmarker_webinar, email, local_path, personal_link_of
from tests.pages.public_pages import register_on_page, registrations
from webinarium.accounts.service import get_account
from webinarium.kit.time import utcnow
from webinarium.models import Registration
from webinarium.registrations import approval
from webinarium.settings import Settings


def _decide(settings: Settings, tenant: Tenant, registration_id: str, approve: bool) -> None:
    async def work(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        registration = await session.get(Registration, registration_id)
        assert registration is not None
        if approve:
            await approval.approve(session, settings, account, registration, utcnow())
        else:
            await approval.deny(session, account, registration)

    in_database(settings, work)


def _register(http: httpx.Client, address: str) -> str:
    """The confirmation page's path of a new registration on ``address``."""
    sent = register_on_page(http, address, first_name="Ap", last_name="Proval", email=email("ap"))
    assert sent.status_code == 303, sent.text
    location: str = sent.headers["location"]
    return location


def _assert_no_way_in(page: httpx.Response) -> None:
    assert page.status_code == 200, page.text
    assert 'id="personal-link"' not in page.text
    assert "calendar.ics" not in page.text
    assert "?token=" not in page.text
    assert 'class="confirmed"' not in page.text


def test_a_pending_registration_awaits_approval_then_gets_its_link(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    # Starting soon: an approved registration may enter now.
    webinar = bigmarker_webinar(
        http, fresh_tenant, starts_in=timedelta(minutes=5), registration_approval=True
    )
    address = local_path(webinar["conference_address"])
    confirmation = _register(http, address)

    pending = http.get(confirmation)
    _assert_no_way_in(pending)
    text = unescape(pending.text)
    assert "Your registration awaits the organiser's approval" in text
    assert "you will get an e-mail with your personal link" in pending.text
    assert "Enter now" not in pending.text
    assert "<title>Awaiting the organiser's approval · Links webinar" in text
    assert pending.headers["cache-control"] == "no-store"
    calendar = http.get(confirmation.replace("/registered?", "/calendar.ics?"))
    assert calendar.status_code == 403
    assert "BEGIN:VCALENDAR" not in calendar.text

    russian = http.get(confirmation, headers={"Accept-Language": "ru"})
    _assert_no_way_in(russian)
    assert "Ваша регистрация ожидает подтверждения организатора" in russian.text
    assert "вы получите письмо с личной ссылкой" in russian.text

    (registration,) = registrations(settings, webinar["id"])
    _decide(settings, fresh_tenant, registration.id, approve=True)
    approved = http.get(confirmation)
    assert "You are registered" in approved.text
    assert "awaits" not in approved.text
    assert "Enter now" in approved.text
    assert personal_link_of(approved).startswith(f"{address}?token=")
    calendar = http.get(confirmation.replace("/registered?", "/calendar.ics?"))
    assert calendar.status_code == 200
    assert "BEGIN:VCALENDAR" in calendar.text


def test_a_denied_registration_says_it_was_not_approved(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(
        http, fresh_tenant, starts_in=timedelta(minutes=5), registration_approval=True
    )
    confirmation = _register(http, local_path(webinar["conference_address"]))
    (registration,) = registrations(settings, webinar["id"])
    _decide(settings, fresh_tenant, registration.id, approve=False)

    denied = http.get(confirmation)
    _assert_no_way_in(denied)
    assert "The organiser did not approve your registration" in denied.text
    assert "awaits" not in denied.text
    assert "Enter now" not in denied.text
    russian = http.get(confirmation, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert "Организатор не подтвердил вашу регистрацию" in russian.text
    # Its calendar file and its link into the room: the link of a revoked registration.
    assert http.get(confirmation.replace("/registered?", "/calendar.ics?")).status_code == 401
