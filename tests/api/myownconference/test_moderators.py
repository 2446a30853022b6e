"""Webinar moderators, called as the document's PHP examples call them, and seen
through BigMarker: a moderator attached to a webinar is a presenter there with
is_moderator true."""

from __future__ import annotations

import base64
import re
import struct
import time
import zlib
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import call, error, ok
from tests.conftest import Tenant, in_database
from webinarium.models import Conference, Person
from webinarium.settings import Settings

LIST_FIELDS = ["name", "email", "registered", "main", "avatar"]
ROOM_FIELDS = ["alias", "name", "description", "start", "timezone", "duration", "moderatorLink"]
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def _email(label: str = "moderator") -> str:
    return f"{label}.{time.time_ns()}@example.test"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def _create(http: httpx.Client, tenant: Tenant, name: str = "Ada Lovelace") -> str:
    email = _email()
    assert set(ok(http, tenant, "moderatorsCreate", {"name": name, "email": email})) == {"success"}
    return email


def _listed(http: httpx.Client, tenant: Tenant, **params: Any) -> list[dict[str, str]]:
    listed: list[dict[str, str]] = ok(http, tenant, "moderatorsList", {"fields": [], **params})
    return listed


def _one(http: httpx.Client, tenant: Tenant, email: str) -> dict[str, str] | None:
    found = [m for m in _listed(http, tenant, search=email) if m["email"] == email]
    assert len(found) <= 1
    return found[0] if found else None


def _webinar(
    http: httpx.Client, settings: Settings, tenant: Tenant, **fields: Any
) -> tuple[str, str]:
    """A webinar made through BigMarker: its conference id and its alias."""
    conference = create_conference(
        http, tenant, **{"title": "Moderated", "start_time": "2031-06-01 15:00", **fields}
    )

    async def alias(session: AsyncSession) -> str:
        found = await session.scalar(
            select(Conference.alias).where(Conference.id == conference["id"])
        )
        assert found is not None
        return found

    return conference["id"], in_database(settings, alias)


def _presenters(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(f"/api/v1/conferences/{conference_id}/presenters", headers=tenant.headers)
    assert response.status_code == 200, response.text
    presenters: list[dict[str, Any]] = response.json()["presenters"]
    return presenters


def _person(settings: Settings, tenant: Tenant, email: str) -> Person | None:
    async def load(session: AsyncSession) -> Person | None:
        person = await session.scalar(
            select(Person).where(Person.account_id == tenant.account_id, Person.email == email)
        )
        if person is not None:
            session.expunge(person)
        return person

    return in_database(settings, load)


# moderatorsCreate


def test_create_as_documented(http: httpx.Client, alice: Tenant) -> None:
    email = _email()
    params = {"name": "Grace Hopper", "email": email}
    body = call(http, alice.api_key, "moderatorsCreate", params, multipart=True)
    assert body["request"] == {"action": "moderatorsCreate", "params": params}
    assert list(body["response"]) == ["success"]
    assert body["response"]["success"]
    listed = _one(http, alice, email)
    assert listed is not None
    assert list(listed) == LIST_FIELDS
    assert (listed["name"], listed["email"], listed["main"], listed["avatar"]) == (
        "Grace Hopper",
        email,
        "NO",
        "NO",
    )
    assert TIME.fullmatch(listed["registered"])


@pytest.mark.parametrize("name", ["Al", "N" * 64, "José Ñúñez-O'Brien"])
def test_create_accepts_names_the_document_allows(
    http: httpx.Client, alice: Tenant, name: str
) -> None:
    email = _create(http, alice, name)
    listed = _one(http, alice, email)
    assert listed is not None
    assert listed["name"] == name


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"name": "A"}, "2 to 64"),
        ({"name": "N" * 65}, "2 to 64"),
        ({"name": "Dr. Who"}, "must not contain"),
        ({"name": "Ada/Lovelace"}, "must not contain"),
        ({"name": "Ada #1"}, "must not contain"),
        ({"email": "a@b.c"}, "at least 6"),
        ({"email": "a" * 117 + "@example.test"}, "at most 128"),
        ({"email": "not an address"}, "e-mail"),
        ({"name": None}, "name"),
        ({"email": None}, "email"),
    ],
)
def test_create_refuses_bad_values(
    http: httpx.Client, fresh_tenant: Tenant, params: dict[str, Any], fragment: str
) -> None:
    request = {"name": "Ada Lovelace", "email": _email(), **params}
    request = {k: v for k, v in request.items() if v is not None}
    assert fragment in error(http, fresh_tenant, "moderatorsCreate", request)
    assert [m["main"] for m in _listed(http, fresh_tenant)] == ["YES"]


