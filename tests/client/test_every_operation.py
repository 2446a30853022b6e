"""Every operation of the BigMarker and Boomstream documents has a typed SDK
method, and that method sends the document's HTTP method to the document's
path (tests/reference/; MyOwnConference's 54 actions are checked alike in
test_myownconference.py); every route of the native API (the server's own
/openapi.json) has a method of `Webinarium` alike. Each call goes to the
suite's real server through a transport that notes what was sent; what the
server answers (often a refusal: the ids here are made up) does not matter."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import yaml

from tests.conftest import Tenant, create_tenant
from webinarium.client import APIError, BigMarker, Boomstream, Webinarium
from webinarium.settings import Settings

REFERENCE = Path(__file__).resolve().parents[1] / "reference"


class Noting(httpx.HTTPTransport):
    """The network, noting each request on its way."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return super().handle_request(request)


C = "c0nference"
CH = "ch4nnel"
BIGMARKER: dict[str, Callable[[BigMarker], Any]] = {
    "members_login": lambda bm: bm.members.login(email="a@example.test", password="pw"),
    "conferences_show": lambda bm: bm.conferences.get(C),
    "conferences_list": lambda bm: bm.conferences.list(per_page=1),
    "conferences_search": lambda bm: bm.conferences.search(title="x", per_page=1),
    "conferences_associated_sessions": lambda bm: bm.conferences.associated_sessions(C),
    "conferences_recurring_children": lambda bm: bm.conferences.recurring(C),
    "conferences_create": lambda bm: bm.conferences.create(channel_id=CH, title="T"),
    "conferences_update": lambda bm: bm.conferences.update(C, title="T"),
    "conferences_upload_file": lambda bm: bm.conferences.upload_file(
        C, file_url="https://files.example.test/deck.pdf"
    ),
    "conferences_delete_file": lambda bm: bm.conferences.delete_file(C, "f1"),
    "handouts_create": lambda bm: bm.handouts.create(
        C, title="H", handout_url="https://files.example.test/h.pdf"
    ),
    "handouts_update": lambda bm: bm.handouts.update("h1", title="H"),
    "handouts_delete": lambda bm: bm.handouts.delete("h1"),
    "handouts_list": lambda bm: bm.handouts.list(C),
    "conferences_delete": lambda bm: bm.conferences.delete(C),
    "conferences_attendees": lambda bm: bm.attendees.list(C),
    "conferences_stats": lambda bm: bm.conferences.stats(C, bmid="m1"),
    "conferences_transcript": lambda bm: bm.conferences.transcript(C, bmid="m1"),
    "conferences_admin_url": lambda bm: bm.conferences.admin_url(C, bmid="m1"),
    "conferences_recording_status": lambda bm: bm.conferences.recording(C),
    "conferences_publish_recording": lambda bm: bm.conferences.publish_recording(C),
    "conferences_unpublish_recording": lambda bm: bm.conferences.unpublish_recording(C),
    "conferences_custom_fields": lambda bm: bm.conferences.custom_fields(C),
    "conferences_enter": lambda bm: bm.conferences.enter(
        C, attendee_name="Ann", attendee_email="ann@example.test"
    ),
    "conferences_recording_views": lambda bm: bm.conferences.recording_views(C),
    "series_create": lambda bm: bm.series.create(channel_id=CH, title="S"),
    "series_update": lambda bm: bm.series.update("s1", title="S"),
    "series_add_sessions": lambda bm: bm.series.add_sessions("s1", session_ids=[C]),
    "series_delete_sessions": lambda bm: bm.series.delete_sessions(session_ids=[C]),
    "conferences_refresh_analytics_report": lambda bm: bm.conferences.refresh_analytics_report(C),
    "conferences_handout_download_data": lambda bm: bm.conferences.handout_download_data(C),
    "conferences_dial_in_list": lambda bm: bm.conferences.dial_in_list(C),
    "conferences_survey": lambda bm: bm.conferences.survey(C),
    "conferences_activity_logs": lambda bm: bm.conferences.activity_logs(C),
    "registrations_list": lambda bm: bm.registrants.list(C),
    "registrations_checked_in": lambda bm: bm.registrants.checked_in(C),
    "registrations_with_fields": lambda bm: bm.registrants.list_with_fields(C),
    "registrations_register": lambda bm: bm.registrants.register(
        C, email="ann@example.test", first_name="Ann", last_name="Lee"
    ),
    "registrations_register_or_update": lambda bm: bm.registrants.register_or_update(
        C, email="ann@example.test", first_name="Ann", last_name="Lee"
    ),
    "registrations_unregister": lambda bm: bm.registrants.unregister(C, email="ann@example.test"),
    "registrations_check_status": lambda bm: bm.registrants.check_status(
        C, email="ann@example.test"
    ),
    "channels_show": lambda bm: bm.channels.get(CH),
    "channels_delete_member_data": lambda bm: bm.channels.delete_member(
        CH, email="ann@example.test"
    ),
    "channels_list": lambda bm: bm.channels.list(),
    "channels_conferences": lambda bm: bm.channels.conferences(CH),
    "channels_registrations": lambda bm: bm.channels.registrants(CH),
    "channels_create_subchannel": lambda bm: bm.channels.create_subchannel(
        master_channel_id=CH,
        channel_name="Sub",
        channel_url="sub",
        organizer_email="o@example.test",
    ),
    "channels_list_subchannels": lambda bm: bm.channels.subchannels(CH),
    "channels_remove_subchannel": lambda bm: bm.channels.remove_subchannel(CH),
    "channels_subscribers": lambda bm: bm.subscribers.list(CH),
    "channels_add_subscriber": lambda bm: bm.subscribers.add(CH, email="ann@example.test"),
    "channels_remove_subscriber": lambda bm: bm.subscribers.delete(CH, email="ann@example.test"),
    "categories_create": lambda bm: bm.categories.create(channel_id=CH, category_name="K"),
    "categories_delete": lambda bm: bm.categories.delete(channel_id=CH, category_name="K"),
    "categories_add_conference": lambda bm: bm.categories.add_conference(
        channel_id=CH, category_name="K", conference_id=C
    ),
    "categories_remove_conference": lambda bm: bm.categories.remove_conference(
        channel_id=CH, category_name="K", conference_id=C
    ),
    "channels_delete_member": lambda bm: bm.channels.delete_member(CH, email="ann@example.test"),
    "channels_list_registered_conferences": lambda bm: bm.channels.registered_conferences(
        CH, email="ann@example.test"
    ),
    "channels_block_list_show": lambda bm: bm.block_lists.channel(CH),
    "channels_block_list_add": lambda bm: bm.block_lists.add_to_channel(
        CH, emails=["ann@example.test"]
    ),
    "channels_block_list_remove": lambda bm: bm.block_lists.remove_from_channel(
        CH, emails=["ann@example.test"]
    ),
    "presenters_create": lambda bm: bm.presenters.add(C, email="pat@example.test"),
    "presenters_update": lambda bm: bm.presenters.update("p1", conference_id=C, bio="Bio"),
    "presenters_delete": lambda bm: bm.presenters.remove("p1", conference_id=C),
    "conferences_presenters": lambda bm: bm.presenters.list(C),
    "presenters_list_conferences": lambda bm: bm.presenters.conferences("p1"),
    "channel_admins_list": lambda bm: bm.channel_admins.list(CH),
    "channel_admins_create": lambda bm: bm.channel_admins.create(
        channel_id=CH, email="adm@example.test"
    ),
    "channel_admins_update": lambda bm: bm.channel_admins.update("a1", title="Boss"),
    "channel_admins_delete": lambda bm: bm.channel_admins.delete("a1"),
    "reporting_registrations": lambda bm: bm.reports.registrations(C),
    "reporting_live_attendees": lambda bm: bm.reports.live_attendees(C),
    "reporting_no_shows": lambda bm: bm.reports.no_shows(C),
    "reporting_on_demand_attendees": lambda bm: bm.reports.on_demand_attendees(C),
    "custom_emails_email_analytics": lambda bm: bm.reports.email_analytics("e1"),
    "custom_emails_suppressions": lambda bm: bm.reports.suppressions("e1"),
    "reporting_chat_transcript": lambda bm: bm.reports.chats(C),
    "reporting_q_and_a_transcript": lambda bm: bm.reports.questions(C),
    "reporting_event_summary": lambda bm: bm.reports.event_summary(C),
    "reporting_enter_exit_log": lambda bm: bm.reports.enter_exit_log(C),
    "reporting_attendance_monitor_data": lambda bm: bm.reports.attendance_monitor(C),
    "custom_emails_email_statistics_data": lambda bm: bm.reports.email_statistics(
        custom_email_id="e1"
    ),
    "reporting_poll_transcript": lambda bm: bm.reports.polls(C),
    "reporting_offer_transcript": lambda bm: bm.reports.offers(C),
    "meeting_spaces_create": lambda bm: bm.meeting_spaces.create(channel_id=CH, title="Room"),
    "meeting_spaces_show": lambda bm: bm.meeting_spaces.get("m1"),
    "meeting_spaces_update": lambda bm: bm.meeting_spaces.update("m1", title="Room"),
    "registration_block_list_show": lambda bm: bm.block_lists.registration(C, list_type="block"),
    "registration_block_list_remove": lambda bm: bm.block_lists.remove_from_registration(
        C, emails=["ann@example.test"], list_type="block"
    ),
    "registration_block_list_add": lambda bm: bm.block_lists.add_to_registration(
        C, emails=["ann@example.test"], list_type="block"
    ),
    "registration_block_list_enable": lambda bm: bm.block_lists.enable_registration(
        C, list_type="block"
    ),
    "polls_create": lambda bm: bm.polls.create(conference_id=C, question="Q?", choices=["A"]),
    "polls_update": lambda bm: bm.polls.update("q1", question="Q?"),
    "polls_delete": lambda bm: bm.polls.delete("q1"),
    "polls_set_status": lambda bm: bm.polls.set_status(action="open", poll_ids=["q1"]),
}
# Operations the document gives one method and path: told apart by the body.
BODY_NAMES = {
    "registration_block_list_add": "emails",
    "polls_update": "poll_id",
    "polls_set_status": "action",
}
BODY_LACKS = {"registration_block_list_show": "emails"}

