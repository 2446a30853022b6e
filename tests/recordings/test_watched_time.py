"""How long a viewer watched on demand: the on-demand page reports the seconds
its video played to ``POST …/recording/watched`` (pages/recording.py), which
only ever raises that viewer's own view, within the recording's length; the
reports read it (BigMarker's ``watch_duration`` and on-demand attendees'
``recording_duration`` in minutes, the registrant lists' ``on_demand_duration``)."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant
from tests.pages.helpers import bigmarker_register, bigmarker_webinar, local_path
from tests.pages.public_pages import UNREADABLE_FORMS
from tests.recordings.helpers import store_mp4
from webinarium.settings import Settings

API = "/api/v1"
# Long enough to be minutes in the reports, short to make.
SECONDS = 150
VIEW = re.compile(r'data-view="([^"]+)"')


def _token(enter_url: str) -> str:
    match = re.search(r"[?&]token=([^&]+)", enter_url)
    assert match is not None, enter_url
    return match.group(1)


def _view_of(page: httpx.Response) -> str:
    assert page.status_code == 200, page.text
    found = VIEW.search(page.text)
    assert found is not None, page.text
    return html.unescape(found.group(1))


def _published(
    http: httpx.Client, settings: Settings, tenant: Tenant, tmp_path: Path, **fields: Any
) -> tuple[str, str]:
    """An ended webinar with a published recording of `SECONDS`: its id and page."""
    webinar = bigmarker_webinar(http, tenant, starts_in=timedelta(hours=-3), **fields)
    conference_id = str(webinar["id"])
    store_mp4(settings, tenant, conference_id, tmp_path, seconds=SECONDS)
    published = http.get(f"{API}/conferences/{conference_id}/publish_recording",
                         headers=tenant.headers)  # fmt: skip
    assert published.status_code == 200, published.text
    return conference_id, f"{local_path(str(webinar['conference_address']))}/recording"


def _watched_seconds(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[int]:
    """Each view's minutes, as BigMarker's recording views give them."""
    views = http.get(f"{API}/conferences/{conference_id}/recording_views", headers=tenant.headers)
    assert views.status_code == 200, views.text
    return [v["watch_duration"] for v in views.json()["recording_views"]]


def test_watched_seconds_grow_within_the_length_and_reach_the_reports(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    tenant = fresh_tenant
    conference_id, page = _published(http, settings, tenant, tmp_path)
    address = "watcher@example.test"
    _, enter_url = bigmarker_register(http, tenant, conference_id, address)
    token = _token(enter_url)
    view = _view_of(http.get(page, params={"token": token}))
    report = f"{page}/watched"

    told = http.post(report, params={"token": token}, data={"view": view, "seconds": "65"})
    assert told.status_code == 204, told.text
    assert told.headers["cache-control"] == "no-store"
    assert _watched_seconds(http, tenant, conference_id) == [1]
    # A later, lower report (an older page's beacon) lowers nothing.
    assert http.post(report, params={"token": token},
                     data={"view": view, "seconds": "10"}).status_code == 204  # fmt: skip
    assert _watched_seconds(http, tenant, conference_id) == [1]
    # Beyond the recording's length: its length.
    assert http.post(report, params={"token": token},
                     data={"view": view, "seconds": "100000"}).status_code == 204  # fmt: skip
    assert _watched_seconds(http, tenant, conference_id) == [SECONDS // 60]

    attendees = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference_id}", headers=tenant.headers
    ).json()["attendees"]
    # The reporting examples' way of writing minutes: "62.9 min".
    assert [(a["email"], a["recording_duration"]) for a in attendees] == [(address, "2.5 min")]
    listed = http.get(
        f"{API}/reporting/conferences/registrations/{conference_id}", headers=tenant.headers
    ).json()["registrations"]
    assert [(r["email"], r["on_demand_duration"]) for r in listed] == [(address, "2.5 min")]

    # A second view of the same viewer counts on its own; the total adds up.
    second = _view_of(http.get(page, params={"token": token}))
    assert second != view
    assert http.post(report, params={"token": token},
                     data={"view": second, "seconds": "60"}).status_code == 204  # fmt: skip
    assert _watched_seconds(http, tenant, conference_id) == [SECONDS // 60, 1]
    attendees = http.get(
        f"{API}/reporting/conferences/on_demand_attendees/{conference_id}", headers=tenant.headers
    ).json()["attendees"]
    assert [a["recording_duration"] for a in attendees] == ["3.5 min"]


def test_a_viewer_without_a_link_reports_their_own_view(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    conference_id, page = _published(
        http,
        settings,
        fresh_tenant,
        tmp_path,
        registration_required_to_view_recording=False,
        who_can_watch_recording="everyone",
    )
    view = _view_of(http.get(page))
    told = http.post(f"{page}/watched", data={"view": view, "seconds": "120"})
    assert told.status_code == 204, told.text
    assert _watched_seconds(http, fresh_tenant, conference_id) == [2]


@pytest.mark.parametrize(
    "seconds", ["", "-5", "1.5", "12abc", "٣", "1e3", "9999999999999999999999", " 7"]
)
def test_bad_numbers_are_a_400_and_change_nothing(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path, seconds: str
) -> None:
    tenant = fresh_tenant
    conference_id, page = _published(http, settings, tenant, tmp_path)
    _, enter_url = bigmarker_register(http, tenant, conference_id, "numbers@example.test")
    token = _token(enter_url)
    view = _view_of(http.get(page, params={"token": token}))
    refused = http.post(f"{page}/watched", params={"token": token},
                        data={"view": view, "seconds": seconds})  # fmt: skip
    assert refused.status_code == 400, refused.text
    assert _watched_seconds(http, tenant, conference_id) == [0]


def test_refusals_other_viewer_other_webinar_forged_or_missing_view(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    tenant = fresh_tenant
    conference_id, page = _published(http, settings, tenant, tmp_path)
    _, ann_url = bigmarker_register(http, tenant, conference_id, "ann@example.test")
    _, bob_url = bigmarker_register(http, tenant, conference_id, "bob@example.test")
    ann, bob = _token(ann_url), _token(bob_url)
    anns_view = _view_of(http.get(page, params={"token": ann}))
    report = f"{page}/watched"

    # Bob's link with Ann's view: not his to raise.
    other = http.post(report, params={"token": bob}, data={"view": anns_view, "seconds": "90"})
    assert other.status_code == 401, other.text
    # A link that is no link, a view token that is none, no view at all.
    assert http.post(report, params={"token": "not-a-token"},
                     data={"view": anns_view, "seconds": "90"}).status_code == 401  # fmt: skip
    forged = http.post(report, params={"token": ann},
                       data={"view": anns_view[:-3] + "abc", "seconds": "90"})  # fmt: skip
    assert forged.status_code == 403, forged.text
    assert http.post(report, params={"token": ann}, data={"seconds": "90"}).status_code == 400
    # Ann's view reported on another webinar's page (where she has no link): refused.
    _, other_page = _published(
        http,
        settings,
        tenant,
        tmp_path,
        registration_required_to_view_recording=False,
        who_can_watch_recording="everyone",
    )
    elsewhere = http.post(f"{other_page}/watched", data={"view": anns_view, "seconds": "90"})
    assert elsewhere.status_code == 401, elsewhere.text
    assert _watched_seconds(http, tenant, conference_id) == [0]
    # Staff previewing is no view: their page reports nothing.
    assert "data-view" not in http.get(page, params={"host": "x"}).text


def test_another_account_cannot_report_on_a_view(
    http: httpx.Client, settings: Settings, alice: Tenant, bob: Tenant, tmp_path: Path
) -> None:
    """Bob's webinar's page given a view of Alice's: refused, her view unchanged."""
    everyone: dict[str, Any] = {
        "registration_required_to_view_recording": False,
        "who_can_watch_recording": "everyone",
    }
    alices, alices_page = _published(http, settings, alice, tmp_path, **everyone)
    _, bobs_page = _published(http, settings, bob, tmp_path, **everyone)
    view = _view_of(http.get(alices_page))
    refused = http.post(f"{bobs_page}/watched", data={"view": view, "seconds": "90"})
    assert refused.status_code == 401, refused.text
    assert _watched_seconds(http, alice, alices)[-1] == 0


def test_an_unreadable_report_is_refused_and_changes_nothing(
    http: httpx.Client, settings: Settings, fresh_tenant: Tenant, tmp_path: Path
) -> None:
    conference_id, page = _published(http, settings, fresh_tenant, tmp_path)
    _, enter_url = bigmarker_register(http, fresh_tenant, conference_id, "unread@example.test")
    token = _token(enter_url)
    _view_of(http.get(page, params={"token": token}))
    for body, status, words in UNREADABLE_FORMS:
        refused = http.post(f"{page}/watched", params={"token": token}, **body)
        assert refused.status_code == status, refused.text
        assert refused.headers["content-type"].startswith("text/html"), refused.text
        assert words in html.unescape(refused.text)
    assert _watched_seconds(http, fresh_tenant, conference_id) == [0]