def test_create_refuses_a_moderator_twice_and_the_primary(
    http: httpx.Client, alice: Tenant
) -> None:
    email = _create(http, alice, "First Name")
    message = error(http, alice, "moderatorsCreate", {"name": "Second Name", "email": email})
    assert "already" in message
    assert (_one(http, alice, email) or {})["name"] == "First Name"
    assert "primary" in error(
        http, alice, "moderatorsCreate", {"name": "Me Myself", "email": alice.email}
    )


# moderatorsDelete


def test_delete_one_as_documented(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    email = _create(http, alice)
    conference_id, alias = _webinar(http, settings, alice)
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [email]})
    body = call(http, alice.api_key, "moderatorsDelete", [email], multipart=True)
    assert body["request"] == {"action": "moderatorsDelete", "params": [email]}
    assert list(body["response"]) == ["success"]
    assert _one(http, alice, email) is None
    # Their moderator roles go with them; the person stays.
    assert _presenters(http, alice, conference_id) == []
    assert _person(settings, alice, email) is not None
    assert "not a moderator" in error(http, alice, "moderatorsRooms", {"email": email})


def test_delete_many_as_documented(http: httpx.Client, alice: Tenant) -> None:
    emails = [_create(http, alice) for _ in range(3)]
    assert list(ok(http, alice, "moderatorsDelete", emails)) == ["success"]
    assert all(_one(http, alice, email) is None for email in emails)


def test_delete_is_all_or_nothing(http: httpx.Client, alice: Tenant) -> None:
    kept = _create(http, alice)
    unknown = _email("nobody")
    assert error(http, alice, "moderatorsDelete", [kept, unknown]) == (
        f"{unknown} is not a moderator"
    )
    assert _one(http, alice, kept) is not None
    for bad in ([], [kept, "a@b.c"], [alice.email]):
        error(http, alice, "moderatorsDelete", bad)
    assert _one(http, alice, kept) is not None
    assert "primary" in error(http, alice, "moderatorsDelete", [alice.email])


# moderatorsSet


def test_set_as_documented(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    email = _create(http, alice, "Old Name")
    conference_id, alias = _webinar(http, settings, alice)
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [email]})
    new_email = _email("renamed")
    params = {"email": email, "newEmail": new_email, "newName": "New Fullname"}
    body = call(http, alice.api_key, "moderatorsSet", params, multipart=True)
    assert body["request"] == {"action": "moderatorsSet", "params": params}
    assert list(body["response"]) == ["success"]
    assert _one(http, alice, email) is None
    listed = _one(http, alice, new_email)
    assert listed is not None
    assert listed["name"] == "New Fullname"
    (presenter,) = _presenters(http, alice, conference_id)
    assert (presenter["email"], presenter["display_name"]) == (new_email, "New Fullname")
    assert (presenter["first_name"], presenter["last_name"]) == ("New", "Fullname")


