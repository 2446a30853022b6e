"""Numbers, times and texts at the edges, in every dialect (issue 10, items 4, 5
and 7): a page number no list reaches, times outside the accepted range or
written with digits other than 0-9, and titles with characters XML 1.0 cannot
carry. Each is refused in the dialect's own envelope, or answered, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as moc
from tests.conftest import Tenant, in_database
from webinarium.api.boomstream.transport import to_xml
from webinarium.kit.ids import new_id
from webinarium.kit.pagination import MAX_PAGE
from webinarium.kit.text import xml_safe
from webinarium.models import Conference
from webinarium.settings import Settings

HUGE = "99999999999999999999"
API = "/api/v1"

# Item 4: a page number no list reaches.


def _bigmarker_lists(http: httpx.Client, tenant: Tenant) -> dict[str, tuple[str, str, str]]:
    """Every paged BigMarker list: name → (method, path, key of the items)."""
    webinar = create_conference(http, tenant, start_time="2031-01-01 10:00")
    parent = create_conference(
        http,
        tenant,
        time_zone="UTC",
        schedule_type="multiple_times",
        recurring_start_times=["2031-02-01 10:00", "2031-02-08 10:00"],
    )
    email = f"{new_id()}@example.test"
    registered = http.put(
        f"{API}/conferences/register",
        headers=tenant.headers,
        json={"id": webinar["id"], "email": email, "first_name": "Page", "last_name": "Turner"},
    )
    assert registered.status_code == 200, registered.text
    presenter = http.post(
        f"{API}/presenters",
        headers=tenant.headers,
        json={
            "conference_id": webinar["id"],
            "presenter_email": f"{new_id()}@example.test",
            "presenter_first_name": "Pre",
            "presenter_last_name": "Senter",
        },
    )
    assert presenter.status_code == 200, presenter.text
    presenter_id = presenter.json()["member_id"]
    return {
        "list": ("GET", "/conferences?type=all", "conferences"),
        "search": ("POST", "/conferences/search", "conferences"),
        "associated sessions": (
            "GET",
            f"/conferences/get_associated_sessions/{webinar['id']}",
            "conferences",
        ),
        "recurring": ("GET", f"/conferences/recurring/{parent['id']}", "child_conferences"),
        "channel conferences": (
            "GET",
            f"/channels/{tenant.channel_url}/conferences?timing=all",
            "conferences",
        ),
        "registrations": ("GET", f"/conferences/registrations/{webinar['id']}", "registrations"),
        "registrations with fields": (
            "GET",
            f"/conferences/registrations_with_fields/{webinar['id']}",
            "registrations",
        ),
        "checked in": (
            "GET",
            f"/conferences/checked_in_registrants/{webinar['id']}",
            "registrations",
        ),
        "channel registrations": (
            "GET",
            f"/conferences/registrations/channel/{tenant.channel_id}",
            "registrations",
        ),
        "subscribers": ("GET", f"/channels/{tenant.channel_id}/subscribers", "subscribers"),
        "registered conferences": (
            "GET",
            f"/channels/{tenant.channel_id}/list_registered_conferences?email={email}",
            "conferences",
        ),
        "conference block list": (
            "POST",
            f"/registration_block_list/{webinar['id']}?list_type=block_list",
            "list",
        ),
        "channel block list": ("GET", f"/channels/block_list/{tenant.channel_id}", "list_data"),
        "presenter's conferences": (
            "GET",
            f"/presenters/{presenter_id}/list_conferences",
            "conferences",
        ),
    }


def test_bigmarker_reads_a_page_no_list_reaches_as_an_empty_page(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    for name, (method, path, key) in _bigmarker_lists(http, fresh_tenant).items():
        separator = "&" if "?" in path else "?"
        for page in (HUGE, "-" + HUGE):
            response = http.request(
                method,
                f"{API}{path}{separator}page={page}&per_page={HUGE}",
                headers=fresh_tenant.headers,
            )
            assert response.status_code == 200, (name, page, response.text)
            body = response.json()
            items = body[key] if key else body
            if page.startswith("-"):
                continue  # page 1: the list itself
            assert items == [], (name, page, body)
            for field in ("current_page", "page"):
                if isinstance(body, dict) and field in body:
                    assert body[field] == MAX_PAGE, (name, body)


def test_bigmarker_refuses_a_page_that_is_no_number(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    for page in ("²", "١٢٣", "1_0", "Infinity"):
        response = http.get(
            f"{API}/conferences", params={"page": page}, headers=fresh_tenant.headers
        )
        assert response.status_code == 400, (page, response.text)
        assert response.json() == {"error": "page must be an integer"}
    # A JSON number too large for a float, or NaN, is no number JSON allows:
    # the body is refused where it is parsed.
    for body, number in (
        ('{"page": 1e400}', "1e400"),
        ('{"page": -1e400}', "-1e400"),
        ('{"page": NaN}', "NaN"),
    ):
        response = http.post(
            f"{API}/conferences/search",
            headers={**fresh_tenant.headers, "Content-Type": "application/json"},
            content=body,
        )
        assert response.status_code == 400, (body, response.text)
        assert response.json()["error"].startswith(f"{number} is not a number JSON allows")


def test_myownconference_refuses_a_page_beyond_its_range(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    moc.ok(http, fresh_tenant, "attendeesCreate", {"email": "p@example.test", "name": "Pa Ge"})
    for name in ("page", "onPage"):
        message = moc.error(http, fresh_tenant, "attendeesList", {name: HUGE})
        assert message.startswith(f"{name}: "), message
        assert str(MAX_PAGE) in message, message
        message = moc.error(http, fresh_tenant, "attendeesList", {name: "١٢٣"})
        assert message.startswith(f"{name}: "), message
    last = moc.ok(http, fresh_tenant, "attendeesList", {"page": MAX_PAGE, "onPage": MAX_PAGE})
    assert last["list"] == [], last
    assert last["count"] == "1", last


# Item 5: times outside the accepted range, or not written with 0-9.

OUT_OF_RANGE = [
    "9999-12-31 23:59",
    "0001-01-01 00:00",
    "1969-12-31 23:59",
    "2101-01-01 00:00",
    "99999999999999",
    "4133980800",  # 2101-01-01 00:00 UTC
    "²",
    "١٢٣",
    "٢٠٣٠-٠١-٠١ ١٠:٠٠",
    "2030-01-01T10:00+99:00",
]


def _bigmarker_error(response: httpx.Response, name: str) -> None:
    assert response.status_code == 400, response.text
    message = response.json()["error"]
    assert message.startswith(name), message


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_bigmarker_refuses_times_out_of_range(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    headers = alice.headers
    body = {"channel_id": alice.channel_id, "title": "Out of range", "start_time": value}
    _bigmarker_error(http.post(f"{API}/conferences", headers=headers, json=body), "start_time")
    webinar = create_conference(http, alice, start_time="2031-01-01 10:00")
    _bigmarker_error(
        http.put(f"{API}/conferences/{webinar['id']}", headers=headers, json={"start_time": value}),
        "start_time",
    )
    recurring = {
        "channel_id": alice.channel_id,
        "title": "Out of range",
        "schedule_type": "multiple_times",
        "recurring_start_times": ["2031-01-01 10:00", value],
    }
    _bigmarker_error(
        http.post(f"{API}/conferences", headers=headers, json=recurring), "recurring_start_times"
    )
    series = {"channel_id": alice.channel_id, "title": "Series", "event_start_time": value}
    _bigmarker_error(http.post(f"{API}/series", headers=headers, json=series), "event_start_time")
    poll = {
        "conference_id": webinar["id"],
        "question": "When?",
        "choices": ["Now", "Later"],
        "poll_close_time": value,
    }
    _bigmarker_error(http.post(f"{API}/polls", headers=headers, json=poll), "poll_close_time")


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "٢٠٣٠-٠١-٠١"])
def test_bigmarker_refuses_a_poll_closing_day_out_of_range(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    webinar = create_conference(http, alice, start_time="2031-01-01 10:00", time_zone="Hawaii")
    poll = {
        "conference_id": webinar["id"],
        "question": "When?",
        "choices": ["Now", "Later"],
        "poll_close_time": value,
    }
    _bigmarker_error(http.post(f"{API}/polls", headers=alice.headers, json=poll), "poll_close_time")


@pytest.mark.parametrize("value", ["99999999999999", "4133980800", "١٢٣", "²", "-1"])
def test_bigmarker_time_filters_out_of_range_get_the_documented_error(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    webinar = create_conference(http, alice, start_time="2031-01-01 10:00")
    for path in ("/conferences", f"/conferences/registrations/{webinar['id']}"):
        response = http.get(f"{API}{path}", params={"start_time": value}, headers=alice.headers)
        assert response.status_code == 401, (path, response.text)
        assert response.json() == {"error": "Parameter start_time need to be Unix Timestamp"}
    # The channel's list documents no such error: the usual 400, naming the parameter.
    response = http.get(
        f"{API}/conferences/registrations/channel/{alice.channel_id}",
        params={"start_time": value},
        headers=alice.headers,
    )
    _bigmarker_error(response, "start_time")


def test_the_edges_of_the_range_are_accepted(http: httpx.Client, fresh_tenant: Tenant) -> None:
    first = create_conference(http, fresh_tenant, start_time="1970-01-01 00:00", time_zone="UTC")
    last = create_conference(
        http, fresh_tenant, start_time="2100-12-31 23:59", time_zone="Pacific/Kiritimati"
    )
    assert first["start_time"] == "1970-01-01 00:00"
    assert last["start_time"] == "2100-12-31 23:59"
    # As Unix seconds, ISO 8601 and on a clock 14 hours ahead of UTC.
    moc.ok(http, fresh_tenant, "profileSet", {"timezone": 840})
    moc.ok(
        http,
        fresh_tenant,
        "webinarsCreate",
        {"name": "Early", "start": "1970-01-01 00:00:00", "duration": 60},
    )
    for start in ("4133980799", "2100-12-31T23:59:59-12:00"):
        made = create_conference(http, fresh_tenant, start_time=start, time_zone="UTC")
        assert made["start_time"].startswith("2100-12-31") or made["start_time"].startswith(
            "2101-01-01"
        ), made
    listed = http.get(f"{API}/conferences?type=all", headers=fresh_tenant.headers)
    assert listed.status_code == 200, listed.text


def _moc_error(http: httpx.Client, tenant: Tenant, action: str, params: Any, name: str) -> None:
    message = moc.error(http, tenant, action, params)
    assert message.startswith(f"{name}: "), message


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_myownconference_refuses_times_out_of_range(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    _moc_error(
        http,
        alice,
        "webinarsCreate",
        {"name": "Out of range", "start": value, "duration": 60},
        "start",
    )
    made = moc.ok(
        http,
        alice,
        "webinarsCreate",
        {"name": "In range", "start": "2031-01-01 10:00:00", "duration": 60},
    )
    _moc_error(http, alice, "webinarsSet", {"alias": made["alias"], "start": value}, "start")


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "٢٠٣٠-٠١-٠١", "2101-01-01"])
def test_myownconference_refuses_days_out_of_range(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    made = moc.ok(
        http,
        alice,
        "webinarsCreate",
        {"name": "Day", "start": "2031-01-01 10:00:00", "duration": 60},
    )
    _moc_error(http, alice, "webinarsClone", {"alias": made["alias"], "date": value}, "date")
    _moc_error(http, alice, "webinarsList", {"date": value}, "date")


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "٢٠٠٠-٠١-٠١", "01.01.0001"])
def test_myownconference_refuses_birth_dates_out_of_range(
    http: httpx.Client, alice: Tenant, value: str
) -> None:
    email = f"{new_id()}@example.test"
    moc.ok(http, alice, "attendeesCreate", {"email": email, "name": "Old Timer"})
    _moc_error(http, alice, "attendeesSet", {"email": email, "born": value}, "born")
    moc.ok(http, alice, "attendeesSet", {"email": email, "born": "1900-01-01"})


def test_myownconference_start_0001_does_not_break_bigmarker_listings(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    """The issue's sequence: the create is refused, and the listings keep working."""
    _moc_error(
        http,
        fresh_tenant,
        "webinarsCreate",
        {"name": "Year one", "start": "0001-01-01 00:00:00", "duration": 60},
        "start",
    )
    for kind in ("past", "all"):
        response = http.get(f"{API}/conferences?type={kind}", headers=fresh_tenant.headers)
        assert response.status_code == 200, response.text


