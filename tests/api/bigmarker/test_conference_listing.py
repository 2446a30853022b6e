"""Conformance of List Conferences, Search Conferences, Get Associated Sessions and
Search Recurring Conferences with the BigMarker document. Tests that count use an
account of their own (``fresh_tenant``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant

PAGINATION = ("current_page", "per_page", "total_pages", "total_entries")


def _wall(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _unix(text: str) -> str:
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return str(int(moment.timestamp()))


def _list(http: httpx.Client, tenant: Tenant, **params: Any) -> dict[str, Any]:
    response = http.get("/api/v1/conferences", headers=tenant.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(PAGINATION) | {"conferences"} == set(body)
    return body


def _ids(body: dict[str, Any] | list[dict[str, Any]]) -> set[str]:
    items = body["conferences"] if isinstance(body, dict) else body
    return {c["id"] for c in items}


# Search answers its Response Body table's {"conferences": [...]} with List
# Conferences' paging fields, not its example's bare array (docs/bigmarker.md).
PAGE_KEYS = ["current_page", "per_page", "total_pages", "total_entries"]


def _search(http: httpx.Client, tenant: Tenant, **body: Any) -> list[dict[str, Any]]:
    response = http.post("/api/v1/conferences/search", headers=tenant.headers, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert list(answer) == [*PAGE_KEYS, "conferences"]
    result: list[dict[str, Any]] = answer["conferences"]
    return result


def _children(http: httpx.Client, tenant: Tenant, parent_id: str, **params: Any) -> Any:
    response = http.get(
        f"/api/v1/conferences/recurring/{parent_id}", headers=tenant.headers, params=params
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert list(answer) == [*PAGE_KEYS, "child_conferences"]
    return answer["child_conferences"]


def _recurring(
    http: httpx.Client, tenant: Tenant, starts: list[str], **fields: Any
) -> dict[str, Any]:
    return create_conference(
        http,
        tenant,
        time_zone="UTC",
        schedule_type="multiple_times",
        recurring_start_times=starts,
        **fields,
    )


@dataclass(frozen=True)
class Timeline:
    """One account's conferences: ended, live now, later, and a 24-hour room."""

    tenant: Tenant
    past: str
    live: str
    future: str
    room: str


@pytest.fixture
def timeline(http: httpx.Client, fresh_tenant: Tenant) -> Timeline:
    now = datetime.now(UTC)
    past = create_conference(
        http,
        fresh_tenant,
        title="Ended Webinar",
        time_zone="UTC",
        start_time="2020-01-01 10:00",
        duration_minutes="60",
    )
    live = create_conference(
        http,
        fresh_tenant,
        title="Live Webinar",
        time_zone="UTC",
        start_time=_wall(now - timedelta(minutes=10)),
        duration_minutes="120",
    )
    future = create_conference(
        http,
        fresh_tenant,
        title="Future Webinar",
        time_zone="UTC",
        start_time="2030-01-01 10:00",
        duration_minutes="60",
    )
    room = create_conference(http, fresh_tenant, title="Open Room", schedule_type="24_hour_room")
    return Timeline(fresh_tenant, past["id"], live["id"], future["id"], room["id"])


# --- List Conferences --------------------------------------------------------------