@pytest.mark.parametrize(
    ("image", "encode", "media_type"),
    [
        (_png(), lambda b: base64.b64encode(b).decode(), "image/png"),
        (JPEG, lambda b: base64.b64encode(b).decode(), "image/jpeg"),
        # As `base64` prints it (wrapped lines), and as a data: URI.
        (_png() * 3, lambda b: base64.encodebytes(b).decode(), "image/png"),
        (JPEG, lambda b: "data:image/jpeg;base64," + base64.b64encode(b).decode(), "image/jpeg"),
    ],
)
def test_set_avatar_stores_a_jpeg_or_png(
    http: httpx.Client,
    settings: Settings,
    alice: Tenant,
    image: bytes,
    encode: Any,
    media_type: str,
) -> None:
    email = _create(http, alice)
    ok(http, alice, "moderatorsSet", {"email": email, "avatar": encode(image)})
    person = _person(settings, alice, email)
    assert person is not None
    assert person.avatar_file_id is not None
    # The avatar is a file of the file store, served as it was sent.
    file_id = person.avatar_file_id
    served = http.get(f"/files/{file_id}")
    assert (served.status_code, served.content) == (200, image)
    assert served.headers["content-type"] == media_type
    assert (settings.files_root / file_id).read_bytes() == image
    listed = _one(http, alice, email)
    assert listed is not None
    assert listed["avatar"] == "YES"
    # An empty avatar goes back to the webcam; the file is gone.
    ok(http, alice, "moderatorsSet", {"email": email, "avatar": ""})
    person = _person(settings, alice, email)
    assert person is not None
    assert person.avatar_file_id is None
    assert (_one(http, alice, email) or {})["avatar"] == "NO"
    assert http.get(f"/files/{file_id}").status_code == 404
    assert not (settings.files_root / file_id).exists()


@pytest.mark.parametrize(
    ("avatar", "fragment"),
    [
        (base64.b64encode(GIF).decode(), "JPEG or PNG"),
        (base64.b64encode(b"just some text, not an image").decode(), "JPEG or PNG"),
        ("%%% not base64 %%%", "Base64"),
        (base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 600_000).decode(), "512 KiB"),
    ],
)
def test_set_avatar_refuses_what_is_not_a_jpeg_or_png(
    http: httpx.Client, settings: Settings, alice: Tenant, avatar: str, fragment: str
) -> None:
    email = _create(http, alice, "Kept Name")
    message = error(
        http, alice, "moderatorsSet", {"email": email, "newName": "Changed Name", "avatar": avatar}
    )
    assert fragment in message
    person = _person(settings, alice, email)
    assert person is not None
    assert person.avatar_file_id is None
    assert (_one(http, alice, email) or {})["name"] == "Kept Name"


def test_set_refuses_bad_values_and_changes_nothing(http: httpx.Client, alice: Tenant) -> None:
    email = _create(http, alice, "Kept Name")
    other = _create(http, alice, "Other Name")
    for params, fragment in [
        ({"newName": "X"}, "2 to 64"),
        ({"newName": "Bad|Name"}, "must not contain"),
        ({"newEmail": "a@b.c"}, "at least 6"),
        ({"newEmail": other, "newName": "Changed Name"}, "already used"),
        ({"newEmail": alice.email}, "primary"),
        ({}, "newEmail, newName or avatar"),
    ]:
        assert fragment in error(http, alice, "moderatorsSet", {"email": email, **params})
    assert (_one(http, alice, email) or {})["name"] == "Kept Name"
    assert (_one(http, alice, other) or {})["name"] == "Other Name"
    unknown = _email("nobody")
    assert error(http, alice, "moderatorsSet", {"email": unknown, "newName": "Some Name"}) == (
        f"{unknown} is not a moderator"
    )


# moderatorsList


def test_list_as_documented(http: httpx.Client, fresh_tenant: Tenant) -> None:
    first = _create(http, fresh_tenant, "First Moderator")
    second = _create(http, fresh_tenant, "Second Moderator")
    # 'fields' => [] : every field, the primary moderator first, then in the order made.
    listed = _listed(http, fresh_tenant)
    assert [list(m) for m in listed] == [LIST_FIELDS] * 3
    assert [(m["email"], m["main"]) for m in listed] == [
        (fresh_tenant.email, "YES"),
        (first, "NO"),
        (second, "NO"),
    ]
    assert listed[0]["name"] == "Fresh"
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:")  # a fresh account's zone is UTC
    assert all(m["registered"].startswith(now[:10]) for m in listed)
    # 'fields' => ['name'] : only the names.
    assert ok(http, fresh_tenant, "moderatorsList", {"fields": ["name"]}) == [
        {"name": "Fresh"},
        {"name": "First Moderator"},
        {"name": "Second Moderator"},
    ]
    # The echoed example: fields email and name, with a search.
    assert ok(
        http, fresh_tenant, "moderatorsList", {"fields": ["email", "name"], "search": "second"}
    ) == [{"name": "Second Moderator", "email": second}]
    assert "unknown" in error(http, fresh_tenant, "moderatorsList", {"fields": ["phone"]})


