"""The file store: bytes on disk that follow the transaction, served at /files/{id}."""

from __future__ import annotations

import contextlib
import hashlib

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.files.store import FileStore
from webinarium.models import StoredFile
from webinarium.settings import Settings

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


class Refused(Exception):
    pass


def _save(settings: Settings, tenant: Tenant, data: bytes, *, fail: bool = False) -> str:
    saved: list[str] = []

    async def work(session: AsyncSession) -> str:
        row = await FileStore.of(settings).save(
            session, tenant.account_id, data, "image/png", "logo.png"
        )
        saved.append(row.id)
        if fail:
            raise Refused
        return row.id

    try:
        return in_database(settings, work)
    except Refused:
        return saved[0]


def _delete(settings: Settings, tenant: Tenant, file_id: str, *, fail: bool = False) -> None:
    async def work(session: AsyncSession) -> None:
        await FileStore.of(settings).delete(session, tenant.account_id, file_id)
        if fail:
            raise Refused

    with contextlib.suppress(Refused):
        in_database(settings, work)


def test_a_saved_file_is_served_as_stored(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    file_id = _save(settings, alice, PNG)
    path = settings.files_root / file_id
    assert path.read_bytes() == PNG
    response = http.get(f"/files/{file_id}")  # no API key: room images are public
    assert (response.status_code, response.content) == (200, PNG)
    assert response.headers["content-type"] == "image/png"

    async def row(session: AsyncSession) -> StoredFile | None:
        return await session.get(StoredFile, file_id)

    stored = in_database(settings, row)
    assert stored is not None
    assert (stored.size, stored.file_name, stored.account_id) == (
        len(PNG),
        "logo.png",
        alice.account_id,
    )
    assert stored.sha256 == hashlib.sha256(PNG).hexdigest()


def test_bytes_follow_the_transaction(settings: Settings, alice: Tenant) -> None:
    # Written, then rolled back: the bytes go too.
    lost = _save(settings, alice, PNG, fail=True)
    assert not (settings.files_root / lost).exists()
    # Deleted, then rolled back: the bytes stay; deleted for good: they go.
    kept = _save(settings, alice, PNG)
    _delete(settings, alice, kept, fail=True)
    assert (settings.files_root / kept).exists()
    _delete(settings, alice, kept)
    assert not (settings.files_root / kept).exists()


def test_another_account_cannot_delete_a_file(
    settings: Settings, alice: Tenant, bob: Tenant
) -> None:
    file_id = _save(settings, alice, PNG)
    _delete(settings, bob, file_id)
    assert (settings.files_root / file_id).exists()


@pytest.mark.parametrize("name", ["0" * 20, "not-an-id", "%2e%2e%2fwebinarium.db"])
def test_unknown_files_are_not_found(http: httpx.Client, name: str) -> None:
    assert http.get(f"/files/{name}").status_code == 404
