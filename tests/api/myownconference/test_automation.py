"""Automated webinars: virtual moderators and attendees, their chat messages, chat
and link locks, presentation, video, finishing a webinar.

Webinars are created through BigMarker (the same conference in both dialects)
and their alias is read from the database. State is read back through
``webinarium.live.service`` (and webinarsGetBotsList), never from the responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.myownconference.helpers import call, error, ok
from tests.conftest import Tenant, in_database
from webinarium.conferences.service import get_conference
from webinarium.live import service as live
from webinarium.models import Account, Conference
from webinarium.settings import Settings

PAST = "2020-01-01 10:00"
UNKNOWN_ALIAS = "zzzz-zzzz-zzzz-zzzz"
SLIDES = "https://cdn.example.test/decks/quarterly.pdf"
VIDEO = "https://cdn.example.test/media/intro.mp4"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
AUDIO = "https://cdn.example.test/media/jingle.mp3"


@dataclass(frozen=True)
class Webinar:
    id: str
    alias: str


@dataclass(frozen=True)
class Room:
    """The room as the live service reads it, in plain values."""

    chat_locked: bool
    links_locked: bool
    presentation: tuple[str, int] | None
    video: str | None
    # (name, role, virtual, email, country) of everyone in the room now
    online: list[tuple[str, str | None, bool, str | None, str | None]]
    # (name, bot_id, left) of every visit
    visits: list[tuple[str, str | None, bool]]
    # (id, role, name, email, country, removed) of every bot, removed ones too
    bots: list[tuple[str, str, str, str | None, str | None, bool]]
    # (bot_id, author, text)
    chat: list[tuple[str | None, str, str]]
    status: str
    manual_end_at: datetime | None


def webinar(http: httpx.Client, tenant: Tenant, settings: Settings, **fields: Any) -> Webinar:
    body = {"channel_id": tenant.channel_id, "title": "Automated webinar", **fields}
    response = http.post("/api/v1/conferences", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    conference_id = response.json()["id"]

    async def alias(session: AsyncSession) -> str:
        value = await session.scalar(select(Conference.alias).where(Conference.id == conference_id))
        assert value is not None
        return value

    return Webinar(conference_id, in_database(settings, alias))


def started(http: httpx.Client, tenant: Tenant, settings: Settings) -> Webinar:
    return webinar(http, tenant, settings, start_time=PAST)


def upload(http: httpx.Client, tenant: Tenant, conference_id: str, url: str) -> str:
    response = http.put(
        f"/api/v1/conferences/{conference_id}/upload_file",
        headers=tenant.headers,
        json={"file_url": url, "autoplay": "false"},
    )
    assert response.status_code == 200, response.text
    file_id: str = response.json()["id"]
    return file_id


def room(settings: Settings, tenant: Tenant, conference_id: str) -> Room:
    async def read(session: AsyncSession) -> Room:
        account = await session.get(Account, tenant.account_id)
        assert account is not None
        conference = await get_conference(session, account, conference_id)
        state = await live.room_state(session, account, conference)
        return Room(
            chat_locked=state.chat_locked,
            links_locked=state.links_locked,
            presentation=(state.presentation.file_id, state.presentation.slide)
            if state.presentation
            else None,
            video=state.video.file_id if state.video else None,
            online=[
                (p.name, p.role, p.virtual, p.email, p.country)
                for p in await live.online(session, account, conference)
            ],
            visits=[
                (p.name, p.bot_id, p.left_at is not None)
                for p in await live.visits(session, account, conference)
            ],
            bots=[
                (b.id, b.role, b.name, b.email, b.country, b.removed_at is not None)
                for b in await live.bots(session, account, conference, present_only=False)
            ],
            chat=[
                (m.bot_id, m.author_name, m.text)
                for m in await live.chat(session, account, conference)
            ],
            status=conference.status,
            manual_end_at=conference.manual_end_at,
        )

    return in_database(settings, read)


def success_only(response: Any) -> None:
    assert set(response) == {"success"}
    assert isinstance(response["success"], str)
    assert response["success"]


def add_bot(http: httpx.Client, tenant: Tenant, alias: str, name: str, country: str) -> str:
    response = ok(
        http, tenant, "webinarsAddBotToRoom", {"alias": alias, "name": name, "country": country}
    )
    bot_id: str = response["id"]
    return bot_id


def add_moderator(http: httpx.Client, tenant: Tenant, alias: str, email: str, name: str) -> None:
    params = {"alias": alias, "email": email, "name": name}
    success_only(ok(http, tenant, "webinarsAddModerToRoom", params))


# Virtual moderators


def test_add_moderator_to_room_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias, "email": "Host.Bot@Example.test", "name": "Virtual Host"}
    body = call(http, alice.api_key, "webinarsAddModerToRoom", params)
    assert body["request"] == {"action": "webinarsAddModerToRoom", "params": params}
    success_only(body["response"])

    after = room(settings, alice, w.id)
    assert after.online == [("Virtual Host", "moderator", True, "host.bot@example.test", None)]
    assert [(b[1], b[2], b[3], b[5]) for b in after.bots] == [
        ("moderator", "Virtual Host", "host.bot@example.test", False)
    ]
    assert after.visits == [("Virtual Host", after.bots[0][0], False)]
    # The multipart form (PHP's CURLOPT_POSTFIELDS with an array) works the same way.
    other = {"alias": w.alias, "email": "second@example.test", "name": "Second Host"}
    multipart = call(http, alice.api_key, "webinarsAddModerToRoom", other, multipart=True)
    success_only(multipart["response"])
    assert len(room(settings, alice, w.id).online) == 2


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"email": "a@b.cd", "name": "Bad/Name"}, "name"),
        ({"email": "a@b.cd", "name": "X"}, "name"),
        ({"email": "a@b.c", "name": "Short Mail"}, "email"),
        ({"email": "x" * 120 + "@example.test", "name": "Long Mail"}, "email"),
        ({"email": "not-an-email", "name": "No Mail"}, "e-mail"),
        ({"name": "No Mail"}, "email"),
        ({"email": "a@b.cd"}, "name"),
    ],
)
def test_add_moderator_refuses_bad_input(
    http: httpx.Client, alice: Tenant, settings: Settings, params: dict[str, str], fragment: str
) -> None:
    w = webinar(http, alice, settings)
    message = error(http, alice, "webinarsAddModerToRoom", {"alias": w.alias, **params})
    assert fragment in message
    assert room(settings, alice, w.id).bots == []


def test_the_same_virtual_moderator_cannot_enter_twice(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")
    params = {"alias": w.alias, "email": "HOST@example.test", "name": "Other Name"}
    assert "already in the room" in error(http, alice, "webinarsAddModerToRoom", params)
    after = room(settings, alice, w.id)
    assert [b[2] for b in after.bots] == ["Virtual Host"]
    assert len(after.visits) == 1


def test_remove_moderator_from_room_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")
    add_moderator(http, alice, w.alias, "stays@example.test", "Staying Host")
    params = {"alias": w.alias, "email": "host@example.test"}
    body = call(http, alice.api_key, "webinarsRemoveModerFromRoom", params)
    assert body["request"] == {"action": "webinarsRemoveModerFromRoom", "params": params}
    success_only(body["response"])

    after = room(settings, alice, w.id)
    assert [o[0] for o in after.online] == ["Staying Host"]
    assert sorted((v[0], v[2]) for v in after.visits) == [
        ("Staying Host", False),
        ("Virtual Host", True),
    ]
    assert sorted((b[2], b[5]) for b in after.bots) == [
        ("Staying Host", False),
        ("Virtual Host", True),
    ]
    # Gone now: removing again is an error; so is an e-mail never added.
    for email in ("host@example.test", "nobody@example.test"):
        message = error(
            http, alice, "webinarsRemoveModerFromRoom", {"alias": w.alias, "email": email}
        )
        assert message == f"no virtual moderator with e-mail {email} is in the room"
    # Once gone, the same e-mail may enter again.
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")
    assert len(room(settings, alice, w.id).online) == 2


# Virtual attendees


def test_add_bot_to_room_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias, "name": "Anna Virtual", "country": "de"}
    body = call(http, alice.api_key, "webinarsAddBotToRoom", params)
    assert body["request"] == {"action": "webinarsAddBotToRoom", "params": params}
    response = body["response"]
    assert set(response) == {"success", "id"}
    assert isinstance(response["success"], str)
    assert response["success"]
    assert isinstance(response["id"], str)
    assert response["id"]

    after = room(settings, alice, w.id)
    assert after.online == [("Anna Virtual", "attendee", True, None, "DE")]
    assert after.bots == [(response["id"], "attendee", "Anna Virtual", None, "DE", False)]
    assert after.visits == [("Anna Virtual", response["id"], False)]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"name": "Anna Virtual", "country": "DEU"}, "country"),
        ({"name": "Anna Virtual", "country": "1A"}, "country"),
        ({"name": "Anna Virtual"}, "country"),
        ({"name": "A", "country": "DE"}, "name"),
        ({"name": "Anna: Virtual", "country": "DE"}, "name"),
        ({"name": "A" * 65, "country": "DE"}, "name"),
    ],
)
def test_add_bot_refuses_bad_input(
    http: httpx.Client, alice: Tenant, settings: Settings, params: dict[str, str], fragment: str
) -> None:
    w = webinar(http, alice, settings)
    message = error(http, alice, "webinarsAddBotToRoom", {"alias": w.alias, **params})
    assert fragment in message
    after = room(settings, alice, w.id)
    assert after.bots == []
    assert after.visits == []


def test_remove_bot_from_room_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    gone = add_bot(http, alice, w.alias, "Gone Soon", "PL")
    stays = add_bot(http, alice, w.alias, "Stays Here", "UA")
    params = {"alias": w.alias, "id": gone}
    body = call(http, alice.api_key, "webinarsRemoveBotFromRoom", params)
    assert body["request"] == {"action": "webinarsRemoveBotFromRoom", "params": params}
    success_only(body["response"])

    listed = ok(http, alice, "webinarsGetBotsList", {"alias": w.alias})
    assert [b["id"] for b in listed] == [stays]
    after = room(settings, alice, w.id)
    assert [o[0] for o in after.online] == ["Stays Here"]
    assert sorted((v[1], v[2]) for v in after.visits) == sorted([(gone, True), (stays, False)])
    for bot_id in (gone, "no-such-bot"):
        message = error(http, alice, "webinarsRemoveBotFromRoom", {"alias": w.alias, "id": bot_id})
        assert message == f"no virtual attendee {bot_id} is in the room"
    assert [b["id"] for b in ok(http, alice, "webinarsGetBotsList", {"alias": w.alias})] == [stays]


def test_get_bots_list_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias}
    assert ok(http, alice, "webinarsGetBotsList", params) == []
    first = add_bot(http, alice, w.alias, "First Bot", "US")
    second = add_bot(http, alice, w.alias, "Second Bot", "UK")
    removed = add_bot(http, alice, w.alias, "Removed Bot", "FR")
    ok(http, alice, "webinarsRemoveBotFromRoom", {"alias": w.alias, "id": removed})
    # A virtual moderator is not a virtual attendee.
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")

    body = call(http, alice.api_key, "webinarsGetBotsList", params)
    assert body["request"] == {"action": "webinarsGetBotsList", "params": params}
    assert body["response"] == [
        {"id": first, "name": "First Bot", "country": "US", "virtual": True},
        {"id": second, "name": "Second Bot", "country": "UK", "virtual": True},
    ]


# Chat


def test_bot_message_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    bot_id = add_bot(http, alice, w.alias, "Anna Virtual", "DE")
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")

    for bot, text in ((bot_id, "Hello from Anna"), ("Host@Example.test", "Welcome, everyone!")):
        params = {"alias": w.alias, "bot": bot, "text": text}
        body = call(http, alice.api_key, "webinarsBotMessage", params)
        assert body["request"] == {"action": "webinarsBotMessage", "params": params}
        success_only(body["response"])

    after = room(settings, alice, w.id)
    moderator_id = next(b[0] for b in after.bots if b[1] == "moderator")
    assert after.chat == [
        (bot_id, "Anna Virtual", "Hello from Anna"),
        (moderator_id, "Virtual Host", "Welcome, everyone!"),
    ]


def test_bot_message_refuses_unknown_bots_and_empty_text(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    bot_id = add_bot(http, alice, w.alias, "Anna Virtual", "DE")
    removed = add_bot(http, alice, w.alias, "Removed Bot", "DE")
    ok(http, alice, "webinarsRemoveBotFromRoom", {"alias": w.alias, "id": removed})
    cases = [
        ("no-such-bot", "Hi", "no virtual attendee no-such-bot is in the room"),
        (removed, "Hi", f"no virtual attendee {removed} is in the room"),
        ("ghost@example.test", "Hi", "no virtual moderator with e-mail ghost@example.test"),
        (bot_id, "   ", "text"),
        (bot_id, "", "text"),
    ]
    for bot, text, fragment in cases:
        message = error(
            http, alice, "webinarsBotMessage", {"alias": w.alias, "bot": bot, "text": text}
        )
        assert fragment in message
    assert room(settings, alice, w.id).chat == []


def test_lock_chat_as_in_the_php_example_and_by_the_prose_name(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    assert room(settings, alice, w.id).chat_locked is False
    params = {"alias": w.alias}
    body = call(http, alice.api_key, "webinarsLockChat", params)
    assert body["request"] == {"action": "webinarsLockChat", "params": params}
    success_only(body["response"])
    after = room(settings, alice, w.id)
    assert after.chat_locked is True
    assert after.links_locked is False

    ok(http, alice, "webinarsUnlockChat", params)
    success_only(ok(http, alice, "webinarLockChat", params))
    assert room(settings, alice, w.id).chat_locked is True
    # Locked for live participants only: a virtual attendee still writes.
    bot_id = add_bot(http, alice, w.alias, "Anna Virtual", "DE")
    ok(http, alice, "webinarsBotMessage", {"alias": w.alias, "bot": bot_id, "text": "Still here"})
    assert room(settings, alice, w.id).chat == [(bot_id, "Anna Virtual", "Still here")]


def test_unlock_chat_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias}
    ok(http, alice, "webinarsLockChat", params)
    body = call(http, alice.api_key, "webinarsUnlockChat", params)
    assert body["request"] == {"action": "webinarsUnlockChat", "params": params}
    success_only(body["response"])
    assert room(settings, alice, w.id).chat_locked is False
    # Unlocking an unlocked chat is fine too.
    ok(http, alice, "webinarsUnlockChat", params)
    assert room(settings, alice, w.id).chat_locked is False


def test_link_lock_in_chat_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias}
    body = call(http, alice.api_key, "webinarsLinkLockInChat", params)
    assert body["request"] == {"action": "webinarsLinkLockInChat", "params": params}
    success_only(body["response"])
    after = room(settings, alice, w.id)
    assert after.links_locked is True
    assert after.chat_locked is False


def test_link_unlock_in_chat_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    params = {"alias": w.alias}
    ok(http, alice, "webinarsLinkLockInChat", params)
    ok(http, alice, "webinarsLockChat", params)
    body = call(http, alice.api_key, "webinarsLinkUnlockInChat", params)
    assert body["request"] == {"action": "webinarsLinkUnlockInChat", "params": params}
    success_only(body["response"])
    after = room(settings, alice, w.id)
    assert after.links_locked is False
    assert after.chat_locked is True


# Presentation and video


def test_start_presentation_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    slides = upload(http, alice, w.id, SLIDES)
    params = {"alias": w.alias, "id": slides, "slide": "3"}
    body = call(http, alice.api_key, "webinarsStartPresentation", params)
    assert body["request"] == {"action": "webinarsStartPresentation", "params": params}
    success_only(body["response"])
    assert room(settings, alice, w.id).presentation == (slides, 3)
    # Another slide of the same file; a number sent as a number works too.
    ok(http, alice, "webinarsStartPresentation", {"alias": w.alias, "id": slides, "slide": 7})
    assert room(settings, alice, w.id).presentation == (slides, 7)


def test_start_presentation_refuses_bad_files_and_slides(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    slides = upload(http, alice, w.id, SLIDES)
    video = upload(http, alice, w.id, VIDEO)
    youtube = upload(http, alice, w.id, YOUTUBE)
    audio = upload(http, alice, w.id, AUDIO)
    other = webinar(http, alice, settings)
    elsewhere = upload(http, alice, other.id, SLIDES)
    ok(http, alice, "webinarsStartPresentation", {"alias": w.alias, "id": slides, "slide": "2"})
    cases = [
        ({"id": "no-such-file", "slide": "1"}, "file no-such-file not found"),
        ({"id": elsewhere, "slide": "1"}, f"file {elsewhere} not found"),
        ({"id": slides, "slide": "0"}, "slide"),
        ({"id": slides, "slide": "-2"}, "slide"),
        ({"id": slides, "slide": "first"}, "slide"),
        ({"id": slides}, "slide"),
        ({"slide": "1"}, "id"),
        ({"id": video, "slide": "1"}, "is a video, not a presentation"),
        ({"id": youtube, "slide": "1"}, "is a video, not a presentation"),
        ({"id": audio, "slide": "1"}, "not a presentation"),
    ]
    for params, fragment in cases:
        message = error(http, alice, "webinarsStartPresentation", {"alias": w.alias, **params})
        assert fragment in message, (params, message)
    after = room(settings, alice, w.id)
    assert after.presentation == (slides, 2)
    assert after.video is None


def test_stop_presentation_by_the_documented_name_and_its_plural(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    slides = upload(http, alice, w.id, SLIDES)
    start = {"alias": w.alias, "id": slides, "slide": "1"}
    params = {"alias": w.alias}
    for name in ("webinarStopPresentation", "webinarsStopPresentation"):
        ok(http, alice, "webinarsStartPresentation", start)
        assert room(settings, alice, w.id).presentation == (slides, 1)
        body = call(http, alice.api_key, name, params)
        assert body["request"] == {"action": name, "params": params}
        success_only(body["response"])
        assert room(settings, alice, w.id).presentation is None
    # Nothing shown: stopping is still fine.
    ok(http, alice, "webinarStopPresentation", params)


def test_start_video_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    video = upload(http, alice, w.id, VIDEO)
    youtube = upload(http, alice, w.id, YOUTUBE)
    slides = upload(http, alice, w.id, SLIDES)
    ok(http, alice, "webinarsStartPresentation", {"alias": w.alias, "id": slides, "slide": "4"})
    params = {"alias": w.alias, "id": video}
    body = call(http, alice.api_key, "webinarsStartVideo", params)
    assert body["request"] == {"action": "webinarsStartVideo", "params": params}
    success_only(body["response"])
    after = room(settings, alice, w.id)
    assert after.video == video
    # One display area: the video replaced the presentation.
    assert after.presentation is None
    ok(http, alice, "webinarsStartVideo", {"alias": w.alias, "id": youtube})
    assert room(settings, alice, w.id).video == youtube
    ok(http, alice, "webinarsStartPresentation", {"alias": w.alias, "id": slides, "slide": "5"})
    after = room(settings, alice, w.id)
    assert (after.video, after.presentation) == (None, (slides, 5))


def test_start_video_refuses_what_is_not_a_video(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    video = upload(http, alice, w.id, VIDEO)
    slides = upload(http, alice, w.id, SLIDES)
    audio = upload(http, alice, w.id, AUDIO)
    ok(http, alice, "webinarsStartVideo", {"alias": w.alias, "id": video})
    cases = [
        ({"id": slides}, f"file {slides} is a whiteboard file, not a video"),
        ({"id": audio}, f"file {audio} is an audio file, not a video"),
        ({"id": "no-such-file"}, "file no-such-file not found"),
        ({}, "id"),
    ]
    for params, fragment in cases:
        message = error(http, alice, "webinarsStartVideo", {"alias": w.alias, **params})
        assert fragment in message, (params, message)
    after = room(settings, alice, w.id)
    assert after.video == video
    assert after.presentation is None


def test_stop_video_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings)
    video = upload(http, alice, w.id, VIDEO)
    ok(http, alice, "webinarsStartVideo", {"alias": w.alias, "id": video})
    ok(http, alice, "webinarsLockChat", {"alias": w.alias})
    params = {"alias": w.alias}
    body = call(http, alice.api_key, "webinarsStopVideo", params)
    assert body["request"] == {"action": "webinarsStopVideo", "params": params}
    success_only(body["response"])
    after = room(settings, alice, w.id)
    assert after.video is None
    assert after.chat_locked is True
    ok(http, alice, "webinarsStopVideo", params)


# Finishing


def test_finish_as_in_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = started(http, alice, settings)
    slides = upload(http, alice, w.id, SLIDES)
    add_bot(http, alice, w.alias, "Anna Virtual", "DE")
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")
    ok(http, alice, "webinarsStartPresentation", {"alias": w.alias, "id": slides, "slide": "2"})
    ok(http, alice, "webinarsLockChat", {"alias": w.alias})
    params = {"alias": w.alias}
    body = call(http, alice.api_key, "webinarsFinish", params)
    assert body["request"] == {"action": "webinarsFinish", "params": params}
    success_only(body["response"])

    after = room(settings, alice, w.id)
    assert after.status == "ended"
    assert after.manual_end_at is not None
    assert after.online == []
    assert all(left for _, _, left in after.visits)
    assert len(after.visits) == 2
    assert all(b[5] for b in after.bots)
    assert after.presentation is None
    assert after.chat_locked is True
    assert ok(http, alice, "webinarsGetBotsList", params) == []
    # Across dialects: BigMarker shows the manual end.
    shown = http.get(f"/api/v1/conferences/{w.id}", headers=alice.headers).json()
    assert shown["manual_end_time"]

    # An ended room cannot be finished again, nor changed.
    assert "already ended" in error(http, alice, "webinarsFinish", params)
    for action, extra in [
        ("webinarsAddBotToRoom", {"name": "Late Bot", "country": "DE"}),
        ("webinarsAddModerToRoom", {"email": "late@example.test", "name": "Late Host"}),
        ("webinarsUnlockChat", {}),
        ("webinarsStartPresentation", {"id": slides, "slide": "1"}),
    ]:
        assert "has ended" in error(http, alice, action, {**params, **extra})
    final = room(settings, alice, w.id)
    assert final == after


def test_finish_refuses_a_webinar_that_has_not_started(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    w = webinar(http, alice, settings, start_time="2099-06-01 10:00")
    bot_id = add_bot(http, alice, w.alias, "Early Bot", "DE")
    before = room(settings, alice, w.id)
    message = error(http, alice, "webinarsFinish", {"alias": w.alias})
    assert message == "webinar 'Automated webinar' has not started yet: it cannot be finished"
    after = room(settings, alice, w.id)
    assert after == before
    assert after.status != "ended"
    assert after.manual_end_at is None
    assert [b["id"] for b in ok(http, alice, "webinarsGetBotsList", {"alias": w.alias})] == [bot_id]


def test_an_unknown_or_missing_alias_is_a_clear_error(http: httpx.Client, alice: Tenant) -> None:
    message = error(http, alice, "webinarsLockChat", {"alias": UNKNOWN_ALIAS})
    assert message == f"webinar {UNKNOWN_ALIAS} not found"
    assert "alias" in error(http, alice, "webinarsLockChat", {})
    assert "alias" in error(http, alice, "webinarsLockChat", {"alias": "  "})


# Tenancy

ACTIONS_ON_ALIAS: list[tuple[str, dict[str, str]]] = [
    ("webinarsAddModerToRoom", {"email": "bob@example.test", "name": "Bob Host"}),
    ("webinarsRemoveModerFromRoom", {"email": "host@example.test"}),
    ("webinarsAddBotToRoom", {"name": "Bob Bot", "country": "US"}),
    ("webinarsRemoveBotFromRoom", {"id": "<bot>"}),
    ("webinarsGetBotsList", {}),
    ("webinarsBotMessage", {"bot": "<bot>", "text": "spam"}),
    ("webinarsLockChat", {}),
    ("webinarLockChat", {}),
    ("webinarsUnlockChat", {}),
    ("webinarsLinkLockInChat", {}),
    ("webinarsLinkUnlockInChat", {}),
    ("webinarsStartPresentation", {"id": "<slides>", "slide": "1"}),
    ("webinarStopPresentation", {}),
    ("webinarsStartVideo", {"id": "<video>"}),
    ("webinarsStopVideo", {}),
    ("webinarsFinish", {}),
]


def test_bob_cannot_touch_alices_room(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings
) -> None:
    w = started(http, alice, settings)
    slides = upload(http, alice, w.id, SLIDES)
    video = upload(http, alice, w.id, VIDEO)
    bot_id = add_bot(http, alice, w.alias, "Anna Virtual", "DE")
    add_moderator(http, alice, w.alias, "host@example.test", "Virtual Host")
    ok(http, alice, "webinarsStartVideo", {"alias": w.alias, "id": video})
    ok(http, alice, "webinarsBotMessage", {"alias": w.alias, "bot": bot_id, "text": "Hi"})
    before = room(settings, alice, w.id)
    ids = {"<bot>": bot_id, "<slides>": slides, "<video>": video}

    assert {name for name, _ in ACTIONS_ON_ALIAS} >= {
        "webinarsAddModerToRoom",
        "webinarsRemoveModerFromRoom",
        "webinarsAddBotToRoom",
        "webinarsRemoveBotFromRoom",
        "webinarsGetBotsList",
        "webinarsBotMessage",
        "webinarsLockChat",
        "webinarsUnlockChat",
        "webinarsLinkLockInChat",
        "webinarsLinkUnlockInChat",
        "webinarsStartPresentation",
        "webinarStopPresentation",
        "webinarsStartVideo",
        "webinarsStopVideo",
        "webinarsFinish",
    }
    for action, extra in ACTIONS_ON_ALIAS:
        params = {key: ids.get(value, value) for key, value in extra.items()}
        on_alice = error(http, bob, action, {"alias": w.alias, **params})
        on_nothing = error(http, bob, action, {"alias": UNKNOWN_ALIAS, **params})
        assert on_alice == f"webinar {w.alias} not found", action
        assert on_alice.replace(w.alias, UNKNOWN_ALIAS) == on_nothing, action
        assert bot_id not in on_alice
        assert "Anna" not in on_alice
    assert room(settings, alice, w.id) == before


def test_bob_cannot_use_alices_bots_or_files_in_his_own_room(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings
) -> None:
    alices = webinar(http, alice, settings)
    slides = upload(http, alice, alices.id, SLIDES)
    video = upload(http, alice, alices.id, VIDEO)
    bot_id = add_bot(http, alice, alices.alias, "Anna Virtual", "DE")
    add_moderator(http, alice, alices.alias, "host@example.test", "Virtual Host")
    before = room(settings, alice, alices.id)
    bobs = webinar(http, bob, settings)
    own = {"alias": bobs.alias}

    def same_as_unknown(action: str, key: str, value: str, extra: dict[str, str]) -> None:
        theirs = error(http, bob, action, {**own, **extra, key: value})
        unknown = error(http, bob, action, {**own, **extra, key: "unknown-id"})
        assert theirs.replace(value, "unknown-id") == unknown, action

    same_as_unknown("webinarsRemoveBotFromRoom", "id", bot_id, {})
    same_as_unknown("webinarsBotMessage", "bot", bot_id, {"text": "spam"})
    same_as_unknown("webinarsStartPresentation", "id", slides, {"slide": "1"})
    same_as_unknown("webinarsStartVideo", "id", video, {})
    message = error(http, bob, "webinarsRemoveModerFromRoom", {**own, "email": "host@example.test"})
    assert message == "no virtual moderator with e-mail host@example.test is in the room"
    assert ok(http, bob, "webinarsGetBotsList", own) == []
    assert room(settings, alice, alices.id) == before
    assert room(settings, bob, bobs.id).chat == []


def test_a_webinar_finished_early_is_past_everywhere(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    began = (datetime.now(UTC) - timedelta(minutes=10)).strftime("%Y-%m-%d %H:%M")
    w = webinar(
        http, fresh_tenant, settings, start_time=began, time_zone="UTC", duration_minutes=60
    )

    def listed(kind: str) -> list[str]:
        response = http.get(
            "/api/v1/conferences", headers=fresh_tenant.headers, params={"type": kind}
        )
        return [c["id"] for c in response.json()["conferences"]]

    assert listed("happening_now") == [w.id]
    assert listed("past") == []
    ok(http, fresh_tenant, "webinarsFinish", {"alias": w.alias})
    assert listed("happening_now") == []
    assert listed("past") == [w.id]