def test_list_as_the_curl_example_with_trailing_slash(
    http: httpx.Client, timeline: Timeline, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["conferences_list"]
    assert operation["curl_example"].endswith("/api/v1/conferences/")
    for path in ("/api/v1/conferences/", "/api/v1/conferences"):
        response = http.get(path, headers={"API-KEY": timeline.tenant.api_key})
        assert response.status_code == 200, response.text
        body = response.json()
        for key in operation["response"]["example"]["top_level_keys"]:
            assert key in body
        # type defaults to future: live and upcoming conferences.
        assert _ids(body) == {timeline.live, timeline.future}
        assert body["total_entries"] == 2
        assert body["current_page"] == 1
        assert body["per_page"] == 20
        assert body["total_pages"] == 1


def test_list_items_have_every_show_field(
    http: httpx.Client, timeline: Timeline, bigmarker_reference: dict[str, Any]
) -> None:
    documented = [f["name"] for f in bigmarker_reference["shared_schemas"]["conference"]["fields"]]
    body = _list(http, timeline.tenant, type="all")
    assert body["conferences"]
    for item in body["conferences"]:
        assert [name for name in documented if name not in item] == []


@pytest.mark.parametrize(
    ("list_type", "expected"),
    [
        ("future", {"live", "future"}),
        ("past", {"past"}),
        ("all", {"past", "live", "future"}),
        ("multiple_times", set()),
        ("future_do_not_include_happening", {"future"}),
        ("future_with_24_hour_room", {"live", "future", "room"}),
        # Nothing has been recorded: an ended conference without a recording is out.
        ("past_with_recording", set()),
        ("always_open", {"room"}),
        ("happening_now", {"live"}),
    ],
)
def test_list_type_filters(
    http: httpx.Client, timeline: Timeline, list_type: str, expected: set[str]
) -> None:
    body = _list(http, timeline.tenant, type=list_type)
    assert _ids(body) == {getattr(timeline, name) for name in expected}
    assert body["total_entries"] == len(expected)


def test_list_documents_nine_types(bigmarker_operations: dict[str, Any]) -> None:
    params = {p["name"]: p for p in bigmarker_operations["conferences_list"]["request"]["params"]}
    assert params["type"]["allowed_values"] == [
        "future",
        "past",
        "all",
        "multiple_times",
        "future_do_not_include_happening",
        "future_with_24_hour_room",
        "past_with_recording",
        "always_open",
        "happening_now",
    ]
    assert params["type"]["default"] == "future"
    assert params["per_page"]["default"] == 20


def test_list_multiple_times_is_the_recurring_webinars(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    create_conference(http, fresh_tenant, start_time="2030-01-01 10:00")
    parent = _recurring(
        http, fresh_tenant, ["2030-01-01 15:00:00+02:00", "2030-01-02 15:00:00+02:00"]
    )
    body = _list(http, fresh_tenant, type="multiple_times")
    assert _ids(body) == {parent["id"]}
    assert body["conferences"][0]["type"] == "recurring_parent"


def test_list_invalid_type_is_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.get("/api/v1/conferences", headers=alice.headers, params={"type": "someday"})
    assert response.status_code == 400
    assert list(response.json()) == ["error"]


def test_list_pagination(http: httpx.Client, fresh_tenant: Tenant) -> None:
    created = {
        create_conference(
            http, fresh_tenant, title=f"Talk {n}", start_time=f"2030-02-{n:02} 10:00"
        )["id"]
        for n in range(1, 22)
    }
    first = _list(http, fresh_tenant)
    assert (first["current_page"], first["per_page"]) == (1, 20)
    assert (first["total_pages"], first["total_entries"]) == (2, 21)
    assert len(first["conferences"]) == 20
    second = _list(http, fresh_tenant, page="2")
    assert second["current_page"] == 2
    assert len(second["conferences"]) == 1
    assert _ids(first) | _ids(second) == created

    pages = [_list(http, fresh_tenant, page=str(n), per_page="8") for n in (1, 2, 3)]
    assert [len(p["conferences"]) for p in pages] == [8, 8, 5]
    for number, page in enumerate(pages, start=1):
        assert page["current_page"] == number
        assert page["per_page"] == 8
        assert page["total_pages"] == 3
        assert page["total_entries"] == 21
    assert set().union(*(_ids(p) for p in pages)) == created
    beyond = _list(http, fresh_tenant, page="4", per_page="8")
    assert beyond["conferences"] == []
    assert beyond["total_entries"] == 21


def test_list_query_matches_title_substring_ignoring_case(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    alpha = create_conference(http, fresh_tenant, title="Alpha Planning Session")
    create_conference(http, fresh_tenant, title="beta review")
    assert _ids(_list(http, fresh_tenant, query="PLAN")) == {alpha["id"]}
    assert _ids(_list(http, fresh_tenant, query="a")) == _ids(_list(http, fresh_tenant))
    assert _list(http, fresh_tenant, query="gamma")["total_entries"] == 0
    # LIKE wildcards are plain characters.
    assert _list(http, fresh_tenant, query="%")["total_entries"] == 0


def test_list_start_and_end_time_filters(http: httpx.Client, timeline: Timeline) -> None:
    tenant = timeline.tenant
    after_2029 = _list(http, tenant, type="all", start_time=_unix("2029-12-31 00:00"))
    assert _ids(after_2029) == {timeline.future}
    before_2021 = _list(http, tenant, type="all", end_time=_unix("2021-01-01 00:00"))
    assert _ids(before_2021) == {timeline.past}
    exact = _list(
        http,
        tenant,
        type="all",
        start_time=_unix("2030-01-01 10:00"),
        end_time=_unix("2030-01-01 11:00"),
    )
    assert _ids(exact) == {timeline.future}
    too_narrow = _list(
        http,
        tenant,
        type="all",
        start_time=_unix("2030-01-01 10:00"),
        end_time=_unix("2030-01-01 10:59"),
    )
    assert _ids(too_narrow) == set()


@pytest.mark.parametrize("name", ["start_time", "end_time"])
def test_list_time_filter_that_is_not_a_timestamp_is_documented_401(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any], name: str
) -> None:
    response = http.get(
        "/api/v1/conferences", headers=alice.headers, params={name: "2019-01-31 00:15"}
    )
    assert response.status_code == 401
    assert response.json() == documented_error(
        bigmarker_operations["conferences_search"], 401, name
    )


def test_list_include_series_returns_only_series(http: httpx.Client, fresh_tenant: Tenant) -> None:
    create_conference(http, fresh_tenant, title="A plain webinar")
    response = http.post(
        "/api/v1/series",
        headers=fresh_tenant.headers,
        json={
            "channel_id": fresh_tenant.channel_id,
            "title": "A course",
            "series_format": "course",
        },
    )
    assert response.status_code == 200, response.text
    series_id = response.json()["id"]
    body = _list(http, fresh_tenant, include_series="true")
    assert _ids(body) == {series_id}
    assert body["conferences"][0]["title"] == "A course"
    # Without include_series the series is not a conference of the list.
    assert series_id not in _ids(_list(http, fresh_tenant, type="all"))


def test_list_roles(http: httpx.Client, timeline: Timeline) -> None:
    tenant = timeline.tenant
    everything = {timeline.past, timeline.live, timeline.future}
    assert _ids(_list(http, tenant, type="all", role="hosting")) == everything
    assert _ids(_list(http, tenant, type="all", role="all")) == everything
    # Nobody has registered for anything yet.
    attending = _list(http, tenant, type="all", role="attending")
    assert attending["conferences"] == []
    assert attending["total_entries"] == 0


def test_list_shows_only_the_callers_conferences(
    http: httpx.Client, timeline: Timeline, bob: Tenant
) -> None:
    bobs = create_conference(http, bob, start_time="2030-01-01 10:00")
    assert bobs["id"] not in _ids(_list(http, timeline.tenant, type="all"))
    assert _ids(_list(http, bob, type="all")).isdisjoint(
        {timeline.past, timeline.live, timeline.future}
    )


def test_list_without_api_key_is_documented_401(
    http: httpx.Client, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get("/api/v1/conferences")
    assert response.status_code == 401
    assert response.json() == documented_error(bigmarker_operations["conferences_list"], 401)


# --- Search Conferences ------------------------------------------------------------

# The curl example's window: 2019-01-23 23:00 to 2019-01-24 00:58 UTC.
CURL_START, CURL_END = "1548284400", "1548291480"


@pytest.fixture
def search_data(http: httpx.Client, fresh_tenant: Tenant) -> dict[str, str]:
    def at(title: str, start: str, duration_minutes: str = "60") -> str:
        conference = create_conference(
            http,
            fresh_tenant,
            title=title,
            time_zone="UTC",
            start_time=start,
            duration_minutes=duration_minutes,
        )
        return str(conference["id"])

    return {
        "a": at("Inside A", "2019-01-23 23:00"),
        "b": at("Inside B", "2019-01-23 23:30"),
        "outside": at("Outside", "2030-01-01 10:00"),
        "too_long": at("Ends late", "2019-01-23 23:00", duration_minutes="120"),
    }


def test_search_as_the_curl_example_sends_it(
    http: httpx.Client,
    fresh_tenant: Tenant,
    search_data: dict[str, str],
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["conferences_search"]
    assert f'"start_time":"{CURL_START}", "end_time":"{CURL_END}"' in operation["curl_example"]
    ids = f"{search_data['a']},{search_data['b']}"
    body = f'{{"conference_ids":"{ids}", "start_time":"{CURL_START}", "end_time":"{CURL_END}"}}'
    response = http.post(
        "/api/v1/conferences/search",
        headers={"API-KEY": fresh_tenant.api_key, "Content-Type": "application/json"},
        content=body,
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["total_entries"] == 2
    result = answer["conferences"]
    assert _ids(result) == {search_data["a"], search_data["b"]}
    for item in result:
        for key in operation["response"]["example"]["item_keys"]:
            assert key in item


def test_search_time_window(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    everything = set(search_data.values())
    found = _search(http, fresh_tenant, start_time=CURL_START, end_time=CURL_END)
    assert _ids(found) == {search_data["a"], search_data["b"]}
    assert _ids(_search(http, fresh_tenant)) == everything
    assert _ids(_search(http, fresh_tenant, start_time=_unix("2029-01-01 00:00"))) == {
        search_data["outside"]
    }
    assert _ids(_search(http, fresh_tenant, end_time=CURL_END)) == {
        search_data["a"],
        search_data["b"],
    }


def test_search_form_body_and_query_string(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    params = {
        "conference_ids": f"{search_data['a']},{search_data['outside']}",
        "start_time": CURL_START,
        "end_time": CURL_END,
    }
    as_form = http.post("/api/v1/conferences/search", headers=fresh_tenant.headers, data=params)
    as_query = http.post("/api/v1/conferences/search", headers=fresh_tenant.headers, params=params)
    for response in (as_form, as_query):
        assert response.status_code == 200, response.text
        assert _ids(response.json()) == {search_data["a"]}


def test_search_conference_ids_with_spaces(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    ids = f"{search_data['a']}, {search_data['b']} ,  {search_data['outside']}"
    assert _ids(_search(http, fresh_tenant, conference_ids=ids)) == {
        search_data["a"],
        search_data["b"],
        search_data["outside"],
    }
    assert _search(http, fresh_tenant, conference_ids="no-such-id") == []


def test_search_by_title(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    assert _ids(_search(http, fresh_tenant, title="inside")) == {
        search_data["a"],
        search_data["b"],
    }
    assert _ids(_search(http, fresh_tenant, title="Inside B")) == {search_data["b"]}
    assert _search(http, fresh_tenant, title="nothing like it") == []


def test_search_type_filters(http: httpx.Client, fresh_tenant: Tenant) -> None:
    webinar = create_conference(http, fresh_tenant, title="Plain", start_time="2030-01-01 10:00")
    room = create_conference(http, fresh_tenant, title="Room", schedule_type="24_hour_room")
    parent = _recurring(
        http, fresh_tenant, ["2030-01-01 15:00:00+02:00", "2030-01-02 15:00:00+02:00"]
    )
    children = _children(http, fresh_tenant, parent["id"])
    assert len(children) == 2

    assert _ids(_search(http, fresh_tenant, type="recurring_parent")) == {parent["id"]}
    assert _ids(_search(http, fresh_tenant, type="recurring_child")) == _ids(children)
    assert _ids(_search(http, fresh_tenant, type="meetingspace")) == {room["id"]}
    live = _ids(_search(http, fresh_tenant, type="live_webinar"))
    assert webinar["id"] in live
    assert room["id"] not in live
    for item in _search(http, fresh_tenant, type="recurring_child"):
        assert item["type"] == "recurring_child"
        assert item["master_webinar_id"] == parent["id"]


def test_search_role_attending_finds_nothing(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    assert _search(http, fresh_tenant, role="attending") == []
    assert _ids(_search(http, fresh_tenant, role="hosting")) == set(search_data.values())


def test_search_pages(
    http: httpx.Client, fresh_tenant: Tenant, search_data: dict[str, str]
) -> None:
    first = _search(http, fresh_tenant, per_page="3", page="1")
    second = _search(http, fresh_tenant, per_page="3", page="2")
    assert (len(first), len(second)) == (3, 1)
    assert _ids(first) | _ids(second) == set(search_data.values())


@pytest.mark.parametrize("name", ["start_time", "end_time"])
@pytest.mark.parametrize("value", ["2019-01-23", "yesterday"])
def test_search_time_that_is_not_a_timestamp_is_documented_401(
    http: httpx.Client,
    alice: Tenant,
    bigmarker_operations: dict[str, Any],
    name: str,
    value: str,
) -> None:
    response = http.post("/api/v1/conferences/search", headers=alice.headers, json={name: value})
    assert response.status_code == 401
    assert response.json() == documented_error(
        bigmarker_operations["conferences_search"], 401, name
    )


def test_search_does_not_see_other_accounts(
    http: httpx.Client, fresh_tenant: Tenant, bob: Tenant
) -> None:
    bobs = create_conference(http, bob)
    assert _search(http, fresh_tenant, conference_ids=bobs["id"]) == []


# --- Get Associated Sessions -------------------------------------------------------


def test_associated_sessions_of_a_recurring_webinar(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    starts = [f"2030-03-{day:02} 15:00:00+02:00" for day in (1, 2, 3)]
    parent = _recurring(http, alice, starts)
    url = f"/api/v1/conferences/get_associated_sessions/{parent['id']}"
    response = http.get(url, headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    for key in bigmarker_operations["conferences_associated_sessions"]["response"]["example"][
        "top_level_keys"
    ]:
        assert key in body
    assert body["total_entries"] == 3
    assert body["current_page"] == 1
    assert body["total_pages"] == 1
    assert sorted(c["start_time"] for c in body["conferences"]) == [
        "2030-03-01 13:00",
        "2030-03-02 13:00",
        "2030-03-03 13:00",
    ]
    assert {c["master_webinar_id"] for c in body["conferences"]} == {parent["id"]}

    page = http.get(url, headers=alice.headers, params={"page": "2", "per_page": "2"}).json()
    assert (page["current_page"], page["per_page"], page["total_pages"]) == (2, 2, 2)
    assert page["total_entries"] == 3
    assert len(page["conferences"]) == 1


def test_associated_sessions_of_a_plain_webinar_is_empty(http: httpx.Client, alice: Tenant) -> None:
    webinar = create_conference(http, alice)
    response = http.get(
        f"/api/v1/conferences/get_associated_sessions/{webinar['id']}", headers=alice.headers
    )
    assert response.status_code == 200
    assert response.json()["conferences"] == []
    assert response.json()["total_entries"] == 0


def test_associated_sessions_of_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get("/api/v1/conferences/get_associated_sessions/nope", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(
        bigmarker_operations["conferences_associated_sessions"], 404
    )


# --- Search Recurring Conferences --------------------------------------------------


@pytest.fixture
def recurring(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    # 13:00 UTC on each day.
    starts = [f"2030-04-{day:02} 15:00:00+02:00" for day in (1, 2, 3)]
    return _recurring(http, alice, starts, title="Daily standup")


def test_recurring_children_answer_the_tables_child_conferences(
    http: httpx.Client, alice: Tenant, recurring: dict[str, Any]
) -> None:
    children = _children(http, alice, recurring["id"])
    assert sorted(c["start_time"] for c in children) == [
        "2030-04-01 13:00",
        "2030-04-02 13:00",
        "2030-04-03 13:00",
    ]
    for child in children:
        assert child["type"] == "recurring_child"
        assert child["title"] == "Daily standup"


def test_recurring_children_time_filters(
    http: httpx.Client, alice: Tenant, recurring: dict[str, Any]
) -> None:
    url = f"/api/v1/conferences/recurring/{recurring['id']}"

    def starts(params: dict[str, str]) -> list[str]:
        response = http.get(url, headers=alice.headers, params=params)
        assert response.status_code == 200, response.text
        return sorted(c["start_time"] for c in response.json()["child_conferences"])

    assert starts({"start_time": _unix("2030-04-02 13:00")}) == [
        "2030-04-02 13:00",
        "2030-04-03 13:00",
    ]
    assert starts({"end_time": _unix("2030-04-02 14:00")}) == [
        "2030-04-01 13:00",
        "2030-04-02 13:00",
    ]
    assert starts({"start_time": _unix("2030-05-01 00:00")}) == []


def test_recurring_children_query_with_double_ampersand(
    http: httpx.Client, alice: Tenant, recurring: dict[str, Any]
) -> None:
    start, end = _unix("2030-04-02 12:00"), _unix("2030-04-02 14:00")
    response = http.get(
        f"/api/v1/conferences/recurring/{recurring['id']}?start_time={start}&&end_time={end}",
        headers={"API-KEY": alice.api_key},
    )
    assert response.status_code == 200, response.text
    assert [c["start_time"] for c in response.json()["child_conferences"]] == ["2030-04-02 13:00"]


def test_recurring_children_of_a_plain_webinar_is_documented_401(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    webinar = create_conference(http, alice)
    response = http.get(f"/api/v1/conferences/recurring/{webinar['id']}", headers=alice.headers)
    assert response.status_code == 401
    assert response.json() == documented_error(
        bigmarker_operations["conferences_recurring_children"], 401, "recurring"
    )
    assert response.json() == {"error": "This is not a recurring conference."}


def test_recurring_children_of_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    bobs = _recurring(http, bob, ["2030-01-01 15:00:00+02:00"])
    for conference_id in ("nope", bobs["id"]):
        response = http.get(f"/api/v1/conferences/recurring/{conference_id}", headers=alice.headers)
        assert response.status_code == 404
        assert response.json() == documented_error(
            bigmarker_operations["conferences_recurring_children"], 404
        )
        assert response.json() == {"error": "Not Found!"}


@pytest.mark.parametrize("name", ["start_time", "end_time"])
def test_recurring_children_bad_timestamp_is_documented_401(
    http: httpx.Client,
    alice: Tenant,
    recurring: dict[str, Any],
    bigmarker_operations: dict[str, Any],
    name: str,
) -> None:
    response = http.get(
        f"/api/v1/conferences/recurring/{recurring['id']}",
        headers=alice.headers,
        params={name: "2030-04-02"},
    )
    assert response.status_code == 401
    assert response.json() == documented_error(
        bigmarker_operations["conferences_recurring_children"], 401, name
    )


def test_list_and_search_filter_by_webinar_tags(http: httpx.Client, fresh_tenant: Tenant) -> None:
    germany = create_conference(
        http, fresh_tenant, title="DE", webinar_tags=[{"country": "United Arab Emirates,Germany"}]
    )
    france = create_conference(http, fresh_tenant, title="FR", webinar_tags=[{"country": "France"}])
    create_conference(http, fresh_tenant, title="untagged")

    listed = _list(http, fresh_tenant, webinar_tags=json.dumps([{"country": "Germany"}]))
    assert _ids(listed) == {germany["id"]}
    searched = _search(http, fresh_tenant, webinar_tags=[{"country": "Germany,France"}])
    assert _ids(searched) == {germany["id"], france["id"]}
    assert _search(http, fresh_tenant, webinar_tags=[{"country": "Spain"}]) == []
