"""A webinar's handouts, slides and videos in the console:
``/console/webinars/{conference_id}/content`` and its forms
(``…/content/handouts``, ``…/content/slides``, ``…/content/videos``, and
``…/remove`` of each).

Over the services the APIs use: handouts are `content.service` handouts
(BigMarker's add_handout_with_url); slides and videos are the conference's
pre-loaded files, an upload attached as the native API's ``POST …/files``
attaches one (`content.service.attach_upload`) or a URL added as BigMarker's
upload_file adds one (`content.service.add_file`: fetched behind the SSRF
guard after the commit). An uploaded file goes through `files.service.upload`,
the native upload: same types, same size limit (and the request body's), its
pages or length read before the answer. A handout's upload becomes its file
URL: the store's own address of the file, which is never fetched again.

Slides are what the room shows on the whiteboard (a PDF, an image); videos
what it plays (a video or audio file, a YouTube or Vimeo page:
`live.video_links.playable`). Each file shows its state: ready (with its pages
or length), fetching, or failed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.deps import ReadSession, Session
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
    see_other,
)
from webinarium.console.content import (
    FORM,
    attempt,
    mebibytes,
    text,
    upload_of,
)
from webinarium.console.presenters import Webinar
from webinarium.content import service
from webinarium.content.errors import HandoutNotFound, HandoutTargetMissing
from webinarium.files import service as files
from webinarium.files.errors import FileTooLarge, UnreadableFile, UnsupportedFileType
from webinarium.files.schemas import icon_url
from webinarium.files.store import FileStore
from webinarium.files.store import file_url as stored_file_url
from webinarium.kit.errors import DomainError, InvalidInput
from webinarium.live.video_links import playable
from webinarium.models import Conference, ConferenceFile, FileState, Handout, StoredFile
from webinarium.settings import Settings

router = console_router()
Section = Literal["handout", "slides", "video"]
_SHOWN = {"whiteboard": "slides", "video": "video", "audio": "video"}


@dataclass(frozen=True)
class HandoutRow:
    id: str
    title: str
    # "file" (downloaded) or "link" (a page opened).
    kind: str
    url: str
    # The stored file's state (None for a link), its reason when it failed.
    state: str | None
    reason: str
    icon_url: str | None


@dataclass(frozen=True)
class FileRow:
    id: str
    name: str
    url: str
    file_type: str
    # None: a video site's page, which is played, never stored.
    state: str | None
    reason: str
    pages: int | None
    duration: str
    icon_url: str | None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _state(stored: StoredFile | None) -> tuple[str | None, str]:
    if stored is None:
        return None, ""
    return str(stored.state), stored.reason if stored.state == FileState.FAILED else ""


async def _rows(
    session: AsyncSession, console: ConsoleContext, conference: Conference
) -> tuple[list[HandoutRow], list[FileRow], list[FileRow]]:
    account = console.account
    handouts = await service.list_handouts(session, account, conference)
    stored = await files.files_by_id(session, account.id, [h.stored_file_id for h in handouts])
    handout_rows = []
    for handout in handouts:
        found = stored.get(handout.stored_file_id or "")
        state, reason = _state(found) if handout.file_url else (None, "")
        handout_rows.append(
            HandoutRow(
                id=handout.id,
                title=handout.title,
                kind="file" if handout.file_url else "link",
                url=handout.file_url or handout.link_url or "",
                state=state,
                reason=reason,
                icon_url=icon_url(found, ""),
            )
        )
    slides: list[FileRow] = []
    videos: list[FileRow] = []
    for row, found in await service.list_files_stored(session, account, conference):
        ready = found if found is not None and found.state == FileState.READY else None
        state, reason = _state(found)
        file_row = FileRow(
            id=row.id,
            name=service.file_name(row, found),
            url=row.file_url,
            file_type=row.file_type,
            state=state,
            reason=reason,
            pages=ready.pages if ready else None,
            duration=_duration(ready.duration_seconds if ready else None),
            icon_url=icon_url(found, ""),
        )
        (videos if _SHOWN.get(row.file_type) == "video" else slides).append(file_row)
    return handout_rows, slides, videos


def _blank() -> dict[str, dict[str, str]]:
    return {
        "handout": {"title": "", "file_url": "", "link_url": ""},
        "slides": {"slides_url": ""},
        "video": {"video_url": ""},
    }


def _upload_limit(settings: Settings) -> int:
    """The largest upload: the native upload's limit, within the request body's."""
    return min(settings.fetch_max_bytes, settings.max_body_bytes)


@dataclass(frozen=True)
class _Page:
    """The page as read before a change: shown again when the change is refused."""

    webinar: Webinar
    handouts: list[HandoutRow]
    slides: list[FileRow]
    videos: list[FileRow]

    def render(
        self,
        request: Request,
        console: ConsoleContext,
        values: dict[str, dict[str, str]] | None = None,
        errors: dict[str, dict[str, str]] | None = None,
        *,
        status: int = 200,
    ) -> HTMLResponse:
        return render_console(
            request,
            console,
            "console/content.html",
            {
                "conference": self.webinar,
                "handouts": self.handouts,
                "slides": self.slides,
                "videos": self.videos,
                "values": values or _blank(),
                "errors": errors or {"handout": {}, "slides": {}, "video": {}},
                "upload_limit": mebibytes(_upload_limit(request.app.state.settings)),
            },
            status=status,
        )


async def _page(session: AsyncSession, console: ConsoleContext, conference: Conference) -> _Page:
    handouts, slides, videos = await _rows(session, console, conference)
    return _Page(Webinar.of(conference), handouts, slides, videos)


def _path(conference_id: str) -> str:
    return f"/console/webinars/{conference_id}/content"


@router.get("/webinars/{conference_id}/content", name="console_content")
async def content_page(
    conference_id: str, request: Request, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    conference = await console.conference(session, conference_id)
    return (await _page(session, console, conference)).render(request, console)


def _refusal_page(
    request: Request,
    console: ConsoleContext,
    page: _Page,
    section: Section,
    values: dict[str, str],
) -> Callable[[dict[str, str]], HTMLResponse]:
    """The page again, the refused form with what was typed and the reasons."""

    def again(errors: dict[str, str]) -> HTMLResponse:
        all_values = {**_blank(), section: values}
        all_errors: dict[str, dict[str, str]] = {"handout": {}, "slides": {}, "video": {}}
        all_errors[section] = errors
        return page.render(request, console, all_values, all_errors, status=400)

    return again


async def _store_upload(
    request: Request,
    session: AsyncSession,
    console: ConsoleContext,
    form: ConsoleForm,
    name: str,
) -> StoredFile | None:
    """The file chosen in the form's input ``name``, stored (None: none chosen)."""
    upload = upload_of(form, name)
    if upload is None:
        return None
    settings: Settings = request.app.state.settings
    return await files.upload(
        session,
        console.account,
        FileStore.of(settings),
        await upload.read(),
        file_name=upload.filename or "",
        max_bytes=_upload_limit(settings),
    )


