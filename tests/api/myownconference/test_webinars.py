"""Webinars: webinarsCreate … webinarsHistory, as the document's PHP examples send
them, with validation, tenancy and the same webinars seen through BigMarker."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import alias_of, call, error, ok
from tests.conftest import Tenant, in_database
from webinarium.conferences.room import host_token
from webinarium.models import (
    Bot,
    ChatMessage,
    Conference,
    ConferenceFile,
    Person,
    Presenter,
    Recording,
    Visit,
)
from webinarium.settings import Settings

ALIAS = re.compile(r"[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}")
PUBLIC = "https://webinars.example.test/"
# The smallest PNG and JPEG headers the magic-byte check accepts.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
DOCUMENTED_GET_INFO_SETTINGS = (
    "userList",
    "flags",
    "chat",
    "buttonQuestion",
    "buttonVoice",
    "showBeforeTimer",
    "showLoginStart",
    "showLoginName",
    "showLoginModerators",
    "showSocialButtons",
    "showLoginCounter",
    "emailIdntLogin",
    "emailIdntRecord",
    "sendRecord",
    "theme",
    "loginFields",
    "group",
)


def create(http: httpx.Client, tenant: Tenant, **params: Any) -> dict[str, Any]:
    body = {"name": "Quarterly review", "start": "2031-03-04 15:30:00", "duration": "90"}
    result: dict[str, Any] = ok(http, tenant, "webinarsCreate", {**body, **params})
    return result


def info(http: httpx.Client, tenant: Tenant, alias: str) -> dict[str, Any]:
    result: dict[str, Any] = ok(http, tenant, "webinarsGetInfo", {"alias": alias})
    return result


def conference_of(settings: Settings, alias: str) -> Conference:
    async def load(session: AsyncSession) -> Conference:
        row = await session.scalar(select(Conference).where(Conference.alias == alias))
        assert row is not None
        return row

    return in_database(settings, load)


def bigmarker_list(http: httpx.Client, tenant: Tenant) -> list[dict[str, Any]]:
    response = http.get(
        "/api/v1/conferences", headers=tenant.headers, params={"type": "all", "per_page": "100"}
    )
    assert response.status_code == 200, response.text
    conferences: list[dict[str, Any]] = response.json()["conferences"]
    return conferences


# webinarsCreate


def test_create_as_the_php_example(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    result = create(
        http,
        fresh_tenant,
        name="Product launch",
        start="2031-05-06 10:00:00",
        duration="45",
    )
    assert list(result) == ["success", "alias", "webinarLink", "mainModeratorLink"]
    assert result["success"]
    assert ALIAS.fullmatch(result["alias"])
    conference = conference_of(settings, result["alias"])
    assert result["webinarLink"].startswith(PUBLIC)
    assert result["webinarLink"].endswith(f"/{conference.sub_url}")
    assert result["mainModeratorLink"].startswith(result["webinarLink"] + "?host=")
    # The webinar's own clock is the profile's.
    assert conference.time_zone == "UTC"
    shown = info(http, fresh_tenant, result["alias"])
    assert (shown["name"], shown["start"], shown["duration"]) == (
        "Product launch",
        "2031-05-06 10:00:00",
        "45",
    )
    assert (shown["description"], shown["close"], shown["status"]) == ("", "NO", "ACTIVE")


def test_create_with_a_description_and_numbers(http: httpx.Client, alice: Tenant) -> None:
    result = ok(
        http,
        alice,
        "webinarsCreate",
        {
            "name": "Numbers",
            "description": "<p>Hi</p>",
            "start": "2031-01-01 08:00",
            "duration": 30,
        },
    )
    shown = info(http, alice, result["alias"])
    assert (shown["description"], shown["start"], shown["duration"]) == (
        "<p>Hi</p>",
        "2031-01-01 08:00:00",
        "30",
    )


def test_a_day_long_webinar_is_fine_here_and_shown_by_bigmarker(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    result = create(http, fresh_tenant, name="All day", duration="1439")
    assert info(http, fresh_tenant, result["alias"])["duration"] == "1439"
    (conference,) = [c for c in bigmarker_list(http, fresh_tenant) if c["title"] == "All day"]
    assert conference["duration"] == 1439
    # BigMarker's own limit stays 720 for what it writes; a title change keeps 1439.
    response = http.put(
        f"/api/v1/conferences/{conference['id']}",
        headers=fresh_tenant.headers,
        json={"title": "All day long"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["duration"] == 1439


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"duration": "1440"}, "duration"),
        ({"duration": "0"}, "duration"),
        ({"duration": "ninety"}, "duration"),
        ({"start": "04.03.2031 15:30"}, "start"),
        ({"start": "2031-02-30 10:00:00"}, "start"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
    ],
)
def test_create_refuses_bad_values_and_creates_nothing(
    http: httpx.Client, fresh_tenant: Tenant, params: dict[str, Any], fragment: str
) -> None:
    body = {"name": "Refused", "start": "2031-03-04 15:30:00", "duration": "60", **params}
    message = error(http, fresh_tenant, "webinarsCreate", body)
    assert fragment in message
    assert ok(http, fresh_tenant, "webinarsList", {}) == []


@pytest.mark.parametrize("missing", ["name", "start", "duration"])
def test_create_needs_name_start_and_duration(
    http: httpx.Client, fresh_tenant: Tenant, missing: str
) -> None:
    body = {"name": "Refused", "start": "2031-03-04 15:30:00", "duration": "60"}
    del body[missing]
    assert missing in error(http, fresh_tenant, "webinarsCreate", body)
    assert ok(http, fresh_tenant, "webinarsList", {}) == []


def test_start_is_on_the_profile_clock_and_bigmarker_shows_the_same(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    ok(http, fresh_tenant, "profileSet", {"timezone": "180"})
    result = create(http, fresh_tenant, name="Moscow morning", start="2031-07-01 09:15:00")
    conference = conference_of(settings, result["alias"])
    assert conference.start_at == datetime(2031, 7, 1, 6, 15, tzinfo=UTC)
    assert info(http, fresh_tenant, result["alias"])["start"] == "2031-07-01 09:15:00"
    (shown,) = [c for c in bigmarker_list(http, fresh_tenant) if c["title"] == "Moscow morning"]
    assert shown["start_time"] == "2031-07-01 09:15"
    assert shown["duration"] == 90
    assert shown["conference_address"] == result["webinarLink"]


# A BigMarker conference through this dialect


def test_a_bigmarker_conference_is_a_webinar_here(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    made = create_conference(
        http,
        fresh_tenant,
        title="From BigMarker",
        purpose="Made there",
        start_time="2031-06-01 09:00",
        time_zone="Tokyo",
        duration_minutes="30",
        privacy="private",
    )
    alias = alias_of(settings, made["id"])
    listed = ok(http, fresh_tenant, "webinarsList", {})
    assert [w["alias"] for w in listed] == [alias]
    # Shown on the profile's clock (UTC here): 09:00 in Tokyo is midnight.
    assert listed[0]["start"] == "2031-06-01 00:00:00"
    assert listed[0]["name"] == "From BigMarker"
    shown = info(http, fresh_tenant, alias)
    assert (shown["name"], shown["description"], shown["duration"], shown["close"]) == (
        "From BigMarker",
        "Made there",
        "30",
        "YES",
    )


# webinarsSet


def test_set_as_the_php_example(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice)["alias"]
    result = ok(
        http,
        alice,
        "webinarsSet",
        {
            "alias": alias,
            "name": "Renamed webinar",
            "language": "de",
            "settings": {
                "cameraSize": "big",
                "userList": "no",
                "loginfields": ["name", "email"],
                "recordWhole": "%--record-whole-area-chat-webcam--%",
                "recordUsers": "yes",
                "recordQuality": "2",
            },
        },
    )
    assert list(result) == ["success"]
    shown = info(http, alice, alias)
    assert (shown["name"], shown["language"]) == ("Renamed webinar", "de")
    s = shown["settings"]
    assert (s["cameraSize"], s["userList"], s["loginFields"]) == ("big", "NO", ["name", "email"])
    assert (s["recordMode"], s["recordUsers"], s["recordQuality"]) == ("recordWhole", "YES", "2")


def _served(http: httpx.Client, settings: Settings, url: str) -> tuple[bytes, str]:
    """The bytes and type behind a file URL the server showed."""
    prefix = f"{settings.base_url}/files/"
    assert url.startswith(prefix)
    response = http.get(url.removeprefix(settings.base_url))
    assert response.status_code == 200
    return response.content, response.headers["content-type"]


def test_set_every_field_and_read_it_back(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    ok(
        http,
        alice,
        "webinarsSet",
        {
            "alias": alias,
            "name": "Everything",
            "description": "<b>All of it</b>",
            "start": "2032-02-03 04:05:00",
            "duration": "1000",
            "close": "YES",
            "language": "UK",
            "logo": base64.b64encode(PNG).decode(),
            "logotype_url": "https://example.test/home",
            "banner": "data:image/jpeg;base64," + base64.b64encode(JPEG).decode(),
            "banner_url": "https://example.test/offer",
            "google_id": "UA-1234-1",
            "settings": {
                "webcamPosition": "right",
                "themebg": "#F2F2F2",
                "themetext": "#d3d3d3",
                "userList": "YES",
                "flags": "NO",
                "buttonQuestion": "NO",
                "buttonVoice": "NO",
                "chat": "NO",
                "showBeforeTimer": "NO",
                "showLoginStart": "NO",
                "showLoginName": "NO",
                "showLoginModerators": "NO",
                "showSocialButtons": "NO",
                "showLoginCounter": "YES",
                "loginfields": ["email", "name", "phone", "born"],
                "beforeStartTime": "45",
                "cameraSize": "mini",
                "emailIdntLogin": "YES",
                "emailIdntRecord": "YES",
                "recordAreaNoChat": "",
                "recordChat": "NO",
                "recordQuality": 3,
                "sendRecord": "YES",
                "sendRecordTo": "miss",
            },
        },
    )
    shown = info(http, alice, alias)
    assert shown["name"] == "Everything"
    assert shown["description"] == "<b>All of it</b>"
    assert (shown["start"], shown["duration"], shown["close"]) == (
        "2032-02-03 04:05:00",
        "1000",
        "YES",
    )
    assert (shown["language"], shown["google_id"]) == ("uk", "UA-1234-1")
    # Images are files of the file store, shown by their public URL.
    assert _served(http, settings, shown["logo"]) == (PNG, "image/png")
    assert _served(http, settings, shown["banner"]) == (JPEG, "image/jpeg")
    assert (shown["logotype_url"], shown["banner_url"]) == (
        "https://example.test/home",
        "https://example.test/offer",
    )
    s = shown["settings"]
    assert s["theme"] == {"bg": "#f2f2f2", "text": "#d3d3d3"}
    assert s["webcamPosition"] == "RIGHT"
    assert s["loginFields"] == ["email", "name", "phone", "born"]
    expected_flags = {
        "userList": "YES",
        "flags": "NO",
        "chat": "NO",
        "buttonQuestion": "NO",
        "buttonVoice": "NO",
        "showBeforeTimer": "NO",
        "showLoginStart": "NO",
        "showLoginName": "NO",
        "showLoginModerators": "NO",
        "showSocialButtons": "NO",
        "showLoginCounter": "YES",
        "emailIdntLogin": "YES",
        "emailIdntRecord": "YES",
        "sendRecord": "YES",
    }
    assert {k: s[k] for k in expected_flags} == expected_flags
    assert (s["beforeStartTime"], s["cameraSize"], s["recordMode"]) == (
        "45",
        "mini",
        "recordAreaNoChat",
    )
    assert (s["recordChat"], s["recordQuality"], s["sendRecordTo"]) == ("NO", "3", "miss")
    # The same conference through BigMarker: private, its logo, 1000 minutes.
    conference = conference_of(settings, alias)
    response = http.get(f"/api/v1/conferences/{conference.id}", headers=alice.headers)
    body = response.json()
    assert (body["privacy"], body["duration"], body["title"]) == ("private", 1000, "Everything")
    assert body["room_logo"] == shown["logo"]


def test_set_reads_the_get_info_spellings_too(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice)["alias"]
    ok(
        http,
        alice,
        "webinarsSet",
        {
            "alias": alias,
            "settings": {"theme": {"bg": "#abc", "text": "#000000"}, "loginFields": ["name"]},
        },
    )
    s = info(http, alice, alias)["settings"]
    assert s["theme"] == {"bg": "#aabbcc", "text": "#000000"}
    assert s["loginFields"] == ["name"]


def test_set_group_by_id_shows_its_name(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    from webinarium.models import ParticipantGroup

    async def make(session: AsyncSession) -> str:
        group = ParticipantGroup(account_id=alice.account_id, name="Partners")
        session.add(group)
        await session.flush()
        return group.id

    group_id = in_database(settings, make)
    alias = create(http, alice)["alias"]
    ok(http, alice, "webinarsSet", {"alias": alias, "settings": {"group": group_id}})
    assert info(http, alice, alias)["settings"]["group"] == "Partners"
    ok(http, alice, "webinarsSet", {"alias": alias, "settings": {"group": ""}})
    assert info(http, alice, alias)["settings"]["group"] == ""


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"duration": "1440"}, "duration"),
        ({"start": "tomorrow"}, "start"),
        ({"close": "maybe"}, "close"),
        ({"language": "xx"}, "language"),
        ({"logo": base64.b64encode(b"GIF89a" + b"\x00" * 20).decode()}, "JPEG or PNG"),
        ({"logo": "not base64 at all!"}, "Base64"),
        ({"banner": base64.b64encode(PNG + b"\x00" * 600 * 1024).decode()}, "KiB"),
        ({"logotype_url": "javascript:alert(1)"}, "logotype_url"),
        ({"settings": {"themebg": "grey"}}, "themebg"),
        ({"settings": {"userList": "sometimes"}}, "userList"),
        ({"settings": {"beforeStartTime": "4"}}, "beforeStartTime"),
        ({"settings": {"beforeStartTime": "61"}}, "beforeStartTime"),
        ({"settings": {"recordQuality": "4"}}, "recordQuality"),
        ({"settings": {"cameraSize": "huge"}}, "cameraSize"),
        ({"settings": {"sendRecordTo": "nobody"}}, "sendRecordTo"),
        ({"settings": {"webcamPosition": "TOP"}}, "webcamPosition"),
        ({"settings": {"loginfields": ["name", "shoe_size"]}}, "loginfields"),
        ({"settings": {"recordArea": "", "recordWhole": ""}}, "recording mode"),
        ({"settings": {"recordArea": "", "recordModer": "YES"}}, "whole room"),
        ({"settings": {"group": "nope"}}, "group"),
        ({"settings": {"colour": "red"}}, "colour"),
    ],
)
def test_set_refuses_bad_values_and_changes_nothing(
    http: httpx.Client, alice: Tenant, params: dict[str, Any], fragment: str
) -> None:
    alias = create(http, alice)["alias"]
    before = info(http, alice, alias)
    message = error(http, alice, "webinarsSet", {"alias": alias, "name": "Not kept", **params})
    assert fragment in message
    assert info(http, alice, alias) == before


# webinarsDelete


def test_delete_as_the_php_example(http: httpx.Client, alice: Tenant, settings: Settings) -> None:
    alias = create(http, alice)["alias"]
    conference_id = conference_of(settings, alias).id
    assert list(ok(http, alice, "webinarsDelete", {"alias": alias})) == ["success"]
    assert "not found" in error(http, alice, "webinarsGetInfo", {"alias": alias})
    response = http.get(f"/api/v1/conferences/{conference_id}", headers=alice.headers)
    assert response.status_code == 404
    assert "not found" in error(http, alice, "webinarsDelete", {"alias": alias})


# webinarsClone


def test_clone_as_the_php_example(http: httpx.Client, alice: Tenant, settings: Settings) -> None:
    source = create(http, alice, name="Weekly demo", start="2031-03-04 15:30:00", duration="40")
    ok(
        http,
        alice,
        "webinarsSet",
        {"alias": source["alias"], "close": "YES", "settings": {"chat": "NO"}},
    )
    result = ok(http, alice, "webinarsClone", {"alias": source["alias"], "date": "2031-04-01"})
    assert list(result) == ["success", "alias", "webinarLink", "mainModeratorLink"]
    assert ALIAS.fullmatch(result["alias"])
    assert result["alias"] != source["alias"]
    assert result["webinarLink"] != source["webinarLink"]
    assert result["mainModeratorLink"].startswith(result["webinarLink"] + "?host=")
    host = result["mainModeratorLink"].split("?host=")[1]
    assert host != source["mainModeratorLink"].split("?host=")[1]
    copy = info(http, alice, result["alias"])
    assert (copy["name"], copy["start"], copy["duration"], copy["close"]) == (
        "Weekly demo",
        "2031-04-01 15:30:00",
        "40",
        "YES",
    )
    assert copy["settings"]["chat"] == "NO"
    assert conference_of(settings, result["alias"]).copied_from_id == (
        conference_of(settings, source["alias"]).id
    )


@pytest.mark.parametrize("day", ["", "01.04.2031", "2031-13-01"])
def test_clone_needs_a_date(http: httpx.Client, fresh_tenant: Tenant, day: str) -> None:
    alias = create(http, fresh_tenant)["alias"]
    assert "date" in error(http, fresh_tenant, "webinarsClone", {"alias": alias, "date": day})
    assert len(ok(http, fresh_tenant, "webinarsList", {})) == 1


# webinarsList


def test_list_as_the_php_example(http: httpx.Client, fresh_tenant: Tenant) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    future = create(
        http,
        fresh_tenant,
        name="Future",
        start=(now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
    )
    past = create(
        http,
        fresh_tenant,
        name="Past",
        start=(now - timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
    )
    result = ok(
        http,
        fresh_tenant,
        "webinarsList",
        {
            "fields": ["name", "alias"],
            "status": "active",
            "date": (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M:%S"),
        },
    )
    assert result == [{"name": "Future", "alias": future["alias"]}]
    finished = ok(http, fresh_tenant, "webinarsList", {"status": "FINISHED"})
    assert [w["alias"] for w in finished] == [past["alias"]]
    everything = ok(http, fresh_tenant, "webinarsList", {})
    assert [w["name"] for w in everything] == ["Past", "Future"]
    first = everything[0]
    assert list(first) == ["name", "description", "created", "alias", "start", "language"]
    assert (first["description"], first["language"]) == ("", "en")
    created = datetime.strptime(first["created"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    assert abs(created - now) < timedelta(minutes=5)
    by_day = ok(
        http, fresh_tenant, "webinarsList", {"date": (now - timedelta(days=2)).strftime("%Y-%m-%d")}
    )
    assert [w["name"] for w in by_day] == ["Past"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"fields": ["name", "colour"]}, "colour"),
        ({"status": "SOON"}, "status"),
        ({"date": "yesterday"}, "date"),
    ],
)
def test_list_refuses_bad_filters(
    http: httpx.Client, alice: Tenant, params: dict[str, Any], fragment: str
) -> None:
    assert fragment in error(http, alice, "webinarsList", params)


# webinarsGetInfo


def test_get_info_as_the_php_example(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice, name="Info", start="2031-08-09 10:11:12", duration="75")["alias"]
    shown = info(http, alice, alias)
    documented = [
        "alias",
        "name",
        "description",
        "start",
        "duration",
        "close",
        "language",
        "google_id",
        "created",
        "status",
        "records",
        "settings",
    ]
    assert list(shown)[: len(documented)] == documented
    assert (shown["alias"], shown["name"], shown["start"], shown["duration"]) == (
        alias,
        "Info",
        "2031-08-09 10:11:12",
        "75",
    )
    assert (shown["close"], shown["status"], shown["records"], shown["google_id"]) == (
        "NO",
        "ACTIVE",
        "0",
        "",
    )
    s = shown["settings"]
    assert list(s)[: len(DOCUMENTED_GET_INFO_SETTINGS)] == list(DOCUMENTED_GET_INFO_SETTINGS)
    assert s["theme"] == {"bg": "", "text": ""}
    assert (s["loginFields"], s["group"]) == (["name", "email"], "")
    for key in DOCUMENTED_GET_INFO_SETTINGS[:14]:
        assert s[key] in ("YES", "NO")


# Letters


def test_letters_as_the_php_examples(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice)["alias"]
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert list(letters) == ["REGISTRATIONCONFIRM", "3DAY", "1DAY", "1HOUR", "STARTED", "FINISHED"]
    for letter in letters.values():
        assert letter == {"enabled": "1", "status": "wait", "text": ""}

    result = ok(
        http,
        alice,
        "webinarsSetLetters",
        {"alias": alias, "text": "<i>See you</i>", "type": "3day", "enabled": "no"},
    )
    assert list(result) == ["success"]
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert letters["3DAY"] == {"enabled": "0", "status": "wait", "text": "<i>See you</i>"}
    assert letters["1DAY"]["enabled"] == "1"

    assert list(ok(http, alice, "webinarsLettersOff", {"alias": alias})) == ["success"]
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert {name: letter["enabled"] for name, letter in letters.items()} == dict.fromkeys(
        letters, "0"
    )
    assert list(ok(http, alice, "webinarsLettersOn", {"alias": alias})) == ["success"]
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    # Each letter keeps its own switch.
    assert letters["3DAY"]["enabled"] == "0"
    assert letters["1HOUR"]["enabled"] == "1"


def test_the_registration_confirmation_is_bigmarkers_registration_email(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    ok(
        http,
        alice,
        "webinarsSetLetters",
        {"alias": alias, "type": "REGISTRATIONCONFIRM", "enabled": "NO"},
    )
    conference_id = conference_of(settings, alias).id
    body = http.get(f"/api/v1/conferences/{conference_id}", headers=alice.headers).json()
    assert body["enable_registration_email"] is False
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert letters["REGISTRATIONCONFIRM"]["enabled"] == "0"


def test_letters_never_sent_wait_even_past_their_moment(http: httpx.Client, alice: Tenant) -> None:
    # "end" is a letter that went out (tests/messaging/test_letters_info.py);
    # this server has no worker, so none did.
    alias = create(http, alice, start="2020-01-01 10:00:00")["alias"]
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert {letter["status"] for letter in letters.values()} == {"wait"}


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"type": "1HOUR", "enabled": "NO", "text": "lost"}, "1HOUR"),
        ({"type": "WEEKLY", "enabled": "NO"}, "type"),
        ({"type": "3DAY", "enabled": "perhaps"}, "enabled"),
        ({"type": "3DAY"}, "enabled"),
        ({"enabled": "NO"}, "type"),
    ],
)
def test_set_letters_refuses_and_changes_nothing(
    http: httpx.Client, alice: Tenant, params: dict[str, Any], fragment: str
) -> None:
    alias = create(http, alice)["alias"]
    before = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    assert fragment in error(http, alice, "webinarsSetLetters", {"alias": alias, **params})
    assert ok(http, alice, "webinarsGetLettersInfo", {"alias": alias}) == before


# The room: who is in it, its history (rows written directly: the room comes later)


def _fill_room(settings: Settings, tenant: Tenant, alias: str) -> None:
    conference = conference_of(settings, alias)
    at = datetime(2031, 3, 4, 15, 0, tzinfo=UTC)

    async def fill(session: AsyncSession) -> None:
        def person(email: str, first: str, last: str) -> Person:
            row = Person(
                account_id=tenant.account_id, email=email, first_name=first, last_name=last
            )
            session.add(row)
            return row

        host = person("host@example.test", "Hanna", "Host")
        guest = person("guest@example.test", "Gus", "Guest")
        gone = person("gone@example.test", "Gone", "Early")
        await session.flush()
        session.add(
            Presenter(
                account_id=tenant.account_id,
                conference_id=conference.id,
                person_id=host.id,
                is_moderator=True,
                can_manage=True,
            )
        )
        virtual_guest = Bot(
            account_id=tenant.account_id,
            conference_id=conference.id,
            role="attendee",
            name="Virtual Vera",
            country="DE",
        )
        virtual_moderator = Bot(
            account_id=tenant.account_id,
            conference_id=conference.id,
            role="moderator",
            name="Virtual Max",
            email="max@example.test",
        )
        removed = Bot(
            account_id=tenant.account_id,
            conference_id=conference.id,
            role="attendee",
            name="Removed Rob",
            removed_at=at,
        )
        session.add_all([virtual_guest, virtual_moderator, removed])
        await session.flush()

        def visit(name: str, minutes: int, left: int | None = None, **who: str) -> Visit:
            return Visit(
                account_id=tenant.account_id,
                conference_id=conference.id,
                name=name,
                entered_at=at + timedelta(minutes=minutes),
                left_at=None if left is None else at + timedelta(minutes=left),
                **who,
            )

        def say(name: str, minutes: int, text: str, **who: str) -> ChatMessage:
            return ChatMessage(
                account_id=tenant.account_id,
                conference_id=conference.id,
                author_name=name,
                text=text,
                created_at=at + timedelta(minutes=minutes),
                **who,
            )

        session.add_all(
            [
                visit("Hanna Host", 1, person_id=host.id),
                visit("Gus Guest", 2, person_id=guest.id),
                visit("Gone Early", 3, 10, person_id=gone.id),
                visit("Virtual Vera", 4, bot_id=virtual_guest.id),
                say("Gus Guest", 5, "Hello!", person_id=guest.id),
                say("Hanna Host", 6, "Welcome", person_id=host.id),
                say("Virtual Vera", 7, "Great talk", bot_id=virtual_guest.id),
            ]
        )

    in_database(settings, fill)


def test_online_list_as_the_php_example(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings
) -> None:
    alias = create(http, fresh_tenant)["alias"]
    _fill_room(settings, fresh_tenant, alias)
    result = ok(http, fresh_tenant, "webinarsOnlineList", {"alias": alias})
    assert list(result) == ["moderators", "guests"]
    assert result["moderators"] == [
        {"name": "Hanna Host", "email": "host@example.test", "virtual": False},
        {"name": "Virtual Max", "email": "max@example.test", "virtual": True},
    ]
    assert result["guests"] == [
        {"name": "Gus Guest", "email": "guest@example.test", "virtual": False},
        {"name": "Virtual Vera", "email": "", "virtual": True},
    ]


def test_an_empty_room(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice)["alias"]
    assert ok(http, alice, "webinarsOnlineList", {"alias": alias}) == {
        "moderators": [],
        "guests": [],
    }
    assert ok(http, alice, "webinarsHistory", {"alias": alias, "type": "visits"}) == []


@pytest.mark.parametrize("kind", ["chats", "chat"])
def test_chat_history_as_the_php_example(
    http: httpx.Client, fresh_tenant: Tenant, settings: Settings, kind: str
) -> None:
    alias = create(http, fresh_tenant)["alias"]
    _fill_room(settings, fresh_tenant, alias)
    rows = ok(http, fresh_tenant, "webinarsHistory", {"alias": alias, "type": kind})
    assert rows == [
        ["2031-03-04 15:05:00", "Gus Guest", "Hello!", "g", "guest@example.test", False],
        ["2031-03-04 15:06:00", "Hanna Host", "Welcome", "m", "host@example.test", False],
        ["2031-03-04 15:07:00", "Virtual Vera", "Great talk", "g", "", True],
    ]


def test_visit_history(http: httpx.Client, fresh_tenant: Tenant, settings: Settings) -> None:
    alias = create(http, fresh_tenant)["alias"]
    _fill_room(settings, fresh_tenant, alias)
    rows = ok(http, fresh_tenant, "webinarsHistory", {"alias": alias, "type": "VISITS"})
    assert rows == [
        ["2031-03-04 15:01:00", "Hanna Host", "", "m", "host@example.test", False],
        ["2031-03-04 15:02:00", "Gus Guest", "", "g", "guest@example.test", False],
        [
            "2031-03-04 15:03:00",
            "Gone Early",
            "2031-03-04 15:10:00",
            "g",
            "gone@example.test",
            False,
        ],
        ["2031-03-04 15:04:00", "Virtual Vera", "", "g", "", True],
    ]


def test_history_needs_a_type(http: httpx.Client, alice: Tenant) -> None:
    alias = create(http, alice)["alias"]
    assert "type" in error(http, alice, "webinarsHistory", {"alias": alias})
    assert "type" in error(http, alice, "webinarsHistory", {"alias": alias, "type": "polls"})


# Recordings


def _add_recordings(settings: Settings, tenant: Tenant, alias: str) -> list[str]:
    conference = conference_of(settings, alias)

    async def add(session: AsyncSession) -> list[str]:
        rows = [
            Recording(
                account_id=tenant.account_id,
                conference_id=conference.id,
                name="Main take",
                status="ready",
                file_url="https://cdn.example.test/rec/1.mp4",
                duration_seconds=3600,
                size_bytes=123456789,
                created_at=datetime(2031, 3, 4, 17, 0, tzinfo=UTC),
            ),
            Recording(
                account_id=tenant.account_id,
                conference_id=conference.id,
                status="processing",
                created_at=datetime(2031, 3, 4, 18, 0, tzinfo=UTC),
            ),
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]

    return in_database(settings, add)


def test_records_list_as_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice, name="Recorded")["alias"]
    ready, processing = _add_recordings(settings, alice, alias)
    rows = ok(http, alice, "webinarsRecordsList", {"alias": alias})
    assert rows == [
        {
            "id": ready,
            "name": "Main take",
            "status": "ready",
            "added": "2031-03-04 17:00:00",
            "size": "123456789",
            "duration": "3600",
            "link": "https://cdn.example.test/rec/1.mp4",
            "download_link": "https://cdn.example.test/rec/1.mp4",
        },
        {
            "id": processing,
            "name": "Recorded",
            "status": "wait",
            "added": "2031-03-04 18:00:00",
            "size": "0",
            "duration": "0",
            "link": "",
            "download_link": "",
        },
    ]
    assert info(http, alice, alias)["records"] == "2"


def test_record_delete_as_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    ready, processing = _add_recordings(settings, alice, alias)
    assert list(ok(http, alice, "webinarsRecordDelete", {"id": ready})) == ["success"]
    rows = ok(http, alice, "webinarsRecordsList", {"alias": alias})
    assert [r["id"] for r in rows] == [processing]
    assert "not found" in error(http, alice, "webinarsRecordDelete", {"id": ready})
    assert "id" in error(http, alice, "webinarsRecordDelete", {})


# Files


def test_files_list_as_the_php_example(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    conference = conference_of(settings, alias)
    at = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)

    async def add(session: AsyncSession) -> list[str]:
        rows = [
            ConferenceFile(
                account_id=alice.account_id,
                conference_id=conference.id,
                file_url=url,
                file_type=kind,
                created_at=at + timedelta(minutes=n),
            )
            for n, (url, kind) in enumerate(
                [
                    ("https://cdn.example.test/decks/Intro%20deck.pdf", "whiteboard"),
                    ("https://cdn.example.test/media/talk.mp4", "video"),
                    ("https://www.youtube.com/watch?v=abc", "video"),
                ]
            )
        ]
        session.add_all(rows)
        await session.flush()
        return [row.id for row in rows]

    deck, video, youtube = in_database(settings, add)
    presentations = ok(http, alice, "webinarsFilesList", {"alias": alias, "type": "PRESENTATION"})
    assert presentations == [
        {
            "id": deck,
            "name": "Intro deck.pdf",
            "added": "2031-03-01 09:00:00",
            "size": "0",
            "duration": "0",
            "link": "https://cdn.example.test/decks/Intro%20deck.pdf",
            "download_link": "https://cdn.example.test/decks/Intro%20deck.pdf",
            "type": "PRESENTATION",
        }
    ]
    media = ok(http, alice, "webinarsFilesList", {"alias": alias, "type": "media"})
    assert [f["id"] for f in media] == [video, youtube]
    everything = ok(http, alice, "webinarsFilesList", {"alias": alias})
    assert [f["id"] for f in everything] == [deck, video, youtube]
    assert "type" in error(http, alice, "webinarsFilesList", {"alias": alias, "type": "PDF"})


# Tenancy: Bob's key on Alice's webinars and recordings


ALIAS_ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("webinarsSet", {"name": "Taken over"}),
    ("webinarsDelete", {}),
    ("webinarsClone", {"date": "2031-09-09"}),
    ("webinarsGetInfo", {}),
    ("webinarsGetLettersInfo", {}),
    ("webinarsSetLetters", {"type": "3DAY", "enabled": "NO"}),
    ("webinarsLettersOff", {}),
    ("webinarsLettersOn", {}),
    ("webinarsOnlineList", {}),
    ("webinarsRecordsList", {}),
    ("webinarsFilesList", {}),
    ("webinarsHistory", {"type": "chats"}),
]


@pytest.mark.parametrize(("action", "params"), ALIAS_ACTIONS)
def test_bob_cannot_reach_alices_webinar(
    http: httpx.Client,
    alice: Tenant,
    bob: Tenant,
    settings: Settings,
    action: str,
    params: dict[str, Any],
) -> None:
    alias = create(http, alice, name="Alice only")["alias"]
    before = info(http, alice, alias)
    letters = ok(http, alice, "webinarsGetLettersInfo", {"alias": alias})
    unknown = "zzzz-zzzz-zzzz-zzzz"
    refused = error(http, bob, action, {"alias": alias, **params})
    missing = error(http, bob, action, {"alias": unknown, **params})
    assert refused.replace(alias, "<alias>") == missing.replace(unknown, "<alias>")
    assert "Alice only" not in refused
    assert info(http, alice, alias) == before
    assert ok(http, alice, "webinarsGetLettersInfo", {"alias": alias}) == letters
    assert all(w["name"] != "Alice only" for w in ok(http, bob, "webinarsList", {}))


def test_bob_cannot_delete_alices_recording(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    ready, _ = _add_recordings(settings, alice, alias)
    refused = error(http, bob, "webinarsRecordDelete", {"id": ready})
    missing = error(http, bob, "webinarsRecordDelete", {"id": "0" * 20})
    assert refused.replace(ready, "<id>") == missing.replace("0" * 20, "<id>")
    assert len(ok(http, alice, "webinarsRecordsList", {"alias": alias})) == 2


def test_bob_does_not_list_alices_webinars(http: httpx.Client, alice: Tenant, bob: Tenant) -> None:
    create(http, alice, name="Alice private listing")
    body = call(http, alice.api_key, "webinarsList", {"fields": ["name"]})
    assert {"name": "Alice private listing"} in body["response"]
    body = call(http, bob.api_key, "webinarsList", {"fields": ["name"]})
    assert {"name": "Alice private listing"} not in body["response"]


def test_a_refused_set_leaves_no_image_behind(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    before = set(settings.files_root.glob("*")) if settings.files_root.exists() else set()
    params = {"logo": base64.b64encode(PNG).decode(), "settings": {"themebg": "grey"}}
    error(http, alice, "webinarsSet", {"alias": alias, **params})
    assert set(settings.files_root.glob("*")) == before
    assert info(http, alice, alias)["logo"] == ""


def test_a_logo_is_an_upload_or_a_link_the_last_one_given(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    alias = create(http, alice)["alias"]
    conference = conference_of(settings, alias)
    path = f"/api/v1/conferences/{conference.id}"
    ok(http, alice, "webinarsSet", {"alias": alias, "logo": base64.b64encode(PNG).decode()})
    uploaded = info(http, alice, alias)["logo"]
    assert http.get(path, headers=alice.headers).json()["room_logo"] == uploaded
    # BigMarker's room_logo is a link: giving one replaces the uploaded logo.
    link = "https://example.test/logo.png"
    response = http.put(path, headers=alice.headers, json={"room_logo": link})
    assert response.json()["room_logo"] == link
    assert info(http, alice, alias)["logo"] == link
    # An upload replaces the link again; an empty logo removes it everywhere.
    ok(http, alice, "webinarsSet", {"alias": alias, "logo": base64.b64encode(PNG).decode()})
    assert _served(http, settings, info(http, alice, alias)["logo"]) == (PNG, "image/png")
    ok(http, alice, "webinarsSet", {"alias": alias, "logo": ""})
    assert info(http, alice, alias)["logo"] == ""
    assert http.get(path, headers=alice.headers).json()["room_logo"] is None


def test_the_host_seed_is_a_column_a_clone_does_not_share(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    source = create(http, alice)
    token = source["mainModeratorLink"].split("?host=")[1]
    stored = conference_of(settings, source["alias"])
    # The column keeps the seed the token is derived from (tests/test_link_tokens.py).
    assert stored.host_seed is not None
    assert host_token(settings.secret_key, stored) == token
    assert "host_token" not in stored.settings
    clone = ok(http, alice, "webinarsClone", {"alias": source["alias"], "date": "2031-04-01"})
    cloned = conference_of(settings, clone["alias"])
    assert host_token(settings.secret_key, cloned) == clone["mainModeratorLink"].split("?host=")[1]
    assert cloned.host_seed != stored.host_seed
