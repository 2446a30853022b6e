"""Conformance of Show, Create, Update and Delete Conference with the BigMarker
document (tests/reference/bigmarker-api-v1.yaml). Expected values come from the
document or from what the test sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import REFERENCE, Tenant

PUBLIC_URL = "https://webinars.example.test"

with (REFERENCE / "reference-tables.yaml").open() as _f:
    TIME_ZONES: list[str] = yaml.safe_load(_f)["bigmarker"]["time_zones"]["values"]

# Create/Update parameter → the Show Conference field it sets (the document's
# conferences_show notes list the differing names).
SHOW_NAMES = {
    "registration_conf_emails": "enable_registration_email",
    "poll_results": "can_view_poll_results",
    "review_emails": "enable_review_emails",
    "duration_minutes": "duration",
    "conference_copy_id": "copy_webinar_id",
}


def _show(http: httpx.Client, tenant: Tenant, conference_id: str) -> httpx.Response:
    return http.get(f"/api/v1/conferences/{conference_id}", headers=tenant.headers)


def _unix(text: str) -> str:
    """ "YYYY-MM-DD HH:MM" in UTC as Unix seconds."""
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return str(int(moment.timestamp()))


def _found_between(
    http: httpx.Client, tenant: Tenant, conference_id: str, start: str, end: str
) -> bool:
    """Whether Search Conferences finds the conference inside [start, end] (UTC)."""
    response = http.post(
        "/api/v1/conferences/search",
        headers=tenant.headers,
        json={"conference_ids": conference_id, "start_time": _unix(start), "end_time": _unix(end)},
    )
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["conferences"]] == [conference_id]


def _assert_bad_request(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body) == ["error"]
    assert isinstance(body["error"], str)
    assert body["error"]


# --- Create -------------------------------------------------------------------------


def test_create_as_the_curl_example_sends_it(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["conferences_create"]
    assert '"title": "This is your conference title"' in operation["curl_example"]
    body = json.dumps({"channel_id": alice.channel_id, "title": "This is your conference title"})
    response = http.post(
        "/api/v1/conferences",
        headers={"API-KEY": alice.api_key, "Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == 200, response.text
    created = response.json()
    assert created["title"] == "This is your conference title"
    assert created["channel_id"] == alice.channel_id
    assert isinstance(created["id"], str)
    assert created["id"]
    # The document's example keys are there.
    for key in operation["response"]["example"]["top_level_keys"]:
        assert key in created


def test_create_without_api_key_is_documented_401(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.post(
        "/api/v1/conferences", json={"channel_id": alice.channel_id, "title": "No key"}
    )
    assert response.status_code == 401
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 401)


def test_show_has_every_documented_field(
    http: httpx.Client, alice: Tenant, bigmarker_reference: dict[str, Any]
) -> None:
    created = create_conference(http, alice, title="Conference 1 Title", purpose="To be great")
    response = _show(http, alice, created["id"])
    assert response.status_code == 200
    body = response.json()
    documented = [f["name"] for f in bigmarker_reference["shared_schemas"]["conference"]["fields"]]
    assert [name for name in documented if name not in body] == []
    assert body["id"] == created["id"]
    assert body["title"] == "Conference 1 Title"
    assert body["purpose"] == "To be great"
    assert body["channel_id"] == alice.channel_id
    # Nothing has been recorded, so the conditional recording fields are absent.
    assert "recording_url" not in body
    assert "recording_iframe" not in body
    assert body["recorded"] is False
    assert body["is_recording_published"] is False


def test_show_returns_what_create_returned(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice, title="Same both ways", purpose="p")
    shown = _show(http, alice, created["id"]).json()
    assert shown == created


def test_create_defaults_are_the_documented_ones(
    http: httpx.Client,
    alice: Tenant,
    bigmarker_operations: dict[str, Any],
    bigmarker_reference: dict[str, Any],
) -> None:
    created = create_conference(http, alice, title="Defaults")
    shown_fields = {
        f["name"] for f in bigmarker_reference["shared_schemas"]["conference"]["fields"]
    }
    checked = []
    for param in bigmarker_operations["conferences_create"]["request"]["params"]:
        name = SHOW_NAMES.get(param["name"], param["name"])
        if "default" not in param or name not in shown_fields:
            continue
        default = param["default"]
        if param["type"] == "Boolean":
            default = str(default).lower() == "true"
        elif name == "duration":
            default = int(default)
        assert created[name] == default, name
        checked.append(name)
    assert {
        "time_zone",
        "webcast_mode",
        "duration",
        "who_can_watch_recording",
        "privacy",
        "enable_registration_email",
        "enable_review_emails",
        "can_view_poll_results",
        "enable_twitter",
        "enable_ie_safari",
        "enable_knock_to_enter",
        "show_reviews",
        "registration_required_to_view_recording",
        "show_handout_on_page",
    } <= set(checked)
    assert created["time_zone"] == "Central Time (US & Canada)"
    assert created["webcast_mode"] == "automatic"
    assert created["privacy"] == "public"
    assert created["duration"] == 60
    assert created["who_can_watch_recording"] == "everyone"
    # Show Conference descriptions: "Default value : 'English_US'", "Default value:
    # “Interactive”", "Defaults to true/false/“Manual”/“Stay”".
    assert created["cc_original_language"] == "English_US"
    assert created["breakout_mode"] == "Interactive"
    assert created["allow_breakout_mic"] is True
    assert created["allow_breakout_cam"] is True
    assert created["allow_breakout_screen"] is False
    assert created["allow_breakout_whiteboard"] is False
    assert created["allow_breakout_slide"] is False
    assert created["main_room_return"] is False
    assert created["unnassigned_attendee"] == "Manual"
    assert created["unnassigned_presenter"] == "Stay"
    assert created["copy_webinar_id"] is None
    assert created["master_webinar_id"] is None


def test_sent_values_come_back_under_show_names(http: httpx.Client, alice: Tenant) -> None:
    sent: dict[str, Any] = {
        "title": "Everything sent",
        "purpose": "All the settings",
        "time_zone": "Tokyo",
        "start_time": "2030-03-04 09:30",
        "duration_minutes": "90",
        "webcast_mode": "optional",
        "privacy": "private",
        "who_can_watch_recording": "channel_subscribers",
        "registration_conf_emails": False,
        "poll_results": False,
        "review_emails": False,
        "show_reviews": False,
        "enable_knock_to_enter": True,
        "send_reminder_emails_to_presenters": False,
        "enable_ie_safari": True,
        "enable_twitter": False,
        "registration_required_to_view_recording": False,
        "show_handout_on_page": True,
        "presenter_exit_url": "https://example.test/presenters-bye",
        "exit_url": "https://example.test/bye",
        "webhook_url": "https://example.test/hook",
        "background_image_url": "https://example.test/bg.png",
        "room_logo": "https://example.test/logo.png",
        "sub_url": "everything-sent",
    }
    created = create_conference(http, alice, **sent)
    expected = {SHOW_NAMES.get(k, k): v for k, v in sent.items()}
    expected["duration"] = 90
    for name, value in expected.items():
        assert created[name] == value, name
    assert created["end_time"] == "2030-03-04 11:00"
    shown = _show(http, alice, created["id"]).json()
    for name, value in expected.items():
        assert shown[name] == value, name


def test_boolean_strings_are_accepted(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(
        http, alice, registration_conf_emails="False", enable_knock_to_enter="true"
    )
    assert created["enable_registration_email"] is False
    assert created["enable_knock_to_enter"] is True


def test_webcast_mode_require_is_accepted(http: httpx.Client, alice: Tenant) -> None:
    # Show Conference spells it 'require', Create 'required': both are accepted.
    assert create_conference(http, alice, webcast_mode="required")["webcast_mode"] in (
        "required",
        "require",
    )
    assert create_conference(http, alice, webcast_mode="require")["webcast_mode"] in (
        "required",
        "require",
    )


def test_time_zone_table_has_144_names(reference_tables: dict[str, Any]) -> None:
    assert reference_tables["bigmarker"]["time_zones"]["values"] == TIME_ZONES
    assert len(TIME_ZONES) == 144


@pytest.mark.parametrize("time_zone", TIME_ZONES)
def test_every_documented_time_zone_is_accepted_and_echoed(
    http: httpx.Client, alice: Tenant, time_zone: str
) -> None:
    created = create_conference(
        http, alice, title="Zone", time_zone=time_zone, start_time="2030-01-01 15:00"
    )
    assert created["time_zone"] == time_zone
    assert created["start_time"] == "2030-01-01 15:00"
    assert _show(http, alice, created["id"]).json()["time_zone"] == time_zone


def test_unknown_time_zone_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "t", "time_zone": "Atlantis Time"},
    )
    _assert_bad_request(response)


def test_title_is_required_and_at_most_100_characters(http: httpx.Client, alice: Tenant) -> None:
    assert create_conference(http, alice, title="x" * 100)["title"] == "x" * 100
    for body in ({"title": "x" * 101}, {}):
        response = http.post(
            "/api/v1/conferences",
            headers=alice.headers,
            json={"channel_id": alice.channel_id, **body},
        )
        _assert_bad_request(response)


@pytest.mark.parametrize("minutes", [0, 721, "0", "721", -5])
def test_duration_minutes_out_of_range_is_400(
    http: httpx.Client, alice: Tenant, minutes: int | str
) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "t", "duration_minutes": minutes},
    )
    _assert_bad_request(response)


@pytest.mark.parametrize(("sent", "duration"), [("720", 720), ("1", 1), (45, 45)])
def test_duration_minutes_in_range_is_accepted(
    http: httpx.Client, alice: Tenant, sent: int | str, duration: int
) -> None:
    created = create_conference(http, alice, duration_minutes=sent)
    assert created["duration"] == duration


def test_create_in_unknown_channel_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["conferences_create"]
    for channel_id in ("no-such-channel", bob.channel_id):
        response = http.post(
            "/api/v1/conferences",
            headers=alice.headers,
            json={"channel_id": channel_id, "title": "Elsewhere"},
        )
        assert response.status_code == 404
        assert response.json() == documented_error(operation, 404)


def test_start_time_is_wall_clock_of_the_conference_zone(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(
        http, alice, time_zone="Tokyo", start_time="2020-01-01 15:00", duration_minutes="60"
    )
    assert created["start_time"] == "2020-01-01 15:00"
    assert created["end_time"] == "2020-01-01 16:00"
    assert created["time_zone"] == "Tokyo"
    # Tokyo is UTC+09:00: 15:00 there is 06:00 UTC.
    assert _found_between(http, alice, created["id"], "2020-01-01 06:00", "2020-01-01 07:00")
    assert not _found_between(http, alice, created["id"], "2020-01-01 06:01", "2020-01-01 08:00")


@pytest.mark.parametrize(
    ("rails_name", "iana"),
    [(None, "America/Chicago"), ("Kathmandu", "Asia/Kathmandu"), ("UTC", "UTC")],
)
def test_no_start_time_starts_at_the_next_half_hour_of_the_zone(
    http: httpx.Client, alice: Tenant, rails_name: str | None, iana: str
) -> None:
    before = datetime.now(UTC)
    fields = {"time_zone": rails_name} if rails_name else {}
    created = create_conference(http, alice, **fields)
    after = datetime.now(UTC)
    start = datetime.strptime(created["start_time"], "%Y-%m-%d %H:%M").replace(
        tzinfo=ZoneInfo(iana)
    )
    assert start.minute in (0, 30)
    assert before - timedelta(minutes=1) < start <= after + timedelta(minutes=30)


def test_24_hour_room_is_a_meeting_space(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice, schedule_type="24_hour_room")
    assert created["type"] == "meetingspace"


def test_one_time_is_not_recurring(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(
        http, alice, schedule_type="one_time", start_time="2030-01-01 10:00"
    )
    assert created["type"] not in ("recurring_parent", "recurring_child", "meetingspace")
    assert created["start_time"] == "2030-01-01 10:00"


def test_unknown_schedule_type_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "t", "schedule_type": "sometimes"},
    )
    _assert_bad_request(response)


def test_multiple_times_creates_a_recurring_parent_with_children(
    http: httpx.Client, alice: Tenant
) -> None:
    starts = ["2030-01-01 15:00:00+02:00", "2030-01-02 15:00:00+02:00", "2030-01-03 15:00:00+02:00"]
    parent = create_conference(
        http,
        alice,
        title="Weekly",
        time_zone="UTC",
        schedule_type="multiple_times",
        recurring_start_times=starts,
        duration_minutes="30",
    )
    assert parent["type"] == "recurring_parent"
    # +02:00 15:00 is 13:00 UTC; the first session starts the series.
    assert parent["start_time"] == "2030-01-01 13:00"

    response = http.get(f"/api/v1/conferences/recurring/{parent['id']}", headers=alice.headers)
    assert response.status_code == 200
    children = response.json()["child_conferences"]
    assert sorted(c["start_time"] for c in children) == [
        "2030-01-01 13:00",
        "2030-01-02 13:00",
        "2030-01-03 13:00",
    ]
    for child in children:
        assert child["type"] == "recurring_child"
        assert child["master_webinar_id"] == parent["id"]
        assert child["title"] == "Weekly"
        assert child["duration"] == 30
        assert child["id"] != parent["id"]

    response = http.get(
        f"/api/v1/conferences/get_associated_sessions/{parent['id']}", headers=alice.headers
    )
    assert response.status_code == 200
    sessions = response.json()
    assert sessions["total_entries"] == 3
    assert {c["id"] for c in sessions["conferences"]} == {c["id"] for c in children}


def test_multiple_times_without_start_times_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "t", "schedule_type": "multiple_times"},
    )
    _assert_bad_request(response)


def test_sub_url_makes_the_address_and_is_unique_in_the_channel(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    created = create_conference(http, fresh_tenant, sub_url="lead-gen-101")
    assert created["sub_url"] == "lead-gen-101"
    assert created["conference_address"] == (
        f"{PUBLIC_URL}/{fresh_tenant.channel_url}/lead-gen-101"
    )
    response = http.post(
        "/api/v1/conferences",
        headers=fresh_tenant.headers,
        json={"channel_id": fresh_tenant.channel_id, "title": "Again", "sub_url": "lead-gen-101"},
    )
    _assert_bad_request(response)


def test_same_sub_url_in_another_channel_is_fine(
    http: httpx.Client, fresh_tenant: Tenant, bob: Tenant
) -> None:
    create_conference(http, fresh_tenant, sub_url="shared-name")
    created = create_conference(http, bob, sub_url="shared-name")
    assert created["conference_address"] == f"{PUBLIC_URL}/{bob.channel_url}/shared-name"


def test_without_sub_url_addresses_are_distinct(http: httpx.Client, fresh_tenant: Tenant) -> None:
    first = create_conference(http, fresh_tenant, title="Same title")
    second = create_conference(http, fresh_tenant, title="Same title")
    assert first["sub_url"] != second["sub_url"]
    for conference in (first, second):
        assert conference["conference_address"] == (
            f"{PUBLIC_URL}/{fresh_tenant.channel_url}/{conference['sub_url']}"
        )


def test_webinar_tags_are_stored_and_returned(http: httpx.Client, alice: Tenant) -> None:
    tags = [{"tag_api_name": "tag value"}, {"country": "United Arab Emirates,Germany"}]
    created = create_conference(http, alice, webinar_tags=tags)
    assert created["webinar_tags"] == tags
    shown = _show(http, alice, created["id"]).json()
    assert shown["webinar_tags"] == tags
    assert shown["tags"] == tags


def test_custom_fields_on_create_are_listed(http: httpx.Client, alice: Tenant) -> None:
    fields = [
        {
            "field_name": "Company",
            "field_type": "text",
            "required": True,
            "api_name": "company",
            "options": [],
        },
        {
            "field_name": "Team size",
            "field_type": "dropdown",
            "required": False,
            "api_name": "team_size",
            "options": ["1-10", "11-50", "51+"],
        },
    ]
    created = create_conference(http, alice, custom_fields=fields)
    response = http.get(f"/api/v1/conferences/custom_fields/{created['id']}", headers=alice.headers)
    assert response.status_code == 200
    listed = response.json()
    assert [{k: f[k] for k in fields[0]} for f in listed] == fields
    assert all(isinstance(f["id"], str) and f["id"] for f in listed)
    assert len({f["id"] for f in listed}) == 2


def test_conference_copy_id_copies_the_documented_attributes(
    http: httpx.Client, alice: Tenant
) -> None:
    tags = [{"industry": "Software,Retail"}]
    fields = [
        {
            "field_name": "Job title",
            "field_type": "text",
            "required": True,
            "api_name": "job_title",
            "options": [],
        }
    ]
    source = create_conference(
        http,
        alice,
        title="Source",
        purpose="Copied purpose",
        time_zone="Tokyo",
        duration_minutes="45",
        privacy="private",
        webcast_mode="optional",
        enable_twitter=False,
        exit_url="https://example.test/after",
        poll_results=False,
        webinar_tags=tags,
        custom_fields=fields,
        start_time="2030-05-05 10:00",
    )
    copy = create_conference(
        http,
        alice,
        title="The copy",
        conference_copy_id=source["id"],
        start_time="2030-06-06 11:00",
    )
    assert copy["id"] != source["id"]
    assert copy["copy_webinar_id"] == source["id"]
    assert copy["title"] == "The copy"
    assert copy["purpose"] == "Copied purpose"
    assert copy["time_zone"] == "Tokyo"
    assert copy["duration"] == 45
    assert copy["privacy"] == "private"
    assert copy["webcast_mode"] == "optional"
    assert copy["enable_twitter"] is False
    assert copy["exit_url"] == "https://example.test/after"
    assert copy["can_view_poll_results"] is False
    assert copy["webinar_tags"] == tags
    assert copy["start_time"] == "2030-06-06 11:00"
    assert copy["end_time"] == "2030-06-06 11:45"
    assert copy["sub_url"] != source["sub_url"]
    response = http.get(f"/api/v1/conferences/custom_fields/{copy['id']}", headers=alice.headers)
    assert [{k: f[k] for k in fields[0]} for f in response.json()] == fields
    # The source stays as it was.
    assert _show(http, alice, source["id"]).json() == source


def test_copy_overrides_win_over_copied_values(http: httpx.Client, alice: Tenant) -> None:
    source = create_conference(http, alice, purpose="Old", time_zone="Tokyo", duration_minutes="45")
    copy = create_conference(
        http,
        alice,
        conference_copy_id=source["id"],
        purpose="New",
        time_zone="London",
        duration_minutes="30",
    )
    assert (copy["purpose"], copy["time_zone"], copy["duration"]) == ("New", "London", 30)


def test_copy_of_unknown_conference_fails(http: httpx.Client, alice: Tenant, bob: Tenant) -> None:
    bobs = create_conference(http, bob)
    for copy_id in ("no-such-conference", bobs["id"]):
        response = http.post(
            "/api/v1/conferences",
            headers=alice.headers,
            json={"channel_id": alice.channel_id, "title": "t", "conference_copy_id": copy_id},
        )
        assert response.status_code in (400, 404), response.text
        assert list(response.json()) == ["error"]


# --- Show ---------------------------------------------------------------------------


def test_show_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get("/api/v1/conferences/nope", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 404)


def test_another_accounts_conference_is_not_found(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    created = create_conference(http, alice, title="Alice only")
    response = _show(http, bob, created["id"])
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 404)
    response = http.put(
        f"/api/v1/conferences/{created['id']}", headers=bob.headers, json={"title": "Bob's now"}
    )
    assert response.status_code == 403
    response = http.delete(f"/api/v1/conferences/{created['id']}", headers=bob.headers)
    assert response.status_code == 404
    assert _show(http, alice, created["id"]).json()["title"] == "Alice only"


def test_show_with_a_wrong_api_key_is_documented_401(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    created = create_conference(http, alice)
    response = http.get(f"/api/v1/conferences/{created['id']}", headers={"API-KEY": "wrong"})
    assert response.status_code == 401
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 401)


# --- Update -------------------------------------------------------------------------


def test_update_as_the_curl_example_changes_only_what_is_sent(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["conferences_update"]
    body = operation["curl_example"].split("-d '", 1)[1].rsplit("'", 1)[0]
    assert json.loads(body) == {
        "title": "Lead Generation 101",
        "purpose": "How to generate leads with great content",
    }
    before = create_conference(
        http,
        alice,
        title="Before",
        purpose="Old purpose",
        time_zone="Tokyo",
        start_time="2030-02-02 12:00",
        duration_minutes="75",
        enable_twitter=False,
        webinar_tags=[{"topic": "sales"}],
    )
    response = http.put(
        f"/api/v1/conferences/{before['id']}",
        headers={"API-KEY": alice.api_key, "Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["title"] == "Lead Generation 101"
    assert after["purpose"] == "How to generate leads with great content"
    unchanged = {k: v for k, v in before.items() if k not in ("title", "purpose")}
    assert {k: after[k] for k in unchanged} == unchanged
    assert _show(http, alice, before["id"]).json() == after


def test_update_sets_settings_under_request_names(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice)
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=alice.headers,
        json={
            "registration_conf_emails": False,
            "poll_results": "false",
            "review_emails": False,
            "privacy": "private",
            "webcast_mode": "optional",
            "who_can_watch_recording": "attendees",
            "sub_url": "renamed-by-update",
            "webinar_tags": [{"tag_api_name": "new value"}],
        },
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["enable_registration_email"] is False
    assert updated["can_view_poll_results"] is False
    assert updated["enable_review_emails"] is False
    assert updated["privacy"] == "private"
    assert updated["webcast_mode"] == "optional"
    assert updated["who_can_watch_recording"] == "attendees"
    assert updated["sub_url"] == "renamed-by-update"
    assert updated["conference_address"].endswith(f"/{alice.channel_url}/renamed-by-update")
    assert updated["webinar_tags"] == [{"tag_api_name": "new value"}]
    assert updated["title"] == created["title"]


@pytest.mark.parametrize(("hours", "minutes"), [("2", 120), ("4", 240), (1, 60)])
def test_update_duration_hours(
    http: httpx.Client, alice: Tenant, hours: str | int, minutes: int
) -> None:
    created = create_conference(http, alice, start_time="2030-01-01 10:00", time_zone="UTC")
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=alice.headers,
        json={"duration_hours": hours},
    )
    assert response.status_code == 200, response.text
    assert response.json()["duration"] == minutes
    end = datetime(2030, 1, 1, 10, 0) + timedelta(minutes=minutes)
    assert response.json()["end_time"] == end.strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    "body",
    [
        {"duration_hours": "5"},
        {"duration_hours": "0"},
        {"duration_minutes": "721"},
        {"duration_minutes": 0},
        {"title": "x" * 101},
        {"title": ""},
        {"time_zone": "Nowhere Standard Time"},
        # A bad value next to good ones: nothing of the request is kept.
        {"schedule_type": "24_hour_room", "duration_minutes": "0"},
        {"title": "Not kept", "webcast_mode": "sometimes"},
        {
            "title": "Not kept",
            "custom_fields": [{"field_name": "Size", "field_type": "dropdown", "options": []}],
        },
        {
            "title": "Not kept",
            "custom_fields": [
                {"field_name": "A", "api_name": "a"},
                {"field_name": "B", "api_name": "a"},
            ],
        },
        {"title": "Not kept", "sub_url": "not a valid sub url!"},
    ],
)
def test_update_with_bad_values_is_400_and_changes_nothing(
    http: httpx.Client, alice: Tenant, body: dict[str, Any]
) -> None:
    created = create_conference(http, alice)
    response = http.put(f"/api/v1/conferences/{created['id']}", headers=alice.headers, json=body)
    _assert_bad_request(response)
    assert _show(http, alice, created["id"]).json() == created


def test_update_to_a_taken_sub_url_is_400_and_changes_nothing(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    create_conference(http, fresh_tenant, sub_url="taken")
    created = create_conference(http, fresh_tenant, sub_url="mine")
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=fresh_tenant.headers,
        json={"title": "Not kept", "sub_url": "taken"},
    )
    _assert_bad_request(response)
    assert _show(http, fresh_tenant, created["id"]).json() == created


def test_rejected_create_creates_nothing(http: httpx.Client, fresh_tenant: Tenant) -> None:
    bad_fields = [{"field_name": "Size", "field_type": "dropdown", "options": []}]
    response = http.post(
        "/api/v1/conferences",
        headers=fresh_tenant.headers,
        json={
            "channel_id": fresh_tenant.channel_id,
            "title": "Not kept",
            "sub_url": "not-kept",
            "custom_fields": bad_fields,
        },
    )
    _assert_bad_request(response)
    listed = http.get(
        "/api/v1/conferences", headers=fresh_tenant.headers, params={"type": "all"}
    ).json()
    assert listed["total_entries"] == 0
    # The sub_url is still free.
    assert create_conference(http, fresh_tenant, sub_url="not-kept")["sub_url"] == "not-kept"


def test_update_duration_minutes_720_as_string(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice)
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=alice.headers,
        json={"duration_minutes": "720"},
    )
    assert response.status_code == 200
    assert response.json()["duration"] == 720


def test_update_start_time_is_wall_clock_of_the_zone(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice, time_zone="Tokyo", start_time="2030-01-01 09:00")
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=alice.headers,
        json={"start_time": "2030-01-05 18:30"},
    )
    assert response.status_code == 200
    assert response.json()["start_time"] == "2030-01-05 18:30"
    assert _found_between(http, alice, created["id"], "2030-01-05 09:30", "2030-01-05 10:30")


def test_update_time_zone_keeps_the_wall_clock_start(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(
        http, alice, time_zone="Tokyo", start_time="2030-06-01 10:00", duration_minutes="60"
    )
    response = http.put(
        f"/api/v1/conferences/{created['id']}",
        headers=alice.headers,
        json={"time_zone": "London"},
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["time_zone"] == "London"
    assert updated["start_time"] == "2030-06-01 10:00"
    assert updated["end_time"] == "2030-06-01 11:00"
    # London is on summer time (UTC+01:00) in June: 10:00 there is 09:00 UTC.
    assert _found_between(http, alice, created["id"], "2030-06-01 09:00", "2030-06-01 10:00")


def test_update_24_hour_room_and_back(http: httpx.Client, alice: Tenant) -> None:
    created = create_conference(http, alice)
    url = f"/api/v1/conferences/{created['id']}"
    response = http.put(url, headers=alice.headers, json={"schedule_type": "24_hour_room"})
    assert response.status_code == 200
    assert response.json()["type"] == "meetingspace"
    response = http.put(
        url,
        headers=alice.headers,
        json={"schedule_type": "one_time", "start_time": "2030-01-01 10:00"},
    )
    assert response.status_code == 200
    assert response.json()["type"] != "meetingspace"
    assert response.json()["start_time"] == "2030-01-01 10:00"


def test_update_unknown_conference_is_documented_error(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.put("/api/v1/conferences/nope", headers=alice.headers, json={"title": "x"})
    assert response.status_code == 403
    assert response.json() == documented_error(bigmarker_operations["conferences_update"], 403)


def test_update_of_recurring_parent_reaches_the_children(http: httpx.Client, alice: Tenant) -> None:
    parent = create_conference(
        http,
        alice,
        title="Series of talks",
        time_zone="UTC",
        schedule_type="multiple_times",
        recurring_start_times=["2030-01-01 15:00:00+02:00", "2030-01-08 15:00:00+02:00"],
    )
    response = http.put(
        f"/api/v1/conferences/{parent['id']}",
        headers=alice.headers,
        json={"title": "Renamed talks", "duration_minutes": "90"},
    )
    assert response.status_code == 200
    children = http.get(
        f"/api/v1/conferences/recurring/{parent['id']}", headers=alice.headers
    ).json()["child_conferences"]
    assert len(children) == 2
    assert {c["title"] for c in children} == {"Renamed talks"}
    assert {c["duration"] for c in children} == {90}


# --- Delete -------------------------------------------------------------------------


def test_delete_then_show_is_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    created = create_conference(http, alice)
    response = http.delete(f"/api/v1/conferences/{created['id']}", headers=alice.headers)
    assert response.status_code == 200
    response = _show(http, alice, created["id"])
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_show"], 404)
    response = http.delete(f"/api/v1/conferences/{created['id']}", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_delete"], 404)


def test_delete_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.delete("/api/v1/conferences/nope", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_delete"], 404)


def test_delete_recurring_parent_deletes_the_children(http: httpx.Client, alice: Tenant) -> None:
    parent = create_conference(
        http,
        alice,
        schedule_type="multiple_times",
        recurring_start_times=["2030-01-01 15:00:00+02:00", "2030-01-02 15:00:00+02:00"],
    )
    children = http.get(
        f"/api/v1/conferences/recurring/{parent['id']}", headers=alice.headers
    ).json()["child_conferences"]
    assert len(children) == 2
    response = http.delete(f"/api/v1/conferences/{parent['id']}", headers=alice.headers)
    assert response.status_code == 200
    for conference in (parent, *children):
        assert _show(http, alice, conference["id"]).status_code == 404


def test_delete_frees_the_sub_url(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = create_conference(http, fresh_tenant, sub_url="reusable")
    response = http.delete(f"/api/v1/conferences/{created['id']}", headers=fresh_tenant.headers)
    assert response.status_code == 200
    again = create_conference(http, fresh_tenant, sub_url="reusable")
    assert again["sub_url"] == "reusable"
