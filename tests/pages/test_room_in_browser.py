"""The room page in Debian's Chromium: a host and two attendees, each in a
browser context of their own, through a webinar from its waiting room to its
end. Their links come from the real APIs (BigMarker's enter and register), the
bot and the chat lock from MyOwnConference's, and the page speaks the room
protocol to the test server like any browser would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, create_tenant
from tests.pages.conftest import screenshot
from tests.room.helpers import make_room
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

WAIT_MS = 15_000
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
T = TypeVar("T")


def _beside_the_browser(work: Callable[..., T], *args: Any) -> T:
    """Runs ``work`` (which starts an event loop of its own: `in_database`) in
    another thread: Playwright's synchronous API keeps one running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args).result()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts a test opens (one per person), closed after it."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def _open(
    contexts: list[BrowserContext],
    browser: Browser,
    server_url: str,
    link: str,
    viewport: dict[str, int] = LAPTOP,
) -> Page:
    """Opens a personal link on the test server. The link names the public URL
    of the settings, not the test server: its path and query are what count."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    # A page that would run injected script would open a dialog: none may appear.
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    address = urlsplit(link)
    page.goto(f"{server_url}{address.path}?{address.query}")
    return page


def _email(name: str) -> str:
    return f"{name.lower()}-{new_id()}@example.test"


def _enter_uri(http: httpx.Client, tenant: Tenant, conference_id: str, **fields: Any) -> str:
    response = http.post(
        "/api/v1/conferences/enter", headers=tenant.headers, json={"id": conference_id, **fields}
    )
    assert response.status_code == 200, response.text
    uri: str = response.json()["enter_uri"]
    return uri


def _host_link(http: httpx.Client, tenant: Tenant, conference_id: str) -> str:
    """The organiser's own e-mail with role moderator: the host."""
    return _enter_uri(
        http,
        tenant,
        conference_id,
        attendee_name="Hanna Host",
        attendee_email=tenant.email,
        role="moderator",
    )


def _registrant_link(http: httpx.Client, tenant: Tenant, conference_id: str, first: str) -> str:
    """Registers someone through BigMarker; their personal enter_url."""
    email = _email(first)
    registered = http.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        data={"id": conference_id, "email": email, "first_name": first, "last_name": "Reed"},
    )
    assert registered.status_code == 200, registered.text
    listed = http.get(
        f"/api/v1/conferences/registrations/{conference_id}",
        headers=tenant.headers,
        params={"email": email},
    )
    assert listed.status_code == 200, listed.text
    (registration,) = listed.json()["registrations"]
    link: str = registration["enter_url"]
    return link


def _only_alias(http: httpx.Client, tenant: Tenant) -> str:
    """MyOwnConference's name of the account's one webinar, from webinarsList."""
    (listed,) = ok(http, tenant, "webinarsList", {})
    alias: str = listed["alias"]
    return alias


def _say(page: Page, text: str) -> None:
    page.locator("#chat-text").fill(text)
    page.locator("#chat-send").click()
    expect(page.locator("#chat-text")).to_have_value("")


def _message(page: Page, text: str) -> Any:
    return page.locator("#messages .message", has_text=text)


def _question(page: Page, text: str) -> Any:
    return page.locator("#questions .question", has_text=text)


