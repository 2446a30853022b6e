"""A webinar's handouts, slides and videos in the console, checked back through
BigMarker's handouts and the native API's conference files: uploads become
files with their facts (a PDF's pages), URLs and links are kept, refusals are
shown next to the field with nothing written, and removing works."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.console.test_presenters import audit_actions
from tests.files.helpers import file_server, pdf_bytes, png_bytes, wait_for
from tests.pages.helpers import bigmarker_webinar
from webinarium.settings import Settings


def handouts(http: httpx.Client, tenant: Tenant, conference_id: str) -> list[dict[str, Any]]:
    response = http.get(f"/api/v1/conferences/{conference_id}/handouts", headers=tenant.headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def conference_files(
    http: httpx.Client, tenant: Tenant, conference_id: str
) -> list[dict[str, Any]]:
    response = http.get(
        f"/api/webinarium/v1/conferences/{conference_id}/files", headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def test_handouts_uploaded_and_linked_and_removed(
    server_url: str, http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Handouts")
    path = f"/console/webinars/{webinar['id']}/content"
    with console_client(server_url, alice) as client:
        uploaded = submit(
            client,
            f"{path}/handouts",
            {"title": "<i>Deck</i>", "file_url": "", "link_url": ""},
            files={"file": ("deck.pdf", pdf_bytes(2), "application/pdf")},
        )
        assert uploaded.status_code == 303, uploaded.text
        linked = submit(
            client,
            f"{path}/handouts",
            {"title": "Pricing", "link_url": "https://example.test/pricing"},
        )
        assert linked.status_code == 303, linked.text

        deck, pricing = handouts(http, alice, webinar["id"])
        assert deck["handout_name"] == "<i>Deck</i>"
        # The upload is the store's file, ready at once: its first page is its icon.
        assert "/files/" in deck["handout_url"]
        assert deck["icon_url"] is not None
        assert (pricing["handout_link"], pricing["handout_url"]) == (
            "https://example.test/pricing",
            None,
        )
        page = client.get(path)
        assert "&lt;i&gt;Deck&lt;/i&gt;" in page.text
        assert "<i>Deck</i>" not in page.text
        assert "Ready" in page.text

        removed = submit(client, f"{path}/handouts/{pricing['id']}/remove", {})
        assert removed.status_code == 303
        assert [h["id"] for h in handouts(http, alice, webinar["id"])] == [deck["id"]]
    assert audit_actions(settings, alice, pricing["id"]) == ["handout.added", "handout.removed"]


def test_a_refused_handout_says_why_and_keeps_nothing(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Handout refusals")
    path = f"/console/webinars/{webinar['id']}/content/handouts"
    with console_client(server_url, alice) as client:
        nothing = submit(client, path, {"title": "Empty"})
        assert nothing.status_code == 400
        assert "needs a file URL or a link" in nothing.text
        assert 'value="Empty"' in nothing.text

        bad_link = submit(client, path, {"title": "Bad", "link_url": "javascript:alert(1)"})
        assert bad_link.status_code == 400
        assert 'id="field-link_url-error"' in bad_link.text

        # Stored first, then refused (no title): the stored file goes too.
        untitled = submit(
            client, path, {"title": " "}, files={"file": ("a.png", png_bytes(), "image/png")}
        )
        assert untitled.status_code == 400
        assert 'id="field-title-error"' in untitled.text

        not_a_file = submit(
            client, path, {"title": "Text"}, files={"file": ("a.txt", b"plain text", "text/plain")}
        )
        assert not_a_file.status_code == 400
        assert 'id="field-file-error"' in not_a_file.text
    assert handouts(http, alice, webinar["id"]) == []


def test_slides_and_videos(server_url: str, http: httpx.Client, alice: Tenant) -> None:
    webinar = bigmarker_webinar(http, alice, title="Slides and videos")
    path = f"/console/webinars/{webinar['id']}/content"
    with console_client(server_url, alice) as client:
        slides = submit(
            client,
            f"{path}/slides",
            {"slides_url": ""},
            files={"slides_file": ("talk.pdf", pdf_bytes(3), "application/pdf")},
        )
        assert slides.status_code == 303, slides.text
        video = submit(
            client, f"{path}/videos", {"video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"}
        )
        assert video.status_code == 303, video.text

        # A PDF is no video, and a page that is no video is not played.
        wrong_kind = submit(
            client,
            f"{path}/videos",
            {},
            files={"video_file": ("talk.pdf", pdf_bytes(1), "application/pdf")},
        )
        assert wrong_kind.status_code == 400
        assert "This is not a video" in wrong_kind.text
        not_playable = submit(client, f"{path}/videos", {"video_url": "https://example.test/a"})
        assert not_playable.status_code == 400
        assert 'id="field-video_url-error"' in not_playable.text
        video_as_slides = submit(
            client, f"{path}/slides", {"slides_url": "https://example.test/clip.mp4"}
        )
        assert video_as_slides.status_code == 400
        assert "add it under Videos" in video_as_slides.text
        neither = submit(client, f"{path}/slides", {"slides_url": ""})
        assert neither.status_code == 400
        assert 'id="field-slides_file-error"' in neither.text

        deck, clip = conference_files(http, alice, webinar["id"])
        assert (deck["name"], deck["file_type"], deck["state"]) == (
            "talk.pdf",
            "whiteboard",
            "ready",
        )
        assert deck["pages"] == 3
        assert clip["file_type"] == "video"
        assert clip["file_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

        page = client.get(path)
        assert "3 pages" in page.text
        assert "Played from its site" in page.text

        removed = submit(client, f"{path}/files/{clip['id']}/remove", {})
        assert removed.status_code == 303
        assert [f["id"] for f in conference_files(http, alice, webinar["id"])] == [deck["id"]]


def test_slides_by_url_are_fetched_and_show_their_state(
    server_url: str, http: httpx.Client, alice: Tenant
) -> None:
    webinar = bigmarker_webinar(http, alice, title="Fetched slides")
    path = f"/console/webinars/{webinar['id']}/content"
    with file_server() as files, console_client(server_url, alice) as client:
        files.routes["/deck.pdf"] = (200, {"Content-Type": "application/pdf"}, pdf_bytes(4))
        for name in ("deck.pdf", "missing.pdf"):
            added = submit(client, f"{path}/slides", {"slides_url": files.url(f"/{name}")})
            assert added.status_code == 303, added.text

        def settled() -> list[dict[str, Any]] | None:
            rows = conference_files(http, alice, webinar["id"])
            return rows if all(r["state"] != "fetching" for r in rows) else None

        deck, missing = wait_for(settled)
        assert (deck["state"], deck["pages"]) == ("ready", 4)
        assert missing["state"] == "failed"
        page = client.get(path).text
        assert "4 pages" in page
        assert "Failed" in page
        assert "the server answered HTTP 404" in page
