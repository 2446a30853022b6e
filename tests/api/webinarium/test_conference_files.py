"""The native API's conference files: a file uploaded to the store
(``POST /api/webinarium/v1/files``) attached to a conference as a pre-loaded
file (``POST …/conferences/{id}/files``), listed with files added by URL, and
removed; refusals in the native envelope; another account's conference and
file answered as ones that do not exist; the vendors' lists of pre-loaded files
show the attached file with its stored facts and a working URL."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import create_conference
from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, in_database
from tests.files.helpers import pdf_bytes, png_bytes, webm_bytes
from webinarium.kit.ids import new_id
from webinarium.models import FileState, StoredFile
from webinarium.settings import Settings

FILES = "/api/webinarium/v1/files"
BASE = "/api/webinarium/v1/conferences"
PUBLIC = "https://webinars.example.test"


def files_path(conference_id: str) -> str:
    return f"{BASE}/{conference_id}/files"


def error_of(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    return response.status_code, body["error"]["code"], body["error"]["message"]


def upload(http: httpx.Client, tenant: Tenant, data: bytes, name: str) -> dict[str, Any]:
    response = http.post(FILES, headers=tenant.headers, files={"file": (name, data)})
    assert response.status_code == 201, response.text
    stored: dict[str, Any] = response.json()
    return stored


def attach(http: httpx.Client, tenant: Tenant, conference_id: str, file_id: str) -> dict[str, Any]:
    response = http.post(
        files_path(conference_id), headers=tenant.headers, json={"file_id": file_id}
    )
    assert response.status_code == 201, response.text
    attached: dict[str, Any] = response.json()
    return attached


def _stored_row(settings: Settings, tenant: Tenant, state: FileState, reason: str) -> str:
    """A file of the store that is not ready (as a fetch leaves it); its id."""

    async def add(session: AsyncSession) -> str:
        row = StoredFile(
            id=new_id(),
            account_id=tenant.account_id,
            state=state,
            reason=reason,
            source_url="https://cdn.example.test/missing.pdf",
            content_type="",
            size=0,
            sha256="",
        )
        session.add(row)
        await session.flush()
        return row.id

    return in_database(settings, add)


def test_uploads_are_attached_listed_and_removed(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    pdf = pdf_bytes(pages=3)
    deck = upload(http, alice, pdf, "quarterly results.pdf")
    video = upload(http, alice, webm_bytes(3), "intro.webm")
    picture = upload(http, alice, png_bytes(), "logo.png")

    attached_deck = attach(http, alice, conference["id"], deck["id"])
    assert set(attached_deck) == {
        "id",
        "conference_id",
        "name",
        "file_type",
        "file_url",
        "stored_file_id",
        "state",
        "size",
        "pages",
        "duration_seconds",
        "icon_url",
        "created_at",
    }
    assert attached_deck["id"] != deck["id"]
    assert {k: attached_deck[k] for k in attached_deck if k not in ("id", "created_at")} == {
        "conference_id": conference["id"],
        "name": "quarterly results.pdf",
        "file_type": "whiteboard",
        "file_url": f"{PUBLIC}/files/{deck['id']}",
        "stored_file_id": deck["id"],
        "state": "ready",
        "size": len(pdf),
        "pages": 3,
        "duration_seconds": None,
        "icon_url": deck["icon_url"],
    }
    # The URL the vendors' lists show is the store's own, and serves the bytes.
    assert http.get(attached_deck["file_url"].removeprefix(PUBLIC)).content == pdf

    attached_video = attach(http, alice, conference["id"], f"  {video['id']} ")
    assert (attached_video["file_type"], attached_video["name"]) == ("video", "intro.webm")
    assert attached_video["duration_seconds"] == pytest.approx(3, abs=0.5)
    assert attached_video["icon_url"] is None
    attached_picture = attach(http, alice, conference["id"], picture["id"])
    assert (attached_picture["file_type"], attached_picture["icon_url"]) == (
        "whiteboard",
        picture["url"],
    )

    # Files added by URL (BigMarker's upload_file) are listed with the attached ones.
    by_url = http.put(
        f"/api/v1/conferences/{conference['id']}/upload_file",
        headers=alice.headers,
        json={"file_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    )
    assert by_url.status_code == 200, by_url.text
    listed = http.get(files_path(conference["id"]), headers=alice.headers)
    assert listed.status_code == 200, listed.text
    assert listed.json() == [
        attached_deck,
        attached_video,
        attached_picture,
        {
            "id": by_url.json()["id"],
            "conference_id": conference["id"],
            "name": "watch",
            "file_type": "video",
            "file_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "stored_file_id": None,
            "state": None,
            "size": 0,
            "pages": None,
            "duration_seconds": None,
            "icon_url": None,
            "created_at": listed.json()[3]["created_at"],
        },
    ]

    removed = http.delete(
        f"{files_path(conference['id'])}/{attached_picture['id']}", headers=alice.headers
    )
    assert removed.status_code == 204, removed.text
    assert [
        f["id"] for f in http.get(files_path(conference["id"]), headers=alice.headers).json()
    ] == [
        attached_deck["id"],
        attached_video["id"],
        by_url.json()["id"],
    ]
    # The stored file stays in the store.
    assert http.get(f"{FILES}/{picture['id']}", headers=alice.headers).status_code == 200
    again = http.delete(
        f"{files_path(conference['id'])}/{attached_picture['id']}", headers=alice.headers
    )
    assert error_of(again)[:2] == (404, "file_not_found")


def test_an_attached_upload_is_not_fetched(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    conference = create_conference(http, alice)
    stored = upload(http, alice, pdf_bytes(pages=1), "one.pdf")

    async def count(session: AsyncSession) -> int:
        return len(
            list(
                await session.scalars(
                    select(StoredFile.id).where(StoredFile.account_id == alice.account_id)
                )
            )
        )

    before = in_database(settings, count)
    attach(http, alice, conference["id"], stored["id"])
    # No new file of the store was asked for: the upload is the file.
    assert in_database(settings, count) == before


def test_the_store_s_own_url_given_to_bigmarker_is_not_fetched(
    http: httpx.Client, alice: Tenant, bob: Tenant, settings: Settings
) -> None:
    """A client copying pre-loaded files (BigMarker's ``preload_files`` into
    ``upload_file``) or making a handout of one gives the store's own URL: the
    file is the stored one, at once, with no fetch of this server by itself."""
    first = create_conference(http, alice)
    second = create_conference(http, alice)
    deck = upload(http, alice, pdf_bytes(pages=2), "deck.pdf")
    video = upload(http, alice, webm_bytes(3), "intro.webm")
    url = attach(http, alice, first["id"], video["id"])["file_url"]

    async def files_of_account(session: AsyncSession) -> int:
        rows = await session.scalars(
            select(StoredFile.id).where(StoredFile.account_id == alice.account_id)
        )
        return len(list(rows))

    before = in_database(settings, files_of_account)
    copied = http.put(
        f"/api/v1/conferences/{second['id']}/upload_file",
        headers=alice.headers,
        json={"file_url": url},
    )
    assert copied.status_code == 200, copied.text
    # Typed by the stored bytes (the URL has no suffix).
    assert copied.json()["file_type"] == "video"
    handout = http.post(
        f"/api/v1/conferences/{second['id']}/add_handout_with_url",
        headers=alice.headers,
        json={"title": "Slides", "handout_url": f"{PUBLIC}/files/{deck['id']}"},
    )
    assert handout.status_code == 200, handout.text
    assert handout.json()["icon_url"] == deck["icon_url"]
    assert in_database(settings, files_of_account) == before
    listed = http.get(files_path(second["id"]), headers=alice.headers).json()
    assert [(f["stored_file_id"], f["state"], f["name"]) for f in listed] == [
        (video["id"], "ready", "intro.webm")
    ]

    # Another account's file by its URL is fetched like any URL, never taken as Bob's.
    bobs = create_conference(http, bob)
    taken = http.put(
        f"/api/v1/conferences/{bobs['id']}/upload_file",
        headers=bob.headers,
        json={"file_url": url},
    )
    assert taken.status_code == 200, taken.text
    [bobs_file] = http.get(files_path(bobs["id"]), headers=bob.headers).json()
    assert bobs_file["stored_file_id"] not in (None, video["id"])


def test_the_vendors_lists_show_the_attached_file(
    http: httpx.Client, alice: Tenant, settings: Settings
) -> None:
    conference = create_conference(http, alice)
    data = webm_bytes(3)
    video = upload(http, alice, data, "intro.webm")
    deck = upload(http, alice, pdf_bytes(pages=2), "deck.pdf")
    attached_video = attach(http, alice, conference["id"], video["id"])
    attached_deck = attach(http, alice, conference["id"], deck["id"])

    alias = alias_of(settings, conference["id"])
    listed = ok(http, alice, "webinarsFilesList", {"alias": alias})
    assert [{k: f[k] for k in f if k != "added"} for f in listed] == [
        {
            "id": attached_video["id"],
            "name": "intro.webm",
            "size": str(len(data)),
            "duration": "3",
            "link": f"{PUBLIC}/files/{video['id']}",
            "download_link": f"{PUBLIC}/files/{video['id']}",
            "type": "MEDIA",
        },
        {
            "id": attached_deck["id"],
            "name": "deck.pdf",
            "size": str(deck["size"]),
            "duration": "0",
            "link": f"{PUBLIC}/files/{deck['id']}",
            "download_link": f"{PUBLIC}/files/{deck['id']}",
            "type": "PRESENTATION",
        },
    ]

    shown = http.get(f"/api/v1/conferences/{conference['id']}", headers=alice.headers)
    assert shown.status_code == 200, shown.text
    preloaded = shown.json()["preload_files"]
    assert [(f["id"], f["file_type"], f["file_url"]) for f in preloaded] == [
        (attached_video["id"], "video", f"{PUBLIC}/files/{video['id']}"),
        (attached_deck["id"], "whiteboard", f"{PUBLIC}/files/{deck['id']}"),
    ]


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ({}, "file_id"),
        ({"file_id": 7}, "file_id"),
        ({"file_id": "x", "autoplay": True}, "autoplay"),
        ([], "JSON object"),
    ],
)
def test_bad_input_is_refused_in_the_envelope(
    http: httpx.Client, alice: Tenant, body: Any, mentions: str
) -> None:
    conference = create_conference(http, alice)
    response = http.post(files_path(conference["id"]), headers=alice.headers, json=body)
    status, code, message = error_of(response)
    assert (status, code) == (400, "invalid_input")
    assert mentions in message


def test_a_body_that_is_not_json_is_refused(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    response = http.post(
        files_path(conference["id"]),
        headers={**alice.headers, "Content-Type": "application/json"},
        content=b"{file_id",
    )
    assert error_of(response)[:2] == (400, "invalid_input")


@pytest.mark.parametrize(
    ("state", "reason", "mentions"),
    [
        (FileState.FETCHING, "", "fetching"),
        (FileState.FAILED, "the server answered HTTP 404", "HTTP 404"),
    ],
)
def test_a_file_not_ready_is_refused(
    http: httpx.Client,
    alice: Tenant,
    settings: Settings,
    state: FileState,
    reason: str,
    mentions: str,
) -> None:
    conference = create_conference(http, alice)
    file_id = _stored_row(settings, alice, state, reason)
    response = http.post(
        files_path(conference["id"]), headers=alice.headers, json={"file_id": file_id}
    )
    status, code, message = error_of(response)
    assert (status, code) == (409, "file_not_ready")
    assert mentions in message
    assert http.get(files_path(conference["id"]), headers=alice.headers).json() == []


def test_another_account_s_file_and_conference_are_not_found(
    http: httpx.Client, alice: Tenant, bob: Tenant
) -> None:
    alices = create_conference(http, alice)
    bobs = create_conference(http, bob)
    alices_file = upload(http, alice, pdf_bytes(pages=1), "alice.pdf")
    attached = attach(http, alice, alices["id"], alices_file["id"])

    # Bob's conference, Alice's file.
    taken = http.post(
        files_path(bobs["id"]), headers=bob.headers, json={"file_id": alices_file["id"]}
    )
    assert error_of(taken)[:2] == (404, "file_not_found")
    missing = http.post(files_path(bobs["id"]), headers=bob.headers, json={"file_id": new_id()})
    assert error_of(missing)[:2] == (404, "file_not_found")
    # Alice's conference, with Bob's key: every route.
    bobs_file = upload(http, bob, pdf_bytes(pages=1), "bob.pdf")
    for response in (
        http.post(files_path(alices["id"]), headers=bob.headers, json={"file_id": bobs_file["id"]}),
        http.get(files_path(alices["id"]), headers=bob.headers),
        http.delete(f"{files_path(alices['id'])}/{attached['id']}", headers=bob.headers),
    ):
        assert error_of(response)[:2] == (404, "conference_not_found")
    # Alice's pre-loaded file through Bob's own conference.
    through_bobs = http.delete(f"{files_path(bobs['id'])}/{attached['id']}", headers=bob.headers)
    assert error_of(through_bobs)[:2] == (404, "file_not_found")
    assert [f["id"] for f in http.get(files_path(alices["id"]), headers=alice.headers).json()] == [
        attached["id"]
    ]
    # No key at all.
    assert http.get(files_path(alices["id"])).status_code == 401