def test_a_webinar_from_waiting_room_to_exit(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    browser: Browser,
    contexts: list[BrowserContext],
) -> None:
    # An account of its own: its one webinar is this one (MyOwnConference's list).
    alice = _beside_the_browser(create_tenant, settings, "Northwind Events")
    conference_id = _beside_the_browser(make_room, settings, alice)
    exit_address = f"{server_url}/"
    host = _open(contexts, browser, server_url, _host_link(http, alice, conference_id))
    ann = _open(
        contexts,
        browser,
        server_url,
        _registrant_link(http, alice, conference_id, "Ann"),
        viewport=PHONE,
    )
    ben_link = _enter_uri(
        http,
        alice,
        conference_id,
        attendee_name="Ben Bright",
        attendee_email=_email("Ben"),
        exit_uri=exit_address,
    )
    ben = _open(contexts, browser, server_url, ben_link)
    everyone = (host, ann, ben)

    # The waiting room: a countdown to the start (five minutes away); Start for the host only.
    for page in (ann, ben):
        expect(page.locator("body")).to_have_attribute("data-status", "waiting")
        expect(page.locator("body")).to_have_attribute("data-role", "attendee")
        expect(page.locator("#countdown")).to_have_text(re.compile(r"^0[45]:[0-5][0-9]$"))
        expect(page.locator("#start")).to_be_hidden()
    expect(host.locator("body")).to_have_attribute("data-role", "moderator")
    expect(ann.locator("#count")).to_have_text("3")
    screenshot(ben, "room-waiting")

    host.get_by_role("button", name="Start webinar").click()

    for page in everyone:
        expect(page.locator("body")).to_have_attribute("data-status", "live")
    expect(ann.locator("#end")).to_be_hidden()
    expect(host.locator("#end")).to_be_visible()
    # The staff see who is in the room; attendees only the count.
    expect(host.locator("#members li")).to_have_count(3)
    expect(ann.locator("#members")).to_be_hidden()

    # Chat both ways, with who wrote it.
    _say(ann, "Hello from Ann")
    for page in (host, ben):
        expect(_message(page, "Hello from Ann").locator(".name")).to_have_text("Ann Reed")
    _say(host, "Welcome, everyone")
    expect(_message(ann, "Welcome, everyone").locator(".badge")).to_have_text("host")

    # A question, upvoted once, answered.
    ben.locator("#qa-text").fill("Will the slides be shared?")
    ben.get_by_role("button", name="Ask").click()
    question = _question(ann, "Will the slides be shared?")
    question.locator(".vote").click()
    expect(question.locator(".votes")).to_have_text("1")
    expect(question.locator(".vote")).to_be_disabled()
    expect(_question(ben, "Will the slides be shared?").locator(".votes")).to_have_text("1")
    host_question = _question(host, "Will the slides be shared?")
    host_question.get_by_role("button", name="Answer").click()
    host_question.get_by_label("Your answer").fill("Yes, after the webinar")
    host_question.get_by_role("button", name="Send answer").click()
    for page in everyone:
        answer = _question(page, "Will the slides be shared?").locator(".answer")
        expect(answer).to_contain_text("Yes, after the webinar")

    # A bot through MyOwnConference's automation API: labelled a bot everywhere.
    alias = _only_alias(http, alice)
    bot = ok(
        http, alice, "webinarsAddBotToRoom", {"alias": alias, "name": "Robin", "country": "DE"}
    )
    ok(http, alice, "webinarsBotMessage", {"alias": alias, "bot": bot["id"], "text": "Beep, hi"})
    for page in everyone:
        expect(_message(page, "Beep, hi").locator(".badge")).to_have_text("bot")
    expect(host.locator('#members li[data-role="bot"] .badge')).to_have_text("bot")

    screenshot(host, "room")
    screenshot(ann, "room-phone")

    # The chat locked from the API: attendees' composer says so; the host may still write.
    ok(http, alice, "webinarsLockChat", {"alias": alias})
    for page in (ann, ben):
        expect(page.locator("#chat-text")).to_be_disabled()
        expect(page.locator("#chat-locked-note")).to_have_text("Chat is locked.")
    expect(host.locator("#chat-text")).to_be_enabled()
    expect(host.get_by_role("button", name="Unlock chat")).to_be_visible()

    # Finished from the API: everyone sees the end; Ben goes to his exit address.
    ok(http, alice, "webinarsFinish", {"alias": alias})
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "ended")
        expect(page.locator("#end-title")).to_have_text("This webinar has ended")
    expect(ben).to_have_url(exit_address, timeout=WAIT_MS)
    expect(ben.locator("h1")).to_have_text("Webinarium")


def test_chat_text_is_shown_as_text(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    browser: Browser,
    contexts: list[BrowserContext],
) -> None:
    alice = _beside_the_browser(create_tenant, settings, "Northwind Events")
    conference_id = _beside_the_browser(make_room, settings, alice)
    host = _open(contexts, browser, server_url, _host_link(http, alice, conference_id))
    ann = _open(contexts, browser, server_url, _registrant_link(http, alice, conference_id, "Ann"))
    host.get_by_role("button", name="Start webinar").click()
    expect(ann.locator("body")).to_have_attribute("data-status", "live")
    hostile = "<img src=x onerror=alert(1)><b>bold</b>"

    _say(ann, hostile)
    ann.locator("#qa-text").fill(hostile)
    ann.get_by_role("button", name="Ask").click()

    for page in (host, ann):
        expect(page.locator("#messages .message .text")).to_have_text(hostile)
        expect(page.locator("#questions .question .text")).to_have_text(hostile)
        expect(page.locator("#messages img, #messages b, #questions img")).to_have_count(0)