def _is_upload_refusal(error: DomainError) -> bool:
    return isinstance(error, FileTooLarge | UnsupportedFileType | UnreadableFile)


def _handout_field(error: DomainError) -> str:
    message = error.message.lower()
    if isinstance(error, HandoutTargetMissing):
        return FORM
    if _is_upload_refusal(error):
        return "file"
    if message.startswith("the file url"):
        return "file_url"
    if message.startswith("the link"):
        return "link_url"
    return "title" if "title" in message else FORM


@router.post("/webinars/{conference_id}/content/handouts", name="console_handouts_add")
async def add_handout(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    conference = await console.conference(session, conference_id)
    page = await _page(session, console, conference)
    values = {name: text(form, name) for name in ("title", "file_url", "link_url")}
    again = _refusal_page(request, console, page, "handout", values)
    if upload_of(form, "file") is not None and values["file_url"].strip():
        return again({"file_url": "Choose a file or give its URL, not both."})

    async def add() -> Handout:
        stored = await _store_upload(request, session, console, form, "file")
        file_url = values["file_url"]
        if stored is not None:
            file_url = stored_file_url(request.app.state.settings.base_url, stored.id)
        return await service.add_handout(
            session,
            console.account,
            conference,
            title=values["title"],
            file_url=file_url,
            link_url=values["link_url"],
        )

    handout = await attempt(request, add(), again, _handout_field)
    return await recorded(
        session,
        console,
        "handout.added",
        f"Added the handout “{handout.title}” to “{conference.title}”",
        subject=("handout", handout.id),
        then=_path(conference.id),
        notice=f"Handout “{handout.title}” added.",
    )


@router.post(
    "/webinars/{conference_id}/content/handouts/{handout_id}/remove",
    name="console_handouts_remove",
)
async def remove_handout(
    conference_id: str, handout_id: str, console: Console, session: Session, form: ConsoleForm
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    handout = await service.get_handout(session, console.account, handout_id)
    if handout.conference_id != conference.id:
        raise HandoutNotFound(f"handout {handout_id} not found")
    title = handout.title
    await service.delete_handout(session, console.account, handout.id)
    return await recorded(
        session,
        console,
        "handout.removed",
        f"Removed the handout “{title}” from “{conference.title}”",
        subject=("handout", handout_id),
        then=_path(conference.id),
        notice=f"Handout “{title}” removed.",
    )


_WRONG_KIND = {
    "slides": "This is a video or audio file: add it under Videos.",
    "video": "This is not a video: add a document or an image under Slides.",
}


async def _add_file(
    request: Request,
    console: Console,
    session: Session,
    form: ConsoleForm,
    conference_id: str,
    section: Literal["slides", "video"],
) -> Response:
    conference = await console.conference(session, conference_id)
    page = await _page(session, console, conference)
    file_field, url_field = f"{section}_file", f"{section}_url"
    values = {url_field: text(form, url_field)}
    again = _refusal_page(request, console, page, section, values)
    url = values[url_field].strip()
    chosen = upload_of(form, file_field) is not None
    if chosen and url:
        return again({url_field: "Choose a file or give its URL, not both."})
    if not chosen and not url:
        return again({file_field: "Choose a file, or give its URL below."})
    if url and section == "video" and not playable(url):
        return again(
            {
                url_field: "The room plays a YouTube or Vimeo video's page, or a video file's URL"
                " (.mp4, .webm, .mov …)."
            }
        )
    if url and section == "slides" and _SHOWN[service.file_type_of(url)] != "slides":
        return again({url_field: _WRONG_KIND["slides"]})

    async def add() -> ConferenceFile:
        stored = await _store_upload(request, session, console, form, file_field)
        if stored is None:
            return await service.add_file(
                session, console.account, conference, url=url, autoplay=False
            )
        if _SHOWN.get(service.file_type_of("", stored.content_type)) != section:
            raise InvalidInput(_WRONG_KIND[section])
        row, _ = await service.attach_upload(
            session,
            console.account,
            conference,
            stored.id,
            base_url=request.app.state.settings.base_url,
        )
        return row

    def field_of(error: DomainError) -> str:
        if error.message in _WRONG_KIND.values() or _is_upload_refusal(error):
            return file_field
        return url_field if url else FORM

    row = await attempt(request, add(), again, field_of)
    name = "slides" if section == "slides" else "a video"
    await console.record(
        session,
        f"{'slides' if section == 'slides' else 'video'}.added",
        f"Added {name} ({row.file_url}) to “{conference.title}”",
        subject_type="conference_file",
        subject_id=row.id,
    )
    shown = "Slides" if section == "slides" else "Video"
    return see_other(_path(conference.id), f"{shown} added.")


@router.post("/webinars/{conference_id}/content/slides", name="console_slides_add")
async def add_slides(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _add_file(request, console, session, form, conference_id, "slides")


@router.post("/webinars/{conference_id}/content/videos", name="console_videos_add")
async def add_video(
    conference_id: str, request: Request, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _add_file(request, console, session, form, conference_id, "video")


@router.post(
    "/webinars/{conference_id}/content/files/{file_id}/remove", name="console_files_remove"
)
async def remove_file(
    conference_id: str, file_id: str, console: Console, session: Session, form: ConsoleForm
) -> RedirectResponse:
    conference = await console.conference(session, conference_id)
    row = await service.get_file(session, console.account, conference, file_id)
    stored = (await files.files_by_id(session, console.account.id, [row.stored_file_id])).get(
        row.stored_file_id or ""
    )
    name = service.file_name(row, stored)
    await service.delete_file(session, console.account, conference, row.id)
    return await recorded(
        session,
        console,
        "conference_file.removed",
        f"Removed {name} from “{conference.title}”",
        subject=("conference_file", row.id),
        then=_path(conference.id),
        notice=f"{name} removed.",
    )