def _move(settings: Settings, conference_id: str, start: datetime, end: datetime) -> None:
    """Puts a stored conference at ``start``..``end``, as rows written before the
    range was enforced may be."""

    async def work(session: AsyncSession) -> None:
        await session.execute(
            update(Conference)
            .where(Conference.id == conference_id)
            .values(start_at=start, end_at=end)
        )

    in_database(settings, work)


@pytest.mark.parametrize(
    ("start", "end", "time_zone", "profile_minutes"),
    [
        # Behind UTC, year 1 on the conference's clock is before what datetime holds;
        # ahead of it, the last hour of 9999 is after.
        (datetime(1, 1, 1, tzinfo=UTC), datetime(1, 1, 1, 1, tzinfo=UTC), "Hawaii", -600),
        (
            datetime(9999, 12, 31, 22, 0, tzinfo=UTC),
            datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
            "Tokyo",
            840,
        ),
    ],
)
def test_rows_stored_out_of_range_are_shown_in_every_dialect(
    http: httpx.Client,
    settings: Settings,
    fresh_tenant: Tenant,
    start: datetime,
    end: datetime,
    time_zone: str,
    profile_minutes: int,
) -> None:
    """A conference stored before the range was enforced (as MyOwnConference's
    webinarsCreate with "0001-01-01" stored one) is listed and shown, not a 500."""
    moc.ok(http, fresh_tenant, "profileSet", {"timezone": profile_minutes})
    made = create_conference(
        http, fresh_tenant, title="Stored", start_time="2031-01-01 10:00", time_zone=time_zone
    )
    _move(settings, made["id"], start, end)
    headers = fresh_tenant.headers
    year = f"{start.year:04d}"
    for kind in ("past", "all", "future"):
        response = http.get(f"{API}/conferences?type={kind}", headers=headers)
        assert response.status_code == 200, response.text
    shown = http.get(f"{API}/conferences/{made['id']}", headers=headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["start_time"].startswith(year), shown.json()
    channel = http.get(
        f"{API}/channels/{fresh_tenant.channel_url}/conferences?timing=all", headers=headers
    )
    assert channel.status_code == 200, channel.text
    # Changing only its zone would keep a start that is out of range: refused.
    moved = http.put(f"{API}/conferences/{made['id']}", headers=headers, json={"time_zone": "UTC"})
    assert moved.status_code == 400, moved.text
    fixed = http.put(
        f"{API}/conferences/{made['id']}",
        headers=headers,
        json={"time_zone": "UTC", "start_time": "2032-01-01 10:00"},
    )
    assert fixed.status_code == 200, fixed.text
    _move(settings, made["id"], start, end)

    listed = moc.ok(http, fresh_tenant, "webinarsList", {})
    assert [w["name"] for w in listed] == ["Stored"]
    assert listed[0]["start"].startswith(year), listed
    alias = moc.alias_of(settings, made["id"])
    assert moc.ok(http, fresh_tenant, "webinarsGetInfo", {"alias": alias})["start"].startswith(year)
    moc.ok(http, fresh_tenant, "webinarsGetLettersInfo", {"alias": alias})
    moc.ok(http, fresh_tenant, "webinarsClone", {"alias": alias, "date": "2032-02-02"})
    titles = [c["title"] for c in boomstream.ok(http, fresh_tenant, "list")["conferences"]]
    assert titles == ["Stored", "Stored"]


# Item 7: what XML 1.0 cannot carry.

# A lone surrogate cannot reach a title (neither a URL nor the databases carry
# one); the writer's own test covers it.
UNWRITABLE = "A\x01B\x0bC\x1fD\ufffeE\uffffF\x7fG"
WRITTEN = "ABCDEF\x7fG"


def _xml_titles(http: httpx.Client, tenant: Tenant) -> list[str]:
    response = http.get(
        f"{boomstream.BASE}/list", params={"apikey": tenant.api_key, "format": "xml"}
    )
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # raises on a malformed document
    return [c.findtext("title") or "" for c in root.iter("conference")]


def _through_boomstream(http: httpx.Client, tenant: Tenant, title: str) -> None:
    boomstream.create(http, tenant, title=title, description=title)


def _through_bigmarker(http: httpx.Client, tenant: Tenant, title: str) -> None:
    create_conference(http, tenant, title=title, purpose=title, start_time="2031-01-01 10:00")


@pytest.mark.parametrize("make", [_through_boomstream, _through_bigmarker])
def test_boomstream_xml_stays_well_formed_whatever_a_title_holds(
    http: httpx.Client, fresh_tenant: Tenant, make: Callable[[httpx.Client, Tenant, str], None]
) -> None:
    title = f"Tab\tand {UNWRITABLE} end"
    make(http, fresh_tenant, title)
    titles = _xml_titles(http, fresh_tenant)
    assert len(titles) == 1
    # Left out of the XML only: \t is kept, and JSON shows the title as stored.
    assert titles[0] == f"Tab\tand {WRITTEN} end"
    (listed,) = boomstream.ok(http, fresh_tenant, "list")["conferences"]
    assert listed["title"].startswith("Tab\tand A")


def test_an_unwritable_character_in_an_error_message_keeps_the_xml_well_formed(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    response = http.get(
        f"{boomstream.BASE}/info", params={"apikey": fresh_tenant.api_key, "code": "x\x01\ufffe"}
    )
    root = ElementTree.fromstring(response.content)
    assert root.findtext("Status") == "Failed"


def test_the_xml_writer_leaves_out_what_xml_cannot_carry_and_keeps_the_rest() -> None:
    kept = "tab\t, line\n, return\r, DEL\x7f, é, 😀, U+FFFD \ufffd"
    text = f"\x00{UNWRITABLE}\ud800\udfff{kept}"
    written = to_xml({"conferences": [{"title": text}], "Message": text})
    root = ElementTree.fromstring(written)
    assert xml_safe(text) == f"{WRITTEN}{kept}"
    # The parser reads a carriage return as a line feed, as XML 1.0 says.
    assert root.findtext("Message") == f"{WRITTEN}{kept}".replace("\r", "\n")
    assert root.findtext("conferences/conference/title") == root.findtext("Message")


def test_whole_numbers_are_written_in_0_to_9_in_every_dialect(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    code = boomstream.create(http, fresh_tenant)
    for timeout in ("٣٦٠٠", "3_600", HUGE):
        message = boomstream.failed(
            http, fresh_tenant.api_key, "invite", code=code, email="t@example.test", timeout=timeout
        )
        assert message.startswith("timeout"), message
    made = moc.ok(
        http,
        fresh_tenant,
        "webinarsCreate",
        {"name": "Numbers", "start": "2031-01-01 10:00:00", "duration": 60},
    )
    message = moc.error(
        http,
        fresh_tenant,
        "webinarsSet",
        {"alias": made["alias"], "settings": {"beforeStartTime": "١٠"}},
    )
    assert message == "settings.beforeStartTime: must be a whole number"
