"""Every personal link the APIs hand out, over HTTP: each opens the room page
with a fresh ticket, and the socket gives that ticket the right role; a link
that is not valid (tampered, for another webinar, withdrawn, unsigned) is a
clear page, never a room."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.api.boomstream.helpers import ok as boomstream_ok
from tests.conftest import Tenant
from tests.pages.helpers import (
    TICKET,
    bigmarker_enter_uri,
    bigmarker_presenter,
    bigmarker_register,
    bigmarker_webinar,
    boomstream_code,
    boomstream_invite_link,
    email,
    local_path,
    moc_moderator_link,
    moc_participant,
    moc_webinar,
    role_of_ticket,
    ticket_of,
    ws_url,
)
from tests.room.helpers import Client, make_room, register_someone
from webinarium.kit.ids import new_id
from webinarium.settings import Settings


def _address(http: httpx.Client, tenant: Tenant, conference_id: str) -> str:
    shown = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert shown.status_code == 200, shown.text
    return local_path(shown.json()["conference_address"])


def _role(http: httpx.Client, server_url: str, link: str) -> str:
    page = http.get(local_path(link))
    ticket = ticket_of(page)
    assert page.headers["cache-control"] == "no-store"
    # A ticket of its own, never the link's token.
    assert ticket not in link
    return role_of_ticket(server_url, ticket)


def _refused(http: httpx.Client, path: str, status: int) -> httpx.Response:
    page = http.get(path)
    assert page.status_code == status, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert TICKET.search(page.text) is None
    return page


def test_an_enter_link_opens_the_room_page_with_a_fresh_ticket(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference_id = make_room(settings, alice)
    registrant = register_someone(settings, alice, conference_id, "Ann")
    address = _address(http, alice, conference_id)

    page = http.get(address, params={"token": registrant.enter_token})

    assert "Room test" in page.text
    ticket = ticket_of(page)
    assert ticket.startswith("eyJ")
    assert ticket != registrant.enter_token
    assert page.headers["cache-control"] == "no-store"


def test_bigmarker_links_open_the_room_in_their_roles(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    conference_url, enter_url = bigmarker_register(http, alice, webinar["id"], email())
    presenter = bigmarker_presenter(http, alice, webinar["id"])
    moderator = bigmarker_presenter(http, alice, webinar["id"], moderator=True)

    assert _role(http, server_url, conference_url) == "attendee"
    assert _role(http, server_url, enter_url) == "attendee"
    assert _role(http, server_url, presenter["presenter_url"]) == "presenter"
    assert _role(http, server_url, moderator["presenter_url"]) == "moderator"
    assert _role(http, server_url, bigmarker_enter_uri(http, alice, webinar["id"])) == "attendee"
    # conference_url still names the registrant.
    assert parse_qs(urlsplit(conference_url).query)["bmid"][0]


def test_myownconference_links_open_the_room_in_their_roles(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = moc_webinar(http, alice)
    _, participant_link = moc_participant(http, alice, webinar["alias"])

    assert _role(http, server_url, webinar["mainModeratorLink"]) == "moderator"
    assert _role(http, server_url, moc_moderator_link(http, alice, webinar["alias"])) == "moderator"
    assert _role(http, server_url, participant_link) == "attendee"


def test_boomstream_invite_links_open_the_room_in_the_invitations_role(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    title = f"Invited {new_id()}"
    bigmarker_webinar(http, alice, title=title)
    code = boomstream_code(http, alice, title)

    moderator_link = boomstream_invite_link(http, alice, code, moderator=True)
    attendee_link = boomstream_invite_link(http, alice, code, moderator=False)

    assert _role(http, server_url, moderator_link) == "moderator"
    assert _role(http, server_url, attendee_link) == "attendee"


def test_a_withdrawn_invitation_is_a_clear_page(http: httpx.Client, alice: Tenant) -> None:
    title = f"Withdrawn {new_id()}"
    bigmarker_webinar(http, alice, title=title)
    code = boomstream_code(http, alice, title)
    link = boomstream_invite_link(http, alice, code, moderator=False)
    (client,) = boomstream_ok(http, alice, "client/list", code=code)["Clients"]
    boomstream_ok(http, alice, "client/delete", code=client["code"])

    page = _refused(http, local_path(link), 403)
    assert "withdrawn" in page.text


def test_a_tampered_token_is_a_clear_page(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    conference_id = make_room(settings, alice)
    registrant = register_someone(settings, alice, conference_id, "Ann")
    address = _address(http, alice, conference_id)

    page = _refused(http, f"{address}?token={registrant.enter_token[:-2]}xx", 401)

    assert "does not open a webinar" in page.text


def test_a_token_of_another_webinar_does_not_open_this_one(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    first, second = make_room(settings, alice), make_room(settings, alice)
    registrant = register_someone(settings, alice, first, "Ann")

    page = _refused(http, f"{_address(http, alice, second)}?token={registrant.enter_token}", 401)

    assert "another webinar" in page.text


def test_host_and_presenter_links_of_another_webinar_are_refused(
    http: httpx.Client, alice: Tenant
) -> None:
    first, second = bigmarker_webinar(http, alice), bigmarker_webinar(http, alice)
    presenter = bigmarker_presenter(http, alice, first["id"])
    token = parse_qs(urlsplit(presenter["presenter_url"]).query)["presenter"][0]
    other = local_path(second["conference_address"])
    webinar = moc_webinar(http, alice)
    host = parse_qs(urlsplit(webinar["mainModeratorLink"]).query)["host"][0]

    assert "another webinar" in _refused(http, f"{other}?presenter={token}", 401).text
    assert "another webinar" in _refused(http, f"{other}?host={host}", 401).text
    _refused(http, f"{other}?host={host[:-3]}abc", 401)


def test_an_unsigned_presenter_link_and_a_removed_presenters_link_are_refused(
    http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice)
    presenter = bigmarker_presenter(http, alice, webinar["id"])
    address = local_path(webinar["conference_address"])

    # What presenter_url was before it was signed: the presenter's id.
    _refused(http, f"{address}?presenter={presenter['presenter_id']}", 401)
    removed = http.delete(f"/api/v1/presenters/{presenter['presenter_id']}", headers=alice.headers)
    assert removed.status_code == 200, removed.text
    _refused(http, local_path(presenter["presenter_url"]), 401)


def test_too_early_a_link_says_when_the_room_opens(http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(http, alice, starts_in=timedelta(days=3))
    conference_url, _ = bigmarker_register(http, alice, webinar["id"], email())

    page = http.get(local_path(conference_url))

    assert page.status_code == 200, page.text
    assert TICKET.search(page.text) is None
    assert "not open yet" in page.text
    # Attendees: 15 minutes before the start (attendee_advanced_enter_time).
    opens = webinar["audience_open_time"].replace(" ", "T")[:16]
    assert f'<time datetime="{opens}:00Z"' in page.text
    # The link to come back with: the one the API gave.
    assert conference_url in unescape(page.text)
    assert page.headers["cache-control"] == "no-store"


def test_a_banned_attendees_link_and_an_ended_webinar_are_refused(
    http: httpx.Client, server_url: str, alice: Tenant
) -> None:
    webinar = moc_webinar(http, alice)
    _, banned_link = moc_participant(http, alice, webinar["alias"])
    _, link = moc_participant(http, alice, webinar["alias"])
    banned = Client(ws_url(server_url), ticket_of(http.get(local_path(banned_link))))
    with (
        banned,
        Client(
            ws_url(server_url), ticket_of(http.get(local_path(webinar["mainModeratorLink"])))
        ) as host,
    ):
        member_id = banned.next_frame()["data"]["me"]["member_id"]
        assert host.send("member.ban", {"member_id": member_id})["ok"]
        assert "removed" in _refused(http, local_path(banned_link), 403).text
        assert host.send("room.start")["ok"]
        assert host.send("room.end")["ok"]

    page = _refused(http, local_path(link), 410)
    assert "has ended" in page.text
    landing = http.get(local_path(webinar["webinarLink"]))
    assert landing.status_code == 200
    assert "This webinar has ended" in landing.text
    assert "<form" not in landing.text
    joined = http.post(local_path(webinar["webinarLink"]), data={"email": email("late")})
    assert joined.status_code == 410
    assert "This webinar has ended" in joined.text
