"""One webinar, three dialects: what one dialect makes or shows, the others
accept (issue 8, "Cross-dialect consistency"). Each test makes something through
one dialect and reads or changes it through another."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference as bigmarker_create
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, in_database
from webinarium.models import Visit
from webinarium.settings import Settings


def _bigmarker_show(http: httpx.Client, tenant: Tenant, conference_id: str) -> dict[str, Any]:
    response = http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)
    assert response.status_code == 200, response.text
    conference: dict[str, Any] = response.json()
    return conference


def _bigmarker_update(
    http: httpx.Client, tenant: Tenant, conference_id: str, **fields: Any
) -> httpx.Response:
    return http.put(f"/api/v1/conferences/{conference_id}", headers=tenant.headers, json=fields)


def _moc_webinar(
    http: httpx.Client, tenant: Tenant, name: str, duration: int = 60
) -> tuple[str, str]:
    """A webinar planned through MyOwnConference: its alias and its BigMarker id."""
    made = moc.ok(
        http,
        tenant,
        "webinarsCreate",
        {"name": name, "start": "2030-06-01 10:00:00", "duration": duration},
    )
    response = http.get(
        "/api/v1/conferences", params={"type": "all", "query": name}, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    (conference,) = response.json()["conferences"]
    return made["alias"], conference["id"]


# 1. Time zones: whatever BigMarker shows, its update takes.


def test_a_profile_zone_shown_by_bigmarker_is_accepted_back_by_it(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    moc.ok(http, fresh_tenant, "profileSet", {"timezone": 180})
    _, conference_id = _moc_webinar(http, fresh_tenant, "Moscow hours")
    shown = _bigmarker_show(http, fresh_tenant, conference_id)
    assert (shown["time_zone"], shown["start_time"]) == ("UTC+03:00", "2030-06-01 10:00")

    response = _bigmarker_update(
        http, fresh_tenant, conference_id, time_zone=shown["time_zone"], title="Renamed"
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["title"], updated["time_zone"], updated["start_time"]) == (
        "Renamed",
        "UTC+03:00",
        "2030-06-01 10:00",
    )
    # A fixed offset is a zone BigMarker takes from a client too, on create as on update.
    created = bigmarker_create(
        http, fresh_tenant, time_zone="UTC-05:30", start_time="2030-01-01 09:00"
    )
    assert (created["time_zone"], created["start_time"]) == ("UTC-05:30", "2030-01-01 09:00")


def test_an_iana_zone_without_a_bigmarker_name_round_trips(
    http: httpx.Client, alice: Tenant
) -> None:
    created = bigmarker_create(http, alice, time_zone="Europe/Kaliningrad")
    assert created["time_zone"] == "Europe/Kaliningrad"
    response = _bigmarker_update(http, alice, created["id"], time_zone=created["time_zone"])
    assert response.status_code == 200, response.text
    assert response.json()["start_time"] == created["start_time"]


def test_a_name_that_is_no_zone_is_still_refused(http: httpx.Client, alice: Tenant) -> None:
    created = bigmarker_create(http, alice)
    for name in ("UTC+25:00", "Atlantis Time", "Europe/Atlantis"):
        response = _bigmarker_update(http, alice, created["id"], time_zone=name)
        assert response.status_code == 400, (name, response.text)
        assert "unknown time zone" in response.json()["error"]


# 2. Durations: BigMarker's 1..720 applies to a duration the client picks.


def test_a_long_webinar_keeps_its_duration_through_a_bigmarker_update(
    http: httpx.Client, alice: Tenant
) -> None:
    _, conference_id = _moc_webinar(http, alice, "A long day", duration=1000)
    shown = _bigmarker_show(http, alice, conference_id)
    assert shown["duration"] == 1000

    response = _bigmarker_update(
        http, alice, conference_id, duration_minutes=shown["duration"], title="Still long"
    )
    assert response.status_code == 200, response.text
    assert (response.json()["title"], response.json()["duration"]) == ("Still long", 1000)

    response = _bigmarker_update(http, alice, conference_id, duration_minutes=999)
    assert response.status_code == 400, response.text
    assert "between 1 and 720" in response.json()["error"]
    assert _bigmarker_show(http, alice, conference_id)["duration"] == 1000

    response = _bigmarker_update(http, alice, conference_id, duration_minutes="720")
    assert response.status_code == 200, response.text
    assert response.json()["duration"] == 720
    # The old value is a new choice now.
    response = _bigmarker_update(http, alice, conference_id, duration_minutes=1000)
    assert response.status_code == 400, response.text


def test_bigmarker_create_keeps_its_documented_duration_range(
    http: httpx.Client, alice: Tenant
) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "Too long", "duration_minutes": 1000},
    )
    assert response.status_code == 400, response.text
    assert "between 1 and 720" in response.json()["error"]


# 3. Removing a registrant revokes the registration, whatever dialect removes it.


def _register_through_bigmarker(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str
) -> None:
    response = http.put(
        "/api/v1/conferences/register",
        headers=tenant.headers,
        json={"id": conference_id, "email": email, "first_name": "Reg", "last_name": "Istrant"},
    )
    assert response.status_code == 200, response.text


def _unregister_through_bigmarker(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str
) -> httpx.Response:
    return http.request(
        "DELETE",
        "/api/v1/conferences/register",
        headers=tenant.headers,
        json={"id": conference_id, "email": email},
    )


def _bigmarker_registrants(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[str]:
    response = http.get(
        f"/api/v1/conferences/registrations/{conference_id}", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    return [r["email"] for r in response.json()["registrations"]]


def _boomstream_code(http: httpx.Client, tenant: Tenant, title: str) -> str:
    listed = boomstream.ok(http, tenant, "list")["conferences"]
    (code,) = [c["code"] for c in listed if c["title"] == title]
    return str(code)


def test_a_registrant_removed_through_any_dialect_is_kept_as_deleted(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    alias, conference_id = _moc_webinar(http, fresh_tenant, "Removals")
    code = _boomstream_code(http, fresh_tenant, "Removals")
    emails = [f"{who}@example.test" for who in ("bm", "moc", "boom", "gone", "stays")]
    for email in emails:
        _register_through_bigmarker(http, fresh_tenant, conference_id, email)
    codes = {c["email"]: c["code"] for c in boomstream.clients(http, fresh_tenant, code)}

    response = _unregister_through_bigmarker(http, fresh_tenant, conference_id, "bm@example.test")
    assert response.status_code == 200, response.text
    moc.ok(
        http,
        fresh_tenant,
        "attendeesRemoveFromWebinar",
        {"alias": alias, "attendees": ["moc@example.test"]},
    )
    boomstream.ok(http, fresh_tenant, "client/delete", code=codes["boom@example.test"])
    moc.ok(http, fresh_tenant, "attendeesDelete", ["gone@example.test"])

    removed = set(emails) - {"stays@example.test"}
    clients = boomstream.clients(http, fresh_tenant, code)
    assert {c["email"]: c["is_deleted"] for c in clients} == {
        email: "yes" if email in removed else "no" for email in emails
    }
    assert {c["email"]: c["code"] for c in clients} == codes
    assert _bigmarker_registrants(http, fresh_tenant, conference_id) == ["stays@example.test"]
    attendees = moc.ok(http, fresh_tenant, "attendeesList", {"alias": alias})
    assert [a["email"] for a in attendees["list"]] == ["stays@example.test"]
    for email in removed:
        response = http.get(
            f"/api/v1/conferences/{conference_id}/check_registration_status",
            params={"email": email},
            headers=fresh_tenant.headers,
        )
        assert response.json()["registration_status"] == "not_registered", email

    # Registering again re-activates the kept record, whichever dialect removed it.
    _register_through_bigmarker(http, fresh_tenant, conference_id, "moc@example.test")
    moc.ok(
        http,
        fresh_tenant,
        "attendeesAddToWebinar",
        {"alias": alias, "attendees": ["bm@example.test"]},
    )
    clients = boomstream.clients(http, fresh_tenant, code)
    again = {c["email"]: (c["code"], c["is_deleted"]) for c in clients}
    assert again["moc@example.test"] == (codes["moc@example.test"], "no")
    assert again["bm@example.test"] == (codes["bm@example.test"], "no")
    assert sorted(_bigmarker_registrants(http, fresh_tenant, conference_id)) == [
        "bm@example.test",
        "moc@example.test",
        "stays@example.test",
    ]


def test_unregistering_twice_finds_nobody_the_second_time(
    http: httpx.Client, alice: Tenant
) -> None:
    conference = bigmarker_create(http, alice, title="Twice")
    _register_through_bigmarker(http, alice, conference["id"], "twice@example.test")
    first = _unregister_through_bigmarker(http, alice, conference["id"], "twice@example.test")
    assert first.status_code == 200, first.text
    second = _unregister_through_bigmarker(http, alice, conference["id"], "twice@example.test")
    assert second.status_code == 404, second.text


def test_a_seat_cannot_go_to_an_address_whose_registration_was_removed(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    _, conference_id = _moc_webinar(http, fresh_tenant, "Seats")
    code = _boomstream_code(http, fresh_tenant, "Seats")
    for email in ("holder@example.test", "removed@example.test"):
        _register_through_bigmarker(http, fresh_tenant, conference_id, email)
    response = _unregister_through_bigmarker(
        http, fresh_tenant, conference_id, "removed@example.test"
    )
    assert response.status_code == 200, response.text
    holder = boomstream.client_code(http, fresh_tenant, code, "holder@example.test")
    message = boomstream.failed(
        http, fresh_tenant.api_key, "client/update", code=holder, email="removed@example.test"
    )
    assert "removed@example.test already has a registration" in message
    assert "register them again" in message


# 4. Moderator rights flow both ways.


def _bigmarker_presenter(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str, **fields: Any
) -> dict[str, Any]:
    response = http.post(
        "/api/v1/presenters",
        headers=tenant.headers,
        json={
            "conference_id": conference_id,
            "presenter_email": email,
            "presenter_first_name": "Pre",
            "presenter_last_name": email.split("@")[0].capitalize(),
            **fields,
        },
    )
    assert response.status_code == 200, response.text
    presenter: dict[str, Any] = response.json()
    return presenter


def test_a_bigmarker_moderator_presenter_is_a_myownconference_moderator(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    alias, conference_id = _moc_webinar(http, fresh_tenant, "Moderated in BigMarker")
    presenter_id = _bigmarker_presenter(
        http, fresh_tenant, conference_id, "mod@example.test", is_moderator=True
    )["presenter_id"]
    speaker_id = _bigmarker_presenter(http, fresh_tenant, conference_id, "speaker@example.test")[
        "presenter_id"
    ]

    attached = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert [m["email"] for m in attached] == [fresh_tenant.email, "mod@example.test"]
    rooms = moc.ok(http, fresh_tenant, "moderatorsRooms", {"email": "mod@example.test"})
    assert [r["alias"] for r in rooms] == [alias]
    code = _boomstream_code(http, fresh_tenant, "Moderated in BigMarker")
    invited = boomstream.invite(http, fresh_tenant, code, "mod@example.test")
    assert invited["isModerator"] is True

    # A presenter given the right later is a moderator from then on.
    response = http.put(
        f"/api/v1/presenters/{speaker_id}", headers=fresh_tenant.headers, json={"is_moderator": 1}
    )
    assert response.status_code == 200, response.text
    attached = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert [m["email"] for m in attached][1:] == ["mod@example.test", "speaker@example.test"]

    # Taking the right away through BigMarker detaches the moderator here.
    response = http.put(
        f"/api/v1/presenters/{presenter_id}",
        headers=fresh_tenant.headers,
        json={"is_moderator": False},
    )
    assert response.status_code == 200, response.text
    attached = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert "mod@example.test" not in [m["email"] for m in attached]
    # They stay a moderator of the account, as one detached through MyOwnConference does.
    everyone = moc.ok(http, fresh_tenant, "moderatorsList")
    assert "mod@example.test" in [m["email"] for m in everyone]


def test_a_myownconference_moderator_has_moderator_rights_in_bigmarker(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    alias, conference_id = _moc_webinar(http, fresh_tenant, "Moderated in MyOwnConference")
    moc.ok(http, fresh_tenant, "moderatorsCreate", {"name": "Ada Lovelace", "email": "ada@x.test"})
    moc.ok(http, fresh_tenant, "moderatorsAddToWebinar", {"alias": alias, "email": "ada@x.test"})
    response = http.get(
        f"/api/v1/conferences/{conference_id}/presenters", headers=fresh_tenant.headers
    )
    assert response.status_code == 200, response.text
    (presenter,) = response.json()["presenters"]
    assert (presenter["email"], presenter["is_moderator"]) == ("ada@x.test", True)


def test_the_room_marks_moderators_by_the_same_rule(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant
) -> None:
    alias, conference_id = _moc_webinar(http, fresh_tenant, "Who moderates the room")
    moderator = _bigmarker_presenter(
        http, fresh_tenant, conference_id, "mod@example.test", is_moderator=True
    )
    speaker = _bigmarker_presenter(http, fresh_tenant, conference_id, "speaker@example.test")

    async def enter(session: AsyncSession) -> None:
        session.add_all(
            Visit(
                account_id=fresh_tenant.account_id,
                conference_id=conference_id,
                person_id=who["member_id"],
                name=who["display_name"],
            )
            for who in (moderator, speaker)
        )

    in_database(settings, enter)
    present = moc.ok(http, fresh_tenant, "webinarsOnlineList", {"alias": alias})
    assert [p["email"] for p in present["moderators"]] == ["mod@example.test"]
    assert [p["email"] for p in present["guests"]] == ["speaker@example.test"]


def test_the_primary_moderator_as_a_bigmarker_presenter_is_not_put_on_the_list(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    alias, conference_id = _moc_webinar(http, fresh_tenant, "The owner presents")
    _bigmarker_presenter(http, fresh_tenant, conference_id, fresh_tenant.email, is_moderator=True)
    listed = moc.ok(http, fresh_tenant, "moderatorsList", {"alias": alias})
    assert [(m["email"], m["main"]) for m in listed] == [(fresh_tenant.email, "YES")]


# 5. What each dialect's listing counts.


def test_each_listing_counts_the_kinds_its_dialect_documents(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    headers = fresh_tenant.headers
    bigmarker_create(http, fresh_tenant, title="One-time", start_time="2030-03-01 10:00")
    bigmarker_create(
        http,
        fresh_tenant,
        title="Recurring",
        schedule_type="multiple_times",
        recurring_start_times=["2030-04-01 10:00:00+00:00", "2030-04-08 10:00:00+00:00"],
    )
    response = http.post(
        "/api/v1/meeting_spaces",
        headers=headers,
        json={"channel_id": fresh_tenant.channel_id, "title": "Space"},
    )
    assert response.status_code == 200, response.text
    response = http.post(
        "/api/v1/series",
        headers=headers,
        json={
            "channel_id": fresh_tenant.channel_id,
            "title": "Series",
            "event_start_time": "2030-05-01 09:00",
            "event_end_time": "2030-05-03 18:00",
        },
    )
    assert response.status_code == 200, response.text

    def bigmarker(**params: Any) -> list[str]:
        response = http.get(
            "/api/v1/conferences", params={"per_page": 100, **params}, headers=headers
        )
        assert response.status_code == 200, response.text
        return sorted(c["title"] for c in response.json()["conferences"])

    # One-time webinars, recurring parents and each of their sessions.
    assert bigmarker(type="all") == ["One-time", "Recurring", "Recurring", "Recurring"]
    assert bigmarker(type="multiple_times") == ["Recurring"]
    assert bigmarker(type="always_open") == ["Space"]
    assert bigmarker(include_series="true") == ["Series"]
    response = http.get(
        f"/api/v1/channels/{fresh_tenant.channel_url}/conferences",
        params={"timing": "all", "per_page": 100},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    assert sorted(c["title"] for c in response.json()["conferences"]) == [
        "One-time",
        "Recurring",
        "Recurring",
        "Recurring",
    ]
    # Rooms with a start of their own: one-time webinars and recurring sessions.
    webinars = moc.ok(http, fresh_tenant, "webinarsList", {"fields": ["name"]})
    assert sorted(w["name"] for w in webinars) == ["One-time", "Recurring", "Recurring"]
    # Every conference once: a recurring webinar through its parent.
    listed = boomstream.ok(http, fresh_tenant, "list")["conferences"]
    assert sorted(c["title"] for c in listed) == ["One-time", "Recurring", "Series", "Space"]