BOOMSTREAM: dict[str, Callable[[Boomstream], Any]] = {
    "conference_info": lambda bs: bs.conferences.info("K1"),
    "conference_list": lambda bs: bs.conferences.list(),
    "conference_create": lambda bs: bs.conferences.create(title="T"),
    "conference_update": lambda bs: bs.conferences.update("K1", title="T"),
    "conference_invite": lambda bs: bs.conferences.invite("K1", email="ann@example.test"),
    "client_list": lambda bs: bs.clients.list("K1"),
    "client_info": lambda bs: bs.clients.info("C1"),
    "client_update": lambda bs: bs.clients.update("C1", name="Ann"),
    "client_delete": lambda bs: bs.clients.delete("C1"),
    "conference_delete": lambda bs: bs.conferences.delete("K1"),
}

NATIVE_BASE = "/api/webinarium/v1"
F = "f1le"
NATIVE: dict[tuple[str, str], Callable[[Webinarium], Any]] = {
    ("POST", "/files"): lambda wb: wb.files.upload(b"%PDF-1.4", file_name="deck.pdf"),
    ("GET", "/files"): lambda wb: wb.files.list(),
    ("GET", "/files/{file_id}"): lambda wb: wb.files.get(F),
    ("POST", "/conferences/{conference_id}/files"): lambda wb: wb.conference_files.attach(
        C, file_id=F
    ),
    ("GET", "/conferences/{conference_id}/files"): lambda wb: wb.conference_files.list(C),
    (
        "DELETE",
        "/conferences/{conference_id}/files/{conference_file_id}",
    ): lambda wb: wb.conference_files.delete(C, "cf1"),
    ("POST", "/conferences/{conference_id}/offers"): lambda wb: wb.offers.create(
        C, title="T", button_text="Go", url="https://example.test/"
    ),
    ("GET", "/conferences/{conference_id}/offers"): lambda wb: wb.offers.list(C),
    ("GET", "/conferences/{conference_id}/offers/{offer_id}"): lambda wb: wb.offers.get(C, "o1"),
    ("DELETE", "/conferences/{conference_id}/offers/{offer_id}"): lambda wb: wb.offers.delete(
        C, "o1"
    ),
    ("PUT", "/conferences/{conference_id}/survey"): lambda wb: wb.surveys.replace(
        C, questions=[{"text": "Q?"}]
    ),
    ("GET", "/conferences/{conference_id}/survey"): lambda wb: wb.surveys.get(C),
    ("GET", "/conferences/{conference_id}/survey/answers"): lambda wb: wb.surveys.answers(C),
    (
        "PUT",
        "/conferences/{conference_id}/attendance-monitor",
    ): lambda wb: wb.attendance_monitor.update(C, enabled=True),
    (
        "GET",
        "/conferences/{conference_id}/attendance-monitor",
    ): lambda wb: wb.attendance_monitor.get(C),
    (
        "GET",
        "/conferences/{conference_id}/attendance-monitor/checks",
    ): lambda wb: wb.attendance_monitor.checks(C),
    ("POST", "/conferences/{conference_id}/check-ins"): lambda wb: wb.check_ins.create(
        C, qr_code_value="q1"
    ),
    ("GET", "/conferences/{conference_id}/check-ins"): lambda wb: wb.check_ins.list(C),
    ("POST", "/evergreen_webinars"): lambda wb: wb.evergreen_webinars.create(
        title="E", time_zone="UTC", session_times=["10:00"], duration_minutes=30
    ),
    ("GET", "/evergreen_webinars/{conference_id}"): lambda wb: wb.evergreen_webinars.get(C),
    ("PATCH", "/evergreen_webinars/{conference_id}"): lambda wb: wb.evergreen_webinars.update(
        C, session_times=["11:00"]
    ),
    (
        "GET",
        "/conferences/{conference_id}/registration-webhook",
    ): lambda wb: wb.registration_webhooks.get(C),
    (
        "POST",
        "/conferences/{conference_id}/registration-webhook",
    ): lambda wb: wb.registration_webhooks.replace(C),
    ("POST", "/webhook_endpoints"): lambda wb: wb.webhook_endpoints.create(
        url="https://hooks.example.test/in"
    ),
    ("GET", "/webhook_endpoints"): lambda wb: wb.webhook_endpoints.list(),
    ("GET", "/webhook_endpoints/{endpoint_id}"): lambda wb: wb.webhook_endpoints.get("e1"),
    ("PATCH", "/webhook_endpoints/{endpoint_id}"): lambda wb: wb.webhook_endpoints.update(
        "e1", enabled=False
    ),
    ("DELETE", "/webhook_endpoints/{endpoint_id}"): lambda wb: wb.webhook_endpoints.delete("e1"),
    (
        "POST",
        "/webhook_endpoints/{endpoint_id}/rotate_secret",
    ): lambda wb: wb.webhook_endpoints.rotate_secret("e1"),
    ("POST", "/webhook_endpoints/{endpoint_id}/test"): lambda wb: wb.webhook_endpoints.test("e1"),
    (
        "GET",
        "/webhook_endpoints/{endpoint_id}/deliveries",
    ): lambda wb: wb.webhook_endpoints.deliveries("e1"),
    (
        "POST",
        "/webhook_deliveries/{delivery_id}/redeliver",
    ): lambda wb: wb.webhook_deliveries.redeliver("d1"),
    ("GET", "/webhook_signing_secret"): lambda wb: wb.webhook_signing_secret.get(),
    ("POST", "/webhook_signing_secret"): lambda wb: wb.webhook_signing_secret.rotate(),
    ("GET", "/events"): lambda wb: wb.events.list(),
}


