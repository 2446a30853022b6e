"""Handouts, pre-loaded files and custom fields of a conference (Manage Conferences)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference, documented_error
from tests.conftest import Tenant, in_database
from webinarium.models import ConferenceFile
from webinarium.settings import Settings

# The curl examples of the document.
FILE_BODY = {"file_url": "https://www.sitewithfile.com/file.ext", "autoplay": "false"}
HANDOUT_BODY = {"handout_url": "https://somesite/sample.pdf", "title": "Your title"}
JSON = {"Content-Type": "application/json"}


def _upload(http: httpx.Client, tenant: Tenant, conference_id: str, body: Any) -> httpx.Response:
    return http.put(
        f"/api/v1/conferences/{conference_id}/upload_file", headers=tenant.headers, json=body
    )


def _add_handout(
    http: httpx.Client, tenant: Tenant, conference_id: str, body: dict[str, Any]
) -> httpx.Response:
    return http.post(
        f"/api/v1/conferences/{conference_id}/add_handout_with_url",
        headers=tenant.headers,
        json=body,
    )


def _handouts(http: httpx.Client, tenant: Tenant, conference_id: str) -> httpx.Response:
    return http.get(f"/api/v1/conferences/{conference_id}/handouts", headers=tenant.headers)


def _file_urls(settings: Settings, conference_id: str) -> list[tuple[str, str, bool]]:
    """Pre-loaded files as stored: the API has no call that lists them."""

    async def read(session: AsyncSession) -> list[tuple[str, str, bool]]:
        rows = await session.scalars(
            select(ConferenceFile)
            .where(ConferenceFile.conference_id == conference_id)
            .order_by(ConferenceFile.file_url)
        )
        return [(r.file_url, r.file_type, r.autoplay) for r in rows]

    return in_database(settings, read)


# Pre-loaded files


def test_upload_file_as_in_the_curl_example(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    response = _upload(http, alice, conference["id"], FILE_BODY)
    assert response.status_code == 200, response.text
    body = response.json()
    example = bigmarker_operations["conferences_upload_file"]["response"]["example"]
    assert sorted(body) == sorted(example["top_level_keys"])
    assert body["success"] == "Your file has been successfully saved!"
    assert body["file_type"] == "whiteboard"
    assert isinstance(body["id"], str)
    assert body["id"]


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.example.test/media/intro.MP4?token=1",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
    ],
)
def test_upload_video_file_is_a_video(http: httpx.Client, alice: Tenant, url: str) -> None:
    conference = create_conference(http, alice)
    response = _upload(http, alice, conference["id"], {"file_url": url, "autoplay": True})
    assert response.status_code == 200, response.text
    assert response.json()["file_type"] == "video"


def test_upload_file_without_usable_url_is_documented_404(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    expected = documented_error(bigmarker_operations["conferences_upload_file"], 404)
    for body in (
        {"file_url": "ftp://www.sitewithfile.com/file.ext"},
        {"file_url": "not a url"},
        {"file_url": ""},
        {"autoplay": "false"},
    ):
        response = _upload(http, alice, conference["id"], body)
        assert response.status_code == 404, body
        assert response.json() == expected


def test_delete_file_by_both_paths(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    not_found = documented_error(bigmarker_operations["conferences_delete_file"], 404)
    for path in ("delete_file", "upload_file/delete_file"):
        file_id = _upload(http, alice, conference["id"], FILE_BODY).json()["id"]
        url = f"/api/v1/conferences/{conference['id']}/{path}/{file_id}"
        # As the curl example: Content-Type application/json and no body.
        response = http.put(url, headers={**alice.headers, **JSON})
        assert response.status_code == 200, response.text
        assert response.json() == {"success": "Your file has been successfully deleted!"}
        again = http.put(url, headers={**alice.headers, **JSON})
        assert again.status_code == 404
        assert again.json() == not_found


def test_delete_file_of_another_conference_is_not_found(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    owner = create_conference(http, alice)
    other = create_conference(http, alice)
    file_id = _upload(http, alice, owner["id"], FILE_BODY).json()["id"]
    response = http.put(
        f"/api/v1/conferences/{other['id']}/delete_file/{file_id}",
        headers={**alice.headers, **JSON},
    )
    assert response.status_code == 404
    assert response.json() == documented_error(bigmarker_operations["conferences_delete_file"], 404)
    # Still there: it can be deleted from its own conference.
    response = http.put(
        f"/api/v1/conferences/{owner['id']}/delete_file/{file_id}",
        headers={**alice.headers, **JSON},
    )
    assert response.status_code == 200


def test_files_are_invisible_to_other_accounts(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    conference = create_conference(http, alice)
    file_id = _upload(http, alice, conference["id"], FILE_BODY).json()["id"]
    assert _upload(http, bob, conference["id"], FILE_BODY).status_code == 404
    response = http.put(
        f"/api/v1/conferences/{conference['id']}/delete_file/{file_id}",
        headers={**bob.headers, **JSON},
    )
    assert response.status_code == 404


# Handouts


def test_create_handout_as_in_the_curl_example(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    response = _add_handout(http, alice, conference["id"], HANDOUT_BODY)
    assert response.status_code == 200, response.text
    body = response.json()
    example = bigmarker_operations["handouts_create"]["response"]["example"]
    assert sorted(body) == sorted(example["top_level_keys"])
    assert isinstance(body["id"], str)
    assert body["id"]
    assert body["handout_name"] == "Your title"
    assert body["handout_url"] == "https://somesite/sample.pdf"
    assert body["handout_link"] is None


def test_create_handout_with_a_link(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    body = {"title": "Our site", "handout_link": "http://sample_handout_link.com"}
    response = _add_handout(http, alice, conference["id"], body)
    assert response.status_code == 200, response.text
    assert response.json()["handout_link"] == "http://sample_handout_link.com"
    assert response.json()["handout_url"] is None
    assert response.json()["handout_name"] == "Our site"


def test_create_handout_without_a_target_is_400_with_documented_message(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    # The document answers 500; we answer 400 with its message (see errors.py).
    expected = documented_error(bigmarker_operations["handouts_create"], 500, "handout_url")
    for body in ({"title": "Nothing"}, {"title": "Blank", "handout_url": "", "handout_link": ""}):
        response = _add_handout(http, alice, conference["id"], body)
        assert response.status_code == 400, body
        assert response.json() == expected
    assert _handouts(http, alice, conference["id"]).json() == []


def test_create_handout_without_title_is_400(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    for body in (
        {"handout_url": "https://somesite/sample.pdf"},
        {"handout_url": "https://somesite/sample.pdf", "title": "   "},
    ):
        response = _add_handout(http, alice, conference["id"], body)
        assert response.status_code == 400, response.text
        assert set(response.json()) == {"error"}
    assert _handouts(http, alice, conference["id"]).json() == []


def test_create_handout_on_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["handouts_create"], 404)
    response = _add_handout(http, alice, "nope", HANDOUT_BODY)
    assert response.status_code == 404
    assert response.json() == expected
    conference = create_conference(http, alice)
    response = _add_handout(http, bob, conference["id"], HANDOUT_BODY)
    assert response.status_code == 404
    assert response.json() == expected


def test_update_handout_changes_only_the_title(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    body = {**HANDOUT_BODY, "handout_link": "http://sample_handout_link.com"}
    created = _add_handout(http, alice, conference["id"], body).json()
    response = http.put(
        f"/api/v1/conferences/{created['id']}/update_handout",
        headers=alice.headers,
        json={"title": "New title"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "handout_name": "New title"}
    assert _handouts(http, alice, conference["id"]).json() == [response.json()]


def test_update_handout_urls(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    created = _add_handout(http, alice, conference["id"], HANDOUT_BODY).json()
    response = http.put(
        f"/api/v1/conferences/{created['id']}/update_handout",
        headers=alice.headers,
        json={"handout_link": "https://example.test/page", "handout_url": ""},
    )
    assert response.status_code == 200, response.text
    assert response.json()["handout_name"] == "Your title"
    assert response.json()["handout_link"] == "https://example.test/page"
    assert response.json()["handout_url"] is None


def test_update_handout_removing_every_target_is_400(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    created = _add_handout(http, alice, conference["id"], HANDOUT_BODY).json()
    response = http.put(
        f"/api/v1/conferences/{created['id']}/update_handout",
        headers=alice.headers,
        json={"handout_url": ""},
    )
    assert response.status_code == 400
    assert response.json() == documented_error(
        bigmarker_operations["handouts_update"], 500, "handout_url"
    )
    assert _handouts(http, alice, conference["id"]).json() == [created]


def test_update_unknown_handout_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["handouts_update"], 404)
    response = http.put(
        "/api/v1/conferences/nope/update_handout", headers=alice.headers, json={"title": "x"}
    )
    assert response.status_code == 404
    assert response.json() == expected
    conference = create_conference(http, alice)
    created = _add_handout(http, alice, conference["id"], HANDOUT_BODY).json()
    response = http.put(
        f"/api/v1/conferences/{created['id']}/update_handout",
        headers=bob.headers,
        json={"title": "Stolen"},
    )
    assert response.status_code == 404
    assert response.json() == expected
    assert _handouts(http, alice, conference["id"]).json() == [created]


def test_delete_handout(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice)
    kept = _add_handout(http, alice, conference["id"], HANDOUT_BODY).json()
    gone = _add_handout(http, alice, conference["id"], {**HANDOUT_BODY, "title": "Gone"}).json()
    expected = documented_error(bigmarker_operations["handouts_delete"], 404)
    url = f"/api/v1/conferences/{gone['id']}/delete_handout"
    refused = http.post(url, headers=bob.headers)
    assert refused.status_code == 404
    assert refused.json() == expected
    response = http.post(url, headers=alice.headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"success": "Your handout has been deleted!"}
    assert _handouts(http, alice, conference["id"]).json() == [kept]
    again = http.post(url, headers=alice.headers)
    assert again.status_code == 404
    assert again.json() == expected


def test_list_handouts_in_creation_order(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    other = create_conference(http, alice)
    _add_handout(http, alice, other["id"], HANDOUT_BODY)
    created = [
        _add_handout(http, alice, conference["id"], {**HANDOUT_BODY, "title": f"Title{n}"}).json()
        for n in range(1, 5)
    ]
    response = _handouts(http, alice, conference["id"])
    assert response.status_code == 200
    assert response.json() == created


def test_list_handouts_of_unknown_conference_is_documented_404(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["handouts_list"], 404)
    response = _handouts(http, alice, "nope")
    assert response.status_code == 404
    assert response.json() == expected
    conference = create_conference(http, alice)
    _add_handout(http, alice, conference["id"], HANDOUT_BODY)
    response = _handouts(http, bob, conference["id"])
    assert response.status_code == 404
    assert response.json() == expected


# Copying a conference


def test_copy_conference_copies_handouts_and_files(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    source = create_conference(http, alice, title="Source")
    handouts = [
        _add_handout(http, alice, source["id"], {**HANDOUT_BODY, "title": f"Handout {n}"}).json()
        for n in range(3)
    ]
    files = [
        {"file_url": "https://www.sitewithfile.com/deck.pdf", "autoplay": False},
        {"file_url": "https://www.sitewithfile.com/clip.mp4", "autoplay": True},
    ]
    for body in files:
        assert _upload(http, alice, source["id"], body).status_code == 200
    copy = create_conference(http, alice, title="Copy", conference_copy_id=source["id"])
    copied = _handouts(http, alice, copy["id"]).json()
    assert [{k: v for k, v in h.items() if k != "id"} for h in copied] == [
        {k: v for k, v in h.items() if k != "id"} for h in handouts
    ]
    assert {h["id"] for h in copied}.isdisjoint(h["id"] for h in handouts)
    assert _file_urls(settings, copy["id"]) == [
        ("https://www.sitewithfile.com/clip.mp4", "video", True),
        ("https://www.sitewithfile.com/deck.pdf", "whiteboard", False),
    ]
    # The copy's content is its own: deleting it there leaves the source's.
    http.post(f"/api/v1/conferences/{copied[0]['id']}/delete_handout", headers=alice.headers)
    assert _handouts(http, alice, source["id"]).json() == handouts


# Custom fields

CUSTOM_FIELDS = [
    {"field_name": "Company", "field_type": "text", "required": True},
    {"field_name": "Size", "field_type": "dropdown", "options": ["1-10", "11+"]},
]


def _custom_fields(http: httpx.Client, tenant: Tenant, conference_id: str) -> httpx.Response:
    return http.get(f"/api/v1/conferences/custom_fields/{conference_id}", headers=tenant.headers)


def test_custom_fields_defined_on_create(
    http: httpx.Client, alice: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    conference = create_conference(http, alice, custom_fields=CUSTOM_FIELDS)
    response = _custom_fields(http, alice, conference["id"])
    assert response.status_code == 200, response.text
    fields = response.json()
    assert isinstance(fields, list)
    documented = bigmarker_operations["conferences_custom_fields"]["response"]["documented_fields"]
    names = [f["name"] for f in documented[0]["fields"]]
    for field in fields:
        assert [name for name in names if name not in field] == []
        assert isinstance(field["id"], str)
        assert field["id"]
    assert [(f["field_name"], f["field_type"], f["required"], f["api_name"]) for f in fields] == [
        ("Company", "text", True, "company"),
        ("Size", "dropdown", False, "size"),
    ]
    assert len({f["id"] for f in fields}) == 2


def test_custom_field_api_name_defaults_to_underscored_slug(
    http: httpx.Client, alice: Tenant
) -> None:
    fields = [
        {"field_name": "Job Title", "field_type": "text"},
        {"field_name": "Team", "field_type": "text", "api_name": "my_team"},
    ]
    conference = create_conference(http, alice, custom_fields=fields)
    listed = _custom_fields(http, alice, conference["id"]).json()
    assert [f["api_name"] for f in listed] == ["job_title", "my_team"]


def test_update_custom_fields_replaces_the_set_and_keeps_ids(
    http: httpx.Client, alice: Tenant
) -> None:
    conference = create_conference(http, alice, custom_fields=CUSTOM_FIELDS)
    before = {f["api_name"]: f for f in _custom_fields(http, alice, conference["id"]).json()}
    new_fields = [
        {"field_name": "Company", "field_type": "text", "required": False},
        {"field_name": "Country", "field_type": "text", "required": True},
    ]
    response = http.put(
        f"/api/v1/conferences/{conference['id']}",
        headers=alice.headers,
        json={"custom_fields": new_fields},
    )
    assert response.status_code == 200, response.text
    after = _custom_fields(http, alice, conference["id"]).json()
    assert [(f["field_name"], f["required"], f["api_name"]) for f in after] == [
        ("Company", False, "company"),
        ("Country", True, "country"),
    ]
    assert after[0]["id"] == before["company"]["id"]
    assert after[1]["id"] != before["size"]["id"]


def test_dropdown_custom_field_without_options_is_400(http: httpx.Client, alice: Tenant) -> None:
    body = {
        "channel_id": alice.channel_id,
        "title": "Bad fields",
        "custom_fields": [{"field_name": "Size", "field_type": "dropdown"}],
    }
    response = http.post("/api/v1/conferences", headers=alice.headers, json=body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"}


def test_rejected_custom_fields_update_keeps_the_fields(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice, custom_fields=CUSTOM_FIELDS)
    before = _custom_fields(http, alice, conference["id"]).json()
    response = http.put(
        f"/api/v1/conferences/{conference['id']}",
        headers=alice.headers,
        json={"custom_fields": [{"field_name": "Size", "field_type": "dropdown", "options": []}]},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error"}
    assert _custom_fields(http, alice, conference["id"]).json() == before


def test_custom_fields_of_unknown_conference_is_documented_403(
    http: httpx.Client, alice: Tenant, bob: Tenant, bigmarker_operations: dict[str, Any]
) -> None:
    expected = documented_error(bigmarker_operations["conferences_custom_fields"], 403)
    response = _custom_fields(http, alice, "nope")
    assert response.status_code == 403
    assert response.json() == expected
    conference = create_conference(http, alice, custom_fields=CUSTOM_FIELDS)
    response = _custom_fields(http, bob, conference["id"])
    assert response.status_code == 403
    assert response.json() == expected


def test_conference_without_custom_fields_lists_none(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    response = _custom_fields(http, alice, conference["id"])
    assert response.status_code == 200
    assert response.json() == []


def test_a_handout_title_longer_than_it_can_be_stored_is_refused(
    http: httpx.Client, alice: Tenant
) -> None:
    """Found by the fuzz test: on PostgreSQL a 256-character title was a 500
    (the column holds 255), on SQLite it was stored."""
    conference = create_conference(http, alice)
    too_long = {**HANDOUT_BODY, "title": "t" * 256}
    response = _add_handout(http, alice, conference["id"], too_long)
    assert response.status_code == 400
    assert "title" in response.json()["error"]
    created = _add_handout(http, alice, conference["id"], {**HANDOUT_BODY, "title": "t" * 255})
    assert created.status_code == 200, created.text
    handout_id = created.json()["id"]
    response = http.put(
        f"/api/v1/conferences/{handout_id}/update_handout",
        headers=alice.headers,
        json={"title": "u" * 256},
    )
    assert response.status_code == 400
    assert "title" in response.json()["error"]
    (listed,) = _handouts(http, alice, conference["id"]).json()
    assert listed["handout_name"] == "t" * 255
