"""The typed MyOwnConference client's webinars and automated-webinars sections
against the real application, field by field against what the test made.
Recordings and a room's people are rows written directly (the suite's server
runs no worker and no room), as the dialect's own tests write them; the room's
state is read back through `webinarium.live.service`."""

from __future__ import annotations

import base64
from datetime import date

import httpx
import pytest

from tests.api.myownconference.test_automation import SLIDES, VIDEO, room, upload
from tests.api.myownconference.test_webinars import _add_recordings, _fill_room, conference_of
from tests.conftest import Tenant, create_tenant
from webinarium.client import BadRequestError, MyOwnConference, NotFoundError
from webinarium.client.models.myownconference import (
    Bot,
    BotAdded,
    ChatLine,
    File,
    Letter,
    OnlineList,
    OnlinePerson,
    Recording,
    Success,
    VisitLine,
    Webinar,
    WebinarInfo,
    WebinarLinks,
)
from webinarium.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17


def _client(tenant: Tenant, server_url: str) -> MyOwnConference:
    return MyOwnConference(api_key=tenant.api_key, base_url=server_url)


def _success(answer: Success) -> None:
    assert isinstance(answer, Success)
    assert answer.success


def test_create_update_clone_list_and_delete(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Planner")
    with _client(tenant, server_url) as moc:
        made = moc.webinars.create(
            name="Quarterly review",
            start="2031-03-04 15:30:00",
            duration=90,
            description="<p>Numbers</p>",
        )
        assert isinstance(made, WebinarLinks)
        assert made.success
        assert made.alias
        assert made.webinarLink
        assert made.webinarLink.startswith(settings.base_url)
        assert made.mainModeratorLink
        assert made.mainModeratorLink.startswith(f"{made.webinarLink}?host=")

        info = moc.webinars.get_info(made.alias)
        assert isinstance(info, WebinarInfo)
        assert info.alias == made.alias
        assert info.name == "Quarterly review"
        assert info.description == "<p>Numbers</p>"
        assert info.start == "2031-03-04 15:30:00"
        assert info.duration == 90
        assert info.close is False
        assert info.status == "ACTIVE"
        assert info.records == 0
        assert (info.registrants, info.attendees) == (0, 0)
        assert info.settings is not None

        group = moc.attendees.create_group(name="VIP")
        _success(
            moc.webinars.update(
                made.alias,
                name="Quarterly review II",
                description="<p>More numbers</p>",
                start="2031-03-05 16:00:00",
                duration=120,
                close=True,
                language="de",
                logo=base64.b64encode(PNG).decode(),
                logotype_url="https://cdn.example.test/logo.png",
                banner_url="https://cdn.example.test/banner.png",
                google_id="UA-12345-6",
                settings={
                    "chat": False,
                    "userList": True,
                    "themebg": "#ff0000",
                    "themetext": "#00ff00",
                    "loginfields": ["name", "email"],
                    "group": group.group_id,
                    "beforeStartTime": 15,
                    "recordQuality": 2,
                    "recordArea": "",
                },
            )
        )
        info = moc.webinars.get_info(made.alias)
        assert (info.name, info.description) == ("Quarterly review II", "<p>More numbers</p>")
        assert (info.start, info.duration, info.close) == ("2031-03-05 16:00:00", 120, True)
        assert (info.language, info.google_id) == ("de", "UA-12345-6")
        assert info.logo
        assert info.logo.startswith(settings.public_url or settings.base_url)
        assert info.logotype_url == "https://cdn.example.test/logo.png"
        assert info.banner_url == "https://cdn.example.test/banner.png"
        room_settings = info.settings
        assert room_settings is not None
        assert (room_settings.chat, room_settings.userList) == (False, True)
        assert room_settings.theme is not None
        assert (room_settings.theme.bg, room_settings.theme.text) == ("#ff0000", "#00ff00")
        assert room_settings.loginFields == ["name", "email"]
        # Set by id, shown by name.
        assert room_settings.group == "VIP"
        assert (room_settings.beforeStartTime, room_settings.recordQuality) == (15, 2)
        assert room_settings.recordMode == "recordArea"

        copy = moc.webinars.clone(made.alias, date=date(2031, 4, 1))
        assert isinstance(copy, WebinarLinks)
        assert copy.alias
        assert copy.alias != made.alias
        copied = moc.webinars.get_info(copy.alias)
        assert (copied.name, copied.start, copied.duration) == (
            "Quarterly review II",
            "2031-04-01 16:00:00",
            120,
        )

        listed = moc.webinars.list()
        assert all(isinstance(w, Webinar) for w in listed)
        assert [(w.alias, w.name, w.start, w.language) for w in listed] == [
            (made.alias, "Quarterly review II", "2031-03-05 16:00:00", "de"),
            (copy.alias, "Quarterly review II", "2031-04-01 16:00:00", "de"),
        ]
        assert listed[0].created
        on_day = moc.webinars.list(fields=["alias"], date="2031-04-01", status="ACTIVE")
        assert [w.model_dump(exclude_none=True) for w in on_day] == [{"alias": copy.alias}]
        assert moc.webinars.list(status="FINISHED") == []

        _success(moc.webinars.delete(copy.alias))
        with pytest.raises(NotFoundError, match="not found"):
            moc.webinars.get_info(copy.alias)
        assert [w.alias for w in moc.webinars.list()] == [made.alias]


def test_letters(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Letters")
    with _client(tenant, server_url) as moc:
        alias = moc.webinars.create(name="Mailed", start="2031-03-04 15:30:00", duration=60).alias
        assert alias
        letters = moc.webinars.letters(alias)
        assert all(isinstance(letter, Letter) for letter in letters)
        # The answer's object keyed by type, as a list with the type in it.
        assert [letter.type for letter in letters] == [
            "REGISTRATIONCONFIRM",
            "3DAY",
            "1DAY",
            "1HOUR",
            "STARTED",
            "FINISHED",
        ]
        assert all(letter.status == "wait" for letter in letters)

        _success(moc.webinars.set_letter(alias, type="3DAY", enabled=False, text="See you soon"))
        by_type = {letter.type: letter for letter in moc.webinars.letters(alias)}
        assert (by_type["3DAY"].enabled, by_type["3DAY"].text) == (False, "See you soon")
        assert by_type["1DAY"].enabled is True

        _success(moc.webinars.letters_off(alias))
        assert [letter.enabled for letter in moc.webinars.letters(alias)] == [False] * 6
        _success(moc.webinars.letters_on(alias))
        enabled = {letter.type: letter.enabled for letter in moc.webinars.letters(alias)}
        assert enabled["1DAY"] is True
        assert enabled["3DAY"] is False


def test_room_people_history_recordings_and_files(
    http: httpx.Client, server_url: str, settings: Settings
) -> None:
    tenant = create_tenant(settings, "Room")
    with _client(tenant, server_url) as moc:
        alias = moc.webinars.create(name="Recorded", start="2031-03-04 15:30:00", duration=60).alias
        assert alias
        assert moc.webinars.online(alias) == OnlineList(moderators=[], guests=[])
        assert moc.webinars.chat_history(alias) == []
        _fill_room(settings, tenant, alias)

        online = moc.webinars.online(alias)
        assert [(p.name, p.email, p.virtual) for p in online.moderators] == [
            ("Hanna Host", "host@example.test", False),
            ("Virtual Max", "max@example.test", True),
        ]
        assert [(p.name, p.email, p.virtual) for p in online.guests] == [
            ("Gus Guest", "guest@example.test", False),
            ("Virtual Vera", "", True),
        ]
        assert all(isinstance(p, OnlinePerson) for p in online.guests)

        chat = moc.webinars.chat_history(alias)
        assert all(isinstance(line, ChatLine) for line in chat)
        assert [(c.time, c.name, c.text, c.role, c.email, c.virtual) for c in chat] == [
            ("2031-03-04 15:05:00", "Gus Guest", "Hello!", "g", "guest@example.test", False),
            ("2031-03-04 15:06:00", "Hanna Host", "Welcome", "m", "host@example.test", False),
            ("2031-03-04 15:07:00", "Virtual Vera", "Great talk", "g", "", True),
        ]
        visits = moc.webinars.visit_history(alias)
        assert all(isinstance(visit, VisitLine) for visit in visits)
        assert [(v.entered, v.name, v.left, v.role) for v in visits] == [
            ("2031-03-04 15:01:00", "Hanna Host", "", "m"),
            ("2031-03-04 15:02:00", "Gus Guest", "", "g"),
            ("2031-03-04 15:03:00", "Gone Early", "2031-03-04 15:10:00", "g"),
            ("2031-03-04 15:04:00", "Virtual Vera", "", "g"),
        ]

        ready, processing = _add_recordings(settings, tenant, alias)
        records = moc.webinars.records(alias)
        assert all(isinstance(r, Recording) for r in records)
        assert [
            (r.id, r.name, r.status, r.added, r.size, r.duration, r.link, r.download_link)
            for r in records
        ] == [
            (
                ready,
                "Main take",
                "ready",
                "2031-03-04 17:00:00",
                123456789,
                3600,
                "https://cdn.example.test/rec/1.mp4",
                "https://cdn.example.test/rec/1.mp4",
            ),
            (processing, "Recorded", "wait", "2031-03-04 18:00:00", 0, 0, "", ""),
        ]
        assert moc.webinars.get_info(alias).records == 2
        _success(moc.webinars.delete_record(ready))
        assert [r.id for r in moc.webinars.records(alias)] == [processing]
        with pytest.raises(NotFoundError, match="not found"):
            moc.webinars.delete_record(ready)

        conference_id = conference_of(settings, alias).id
        deck = upload(http, tenant, conference_id, SLIDES)
        video = upload(http, tenant, conference_id, VIDEO)
        files = moc.webinars.files(alias)
        assert all(isinstance(f, File) for f in files)
        assert [(f.id, f.name, f.type, f.link, f.download_link, f.size) for f in files] == [
            (deck, "quarterly.pdf", "PRESENTATION", SLIDES, SLIDES, 0),
            (video, "intro.mp4", "MEDIA", VIDEO, VIDEO, 0),
        ]
        assert [f.id for f in moc.webinars.files(alias, type="MEDIA")] == [video]
        assert [f.id for f in moc.webinars.files(alias, type="PRESENTATION")] == [deck]


# Automated webinars


def test_automated_room(http: httpx.Client, server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "Automated")
    with _client(tenant, server_url) as moc:
        # Started already: only a started webinar can be finished.
        alias = moc.webinars.create(name="Live now", start="2020-01-01 10:00:00", duration=60).alias
        assert alias
        conference_id = conference_of(settings, alias).id

        _success(moc.automated.add_moderator(alias, email="host@example.test", name="Virtual Host"))
        added = moc.automated.add_bot(alias, name="Anna Virtual", country="de")
        assert isinstance(added, BotAdded)
        assert added.id
        other = moc.automated.add_bot(alias, name="Ben Virtual", country="PL")
        assert other.id
        bots = moc.automated.bots(alias)
        assert all(isinstance(b, Bot) for b in bots)
        assert [(b.id, b.name, b.country, b.virtual) for b in bots] == [
            (added.id, "Anna Virtual", "DE", True),
            (other.id, "Ben Virtual", "PL", True),
        ]
        online = moc.webinars.online(alias)
        assert [(p.name, p.virtual) for p in online.moderators] == [("Virtual Host", True)]

        _success(moc.automated.bot_message(alias, bot=added.id, text="Hello from Anna"))
        _success(moc.automated.bot_message(alias, bot="host@example.test", text="Welcome all"))
        chat = moc.webinars.chat_history(alias)
        assert [(c.name, c.text, c.role, c.virtual) for c in chat] == [
            ("Anna Virtual", "Hello from Anna", "g", True),
            ("Virtual Host", "Welcome all", "m", True),
        ]

        _success(moc.automated.remove_bot(alias, id=other.id))
        assert [b.id for b in moc.automated.bots(alias)] == [added.id]
        _success(moc.automated.remove_moderator(alias, email="host@example.test"))
        assert moc.webinars.online(alias).moderators == []

        _success(moc.automated.lock_chat(alias))
        _success(moc.automated.lock_links(alias))
        state = room(settings, tenant, conference_id)
        assert (state.chat_locked, state.links_locked) == (True, True)
        _success(moc.automated.unlock_chat(alias))
        assert room(settings, tenant, conference_id).chat_locked is False
        _success(moc.automated.unlock_links(alias))
        assert room(settings, tenant, conference_id).links_locked is False

        slides = upload(http, tenant, conference_id, SLIDES)
        video = upload(http, tenant, conference_id, VIDEO)
        _success(moc.automated.start_presentation(alias, id=slides, slide=3))
        assert room(settings, tenant, conference_id).presentation == (slides, 3)
        _success(moc.automated.stop_presentation(alias))
        assert room(settings, tenant, conference_id).presentation is None
        _success(moc.automated.start_video(alias, id=video))
        assert room(settings, tenant, conference_id).video == video
        _success(moc.automated.stop_video(alias))
        assert room(settings, tenant, conference_id).video is None

        assert room(settings, tenant, conference_id).manual_end_at is None
        _success(moc.automated.finish(alias))
        finished = room(settings, tenant, conference_id)
        assert finished.status == "ended"
        assert finished.manual_end_at is not None
        assert moc.webinars.get_info(alias).status == "FINISHED"
        assert moc.automated.bots(alias) == []


def test_automated_refusals(server_url: str, alice: Tenant) -> None:
    with _client(alice, server_url) as moc:
        with pytest.raises(NotFoundError, match="not found"):
            moc.automated.lock_chat("zzzz-zzzz-zzzz-zzzz")
        alias = moc.webinars.create(name="Not yet", start="2031-01-01 10:00:00", duration=30).alias
        assert alias
        with pytest.raises(BadRequestError) as refused:
            moc.automated.finish(alias)
        assert refused.value.message == (
            "webinar 'Not yet' has not started yet: it cannot be finished"
        )