def _operations(document: str) -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load((REFERENCE / document).read_text())
    return {operation["id"]: operation for operation in loaded["operations"]}


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$")


def _body(request: httpx.Request) -> dict[str, Any]:
    content = request.content.decode()
    if not content:
        return {}
    if "json" in request.headers.get("content-type", ""):
        loaded = json.loads(content)
        return loaded if isinstance(loaded, dict) else {}
    return {name: values[-1] for name, values in parse_qs(content).items()}


def _first_request(call: Callable[[Any], Any], client: Any, noting: Noting) -> httpx.Request:
    noting.sent.clear()
    try:
        answer = call(client)
        if isinstance(answer, Iterable) and not isinstance(answer, str | bytes | dict):
            next(iter(answer), None)
    except APIError:
        pass
    assert noting.sent, "nothing was sent"
    return noting.sent[0]


@pytest.fixture(scope="module")
def tenant(settings: Settings) -> Tenant:
    return create_tenant(settings, "Every operation")


def test_every_bigmarker_operation_is_a_method_sending_the_documented_call(
    server_url: str, tenant: Tenant
) -> None:
    documented = _operations("bigmarker-api-v1.yaml")
    assert set(BIGMARKER) == set(documented)
    noting = Noting()
    wrong = []
    with BigMarker(api_key=tenant.api_key, base_url=server_url, transport=noting) as bm:
        for name, call in BIGMARKER.items():
            operation = documented[name]
            request = _first_request(call, bm, noting)
            methods = {operation["method"], *(operation.get("also_accept_methods") or [])}
            paths = [operation["path"], *(operation.get("also_accept_paths") or [])]
            body = {**_body(request), **dict(request.url.params)}
            if (
                request.method not in methods
                or not any(_pattern(path).match(request.url.path) for path in paths)
                or (name in BODY_NAMES and BODY_NAMES[name] not in body)
                or (name in BODY_LACKS and BODY_LACKS[name] in body)
            ):
                wrong.append(f"{name}: sent {request.method} {request.url.path} {sorted(body)}")
    assert wrong == []


