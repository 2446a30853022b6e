"""Handouts and pre-loaded files.

Functions that add content take the ``Conference`` the caller already loaded
through ``conferences.service`` (which checked the account). A change of a
conference's handouts is heard in its room (``handouts.changed`` with the new
list, stored in the change's transaction), whoever makes it. URLs are stored and
served back as given; a file's URL is also fetched into the file store
(`files.service.fetch_later`, ``stored_file_id``), whose facts (size, icon) the
interfaces show once it is ready. A video site's page or a stream playlist is
not a file and is not fetched; nor is the store's own URL of one of the
account's files, which is that file. A file uploaded to the store becomes a
pre-loaded file as it is (`attach_upload`): stored already, never fetched.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.content.errors import (
    FileNotFound,
    FileNotReady,
    HandoutNotFound,
    HandoutTargetMissing,
    InvalidFileUrl,
)
from webinarium.content.repository import ContentRepository
from webinarium.files import service as files
from webinarium.files.schemas import icon_url
from webinarium.files.store import URL_PREFIX
from webinarium.files.store import file_url as stored_file_url
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.urls import web_url
from webinarium.live import journal
from webinarium.models import Account, Conference, ConferenceFile, FileState, Handout, StoredFile

_VIDEO_SUFFIXES = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".m3u8"}
_AUDIO_SUFFIXES = {".mp3", ".wav", ".m4a", ".ogg", ".aac"}
# Video sites whose pages the room plays as videos.
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com")
# What the handouts.title column holds (PostgreSQL refuses more with an error).
HANDOUT_TITLE_MAX = 255
# The store's URLs in the room are paths on the room's own server
# (docs/room-protocol.md, "Handouts").
SAME_SERVER = ""


def _handout_title(title: str) -> str:
    title = title.strip()
    if len(title) > HANDOUT_TITLE_MAX:
        raise InvalidInput(f"title must be at most {HANDOUT_TITLE_MAX} characters")
    return title


def _is_video_page(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS)


def _fetchable(url: str) -> bool:
    """A URL of a file to fetch: not a video site's page, not a stream's playlist."""
    return not _is_video_page(url) and not urlsplit(url).path.lower().endswith(".m3u8")


# The path of a file of the store, on this server's URL (files/store.py file_url).
_STORE_PATH = re.compile(rf"{re.escape(URL_PREFIX)}/([0-9a-f]{{20}})")


async def _store_file_at(session: AsyncSession, account: Account, url: str) -> StoredFile | None:
    """The account's ready file that ``url`` is the store's URL of (as the
    vendors' lists of pre-loaded files show an attached upload's): read by its
    path, whatever name the server was reached by; None for any other URL."""
    path = _STORE_PATH.fullmatch(urlsplit(url).path)
    if path is None:
        return None
    found = (await files.files_by_id(session, account.id, [path[1]])).get(path[1])
    return found if found is not None and found.state == FileState.READY else None


async def _stored_file_of(
    session: AsyncSession, account: Account, url: str | None
) -> StoredFile | None:
    """The store's file for a URL given: the account's own file when the URL
    is the store's (never fetched: it is stored already), else a fetch asked
    for; None for no URL and for what is not a file (a video site's page)."""
    if url is None or not _fetchable(url):
        return None
    return await _store_file_at(session, account, url) or await files.fetch_later(
        session, account.id, url
    )


async def _fetched_file_id(session: AsyncSession, account: Account, url: str | None) -> str | None:
    stored = await _stored_file_of(session, account, url)
    return None if stored is None else stored.id


def file_type_of(url: str, content_type: str = "") -> str:
    """How the room shows a file: a video or audio player, or the whiteboard
    (slides, documents and images are all shown on the whiteboard). Typed by
    the type sniffed from its stored bytes when it has them (``content_type``),
    else by its URL: a video site's page, or the URL's suffix."""
    if content_type:
        kind = content_type.partition("/")[0]
        return kind if kind in ("video", "audio") else "whiteboard"
    if _is_video_page(url):
        return "video"
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if suffix in _VIDEO_SUFFIXES:
        return "video"
    if suffix in _AUDIO_SUFFIXES:
        return "audio"
    return "whiteboard"


async def add_handout(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    title: str,
    file_url: str | None,
    link_url: str | None,
) -> Handout:
    ensure_owned(account, conference)
    if not title.strip():
        raise InvalidInput("a handout needs a title")
    handout = Handout(
        account_id=account.id,
        conference_id=conference.id,
        title=_handout_title(title),
        file_url=web_url(file_url, "the file URL", InvalidFileUrl),
        link_url=web_url(link_url, "the link", InvalidFileUrl),
    )
    if handout.file_url is None and handout.link_url is None:
        raise HandoutTargetMissing("a handout needs a file URL or a link")
    handout.stored_file_id = await _fetched_file_id(session, account, handout.file_url)
    await ContentRepository(session, account.id).add(handout)
    await _handouts_changed(session, account, conference)
    return handout


async def update_handout(
    session: AsyncSession,
    account: Account,
    handout_id: str,
    *,
    title: str | None = None,
    file_url: str | None = None,
    link_url: str | None = None,
) -> Handout:
    """Changes what is given; a blank URL removes it, as long as one target remains."""
    handout = await get_handout(session, account, handout_id)
    # Everything is checked before the handout changes: nothing half-done is kept.
    new_title = _handout_title(title) if title is not None else ""
    new_file_url = (
        web_url(file_url, "the file URL", InvalidFileUrl)
        if file_url is not None
        else handout.file_url
    )
    new_link_url = (
        web_url(link_url, "the link", InvalidFileUrl) if link_url is not None else handout.link_url
    )
    if new_file_url is None and new_link_url is None:
        raise HandoutTargetMissing("a handout needs a file URL or a link")
    if new_title:
        handout.title = new_title
    if new_file_url != handout.file_url:
        handout.stored_file_id = await _fetched_file_id(session, account, new_file_url)
    handout.file_url = new_file_url
    handout.link_url = new_link_url
    await session.flush()
    await _handouts_changed(session, account, await _conference_of(session, account, handout))
    return handout


async def get_handout(session: AsyncSession, account: Account, handout_id: str) -> Handout:
    handout = await ContentRepository(session, account.id).get(handout_id.strip())
    if handout is None:
        raise HandoutNotFound(f"handout {handout_id} not found")
    return handout


async def delete_handout(session: AsyncSession, account: Account, handout_id: str) -> None:
    handout = await get_handout(session, account, handout_id)
    conference = await _conference_of(session, account, handout)
    await ContentRepository(session, account.id).delete(handout)
    await _handouts_changed(session, account, conference)


async def _conference_of(session: AsyncSession, account: Account, handout: Handout) -> Conference:
    conference = await ContentRepository(session, account.id).conference(handout.conference_id)
    if conference is None:  # a handout's conference is the account's: the foreign key says so
        raise HandoutNotFound(f"handout {handout.id} not found")
    return conference


def _kind(handout: Handout) -> str:
    return "file" if handout.file_url is not None else "link"


async def handouts_data(
    session: AsyncSession, account: Account, conference: Conference
) -> list[dict[str, Any]]:
    """The conference's handouts as the room lists them: {``id``, ``name``,
    ``kind`` (``file`` or ``link``), ``icon_url`` (a PDF's first page or the
    image, once fetched; null otherwise)}."""
    handouts = await list_handouts(session, account, conference)
    stored = await files.files_by_id(session, account.id, [h.stored_file_id for h in handouts])
    return [
        {
            "id": h.id,
            "name": h.title,
            "kind": _kind(h),
            "icon_url": icon_url(stored.get(h.stored_file_id or ""), SAME_SERVER),
        }
        for h in handouts
    ]


async def _handouts_changed(
    session: AsyncSession, account: Account, conference: Conference
) -> None:
    """The room hears the new list after the commit: ``handouts.changed``."""
    data = {"handouts": await handouts_data(session, account, conference)}
    await journal.record(session, conference, "handouts.changed", data)


async def list_handouts(
    session: AsyncSession, account: Account, conference: Conference
) -> list[Handout]:
    ensure_owned(account, conference)
    return await ContentRepository(session, account.id).handouts(conference.id)


async def add_file(
    session: AsyncSession, account: Account, conference: Conference, *, url: str, autoplay: bool
) -> ConferenceFile:
    ensure_owned(account, conference)
    file_url = web_url(url, "file_url", InvalidFileUrl)
    if file_url is None:
        raise InvalidFileUrl("a pre-loaded file needs a URL")
    stored = await _stored_file_of(session, account, file_url)
    row = ConferenceFile(
        account_id=account.id,
        conference_id=conference.id,
        file_url=file_url,
        # A file fetching has no type yet ("").
        file_type=file_type_of(file_url, stored.content_type if stored else ""),
        autoplay=autoplay,
        stored_file_id=None if stored is None else stored.id,
    )
    await ContentRepository(session, account.id).add(row)
    return row


async def attach_upload(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    stored_file_id: str,
    *,
    base_url: str,
) -> tuple[ConferenceFile, StoredFile]:
    """A file of the account's store (an upload, ready) as a pre-loaded file of
    ``conference``: its URL is the store's public one (``base_url`` +
    ``/files/<id>``), so the vendors' lists of pre-loaded files show a working
    link; typed by its sniffed type. Another account's file is not found."""
    ensure_owned(account, conference)
    stored = await files.get_file(session, account, stored_file_id)
    if stored.state != FileState.READY:
        why = f": {stored.reason}" if stored.reason else ""
        raise FileNotReady(f"file {stored.id} is {stored.state}, not ready{why}")
    row = ConferenceFile(
        account_id=account.id,
        conference_id=conference.id,
        file_url=stored_file_url(base_url, stored.id),
        file_type=file_type_of("", stored.content_type),
        autoplay=False,
        stored_file_id=stored.id,
    )
    await ContentRepository(session, account.id).add(row)
    return row, stored


def file_name(file: ConferenceFile, stored: StoredFile | None) -> str:
    """A pre-loaded file's name: the one it was uploaded with, else the last
    part of its URL's path (decoded), else its URL's host."""
    if stored is not None and stored.file_name:
        return stored.file_name
    parts = urlsplit(file.file_url)
    return unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or parts.hostname or file.file_url


async def get_file(
    session: AsyncSession, account: Account, conference: Conference, file_id: str
) -> ConferenceFile:
    """A pre-loaded file of ``conference``; another conference's file is not found."""
    ensure_owned(account, conference)
    row = await ContentRepository(session, account.id).file(conference.id, file_id.strip())
    if row is None:
        raise FileNotFound(f"file {file_id} not found")
    return row


async def files_of(
    session: AsyncSession, account: Account, conference_ids: list[str]
) -> dict[str, list[ConferenceFile]]:
    """The pre-loaded files of many conferences (the account's), oldest first."""
    return await ContentRepository(session, account.id).files_of(conference_ids)


async def type_by_stored_bytes(session: AsyncSession, account_id: str, stored_file_id: str) -> None:
    """Fetched file ``stored_file_id`` has become ready: the pre-loaded files
    whose bytes it is are typed by its sniffed type (their URL's suffix was a
    guess: a CDN's link to a video often has none). Run by the fetcher
    (files/tasks.py) in a unit of work of its own, after the file's."""
    stored = (await files.files_by_id(session, account_id, [stored_file_id])).get(stored_file_id)
    if stored is None or stored.state != FileState.READY:
        return
    for row in await ContentRepository(session, account_id).files_storing(stored_file_id):
        row.file_type = file_type_of(row.file_url, stored.content_type)
    await session.flush()


async def files_storing(
    session: AsyncSession, account: Account, stored_file_id: str
) -> list[ConferenceFile]:
    """The pre-loaded files, of any conference of the account, whose bytes are
    stored file ``stored_file_id`` (copied conferences share it)."""
    return await ContentRepository(session, account.id).files_storing(stored_file_id)


async def list_files(
    session: AsyncSession, account: Account, conference: Conference
) -> list[ConferenceFile]:
    """The conference's pre-loaded files, oldest first."""
    ensure_owned(account, conference)
    return await ContentRepository(session, account.id).files(conference.id)


async def list_files_stored(
    session: AsyncSession, account: Account, conference: Conference
) -> list[tuple[ConferenceFile, StoredFile | None]]:
    """The conference's pre-loaded files, oldest first, each with its stored
    file (None while none was asked for; it may be fetching or failed)."""
    rows = await list_files(session, account, conference)
    stored = await files.files_by_id(session, account.id, [f.stored_file_id for f in rows])
    return [(f, stored.get(f.stored_file_id or "")) for f in rows]


async def delete_file(
    session: AsyncSession, account: Account, conference: Conference, file_id: str
) -> None:
    ensure_owned(account, conference)
    repository = ContentRepository(session, account.id)
    row = await repository.file(conference.id, file_id.strip())
    if row is None:
        raise FileNotFound(f"file {file_id} not found")
    await repository.delete(row)


async def copy_content(
    session: AsyncSession, account: Account, *, source: Conference, target: Conference
) -> None:
    """Copies handouts and pre-loaded files from one conference to another."""
    ensure_owned(account, source, target)
    repository = ContentRepository(session, account.id)
    copies: list[Handout | ConferenceFile] = [
        Handout(
            account_id=account.id,
            conference_id=target.id,
            title=h.title,
            file_url=h.file_url,
            link_url=h.link_url,
            stored_file_id=h.stored_file_id,
        )
        for h in await repository.handouts(source.id)
    ]
    copies += [
        ConferenceFile(
            account_id=account.id,
            conference_id=target.id,
            file_url=f.file_url,
            file_type=f.file_type,
            autoplay=f.autoplay,
            stored_file_id=f.stored_file_id,
        )
        for f in await repository.files(source.id)
    ]
    await repository.add(*copies)
