"""Conference Presenters, as the document's curl examples call them (JSON bodies),
and the presenters in Show Conference and in conference search."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant, in_database
from webinarium.models import ChannelSubscriber, Presenter
from webinarium.settings import Settings

API = "/api/v1"
SWITCHES = (
    "send_email_invite",
    "add_to_channel_subscriber_list",
    "enter_as_attendee",
    "display_on_landing_page",
    "remove_bigmarker_contact_option",
    "show_on_networking_center",
    "show_chat_icon_in_booth_or_session_room",
)


def _email(label: str = "presenter") -> str:
    return f"{label}.{time.time_ns()}@example.test"


def _documented_fields(operation: dict[str, Any]) -> list[str]:
    return [f["name"] for f in operation["response"]["documented_fields"][0]["fields"]]


def _defaults(operation: dict[str, Any]) -> dict[str, Any]:
    """The documented defaults of the switches, as the document writes them."""
    return {p["name"]: p["default"] for p in operation["request"]["params"] if "default" in p}


def _add(http: httpx.Client, tenant: Tenant, **body: Any) -> httpx.Response:
    return http.post(f"{API}/presenters", headers=tenant.headers, json=body)


def _new_presenter(
    http: httpx.Client, tenant: Tenant, conference_id: str, email: str | None = None, **extra: Any
) -> dict[str, Any]:
    response = _add(
        http,
        tenant,
        conference_id=conference_id,
        presenter_email=email or _email(),
        presenter_first_name="Example",
        presenter_last_name="Presenter",
        presenter_temporary_password="goodpassword",
        **extra,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _presenters(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(f"{API}/conferences/{conference_id}/presenters", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["presenters"]
    presenters: list[dict[str, Any]] = body["presenters"]
    return presenters


@pytest.fixture
def webinar(http: httpx.Client, alice: Tenant) -> dict[str, Any]:
    return create_conference(http, alice, title="Presenters", start_time="2031-06-01 15:00")


# Add a Presenter


def test_add_a_new_presenter_with_every_documented_parameter(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    email = _email()
    sent = {
        "conference_id": webinar["id"],
        "name": "Dr. Example",
        "photo_url": "https://images.example.test/presenter.png",
        "presenter_email": email,
        "presenter_first_name": "Example",
        "presenter_last_name": "Presenter",
        "presenter_temporary_password": "goodpassword",
        "bio": "Speaks about things.",
        "title": "Chief Speaker",
        "can_manage": True,
        "is_moderator": True,
        "send_email_invite": False,
        "add_to_channel_subscriber_list": False,
        "enter_as_attendee": True,
        "display_on_landing_page": False,
        "remove_bigmarker_contact_option": False,
        "show_on_networking_center": False,
        "show_chat_icon_in_booth_or_session_room": False,
    }
    response = http.post(
        f"{API}/presenters",
        headers={**alice.headers, "Content-Type": "application/json"},
        json=sent,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    documented = _documented_fields(bigmarker_operations["presenters_create"])
    assert [name for name in documented if name not in body] == []
    assert body["presenter_id"]
    assert body["member_id"]
    assert body["conference_id"] == webinar["id"]
    assert body["display_name"] == sent["name"]
    assert body["display_on_landing_page"] is False
    assert body["presenter_image_url"] == sent["photo_url"]
    assert (body["first_name"], body["last_name"], body["email"]) == ("Example", "Presenter", email)
    url = urlsplit(body["presenter_url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == webinar["conference_address"]
    # A signed token naming the account and the presenter (kit.security.link_token).
    (token,) = parse_qs(url.query)["presenter"]
    assert token.split(".")[:2] == [alice.account_id, body["presenter_id"]]
    assert len(token.split(".")[2]) >= 40
    # No telephone bridge: the dial-in fields are there, empty.
    for name in ("presenter_dial_in_number", "presenter_dial_in_id", "presenter_dial_in_passcode"):
        assert body[name] is None
    assert (body["title"], body["bio"]) == (sent["title"], sent["bio"])
    assert (body["can_manage"], body["is_moderator"]) == (True, True)
    for name in SWITCHES:
        assert body[name] is sent[name], name


def test_switches_default_to_the_documented_values(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    body = _add(
        http,
        alice,
        conference_id=webinar["id"],
        presenter_email=_email(),
        presenter_first_name="Jane",
        presenter_last_name="Roe",
    ).json()
    defaults = _defaults(bigmarker_operations["presenters_create"])
    assert set(SWITCHES) <= set(defaults)
    for name in SWITCHES:
        assert body[name] is defaults[name], name
    # Not given: a presenter neither manages nor moderates, and is shown by full name.
    assert (body["can_manage"], body["is_moderator"]) == (False, False)
    assert body["display_name"] == "Jane Roe"
    assert body["presenter_image_url"] is None


def test_an_existing_person_needs_only_the_email(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    email = _email("registrant")
    registered = http.put(
        f"{API}/conferences/register",
        headers=alice.headers,
        data={"id": webinar["id"], "email": email, "first_name": "Known", "last_name": "Person"},
    )
    assert registered.status_code == 200, registered.text
    bmid = parse_qs(urlsplit(registered.json()["conference_url"]).query)["bmid"][0]

    other = create_conference(http, alice, title="Another", start_time="2031-06-02 15:00")
    response = _add(http, alice, conference_id=other["id"], presenter_email=email.upper())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["member_id"] == bmid
    assert (body["first_name"], body["last_name"], body["email"]) == ("Known", "Person", email)


def test_an_unknown_email_without_names_gets_the_documented_400(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    expected = documented_error(bigmarker_operations["presenters_create"], 400, "not in our system")
    for names in ({}, {"presenter_first_name": "Only"}, {"presenter_last_name": "Last"}):
        response = _add(http, alice, conference_id=webinar["id"], presenter_email=_email(), **names)
        assert (response.status_code, response.json()) == (400, expected)
    assert _presenters(http, alice, webinar["id"]) == []


def test_the_same_email_twice_gets_the_documented_400(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    email = _email()
    _new_presenter(http, alice, webinar["id"], email)
    response = _add(http, alice, conference_id=webinar["id"], presenter_email=f" {email.title()} ")
    expected = documented_error(bigmarker_operations["presenters_create"], 400, "same email")
    assert (response.status_code, response.json()) == (400, expected)
    assert len(_presenters(http, alice, webinar["id"])) == 1


def test_an_unknown_conference_gets_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = _add(
        http,
        alice,
        conference_id="0" * 20,
        presenter_email=_email(),
        presenter_first_name="A",
        presenter_last_name="B",
    )
    expected = documented_error(bigmarker_operations["presenters_create"], 404)
    assert (response.status_code, response.json()) == (404, expected)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"conference_id": None}, "conference_id"),
        ({"presenter_email": None}, "presenter_email"),
        ({"presenter_email": "not-an-address"}, "not-an-address"),
        ({"photo_url": "javascript:alert(1)"}, "photo_url"),
        ({"can_manage": "perhaps"}, "can_manage"),
        ({"title": "t" * 201}, "title"),
        ({"name": "n" * 201}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_it_and_writes_nothing(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    change: dict[str, Any],
    named: str,
) -> None:
    body = {
        "conference_id": webinar["id"],
        "presenter_email": _email(),
        "presenter_first_name": "Bad",
        "presenter_last_name": "Input",
        **change,
    }
    response = _add(http, alice, **{k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400, response.text
    assert named in response.json()["error"]
    assert _presenters(http, alice, webinar["id"]) == []


def _subscribed(settings: Settings, channel_id: str, person_id: str) -> bool:
    async def read(session: AsyncSession) -> bool:
        found = await session.scalar(
            select(ChannelSubscriber.id).where(
                ChannelSubscriber.channel_id == channel_id,
                ChannelSubscriber.person_id == person_id,
            )
        )
        return found is not None

    return in_database(settings, read)


def _stored_options(settings: Settings, presenter_id: str) -> dict[str, Any]:
    async def read(session: AsyncSession) -> dict[str, Any]:
        presenter = await session.get(Presenter, presenter_id)
        assert presenter is not None
        return dict(presenter.options)

    return in_database(settings, read)


def test_add_to_channel_subscriber_list_subscribes_the_presenter(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], settings: Settings
) -> None:
    subscribed = _new_presenter(http, alice, webinar["id"])
    assert _subscribed(settings, alice.channel_id, subscribed["member_id"])
    again = create_conference(http, alice, title="Again", start_time="2031-06-03 15:00")
    # Already a subscriber: presenting elsewhere in the channel keeps one subscription.
    _new_presenter(http, alice, again["id"], subscribed["email"])
    assert _subscribed(settings, alice.channel_id, subscribed["member_id"])

    kept_out = _new_presenter(http, alice, webinar["id"], add_to_channel_subscriber_list="false")
    assert not _subscribed(settings, alice.channel_id, kept_out["member_id"])


def test_send_email_invite_is_recorded(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any], settings: Settings
) -> None:
    invited = _new_presenter(http, alice, webinar["id"])
    quiet = _new_presenter(http, alice, webinar["id"], send_email_invite=False)
    assert _stored_options(settings, invited["presenter_id"])["send_email_invite"] is True
    assert _stored_options(settings, quiet["presenter_id"])["send_email_invite"] is False


# Update a Presenter


def test_update_changes_what_is_sent_and_keeps_the_rest(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    created = _new_presenter(
        http, alice, webinar["id"], title="Before", bio="Old bio", can_manage=True
    )
    changes = {
        "presenter_email": created["email"],
        "name": "New Display",
        "photo_url": "https://images.example.test/new.png",
        "presenter_temporary_password": "ignored",
        "bio": "New bio",
        "is_moderator": True,
        "enter_as_attendee": True,
        "display_on_landing_page": False,
        "remove_bigmarker_contact_option": False,
        "show_on_networking_center": False,
        "show_chat_icon_in_booth_or_session_room": False,
    }
    response = http.put(
        f"{API}/presenters/{created['presenter_id']}",
        headers={**alice.headers, "Content-Type": "application/json"},
        json=changes,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    documented = _documented_fields(bigmarker_operations["presenters_update"])
    assert [name for name in documented if name not in body] == []
    assert body["presenter_id"] == created["presenter_id"]
    assert body["member_id"] == created["member_id"]
    assert body["display_name"] == "New Display"
    assert body["presenter_image_url"] == changes["photo_url"]
    assert body["bio"] == "New bio"
    assert body["is_moderator"] is True
    for name in (
        "enter_as_attendee",
        "display_on_landing_page",
        "remove_bigmarker_contact_option",
        "show_on_networking_center",
        "show_chat_icon_in_booth_or_session_room",
    ):
        assert body[name] is changes[name], name
    # Not sent: unchanged.
    assert body["title"] == "Before"
    assert body["can_manage"] is True
    assert (body["first_name"], body["last_name"]) == ("Example", "Presenter")
    (listed,) = _presenters(http, alice, webinar["id"])
    assert listed == body


@pytest.mark.parametrize("how", ["unknown id", "another presenter's email"])
def test_update_of_a_presenter_that_does_not_exist_gets_the_documented_400(
    how: str,
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    created = _new_presenter(http, alice, webinar["id"], title="Kept")
    if how == "unknown id":
        path, body = f"{API}/presenters/{'0' * 20}", {"title": "Changed"}
    else:
        path = f"{API}/presenters/{created['presenter_id']}"
        body = {"presenter_email": _email("someone.else"), "title": "Changed"}
    response = http.put(path, headers=alice.headers, json=body)
    expected = documented_error(bigmarker_operations["presenters_update"], 400)
    assert (response.status_code, response.json()) == (400, expected)
    (listed,) = _presenters(http, alice, webinar["id"])
    assert listed["title"] == "Kept"


def test_update_with_a_bad_value_is_a_400_and_changes_nothing(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    created = _new_presenter(http, alice, webinar["id"], title="Kept")
    response = http.put(
        f"{API}/presenters/{created['presenter_id']}",
        headers=alice.headers,
        json={"title": "Changed", "photo_url": "ftp://files.example.test/p.png"},
    )
    assert response.status_code == 400
    assert "photo_url" in response.json()["error"]
    assert _presenters(http, alice, webinar["id"]) == [created]


# Remove a Presenter


@pytest.mark.parametrize("style", ["curl: id in the body", "routing: id in the path"])
def test_remove_a_presenter(
    style: str,
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    kept = _new_presenter(http, alice, webinar["id"])
    removed = _new_presenter(http, alice, webinar["id"])

    def remove() -> httpx.Response:
        if style.startswith("curl"):
            return http.request(
                "DELETE",
                f"{API}/presenters",
                headers={**alice.headers, "Content-Type": "application/json"},
                json={"presenter_id": removed["presenter_id"]},
            )
        return http.delete(f"{API}/presenters/{removed['presenter_id']}", headers=alice.headers)

    response = remove()
    assert response.status_code == 200, response.text
    assert _presenters(http, alice, webinar["id"]) == [kept]
    again = remove()
    expected = documented_error(bigmarker_operations["presenters_delete"], 400)
    assert (again.status_code, again.json()) == (400, expected)


def test_remove_without_an_id_is_a_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.request("DELETE", f"{API}/presenters", headers=alice.headers, json={})
    assert response.status_code == 400
    assert "presenter_id" in response.json()["error"]


# All Presenters for a Conference


def test_all_presenters_for_a_conference(
    http: httpx.Client,
    alice: Tenant,
    webinar: dict[str, Any],
    bigmarker_operations: dict[str, Any],
) -> None:
    first = _new_presenter(http, alice, webinar["id"], name="First")
    second = _new_presenter(http, alice, webinar["id"], name="Second")
    elsewhere = create_conference(http, alice, title="Elsewhere", start_time="2031-06-04 15:00")
    _new_presenter(http, alice, elsewhere["id"], name="Elsewhere")

    response = http.get(f"{API}/conferences/{webinar['id']}/presenters", headers=alice.headers)
    assert response.status_code == 200, response.text
    presenters = response.json()["presenters"]
    assert presenters == [first, second]
    documented = _documented_fields(bigmarker_operations["conferences_presenters"])
    for presenter in presenters:
        assert [name for name in documented if name not in presenter] == []
        assert presenter["conference_id"] == webinar["id"]


def test_presenters_of_an_unknown_conference_get_the_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    response = http.get(f"{API}/conferences/{'0' * 20}/presenters", headers=alice.headers)
    expected = documented_error(bigmarker_operations["conferences_presenters"], 404)
    assert (response.status_code, response.json()) == (404, expected)


# Show Conference and search


def test_show_conference_lists_its_presenters(
    http: httpx.Client, alice: Tenant, webinar: dict[str, Any]
) -> None:
    assert webinar["presenters"] == []
    presenter = _new_presenter(http, alice, webinar["id"])
    shown = http.get(f"{API}/conferences/{webinar['id']}", headers=alice.headers).json()
    # "List of presenters, with email, name, and member ID"
    (listed,) = shown["presenters"]
    assert listed["email"] == presenter["email"]
    assert (listed["first_name"], listed["last_name"]) == ("Example", "Presenter")
    assert listed["member_id"] == presenter["member_id"]
    assert listed == presenter


def test_search_by_presenter_member_ids(http: httpx.Client, fresh_tenant: Tenant) -> None:
    first, second, neither = (
        create_conference(http, fresh_tenant, title=title, start_time="2031-07-01 10:00")
        for title in ("First", "Second", "Neither")
    )
    one = _new_presenter(http, fresh_tenant, first["id"])
    two = _new_presenter(http, fresh_tenant, second["id"])
    _new_presenter(http, fresh_tenant, second["id"], one["email"])

    def search(member_ids: Any) -> list[str]:
        response = http.post(
            f"{API}/conferences/search",
            headers=fresh_tenant.headers,
            json={"presenter_member_ids": member_ids},
        )
        assert response.status_code == 200, response.text
        return sorted(c["id"] for c in response.json()["conferences"])

    assert search([one["member_id"]]) == sorted([first["id"], second["id"]])
    assert search([two["member_id"]]) == [second["id"]]
    assert search(f"{two['member_id']}") == [second["id"]]
    assert search(["0" * 20]) == []
    assert neither["id"] not in search([one["member_id"], two["member_id"]])


# List Conferences (of a presenter)


def test_list_conferences_of_a_presenter(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    later = create_conference(
        http, fresh_tenant, title="Later", purpose="To be great", start_time="2031-08-02 10:00"
    )
    earlier = create_conference(
        http, fresh_tenant, title="Earlier", purpose="To be great", start_time="2031-08-01 10:00"
    )
    create_conference(http, fresh_tenant, title="Not presenting", start_time="2031-08-03 10:00")
    presenter = _new_presenter(http, fresh_tenant, later["id"])
    _new_presenter(http, fresh_tenant, earlier["id"], presenter["email"])

    # As the curl sends it: no channel_id.
    response = http.get(
        f"{API}/presenters/{presenter['member_id']}/list_conferences", headers=fresh_tenant.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["conferences"]
    example = bigmarker_operations["presenters_list_conferences"]["response"]["example"]
    example_keys = list(json.loads(example["text"])["conferences"][0])
    listed = body["conferences"]
    assert [c["id"] for c in listed] == [earlier["id"], later["id"]]
    for conference, created in zip(listed, (earlier, later), strict=True):
        for key in example_keys:
            assert conference[key] == created[key]
        # "All conference parameters": the Show Conference object.
        assert set(created) <= set(conference)

    in_channel = http.get(
        f"{API}/presenters/{presenter['member_id']}/list_conferences",
        headers=fresh_tenant.headers,
        params={"channel_id": fresh_tenant.channel_id},
    )
    assert [c["id"] for c in in_channel.json()["conferences"]] == [earlier["id"], later["id"]]


def test_list_conferences_errors_are_the_documented_ones(
    http: httpx.Client, fresh_tenant: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    operation = bigmarker_operations["presenters_list_conferences"]
    webinar = create_conference(http, fresh_tenant, start_time="2031-08-01 10:00")
    presenter = _new_presenter(http, fresh_tenant, webinar["id"])

    unknown_member = http.get(
        f"{API}/presenters/{'0' * 20}/list_conferences", headers=fresh_tenant.headers
    )
    assert (unknown_member.status_code, unknown_member.json()) == (
        400,
        documented_error(operation, 400),
    )
    unknown_channel = http.get(
        f"{API}/presenters/{presenter['member_id']}/list_conferences",
        headers=fresh_tenant.headers,
        params={"channel_id": "0" * 20},
    )
    assert (unknown_channel.status_code, unknown_channel.json()) == (
        404,
        documented_error(operation, 404),
    )


def test_a_known_person_presenting_nowhere_has_no_conferences(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = create_conference(http, fresh_tenant, start_time="2031-08-01 10:00")
    presenter = _new_presenter(http, fresh_tenant, webinar["id"])
    removed = http.delete(
        f"{API}/presenters/{presenter['presenter_id']}", headers=fresh_tenant.headers
    )
    assert removed.status_code == 200
    response = http.get(
        f"{API}/presenters/{presenter['member_id']}/list_conferences",
        headers=fresh_tenant.headers,
    )
    assert (response.status_code, response.json()) == (200, {"conferences": []})