def test_every_boomstream_method_is_a_method_sending_the_documented_call(
    server_url: str, tenant: Tenant
) -> None:
    documented = _operations("boomstream-conference-api.yaml")
    assert set(BOOMSTREAM) == set(documented)
    noting = Noting()
    with Boomstream(api_key=tenant.api_key, base_url=server_url, transport=noting) as bs:
        for name, call in BOOMSTREAM.items():
            request = _first_request(call, bs, noting)
            assert (request.method, request.url.path) == ("GET", documented[name]["path"]), name
            assert request.url.params["apikey"] == tenant.api_key


def test_every_native_route_is_a_method_sending_its_call(
    http: httpx.Client, server_url: str, tenant: Tenant
) -> None:
    """The routes are the server's own (its /openapi.json): a route added
    without a method fails here."""
    paths = http.get("/openapi.json").json()["paths"]
    routes = {
        (method.upper(), path.removeprefix(NATIVE_BASE))
        for path, operations in paths.items()
        if path.startswith(NATIVE_BASE + "/")
        for method in operations
    }
    assert set(NATIVE) == routes
    noting = Noting()
    with Webinarium(api_key=tenant.api_key, base_url=server_url, transport=noting) as wb:
        for (method, path), call in NATIVE.items():
            request = _first_request(call, wb, noting)
            assert request.method == method, path
            assert _pattern(NATIVE_BASE + path).match(request.url.path), (path, request.url.path)
