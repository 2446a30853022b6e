"""Manage Channels (all but the channel block list): show, list, sub-channels,
channel conferences, channel registrants, subscribers and the conferences one
person registered for — each called as the document's curl example calls it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

API = "/api/v1"
JSON = {"Content-Type": "application/json"}


def _fields(operation: dict[str, Any], table: int = 0) -> list[str]:
    return [f["name"] for f in operation["response"]["documented_fields"][table]["fields"]]


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _address(settings: Settings, *segments: str) -> str:
    return "/".join([str(settings.base_url), *segments])


def _subchannel(
    http: httpx.Client, tenant: Tenant, master: str | None = None, **extra: Any
) -> dict[str, Any]:
    url = f"sub-{new_id()}"
    body = {
        "master_channel_id": master or tenant.channel_id,
        "channel_name": f"Sub {url}",
        "channel_url": url,
        "organizer_email": f"organizer-{url}@example.test",
        **extra,
    }
    created: dict[str, Any] = _ok(
        http.post(f"{API}/channels", headers={**tenant.headers, **JSON}, json=body)
    )
    return created


def _register(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str, **extra: Any
) -> dict[str, Any]:
    body = {"id": conference_id, "email": email, "first_name": "Reg", "last_name": "Istrant"}
    registered: dict[str, Any] = _ok(
        http.put(f"{API}/conferences/register", headers=tenant.headers, data={**body, **extra})
    )
    return registered


def _bmid(registered: dict[str, Any]) -> str:
    return str(registered["conference_url"].rsplit("bmid=", 1)[1])


# Show and list -------------------------------------------------------------------


def test_show_channel_as_the_curl_example_does(
    http: httpx.Client,
    fresh_tenant: Tenant,
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["channels_show"]
    for key in (fresh_tenant.channel_id, fresh_tenant.channel_url):
        body = _ok(http.get(f"{API}/channels/{key}", headers=fresh_tenant.headers))
        assert set(_fields(operation)) <= set(body)
        assert body["channel_id"] == fresh_tenant.channel_id
        assert body["channel_url"] == _address(settings, fresh_tenant.channel_url)
        assert body["name"] == "Fresh"
        assert body["overview"] == ""
        assert body["description"] == ""


def test_show_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get(f"{API}/channels/{new_id()}", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["channels_show"], 404)


def test_list_channels_with_their_hosts(
    http: httpx.Client,
    fresh_tenant: Tenant,
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["channels_list"]
    before = _ok(http.get(f"{API}/channels/", headers=fresh_tenant.headers))
    assert list(before) == _fields(operation)
    assert [c["channel_id"] for c in before["channels"]] == [fresh_tenant.channel_id]
    assert before["channels"][0]["channel_hosts"] == []

    sub = _subchannel(
        http, fresh_tenant, organizer_first_name="Olga", organizer_last_name="Organizer"
    )
    body = _ok(http.get(f"{API}/channels", headers=fresh_tenant.headers))
    assert [c["channel_id"] for c in body["channels"]] == [
        fresh_tenant.channel_id,
        sub["channel_id"],
    ]
    for channel in body["channels"]:
        assert set(_fields(operation, 1)) <= set(channel)
    listed = body["channels"][1]
    assert listed["channel_url"] == sub["channel_url"]
    (host,) = listed["channel_hosts"]
    assert (host["first_name"], host["last_name"]) == ("Olga", "Organizer")
    assert host["email"] == f"organizer-{sub['channel_url'].rsplit('/', 1)[1]}@example.test"
    assert host["status"] == "active"


def test_list_channels_holds_only_the_callers_channels(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    sub = _subchannel(http, alice)
    text = http.get(f"{API}/channels", headers=bob.headers).text
    assert alice.channel_id not in text
    assert sub["channel_id"] not in text
    assert bob.channel_id in text


# Sub-channels ----------------------------------------------------------------------


def test_create_a_subchannel_with_every_documented_parameter(
    http: httpx.Client,
    alice: Tenant,
    settings: Settings,
    bigmarker_operations: dict[str, Any],
) -> None:
    operation = bigmarker_operations["channels_create_subchannel"]
    url = f"Team-{new_id()}"
    body = {
        "master_channel_id": alice.channel_url,
        "channel_name": "Team Channel",
        "channel_url": url,
        "organizer_email": f"Lead-{url}@Example.test",
        "organizer_first_name": "Lea",
        "organizer_last_name": "Lead",
        "organizer_temporary_password": "secret-123",
        "background_image_url": "https://img.example.test/bg.png",
    }
    response = http.post(f"{API}/channels", headers={**alice.headers, **JSON}, json=body)
    created = _ok(response)
    assert set(_fields(operation)) <= set(created)
    assert created["channel_url"] == _address(settings, url.lower())
    assert created["name"] == "Team Channel"
    assert created["master_channel_id"] == alice.channel_id
    assert created["background_image_url"] == "https://img.example.test/bg.png"
    shown = _ok(http.get(f"{API}/channels/{url.lower()}", headers=alice.headers))
    assert shown == created
    listed = _ok(
        http.get(f"{API}/channels/sub_channels/{alice.channel_url}", headers=alice.headers)
    )
    assert created in listed["channels"]
    channels = _ok(http.get(f"{API}/channels", headers=alice.headers))["channels"]
    (mine,) = (c for c in channels if c["channel_id"] == created["channel_id"])
    assert [(h["email"], h["first_name"]) for h in mine["channel_hosts"]] == [
        (f"lead-{url.lower()}@example.test", "Lea")
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"channel_name": ""}, "channel_name"),
        ({"channel_url": ""}, "channel_url"),
        ({"channel_url": "has space"}, "channel_url"),
        ({"organizer_email": ""}, "organizer_email"),
        ({"organizer_email": "not-an-address"}, "e-mail"),
        ({"background_image_url": "ftp://files/bg.png"}, "background_image_url"),
        ({"master_channel_id": ""}, "master_channel_id"),
    ],
)
def test_create_a_subchannel_refuses_bad_input_and_writes_nothing(
    change: dict[str, str], message: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    url = f"bad-{new_id()}"
    body = {
        "master_channel_id": fresh_tenant.channel_id,
        "channel_name": "Bad",
        "channel_url": url,
        "organizer_email": f"{url}@example.test",
        **change,
    }
    response = http.post(f"{API}/channels", headers=fresh_tenant.headers, json=body)
    assert response.status_code == 400, response.text
    assert message in response.json()["error"]
    channels = _ok(http.get(f"{API}/channels", headers=fresh_tenant.headers))["channels"]
    assert [c["channel_id"] for c in channels] == [fresh_tenant.channel_id]


def test_a_channel_url_is_taken_once_on_the_server(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    sub = _subchannel(http, alice)
    url = sub["channel_url"].rsplit("/", 1)[1]
    for tenant, taken in ((alice, url), (bob, url), (bob, bob.channel_url)):
        response = http.post(
            f"{API}/channels",
            headers=tenant.headers,
            json={
                "master_channel_id": tenant.channel_id,
                "channel_name": "Again",
                "channel_url": taken,
                "organizer_email": "x@example.test",
            },
        )
        assert response.status_code == 400
        assert "taken" in response.json()["error"]


def test_create_a_subchannel_of_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.post(
        f"{API}/channels",
        headers=alice.headers,
        json={
            "master_channel_id": new_id(),
            "channel_name": "Orphan",
            "channel_url": f"orphan-{new_id()}",
            "organizer_email": "x@example.test",
        },
    )
    assert response.status_code == 404
    assert response.json() == documented_error(
        bigmarker_operations["channels_create_subchannel"], 404
    )


def test_list_subchannels_lists_direct_children(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["channels_list_subchannels"]
    first = _subchannel(http, fresh_tenant)
    second = _subchannel(http, fresh_tenant)
    grandchild = _subchannel(http, fresh_tenant, master=first["channel_id"])
    body = _ok(
        http.get(
            f"{API}/channels/sub_channels/{fresh_tenant.channel_url}", headers=fresh_tenant.headers
        )
    )
    assert list(body) == _fields(operation)
    assert [c["channel_id"] for c in body["channels"]] == [
        first["channel_id"],
        second["channel_id"],
    ]
    for channel in body["channels"]:
        assert set(_fields(operation, 1)) <= set(channel)
    nested = _ok(
        http.get(f"{API}/channels/sub_channels/{first['channel_id']}", headers=fresh_tenant.headers)
    )
    assert [c["channel_id"] for c in nested["channels"]] == [grandchild["channel_id"]]
    response = http.get(f"{API}/channels/sub_channels/{new_id()}", headers=fresh_tenant.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(operation, 404)


def test_remove_a_subchannel_as_the_curl_example_does(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["channels_remove_subchannel"]
    sub = _subchannel(http, alice)
    nested = _subchannel(http, alice, master=sub["channel_id"])
    url = sub["channel_url"].rsplit("/", 1)[1]
    webinar = create_conference(http, alice, channel_id=sub["channel_id"], title="In the sub")
    response = http.request(
        "DELETE",
        f"{API}/channels/{url}",
        headers={**alice.headers, **JSON},
        content='{"xx": "xx"}',
    )
    assert response.status_code == 200, response.text
    for gone in (f"/channels/{sub['channel_id']}", f"/channels/{nested['channel_id']}"):
        assert http.get(API + gone, headers=alice.headers).status_code == 404
    assert http.get(f"{API}/conferences/{webinar['id']}", headers=alice.headers).status_code == 404
    again = http.delete(f"{API}/channels/{url}", headers=alice.headers)
    assert again.status_code == 404
    assert again.json() == documented_error(operation, 404)


def test_a_top_level_channel_is_not_removed(http: httpx.Client, fresh_tenant: Tenant) -> None:
    response = http.delete(
        f"{API}/channels/{fresh_tenant.channel_id}", headers=fresh_tenant.headers
    )
    assert response.status_code == 400
    assert "not a subchannel" in response.json()["error"]
    _ok(http.get(f"{API}/channels/{fresh_tenant.channel_id}", headers=fresh_tenant.headers))


# Channel conferences ----------------------------------------------------------------


@pytest.fixture
def channel_with_conferences(http: httpx.Client, fresh_tenant: Tenant) -> dict[str, Any]:
    tenant = fresh_tenant
    past = create_conference(http, tenant, title="Past one", start_time="2020-01-01 10:00")
    soon = create_conference(
        http,
        tenant,
        title="Soon",
        start_time="2031-01-01 10:00",
        purpose="To be great",
        webinar_tags=[{"country": "Germany"}],
    )
    later = create_conference(http, tenant, title="Later", start_time="2032-01-01 10:00")
    sub = _subchannel(http, tenant)
    elsewhere = create_conference(
        http, tenant, channel_id=sub["channel_id"], title="Elsewhere", start_time="2031-06-01 10:00"
    )
    return {
        "tenant": tenant,
        "past": past,
        "soon": soon,
        "later": later,
        "elsewhere": elsewhere,
        "sub": sub,
    }


def _channel_conferences(
    http: httpx.Client, tenant: Tenant, channel: str, **params: Any
) -> dict[str, Any]:
    return dict(
        _ok(
            http.get(f"{API}/channels/{channel}/conferences", headers=tenant.headers, params=params)
        )
    )


def test_channel_conferences_by_timing(
    http: httpx.Client,
    channel_with_conferences: dict[str, Any],
    bigmarker_operations: dict[str, Any],
    settings: Settings,
) -> None:
    world = channel_with_conferences
    tenant: Tenant = world["tenant"]
    operation = bigmarker_operations["channels_conferences"]
    timing = next(p for p in operation["request"]["params"] if p["name"] == "timing")
    assert set(timing["allowed_values"]) == {"future", "all", "past"}
    default = _channel_conferences(http, tenant, tenant.channel_url)
    assert set(_fields(operation)) <= set(default)
    assert [c["id"] for c in default["conferences"]] == [world["soon"]["id"], world["later"]["id"]]
    soon = default["conferences"][0]
    # The example's fields, with the values the conference was created with.
    assert soon["title"] == "Soon"
    assert soon["purpose"] == "To be great"
    assert soon["conference_address"] == world["soon"]["conference_address"]
    assert soon["conference_address"].startswith(_address(settings, tenant.channel_url) + "/")
    assert soon == _ok(http.get(f"{API}/conferences/{soon['id']}", headers=tenant.headers))
    expected = {
        "future": [world["soon"]["id"], world["later"]["id"]],
        "past": [world["past"]["id"]],
        "all": [world["past"]["id"], world["soon"]["id"], world["later"]["id"]],
    }
    for value, ids in expected.items():
        body = _channel_conferences(http, tenant, tenant.channel_id, timing=value)
        assert [c["id"] for c in body["conferences"]] == ids
    sub = world["sub"]["channel_id"]
    assert [c["id"] for c in _channel_conferences(http, tenant, sub)["conferences"]] == [
        world["elsewhere"]["id"]
    ]


def test_channel_conferences_paging_sorting_and_filters(
    http: httpx.Client, channel_with_conferences: dict[str, Any]
) -> None:
    world = channel_with_conferences
    tenant: Tenant = world["tenant"]
    channel = tenant.channel_url
    ids = [world[name]["id"] for name in ("past", "soon", "later")]
    descending = _channel_conferences(
        http, tenant, channel, timing="all", sort_start_date="descending"
    )
    assert [c["id"] for c in descending["conferences"]] == ids[::-1]
    page2 = _channel_conferences(http, tenant, channel, timing="all", page=2, per_page=2)
    assert [c["id"] for c in page2["conferences"]] == ids[2:]
    assert (page2["total_entries"], page2["total_pages"]) == (3, 2)
    assert _channel_conferences(http, tenant, channel)["per_page"] == 25
    tagged = _channel_conferences(
        http, tenant, channel, timing="all", webinar_tags='[{"country": "Germany"}]'
    )
    assert [c["id"] for c in tagged["conferences"]] == [world["soon"]["id"]]
    bmid = _bmid(_register(http, tenant, world["later"]["id"], f"{new_id()}@example.test"))
    registered = _channel_conferences(http, tenant, channel, timing="all", bmid=bmid)
    assert [c["id"] for c in registered["conferences"]] == [world["later"]["id"]]
    templates = _channel_conferences(http, tenant, channel, show_template="false")
    assert [c["id"] for c in templates["conferences"]] == ids[1:]


@pytest.mark.parametrize(
    "params",
    [{"timing": "soon"}, {"sort_start_date": "up"}, {"show_template": "maybe"}, {"page": "x"}],
)
def test_channel_conferences_refuse_bad_parameters(
    params: dict[str, str], http: httpx.Client, alice: Tenant
) -> None:
    response = http.get(
        f"{API}/channels/{alice.channel_url}/conferences", headers=alice.headers, params=params
    )
    assert response.status_code == 400
    assert next(iter(params)) in response.json()["error"]


def test_channel_conferences_of_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get(f"{API}/channels/{new_id()}/conferences", headers=alice.headers)
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["channels_conferences"], 404)


# Channel registrants --------------------------------------------------------------------


def test_channel_registrants_as_the_curl_example_does(
    http: httpx.Client,
    channel_with_conferences: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    world = channel_with_conferences
    tenant: Tenant = world["tenant"]
    operation = bigmarker_operations["channels_registrations"]
    soon, later = world["soon"], world["later"]
    one, two = f"one-{new_id()}@example.test", f"two-{new_id()}@example.test"
    first = _register(http, tenant, soon["id"], one, utm_bmcr_source="newsletter")
    _register(http, tenant, later["id"], one)
    _register(http, tenant, later["id"], two, tracking_code="tc-1")
    _register(http, tenant, world["elsewhere"]["id"], f"other-{new_id()}@example.test")

    body = _ok(
        http.get(
            f"{API}/conferences/registrations/channel/{tenant.channel_url}", headers=tenant.headers
        )
    )
    rows = body["registrations"]
    assert [(r["email"], r["conference_id"]) for r in rows] == [
        (one, soon["id"]),
        (one, later["id"]),
        (two, later["id"]),
    ]
    addresses = {soon["id"]: soon["conference_address"], later["id"]: later["conference_address"]}
    for row in rows:
        assert set(_fields(operation)) <= set(row)
        assert row["enter_url"].startswith(f"{addresses[row['conference_id']]}?token=")
    assert rows[0]["bmid"] == _bmid(first)
    assert (rows[0]["first_name"], rows[0]["last_name"]) == ("Reg", "Istrant")
    assert rows[0]["source"] == "newsletter"
    assert rows[2]["tracking_code"] == "tc-1"
    assert len({r["id"] for r in rows}) == 3
    assert body["total_entries"] == 3
    assert body["per_page"] == 25


def test_channel_registrants_filters(
    http: httpx.Client, channel_with_conferences: dict[str, Any]
) -> None:
    world = channel_with_conferences
    tenant: Tenant = world["tenant"]
    path = f"{API}/conferences/registrations/channel/{tenant.channel_id}"
    one, two = f"one-{new_id()}@example.test", f"two-{new_id()}@example.test"
    registered = _register(http, tenant, world["soon"]["id"], one)
    _register(http, tenant, world["later"]["id"], two)

    def emails(**params: Any) -> list[str]:
        body = _ok(http.get(path, headers=tenant.headers, params=params))
        return [r["email"] for r in body["registrations"]]

    assert emails() == [one, two]
    assert emails(email=two.upper()) == [two]
    assert emails(bmid=_bmid(registered)) == [one]
    assert emails(per_page=1, page=2) == [two]
    assert emails(start_time=4102444800) == []  # 2100-01-01
    assert emails(end_time=946684800) == []  # 2000-01-01
    assert emails(start_time=946684800, end_time=4102444800) == [one, two]
    bad = http.get(path, headers=tenant.headers, params={"start_time": "yesterday"})
    assert bad.status_code == 400
    assert "start_time" in bad.json()["error"]


def test_channel_registrants_custom_fields(http: httpx.Client, fresh_tenant: Tenant) -> None:
    webinar = create_conference(
        http,
        fresh_tenant,
        title="With fields",
        custom_fields=[{"field_name": "Company", "field_type": "text", "api_name": "company"}],
    )
    _register(
        http, fresh_tenant, webinar["id"], "f@example.test", custom_fields='{"company": "Acme"}'
    )
    path = f"{API}/conferences/registrations/channel/{fresh_tenant.channel_id}"
    (by_title,) = _ok(http.get(path, headers=fresh_tenant.headers))["registrations"]
    assert by_title["custom_fields"] == [{"Company": "Acme"}]
    (by_api,) = _ok(http.get(path, headers=fresh_tenant.headers, params={"use_api_name": "true"}))[
        "registrations"
    ]
    assert by_api["custom_fields"] == [{"company": "Acme"}]


def test_channel_registrants_of_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get(
        f"{API}/conferences/registrations/channel/{new_id()}", headers=alice.headers
    )
    assert response.status_code == 403
    assert response.json() == documented_error(bigmarker_operations["channels_registrations"], 403)


# Subscribers -------------------------------------------------------------------------


def test_subscribers_add_list_remove_as_the_curl_examples_do(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    tenant = fresh_tenant
    add_op = bigmarker_operations["channels_add_subscriber"]
    list_op = bigmarker_operations["channels_subscribers"]
    base = f"{API}/channels/{tenant.channel_id}"
    added = _ok(
        http.post(
            f"{base}/add_subscriber",
            headers={**tenant.headers, **JSON},
            content='{"first_name": "John","last_name": "Doe", "email":"john.doe@domain.com"}',
        )
    )
    assert list(added) == _fields(add_op)
    assert added["first_name"] == "John"
    assert added["last_name"] == "Doe"
    assert added["email"] == "john.doe@domain.com"
    # The document's Method line says GET: parameters in the query string.
    jane = _ok(
        http.get(
            f"{base}/add_subscriber",
            headers=tenant.headers,
            params={"first_name": "Jane", "last_name": "Doe", "email": "Jane.Doe@domain.com"},
        )
    )
    assert jane["email"] == "jane.doe@domain.com"
    again = _ok(
        http.post(
            f"{base}/add_subscriber", headers=tenant.headers, json={"email": "john.doe@domain.com"}
        )
    )
    assert again == added

    listed = _ok(
        http.get(f"{API}/channels/{tenant.channel_url}/subscribers", headers=tenant.headers)
    )
    assert list(listed) == _fields(list_op)
    assert listed["subscribers"] == [added, jane]
    for row in listed["subscribers"]:
        assert list(row) == _fields(list_op, 1)
    paged = _ok(
        http.get(f"{base}/subscribers", headers=tenant.headers, params={"page": 2, "per_page": 1})
    )
    assert paged["subscribers"] == [jane]
    assert paged["total_entries"] == 2

    removed = http.request(
        "DELETE",
        f"{base}/remove_subscriber",
        headers={**tenant.headers, **JSON},
        content='{"email": "John.Doe@domain.com"}',
    )
    assert removed.status_code == 200, removed.text
    assert _ok(http.get(f"{base}/subscribers", headers=tenant.headers))["subscribers"] == [jane]
    twice = http.request(
        "DELETE",
        f"{base}/remove_subscriber",
        headers=tenant.headers,
        json={"email": "john.doe@domain.com"},
    )
    assert twice.status_code == 404
    assert "john.doe@domain.com" in twice.json()["error"]


def test_subscribers_are_per_channel(http: httpx.Client, fresh_tenant: Tenant) -> None:
    sub = _subchannel(http, fresh_tenant)
    _ok(
        http.post(
            f"{API}/channels/{sub['channel_id']}/add_subscriber",
            headers=fresh_tenant.headers,
            json={"email": "only-sub@example.test"},
        )
    )
    main = _ok(
        http.get(
            f"{API}/channels/{fresh_tenant.channel_id}/subscribers", headers=fresh_tenant.headers
        )
    )
    assert main["subscribers"] == []


@pytest.mark.parametrize(
    ("method", "suffix", "operation"),
    [
        ("GET", "subscribers", "channels_subscribers"),
        ("POST", "add_subscriber", "channels_add_subscriber"),
        ("GET", "add_subscriber", "channels_add_subscriber"),
        ("DELETE", "remove_subscriber", "channels_remove_subscriber"),
    ],
)
def test_subscriber_calls_on_an_unknown_channel(
    method: str,
    suffix: str,
    operation: str,
    http: httpx.Client,
    alice: Tenant,
    bigmarker_operations: dict[str, Any],
) -> None:
    body = None if method == "GET" else {"email": "someone@example.test"}
    response = http.request(
        method, f"{API}/channels/{new_id()}/{suffix}", headers=alice.headers, json=body
    )
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations[operation], 404)


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("POST", "add_subscriber", {"first_name": "No", "last_name": "Mail"}),
        ("POST", "add_subscriber", {"email": "not an address"}),
        ("DELETE", "remove_subscriber", {}),
    ],
)
def test_subscriber_calls_refuse_bad_input(
    method: str, suffix: str, body: dict[str, str], http: httpx.Client, fresh_tenant: Tenant
) -> None:
    response = http.request(
        method,
        f"{API}/channels/{fresh_tenant.channel_id}/{suffix}",
        headers=fresh_tenant.headers,
        json=body,
    )
    assert response.status_code == 400
    assert "mail" in response.json()["error"]
    listed = http.get(
        f"{API}/channels/{fresh_tenant.channel_id}/subscribers", headers=fresh_tenant.headers
    )
    assert listed.json()["subscribers"] == []


# Conferences of one registrant ---------------------------------------------------------


def test_list_registered_conferences(
    http: httpx.Client,
    channel_with_conferences: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    world = channel_with_conferences
    tenant: Tenant = world["tenant"]
    operation = bigmarker_operations["channels_list_registered_conferences"]
    email = f"fan-{new_id()}@example.test"
    for name in ("later", "past", "elsewhere"):
        _register(http, tenant, world[name]["id"], email)
    _register(http, tenant, world["soon"]["id"], f"someone-else-{new_id()}@example.test")
    path = f"{API}/channels/{tenant.channel_id}/list_registered_conferences"
    body = _ok(http.get(path, headers=tenant.headers, params={"email": email.upper()}))
    assert list(body) == operation["response"]["example"]["top_level_keys"]
    assert set(_fields(operation)) <= set(body)
    assert body["conferences"] == [world["past"]["id"], world["later"]["id"]]
    assert (body["page"], body["page_count"]) == (1, 25)
    assert (body["total_count"], body["total_entries"], body["total_pages"]) == (2, 2, 1)
    sub = world["sub"]["channel_url"].rsplit("/", 1)[1]
    in_sub = _ok(
        http.get(
            f"{API}/channels/{sub}/list_registered_conferences",
            headers=tenant.headers,
            params={"email": email},
        )
    )
    assert in_sub["conferences"] == [world["elsewhere"]["id"]]
    unknown = _ok(http.get(path, headers=tenant.headers, params={"email": "nobody@example.test"}))
    assert unknown["conferences"] == []
    assert unknown["total_entries"] == 0
    missing = http.get(path, headers=tenant.headers)
    assert missing.status_code == 400
    assert "email" in missing.json()["error"]


def test_list_registered_conferences_of_an_unknown_channel(
    http: httpx.Client, alice: Tenant, bigmarker_reference: dict[str, Any]
) -> None:
    response = http.get(
        f"{API}/channels/{new_id()}/list_registered_conferences",
        headers=alice.headers,
        params={"email": "someone@example.test"},
    )
    # The operation documents no error; the general table's 403 is about channels.
    (general,) = (
        row
        for row in bigmarker_reference["api"]["general_errors_table"]["rows"]
        if row["status"] == 403
    )
    assert "channel" in general["meaning"]
    assert response.status_code == 403
    assert response.json() == {"error": "You don't have access to this channel"}
