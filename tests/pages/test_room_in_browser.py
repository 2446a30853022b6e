"""The room page in Debian's Chromium: a host and two attendees, each in a
browser context of their own, through a webinar from its waiting room to its
end. Their links come from the real APIs (BigMarker's enter and register), the
bot and the chat lock from MyOwnConference's, and the page speaks the room
protocol to the test server like any browser would."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from tests.api.myownconference.helpers import ok
from tests.conftest import Tenant, create_tenant
from tests.pages.conftest import screenshot
from tests.room.conftest import RoomServer
from tests.room.helpers import make_room
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

WAIT_MS = 15_000
LAPTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
T = TypeVar("T")


def _beside_the_browser(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Runs ``work`` (which starts an event loop of its own: `in_database`) in
    another thread: Playwright's synchronous API keeps one running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args, **kwargs).result()


class People:
    """The people of a test, each in a browser context of their own (own
    cookies, own socket). Dialogs their pages open are recorded; a confirm
    (ending the webinar, removing someone) is accepted."""

    def __init__(self, browser: Browser, server_url: str) -> None:
        self.browser = browser
        self.server_url = server_url
        self.contexts: list[BrowserContext] = []
        self.dialogs: list[tuple[str, str]] = []

    def open(self, link: str, viewport: dict[str, int] = LAPTOP) -> Page:
        """Opens a personal link on the test server. The link names the public
        URL of the settings, not the test server: its path and query count."""
        context = self.browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.on("dialog", self._dialog)
        address = urlsplit(link)
        page.goto(f"{self.server_url}{address.path}?{address.query}")
        return page

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append((dialog.type, dialog.message))
        if dialog.type == "confirm":
            dialog.accept()
        else:
            dialog.dismiss()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def people(browser: Browser, server_url: str) -> Iterator[People]:
    opened = People(browser, server_url)
    yield opened
    opened.close()


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


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return dict(box)


def _question(page: Page, text: str) -> Any:
    return page.locator("#questions .question", has_text=text)


def test_a_webinar_from_waiting_room_to_exit(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    people: People,
) -> None:
    # An account of its own: its one webinar is this one (MyOwnConference's list).
    tenant = _beside_the_browser(create_tenant, settings, "Northwind Events")
    conference_id = _beside_the_browser(make_room, settings, tenant)
    exit_address = f"{server_url}/"
    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(
        _registrant_link(http, tenant, conference_id, "Ann"),
        viewport=PHONE,
    )
    ben_link = _enter_uri(
        http,
        tenant,
        conference_id,
        attendee_name="Ben Bright",
        attendee_email=_email("Ben"),
        exit_uri=exit_address,
    )
    ben = people.open(ben_link)
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
    alias = _only_alias(http, tenant)
    bot = ok(
        http, tenant, "webinarsAddBotToRoom", {"alias": alias, "name": "Robin", "country": "DE"}
    )
    ok(http, tenant, "webinarsBotMessage", {"alias": alias, "bot": bot["id"], "text": "Beep, hi"})
    for page in everyone:
        expect(_message(page, "Beep, hi").locator(".badge")).to_have_text("bot")
    expect(host.locator('#members li[data-role="bot"] .badge')).to_have_text("bot")

    # On a laptop the chat is a column beside the stage; on a phone it comes under it.
    host_stage, host_chat = _box(host, "#stage"), _box(host, ".chat")
    assert host_chat["x"] >= host_stage["x"] + host_stage["width"]
    phone_stage, phone_chat = _box(ann, "#stage"), _box(ann, ".chat")
    assert phone_chat["y"] >= phone_stage["y"] + phone_stage["height"]
    assert phone_chat["x"] + phone_chat["width"] <= PHONE["width"]
    screenshot(host, "room")
    screenshot(ann, "room-phone")

    # The chat locked from the API: attendees' composer says so; the host may still write.
    ok(http, tenant, "webinarsLockChat", {"alias": alias})
    for page in (ann, ben):
        expect(page.locator("#chat-text")).to_be_disabled()
        expect(page.locator("#chat-locked-note")).to_have_text("Chat is locked.")
    expect(host.locator("#chat-text")).to_be_enabled()
    expect(host.get_by_role("button", name="Unlock chat")).to_be_visible()

    # Finished from the API: everyone sees the end; Ben goes to his exit address.
    ok(http, tenant, "webinarsFinish", {"alias": alias})
    for page in (host, ann):
        expect(page.locator("body")).to_have_attribute("data-status", "ended")
        expect(page.locator("#end-title")).to_have_text("This webinar has ended")
    expect(ben).to_have_url(exit_address, timeout=WAIT_MS)
    expect(ben.locator("h1")).to_have_text("Webinarium")
    assert people.dialogs == []


def test_chat_text_is_shown_as_text(
    http: httpx.Client,
    server_url: str,
    settings: Settings,
    people: People,
) -> None:
    alice = _beside_the_browser(create_tenant, settings, "Northwind Events")
    conference_id = _beside_the_browser(make_room, settings, alice)
    host = people.open(_host_link(http, alice, conference_id))
    ann = people.open(_registrant_link(http, alice, conference_id, "Ann"))
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
    assert people.dialogs == []


def _ask(page: Page, text: str) -> None:
    page.locator("#qa-text").fill(text)
    page.get_by_role("button", name="Ask").click()
    expect(page.locator("#qa-text")).to_have_value("")


def test_moderating_from_the_page(
    http: httpx.Client, server_url: str, settings: Settings, people: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Northwind Events")
    conference_id = _beside_the_browser(make_room, settings, tenant, moderate_questions=True)
    host = people.open(_host_link(http, tenant, conference_id))
    ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"))
    ben = people.open(_registrant_link(http, tenant, conference_id, "Ben"))
    host.get_by_role("button", name="Start webinar").click()
    for page in (ann, ben):
        expect(page.locator("body")).to_have_attribute("data-status", "live")

    # A message only to the hosts: the host sees it marked, Ben never does.
    ann.get_by_label("Only to the hosts").check()
    _say(ann, "Psst, the sound is low")
    expect(_message(host, "Psst, the sound is low").locator(".tag")).to_have_text("to the hosts")
    ann.get_by_label("Only to the hosts").uncheck()
    _say(ann, "Everyone: hello")
    expect(_message(ben, "Everyone: hello")).to_have_count(1)
    expect(_message(ben, "Psst")).to_have_count(0)

    # A deleted message leaves every page.
    _say(ben, "Buy cheap watches")
    expect(_message(ann, "Buy cheap watches")).to_have_count(1)
    _message(host, "Buy cheap watches").get_by_role("button", name="Delete").click()
    for page in (host, ann, ben):
        expect(_message(page, "Buy cheap watches")).to_have_count(0)

    # Links locked from the page: an attendee's link is refused inline.
    host.get_by_role("button", name="Lock links").click()
    expect(host.get_by_role("button", name="Allow links")).to_be_visible()
    ann.locator("#chat-text").fill("see https://example.com")
    ann.locator("#chat-send").click()
    expect(ann.locator("#chat-error")).to_have_text("Links are not allowed in the chat right now.")
    host.get_by_role("button", name="Allow links").click()
    expect(ann.locator("#chat-locked-note")).to_be_hidden()

    # Moderated Q&A: pending for the asker and the host, published on approval.
    _ask(ann, "Is there a recording?")
    expect(_question(ann, "Is there a recording?").locator(".pending-tag")).to_be_visible()
    pending = _question(host, "Is there a recording?")
    expect(pending.locator(".pending-tag")).to_be_visible()
    _ask(host, "A question from the host")
    expect(_question(ben, "A question from the host")).to_have_count(1)
    expect(_question(ben, "Is there a recording?")).to_have_count(0)
    pending.get_by_role("button", name="Approve").click()
    expect(_question(ben, "Is there a recording?")).to_have_count(1)
    expect(_question(ben, "Is there a recording?").locator(".pending-tag")).to_have_count(0)
    _question(host, "A question from the host").get_by_role("button", name="Dismiss").click()
    expect(_question(ben, "A question from the host")).to_have_count(0)

    # Ben removed from the People panel: his page says so, and he is off the list.
    host.get_by_role("button", name="Remove Ben Reed from the room").click()
    expect(ben.locator("#end-title")).to_have_text("You have been removed from this room")
    expect(host.locator("#members li", has_text="Ben Reed")).to_have_count(0)
    assert [kind for kind, _ in people.dialogs] == ["confirm"]


def test_a_dropped_socket_resumes_where_it_left(
    http: httpx.Client, settings: Settings, browser: Browser
) -> None:
    """A server that closes sockets silent for a second: the page reconnects
    with ``since`` and shows what was said while it was away, once."""
    server = RoomServer(settings, room_idle_seconds=1.0).start()
    people = People(browser, server.url)
    try:
        tenant = _beside_the_browser(create_tenant, settings, "Northwind Events")
        # Begun a minute ago: live without anyone starting it.
        conference_id = _beside_the_browser(
            make_room, settings, tenant, starts_in=-timedelta(minutes=1)
        )
        sockets: list[str] = []
        ann = people.open(_registrant_link(http, tenant, conference_id, "Ann"))
        ann.on("websocket", lambda socket: sockets.append(socket.url))
        expect(ann.locator("body")).to_have_attribute("data-status", "live")
        alias = _only_alias(http, tenant)
        bot = ok(
            http, tenant, "webinarsAddBotToRoom", {"alias": alias, "name": "Robin", "country": "DE"}
        )
        lines = [f"Line {n}" for n in range(4)]
        for line in lines:
            ok(http, tenant, "webinarsBotMessage", {"alias": alias, "bot": bot["id"], "text": line})
            # Apart by more than the server's patience: some land while the page is away.
            ann.wait_for_timeout(700)
        for line in lines:
            expect(_message(ann, line)).to_have_count(1)
        expect(ann.locator("#messages .message")).to_have_count(len(lines))
        assert any("&since=" in url for url in sockets), sockets
    finally:
        people.close()
        server.stop()


def test_too_early_the_link_says_when_the_room_opens(
    http: httpx.Client, settings: Settings, people: People
) -> None:
    tenant = _beside_the_browser(create_tenant, settings, "Northwind Events")
    # Attendees may enter 15 minutes before the start: two hours is too early.
    conference_id = _beside_the_browser(make_room, settings, tenant, starts_in=timedelta(hours=2))
    link = _registrant_link(http, tenant, conference_id, "Ann")
    ann = people.open(link)

    expect(ann.locator("main.not-open")).to_contain_text("The room is not open yet. It opens at")
    # The page opens the room by itself at that moment, and keeps the way back.
    expect(ann.locator("time[data-reload-at]")).to_have_count(1)
    expect(ann.locator("a.personal-link")).to_contain_text("?token=")
    expect(ann.locator("meta[name=webinarium-ticket]")).to_have_count(0)