def test_list_search_by_name_and_email(http: httpx.Client, fresh_tenant: Tenant) -> None:
    ada = _create(http, fresh_tenant, "Ada Lovelace")
    _create(http, fresh_tenant, "Grace Hopper")

    def emails(search: str) -> list[str]:
        return [m["email"] for m in _listed(http, fresh_tenant, search=search)]

    assert emails("LOVELACE") == [ada]
    assert emails("ada love") == [ada]
    assert emails(ada.split("@")[0].upper()) == [ada]
    assert emails("%") == []
    assert emails("_") == []
    assert len(emails("")) == 3


def test_list_by_webinar_alias(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    attached = _create(http, fresh_tenant, "Attached One")
    _create(http, fresh_tenant, "Not Attached")
    _, alias = _webinar(http, settings, fresh_tenant)
    ok(http, fresh_tenant, "moderatorsAddToWebinar", {"alias": alias, "email": [attached]})
    # The primary moderator has access to every webinar.
    assert [m["email"] for m in _listed(http, fresh_tenant, alias=alias)] == [
        fresh_tenant.email,
        attached,
    ]
    assert [
        m["email"] for m in _listed(http, fresh_tenant, alias=alias, search="attached one")
    ] == [attached]
    assert len(_listed(http, fresh_tenant, alias="")) == 3
    assert error(http, fresh_tenant, "moderatorsList", {"alias": "aaaa-bbbb-cccc-dddd"}) == (
        "webinar aaaa-bbbb-cccc-dddd not found"
    )


# moderatorsAddToWebinar — and BigMarker's view of it


def test_add_to_webinar_as_documented(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    email = _create(http, alice, "Moderating Person")
    conference_id, alias = _webinar(http, settings, alice)
    params = {"alias": alias, "email": [email]}
    body = call(http, alice.api_key, "moderatorsAddToWebinar", params, multipart=True)
    assert body["request"] == {"action": "moderatorsAddToWebinar", "params": params}
    assert list(body["response"]) == ["success"]
    (presenter,) = _presenters(http, alice, conference_id)
    assert presenter["email"] == email
    assert (presenter["is_moderator"], presenter["can_manage"]) == (True, True)
    assert (presenter["first_name"], presenter["last_name"]) == ("Moderating", "Person")
    assert presenter["display_name"] == "Moderating Person"
    # sendInvite left out: NO, the invitation follows the webinar's schedule.
    assert presenter["send_email_invite"] is False
    # Attaching again changes nothing.
    ok(http, alice, "moderatorsAddToWebinar", params)
    assert _presenters(http, alice, conference_id) == [presenter]


def test_add_many_with_send_invite(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    emails = [_create(http, alice) for _ in range(3)]
    conference_id, alias = _webinar(http, settings, alice)
    ok(
        http,
        alice,
        "moderatorsAddToWebinar",
        {"alias": alias, "email": emails[:2], "sendInvite": "yes"},
    )
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": emails[2]})
    presenters = _presenters(http, alice, conference_id)
    assert [p["email"] for p in presenters] == emails
    assert [p["send_email_invite"] for p in presenters] == [True, True, False]
    assert all(p["is_moderator"] for p in presenters)


def test_add_gives_a_presenter_moderator_rights(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    email = _create(http, alice)
    conference_id, alias = _webinar(http, settings, alice)
    response = http.post(
        "/api/v1/presenters",
        headers=alice.headers,
        json={"conference_id": conference_id, "presenter_email": email},
    )
    assert response.status_code == 200, response.text
    assert response.json()["is_moderator"] is False
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [email]})
    (presenter,) = _presenters(http, alice, conference_id)
    assert (presenter["is_moderator"], presenter["can_manage"]) == (True, True)


def test_add_refuses_and_attaches_nobody(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    email = _create(http, alice)
    conference_id, alias = _webinar(http, settings, alice)
    stranger = _email("stranger")
    for params, message in [
        ({"alias": alias, "email": [email, stranger]}, f"{stranger} is not a moderator"),
        (
            {"alias": "zzzz-zzzz-zzzz-zzzz", "email": [email]},
            "webinar zzzz-zzzz-zzzz-zzzz not found",
        ),
        ({"alias": alias, "email": [email, "a@b.c"]}, "email.1: String should have at least 6"),
        ({"alias": alias, "email": []}, "email: give at least one e-mail address"),
        ({"alias": alias, "email": [email], "sendInvite": "maybe"}, "YES or NO"),
        ({"email": [email]}, "alias"),
    ]:
        assert message in error(http, alice, "moderatorsAddToWebinar", params)
    assert _presenters(http, alice, conference_id) == []


# moderatorsRemoveFromWebinar


def test_remove_from_webinar_as_documented(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    emails = [_create(http, alice) for _ in range(4)]
    conference_id, alias = _webinar(http, settings, alice)
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": emails})
    params = {"alias": alias, "email": [emails[0]]}
    body = call(http, alice.api_key, "moderatorsRemoveFromWebinar", params, multipart=True)
    assert body["request"] == {"action": "moderatorsRemoveFromWebinar", "params": params}
    assert list(body["response"]) == ["success"]
    # The echoed example's plain string, and many at once.
    ok(http, alice, "moderatorsRemoveFromWebinar", {"alias": alias, "email": emails[1]})
    ok(http, alice, "moderatorsRemoveFromWebinar", {"alias": alias, "email": emails[2:3]})
    assert [p["email"] for p in _presenters(http, alice, conference_id)] == [emails[3]]
    # Still moderators of the account.
    assert all(_one(http, alice, email) is not None for email in emails)


def test_remove_refuses_and_detaches_nobody(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    attached, loose = _create(http, alice), _create(http, alice)
    conference_id, alias = _webinar(http, settings, alice)
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [attached]})
    stranger = _email("stranger")
    for params, message in [
        ({"alias": alias, "email": [attached, loose]}, f"{loose} is not attached to this webinar"),
        ({"alias": alias, "email": [attached, stranger]}, f"{stranger} is not a moderator"),
        ({"alias": "zzzz-zzzz-zzzz-zzzz", "email": [attached]}, "not found"),
    ]:
        assert error(http, alice, "moderatorsRemoveFromWebinar", params).endswith(message)
    assert [p["email"] for p in _presenters(http, alice, conference_id)] == [attached]


# moderatorsRooms


def test_rooms_as_documented(http: httpx.Client, settings: Settings, alice: Tenant) -> None:
    email = _create(http, alice)
    later_id, later = _webinar(
        http, settings, alice, time_zone="Tokyo", start_time="2031-07-01 10:00"
    )
    sooner_id, sooner = _webinar(
        http, settings, alice, time_zone="Tokyo", purpose="<p>About it</p>", duration_minutes=90
    )
    _, unattached = _webinar(http, settings, alice)
    for alias in (later, sooner):
        ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [email]})
    body = call(http, alice.api_key, "moderatorsRooms", {"email": email}, multipart=True)
    assert body["request"] == {"action": "moderatorsRooms", "params": {"email": email}}
    rooms = body["response"]
    assert [list(room) for room in rooms] == [ROOM_FIELDS, ROOM_FIELDS]
    assert [room["alias"] for room in rooms] == [sooner, later]
    assert unattached not in [room["alias"] for room in rooms]
    first = rooms[0]
    assert (first["name"], first["description"]) == ("Moderated", "<p>About it</p>")
    assert (first["start"], first["timezone"], first["duration"]) == (
        "2031-06-01 15:00:00",
        "540",
        "90",
    )
    assert rooms[1]["start"] == "2031-07-01 10:00:00"
    # Each moderator link is the moderator's own: BigMarker's presenter_url of the role.
    for room, conference_id in zip(rooms, (sooner_id, later_id), strict=True):
        (presenter,) = _presenters(http, alice, conference_id)
        assert room["moderatorLink"] == presenter["presenter_url"]
        assert room["moderatorLink"].startswith("https://webinars.example.test/")
    ok(http, alice, "moderatorsRemoveFromWebinar", {"alias": sooner, "email": [email]})
    assert [r["alias"] for r in ok(http, alice, "moderatorsRooms", {"email": email})] == [later]


def test_rooms_of_someone_who_is_not_a_moderator(http: httpx.Client, alice: Tenant) -> None:
    unknown = _email("nobody")
    assert error(http, alice, "moderatorsRooms", {"email": unknown}) == (
        f"{unknown} is not a moderator"
    )
    assert "at least 6" in error(http, alice, "moderatorsRooms", {"email": "a@b.c"})
    assert "primary" in error(http, alice, "moderatorsRooms", {"email": alice.email})


# Tenancy: Bob's key on Alice's moderators and webinars


def test_bob_cannot_see_or_touch_alices_moderators(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    email = _create(http, alice, "Alice Moderator")
    conference_id, alias = _webinar(http, settings, alice)
    ok(http, alice, "moderatorsAddToWebinar", {"alias": alias, "email": [email]})
    before = _presenters(http, alice, conference_id)
    bobs = _create(http, bob, "Bob Moderator")
    _, bobs_alias = _webinar(http, settings, bob)
    unknown = _email("nobody")

    def same_as_unknown(action: str, params: Any, secret: str, stand_in: str) -> None:
        message = error(http, bob, action, params)
        assert secret in message
        assert message.replace(secret, stand_in) == error(
            http, bob, action, _swap(params, secret, stand_in)
        )

    same_as_unknown("moderatorsDelete", [email], email, unknown)
    same_as_unknown("moderatorsSet", {"email": email, "newName": "Bob Was Here"}, email, unknown)
    same_as_unknown("moderatorsRooms", {"email": email}, email, unknown)
    same_as_unknown("moderatorsList", {"alias": alias}, alias, "zzzz-zzzz-zzzz-zzzz")
    same_as_unknown(
        "moderatorsAddToWebinar", {"alias": alias, "email": [bobs]}, alias, "zzzz-zzzz-zzzz-zzzz"
    )
    same_as_unknown(
        "moderatorsAddToWebinar", {"alias": bobs_alias, "email": [email]}, email, unknown
    )
    same_as_unknown(
        "moderatorsRemoveFromWebinar",
        {"alias": alias, "email": [bobs]},
        alias,
        "zzzz-zzzz-zzzz-zzzz",
    )
    assert email not in [m["email"] for m in _listed(http, bob)]
    assert email not in [m["email"] for m in _listed(http, bob, search=email)]
    # Bob may have a moderator with the same address: his own, not Alice's.
    ok(http, bob, "moderatorsCreate", {"name": "Bobs Namesake", "email": email})
    assert (_one(http, bob, email) or {})["name"] == "Bobs Namesake"
    assert ok(http, bob, "moderatorsRooms", {"email": email}) == []
    # Alice's moderator and webinar are as they were.
    assert (_one(http, alice, email) or {})["name"] == "Alice Moderator"
    assert _presenters(http, alice, conference_id) == before
    assert [r["alias"] for r in ok(http, alice, "moderatorsRooms", {"email": email})] == [alias]


def _swap(params: Any, old: str, new: str) -> Any:
    if isinstance(params, str):
        return new if params == old else params
    if isinstance(params, list):
        return [_swap(item, old, new) for item in params]
    if isinstance(params, dict):
        return {key: _swap(value, old, new) for key, value in params.items()}
    return params
