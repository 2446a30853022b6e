"""A path or method no route takes is answered in the envelope of the dialect
whose paths it is under (`api.dialects.dialect_of_path`), never FastAPI's
``{"detail": …}``. Every operation of the BigMarker document has its route."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from tests.api.bigmarker.helpers import bigmarker_routes, create_conference
from tests.api.boomstream.helpers import BASE as BOOMSTREAM
from tests.api.myownconference.helpers import call as moc_call
from tests.conftest import Tenant
from webinarium.api.dialects import Dialect, dialect_of_path

API = "/api/v1"
NOT_FOUND = {"error": "Not Found!"}  # the document's "URL Error"


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path.rstrip("/"))


def _missing_operations(operations: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The document's operations that have no route here."""
    served = {(method, _shape(path)) for method, path in bigmarker_routes()}
    return [
        op
        for op in operations.values()
        if (op["method"], _shape(op["path"].removeprefix(API))) not in served
    ]


@pytest.mark.parametrize(
    ("path", "dialect"),
    [
        ("/api/v1", Dialect.BIGMARKER),
        ("/api/v1/conferences/x", Dialect.BIGMARKER),
        ("/api/v10", None),
        ("/api/conference", Dialect.BOOMSTREAM),
        ("/api/conference/client/list", Dialect.BOOMSTREAM),
        ("/api/conferences", None),
        ("/", Dialect.MYOWNCONFERENCE),
        ("/api/myownconference/x", Dialect.MYOWNCONFERENCE),
        ("/files/abc", None),
        ("/healthz", None),
    ],
)
def test_the_dialect_of_a_path(path: str, dialect: Dialect | None) -> None:
    assert dialect_of_path(path) == dialect


def test_an_unknown_bigmarker_path_is_the_documented_404(http: httpx.Client, alice: Tenant) -> None:
    for method in ("GET", "POST", "PUT", "DELETE"):
        response = http.request(method, f"{API}/no_such_thing/1", headers=alice.headers)
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    assert http.get(f"{API}/").json() == NOT_FOUND


def test_an_unknown_bigmarker_method_is_a_405_in_its_envelope(
    http: httpx.Client, alice: Tenant
) -> None:
    response = http.post(f"{API}/conferences/some-id", headers=alice.headers)
    assert response.status_code == 405
    assert set(response.json()) == {"error"}
    assert "POST" in response.json()["error"]
    assert "GET" in response.headers["allow"]


def test_every_documented_operation_is_served(
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    # The recordings were the last (issue 17): none answers "Not Found!" for
    # want of a route any more.
    assert [op["id"] for op in _missing_operations(bigmarker_operations)] == []


def test_myownconference_unknown_path_or_method_answers_its_envelope(http: httpx.Client) -> None:
    for response in (
        http.post("/api/myownconference/extra", data={"request": "{}"}),
        http.put("/", data={"request": "{}"}),
        http.get("/api/myownconference"),
    ):
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"request", "response"}
        assert set(body["response"]) == {"error"}


def test_boomstream_unknown_path_or_method_answers_status_failed(http: httpx.Client) -> None:
    as_json = http.put(f"{BOOMSTREAM}/list", params={"format": "json"})
    assert as_json.status_code == 200
    assert as_json.json()["Status"] == "Failed"
    assert "PUT" in as_json.json()["Message"]
    as_xml = http.get(BOOMSTREAM)
    assert as_xml.status_code == 200
    root = ElementTree.fromstring(as_xml.content)
    assert root.findtext("Status") == "Failed"
    assert root.findtext("Message")


def test_paths_of_no_dialect_keep_their_answers(http: httpx.Client) -> None:
    assert http.get("/files/no-such-file").json() == {"detail": "file not found"}


def test_every_address_the_apis_give_out_opens_a_page_of_its_webinar(
    http: httpx.Client, alice: Tenant
) -> None:
    """A webinar's page, a registrant's enter link, a presenter's link and
    MyOwnConference's webinar and moderator links each open an HTML page of
    their webinar (its landing page, or, this early, the page saying when its
    room opens; tests/pages/ follow each into the room)."""
    conference = create_conference(http, alice, start_time="2031-01-01 10:00")
    registered = http.put(
        "/api/v1/conferences/register",
        headers=alice.headers,
        json={
            "id": conference["id"],
            "email": "page@example.test",
            "first_name": "P",
            "last_name": "Q",
        },
    )
    assert registered.status_code == 200, registered.text
    presenter = http.post(
        "/api/v1/presenters",
        headers=alice.headers,
        json={
            "conference_id": conference["id"],
            "presenter_email": "speaker@example.test",
            "presenter_first_name": "Speaker",
            "presenter_last_name": "One",
            "presenter_temporary_password": "temporary-pass",
        },
    )
    assert presenter.status_code == 200, presenter.text
    created = moc_call(
        http,
        alice.api_key,
        "webinarsCreate",
        {"name": "Links", "start": "2031-01-01 10:00:00", "duration": "45"},
    )["response"]
    assert "webinarLink" in created, created
    addresses = [
        conference["conference_address"],
        registered.json()["conference_url"],
        presenter.json()["presenter_url"],
        created["webinarLink"],
        created["mainModeratorLink"],
    ]
    for address in addresses:
        # The server's public URL is not the test server's: ask for its path.
        page = http.get(httpx.URL(address).raw_path.decode())
        assert page.status_code == 200, (address, page.text)
        assert page.headers["content-type"].startswith("text/html"), address
        assert "<h1>" in page.text, address


def test_an_address_of_nothing_is_a_clear_page(http: httpx.Client) -> None:
    for path in ("/no-such-channel/no-such-webinar", "/a/b/c"):
        page = http.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert "<h1>" in page.text, path
