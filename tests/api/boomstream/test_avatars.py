"""Boomstream's ``avatarUrl``: the image is fetched into the file store in the
background (behind the SSRF guard, as every URL the APIs receive); the answers
keep the client's URL, the landing page shows the stored copy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.boomstream.helpers import create, invite
from tests.conftest import Tenant
from tests.files.helpers import FileServer, file_server, png_bytes, wait_for

FILES = "/api/webinarium/v1/files"
FACE = png_bytes(4, 4)


@pytest.fixture(scope="module")
def server() -> Iterator[FileServer]:
    with file_server() as serving:
        serving.routes["/face.png"] = (200, {"Content-Type": "text/plain"}, FACE)
        yield serving


def _files_from(http: httpx.Client, tenant: Tenant, url: str) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = http.get(FILES, headers=tenant.headers).json()
    return [f for f in listed if f["source_url"] == url]


def _landing(http: httpx.Client, tenant: Tenant) -> str:
    (conference,) = http.get("/api/v1/conferences", headers=tenant.headers).json()["conferences"]
    page = http.get(conference["conference_address"].split("example.test", 1)[1])
    assert page.status_code == 200, page.text
    return page.text


def test_an_avatar_url_is_fetched_and_the_landing_page_shows_the_copy(
    http: httpx.Client, fresh_tenant: Tenant, server: FileServer
) -> None:
    code = create(http, fresh_tenant, title="Faces")
    url = server.url("/face.png")
    answer = invite(
        http,
        fresh_tenant,
        code,
        "face@example.test",
        name="Ada Face",
        moderator="yes",
        avatarUrl=url,
    )
    # The document's answer, as before: nothing about the avatar.
    assert set(answer) == {
        "name",
        "email",
        "codeConference",
        "code",
        "isModerator",
        "token",
        "inviteLink",
        "Status",
    }

    def fetched() -> dict[str, Any] | None:
        files = [f for f in _files_from(http, fresh_tenant, url) if f["state"] != "fetching"]
        return files[0] if files else None

    file = wait_for(fetched)
    assert (file["state"], file["content_type"], file["size"]) == ("ready", "image/png", len(FACE))
    stored = f"/files/{file['id']}"
    assert http.get(stored).content == FACE
    landing = _landing(http, fresh_tenant)
    assert f'<img src="{stored}"' in landing
    assert url not in landing
    # BigMarker's presenter keeps the URL the client gave.
    presenters = http.get(
        f"/api/v1/conferences/{_conference_id(http, fresh_tenant)}/presenters",
        headers=fresh_tenant.headers,
    )
    assert presenters.status_code == 200, presenters.text
    (presenter,) = presenters.json()["presenters"]
    assert presenter["presenter_image_url"] == url

    # Invited again with the same avatar: not fetched again.
    invite(http, fresh_tenant, code, "face@example.test", moderator="yes", avatarUrl=url)
    assert [f["id"] for f in _files_from(http, fresh_tenant, url)] == [file["id"]]


def test_an_avatar_that_cannot_be_fetched_leaves_the_client_s_url(
    http: httpx.Client, fresh_tenant: Tenant, server: FileServer
) -> None:
    code = create(http, fresh_tenant, title="No face")
    url = server.url("/missing.png")
    invite(http, fresh_tenant, code, "noface@example.test", moderator="yes", avatarUrl=url)
    file = wait_for(
        lambda: next(
            (f for f in _files_from(http, fresh_tenant, url) if f["state"] == "failed"), None
        )
    )
    assert "404" in file["reason"]
    assert f'<img src="{url}"' in _landing(http, fresh_tenant)


def _conference_id(http: httpx.Client, tenant: Tenant) -> str:
    (conference,) = http.get("/api/v1/conferences", headers=tenant.headers).json()["conferences"]
    conference_id: str = conference["id"]
    return conference_id
