"""The live room of a conference: the only way to change or read it.

Functions take the ``Conference`` the caller loaded through
``conferences.service`` (which checked the account). Entering and leaving the
room writes ``Visit`` rows; virtual participants are ``Bot`` rows (role
``attendee`` or ``moderator``, never counted as real people); chat lines are
``ChatMessage`` rows. What the room shows and allows is the typed ``RoomState``
kept in ``Conference.room_state``.

Whether a conference has started or is closed (ended or cancelled) is
``conferences.lifecycle``'s rule; a closed room cannot be changed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.accounts.service import get_account
from webinarium.conferences import lifecycle
from webinarium.conferences.errors import AlreadyEnded, Cancelled
from webinarium.conferences.service import get_conference
from webinarium.content import service as content
from webinarium.files import service as files
from webinarium.files.pages import deck_of, not_a_deck_reason
from webinarium.files.store import file_url
from webinarium.kit.actors import Actor
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.kit.urls import web_url
from webinarium.live import journal, video_links
from webinarium.live.errors import (
    AlreadyInRoom,
    BotNotFound,
    ChatLocked,
    InvalidVideoUrl,
    LinksLocked,
    MessageNotFound,
    NotAPresentation,
    NotAVideo,
    NoVideoShown,
    SlidesUnavailable,
)
from webinarium.live.repository import LiveRepository
from webinarium.live.schemas import PlayingVideo, Presence, RoomState, ShownPresentation
from webinarium.models import (
    Account,
    Bot,
    ChatMessage,
    Conference,
    ConferenceFile,
    FileState,
    StoredFile,
    Visit,
)
from webinarium.people.service import normalize_email

ATTENDEE = "attendee"
MODERATOR = "moderator"
# How the room labels a virtual participant, whatever its role.
BOT = "bot"
NAME_MAX = 200
TEXT_MAX = 5000
_COUNTRY = re.compile(r"[A-Za-z]{2}")
# What counts as a link when links are locked: a scheme, "www.", or a name under
# a common top-level domain ("example.com/page").
_LINK = re.compile(
    r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.)\S"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|io|co|me|app|dev|ru|de|uk|ly|link)\b"
)
# A private message to the presenters and moderators (``chat.send`` ``to``).
TO_MODERATORS = "moderators"
# The furthest a video can be sought to (a day): no video shown in a webinar is
# longer, and a number this size keeps the state and events sane.
VIDEO_POSITION_MAX = 86_400.0


# Reading


async def room_state(session: AsyncSession, account: Account, conference: Conference) -> RoomState:
    """What the room shows and allows now (defaults for a room never touched)."""
    ensure_owned(account, conference)
    return RoomState.model_validate(conference.room_state or {})


async def online(session: AsyncSession, account: Account, conference: Conference) -> list[Presence]:
    """Who is in the room now, in the order they entered; virtual participants included
    (``Presence.virtual``)."""
    return await _presences(session, account, conference, open_only=True)


async def visits(session: AsyncSession, account: Account, conference: Conference) -> list[Presence]:
    """Every stay in the room, those that ended too (``left_at``), in the order of
    entering: for history and reports."""
    return await _presences(session, account, conference, open_only=False)


async def people_present(
    session: AsyncSession, account: Account, conference: Conference
) -> tuple[int, datetime | None]:
    """How many people are in the room now (virtual participants are not
    people) and when one last left: the scheduler's empty room."""
    ensure_owned(account, conference)
    return await LiveRepository(session, account.id).presence(conference.id)


async def bots(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    role: str | None = None,
    present_only: bool = True,
) -> list[Bot]:
    """Virtual participants of the room (of one ``role`` if given), in the order
    they were added; ``present_only=False`` includes those removed."""
    ensure_owned(account, conference)
    return await LiveRepository(session, account.id).bots(
        conference.id, role=role, present_only=present_only
    )


async def chat(
    session: AsyncSession, account: Account, conference: Conference
) -> list[ChatMessage]:
    """Every chat message of the room, oldest first."""
    ensure_owned(account, conference)
    return await LiveRepository(session, account.id).messages(conference.id)


# Virtual participants


async def add_virtual_moderator(
    session: AsyncSession, account: Account, conference: Conference, *, email: str, name: str
) -> Bot:
    """A virtual moderator enters the room. Its e-mail identifies it: one present
    virtual moderator per e-mail."""
    _ensure_open(account, conference)
    address = normalize_email(email)
    clean_name = _name(name)
    repository = LiveRepository(session, account.id)
    if await repository.present_bot_by_email(conference.id, address, MODERATOR) is not None:
        raise AlreadyInRoom(f"a virtual moderator with e-mail {address} is already in the room")
    return await _enter(repository, conference, MODERATOR, clean_name, email=address)


async def remove_virtual_moderator(
    session: AsyncSession, account: Account, conference: Conference, *, email: str
) -> Bot:
    _ensure_open(account, conference)
    repository = LiveRepository(session, account.id)
    bot = await _virtual_moderator(repository, conference, email)
    await _leave(repository, conference, bot)
    return bot


async def add_virtual_attendee(
    session: AsyncSession, account: Account, conference: Conference, *, name: str, country: str
) -> Bot:
    """A virtual attendee enters the room; ``country`` is a two-letter code."""
    _ensure_open(account, conference)
    clean_name = _name(name)
    code = country.strip()
    if not _COUNTRY.fullmatch(code):
        raise InvalidInput(f"country must be a two-letter country code, not {country!r}")
    repository = LiveRepository(session, account.id)
    return await _enter(repository, conference, ATTENDEE, clean_name, country=code.upper())


async def remove_virtual_attendee(
    session: AsyncSession, account: Account, conference: Conference, bot_id: str
) -> Bot:
    _ensure_open(account, conference)
    repository = LiveRepository(session, account.id)
    bot = await _virtual_attendee(repository, conference, bot_id)
    await _leave(repository, conference, bot)
    return bot


async def say_as_virtual_moderator(
    session: AsyncSession, account: Account, conference: Conference, *, email: str, text: str
) -> ChatMessage:
    _ensure_open(account, conference)
    clean_text = _text(text)
    repository = LiveRepository(session, account.id)
    bot = await _virtual_moderator(repository, conference, email)
    return await _say(repository, conference, bot, clean_text)


async def say_as_virtual_attendee(
    session: AsyncSession, account: Account, conference: Conference, *, bot_id: str, text: str
) -> ChatMessage:
    """A chat line of a virtual attendee. The chat and link locks are for live
    participants: virtual ones are the organiser's and may always write."""
    _ensure_open(account, conference)
    clean_text = _text(text)
    repository = LiveRepository(session, account.id)
    bot = await _virtual_attendee(repository, conference, bot_id)
    return await _say(repository, conference, bot, clean_text)


# What the room shows and allows


async def lock_chat(
    session: AsyncSession, account: Account, conference: Conference, *, locked: bool
) -> RoomState:
    """Locks (or unlocks) the chat for live participants. Idempotent: the room
    hears ``chat.locked`` / ``chat.unlocked`` only when it changes."""
    state = _open_state(account, conference)
    if state.chat_locked != locked:
        await journal.record(session, conference, "chat.locked" if locked else "chat.unlocked")
    return await _save(session, conference, state.model_copy(update={"chat_locked": locked}))


async def lock_links(
    session: AsyncSession, account: Account, conference: Conference, *, locked: bool
) -> RoomState:
    """Forbids (or allows) links in live participants' chat messages. Idempotent:
    the room hears ``chat.links_locked`` / ``chat.links_unlocked`` only when it
    changes."""
    state = _open_state(account, conference)
    if state.links_locked != locked:
        event = "chat.links_locked" if locked else "chat.links_unlocked"
        await journal.record(session, conference, event)
    return await _save(session, conference, state.model_copy(update={"links_locked": locked}))


async def show_presentation(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    file_id: str,
    slide: int,
    rendered_only: bool = False,
    now: datetime | None = None,
) -> RoomState:
    """Shows pre-loaded file ``file_id`` at ``slide`` (from 1): ``slides.shown``
    with the page's image and the page count, when the file is a PDF whose pages
    are rendered (a slide beyond its pages is refused). Any other whiteboard
    file (still fetching, failed, not a PDF) is refused with ``rendered_only``
    (the room's ``slides.show``), otherwise shown by its URL with no page count
    (the automation API). A video playing stops first (``video.stopped``).
    Showing what is shown changes nothing."""
    state = _open_state(account, conference)
    if slide < 1:
        raise InvalidInput(f"slide must be 1 or more, not {slide}")
    file = await content.get_file(session, account, conference, file_id)
    if _is_video(file) or file.file_type != "whiteboard":
        raise NotAPresentation(f"file {file.id} is {_kind(file)}, not a presentation")
    stored = await _stored_file(session, account, file)
    deck = deck_of(stored)
    if deck is not None:
        if slide > deck.pages:
            pages = "1 page" if deck.pages == 1 else f"{deck.pages} pages"
            raise InvalidInput(f"page {slide} is out of range: file {file.id} has {pages}")
        shown = ShownPresentation(
            file_id=file.id,
            slide=slide,
            url=file.file_url,
            pages=deck.pages,
            image_id=deck.image_id(slide),
        )
    elif rendered_only:
        reason = not_a_deck_reason(stored)
        raise SlidesUnavailable(f"file {file.id} cannot be shown as slides: {reason}")
    else:
        shown = ShownPresentation(file_id=file.id, slide=slide, url=file.file_url)
    if state.presentation == shown:
        return state
    moment = now or utcnow()
    await _record_video_stop(session, conference, state, moment)
    await journal.record(session, conference, "slides.shown", slides_data(shown), at=moment)
    return await _save(
        session, conference, state.model_copy(update={"presentation": shown, "video": None})
    )


async def show_rendered_pages(session: AsyncSession, account_id: str, stored_file_id: str) -> None:
    """Fetched file ``stored_file_id`` has become ready with its pages rendered:
    every open room showing it by its URL (the automation API showed it while
    it was still fetching) now shows the page's image, ``slides.shown`` again.
    A slide beyond the pages stays as it was shown. Run by the fetcher
    (files/tasks.py) in a unit of work of its own, after the file's."""
    account = await get_account(session, account_id)
    deck = deck_of(await files.get_file(session, account, stored_file_id))
    if deck is None:
        return
    for file in await content.files_storing(session, account, stored_file_id):
        conference = await get_conference(session, account, file.conference_id)
        try:
            state = _open_state(account, conference)
        except (AlreadyEnded, Cancelled):
            continue
        shown = state.presentation
        if shown is None or shown.file_id != file.id or shown.image_id is not None:
            continue
        if shown.slide <= deck.pages:
            await show_presentation(
                session, account, conference, file_id=file.id, slide=shown.slide
            )


async def slide_decks(
    session: AsyncSession, account: Account, conference: Conference
) -> list[dict[str, Any]]:
    """The conference's pre-loaded PDFs whose pages are rendered, as the
    snapshot's ``slides.files`` lists them: {``id``, ``name``, ``pages``}."""
    whiteboards = [
        f
        for f in await content.list_files(session, account, conference)
        if f.file_type == "whiteboard"
    ]
    stored = await files.files_by_id(session, account.id, [f.stored_file_id for f in whiteboards])
    decks = []
    for file in whiteboards:
        row = stored.get(file.stored_file_id or "")
        deck = deck_of(row)
        if row is not None and deck is not None:
            decks.append({"id": file.id, "name": content.file_name(file, row), "pages": deck.pages})
    return decks


async def _stored_file(
    session: AsyncSession, account: Account, file: ConferenceFile
) -> StoredFile | None:
    if file.stored_file_id is None:
        return None
    return (await files.files_by_id(session, account.id, [file.stored_file_id])).get(
        file.stored_file_id
    )


async def video_files(
    session: AsyncSession, account: Account, conference: Conference
) -> list[dict[str, Any]]:
    """The conference's pre-loaded videos that ``video.play`` {file_id} plays,
    as the snapshot's ``video_files`` lists them: {``id``, ``name``,
    ``duration`` (seconds, once the file is stored and ffprobe could tell; null
    otherwise)}."""
    videos = [
        f
        for f in await content.list_files(session, account, conference)
        if _is_video(f) and _playable_link(f)
    ]
    stored = await files.files_by_id(session, account.id, [f.stored_file_id for f in videos])
    listed = []
    for file in videos:
        row = stored.get(file.stored_file_id or "")
        ready = row is not None and row.state == FileState.READY
        listed.append(
            {
                "id": file.id,
                "name": content.file_name(file, row),
                "duration": row.duration_seconds if ready and row else None,
            }
        )
    return listed


async def stop_presentation(
    session: AsyncSession, account: Account, conference: Conference, now: datetime | None = None
) -> RoomState:
    """Takes the presentation off the whiteboard: ``slides.stopped``. Nothing
    shown is nothing to stop, and nothing is sent."""
    state = _open_state(account, conference)
    if state.presentation is None:
        return state
    await _record_slides_stop(session, conference, state, now or utcnow())
    return await _save(session, conference, state.model_copy(update={"presentation": None}))


async def play_video(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    file_id: str | None = None,
    url: str | None = None,
    position: float | None = None,
    now: datetime | None = None,
) -> RoomState:
    """Plays a video: pre-loaded file ``file_id`` (a video file or a YouTube/Vimeo
    link), a link ``url``, or — neither given — the video shown; from
    ``position`` seconds (a new video: 0): ``video.playing``. A presentation
    shown stops first (``slides.stopped``); another video is replaced.

    The video shown is sought to ``position`` when given, or resumed where it
    was paused; playing already without a ``position``, it plays on and
    nothing is sent (MyOwnConference's ``webinarsStartVideo`` again)."""
    return await _show_video(
        session, account, conference, file_id, url, position, paused=False, now=now
    )


async def pause_video(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    file_id: str | None = None,
    url: str | None = None,
    position: float | None = None,
    now: datetime | None = None,
) -> RoomState:
    """Pauses the video shown where it is now, or at ``position`` (a seek while
    paused): ``video.paused``. Naming another video shows it paused there (at
    0 without a ``position``). Paused already without a ``position``: nothing
    changes."""
    return await _show_video(
        session, account, conference, file_id, url, position, paused=True, now=now
    )


async def stop_video(
    session: AsyncSession, account: Account, conference: Conference, now: datetime | None = None
) -> RoomState:
    """Stops the video: ``video.stopped``. No video shown is nothing to stop,
    and nothing is sent."""
    state = _open_state(account, conference)
    if state.video is None:
        return state
    await _record_video_stop(session, conference, state, now or utcnow())
    return await _save(session, conference, state.model_copy(update={"video": None}))


async def _show_video(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    file_id: str | None,
    url: str | None,
    position: float | None,
    *,
    paused: bool,
    now: datetime | None,
) -> RoomState:
    state = _open_state(account, conference)
    if position is not None and not 0 <= position <= VIDEO_POSITION_MAX:
        raise InvalidInput(f"position must be between 0 and {VIDEO_POSITION_MAX:,.0f} seconds")
    moment = now or utcnow()
    shown = state.video
    named = await _named_video(session, account, conference, shown, file_id, url)
    if named is None:
        if shown is None:
            raise NoVideoShown("no video is shown: give a file_id or a url")
        if position is None and shown.paused == paused:
            return state
        where = shown.position_at(moment) if position is None else round(position, 3)
        video = shown.model_copy(update={"position": where, "at": moment, "paused": paused})
    else:
        video_file_id, video_url = named
        where = 0 if position is None else round(position, 3)
        video = PlayingVideo(
            file_id=video_file_id, url=video_url, position=where, at=moment, paused=paused
        )
        await _record_slides_stop(session, conference, state, moment)
    event = "video.paused" if paused else "video.playing"
    await journal.record(session, conference, event, video_data(video), at=moment)
    return await _save(
        session, conference, state.model_copy(update={"video": video, "presentation": None})
    )


async def _named_video(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    shown: PlayingVideo | None,
    file_id: str | None,
    url: str | None,
) -> tuple[str | None, str] | None:
    """The video a command names — its file id (None for a link) and the URL
    clients play — or None when it names none or the one ``shown``."""
    if file_id is not None and url is not None:
        raise InvalidInput("give a file_id or a url, not both")
    if file_id is not None:
        if shown is not None and shown.file_id == file_id.strip():
            return None
        file = await content.get_file(session, account, conference, file_id)
        if not _is_video(file):
            raise NotAVideo(f"file {file.id} is {_kind(file)}, not a video")
        if not _playable_link(file):
            raise NotAVideo(f"file {file.id} links to a page that names no video")
        return file.id, await _playable_url(session, account, file)
    if url is not None:
        link = web_url(url, "url", InvalidVideoUrl)
        if link is None:
            raise InvalidVideoUrl("url must not be empty")
        if shown is not None and shown.file_id is None and shown.url == link:
            return None
        if not video_links.playable(link):
            raise InvalidVideoUrl(
                "url must be a YouTube or Vimeo video or a video file's URL "
                "(.mp4, .webm, .mov, .m3u8 …)"
            )
        return None, link
    return None


async def _playable_url(session: AsyncSession, account: Account, file: ConferenceFile) -> str:
    """What clients play for a pre-loaded file: the store's copy (``/files/<id>``,
    a path on the room's own server) once it is fetched and ready; until then,
    or when the fetch failed, the file's own URL."""
    if file.stored_file_id is not None:
        found = await files.files_by_id(session, account.id, [file.stored_file_id])
        stored = found.get(file.stored_file_id)
        if stored is not None and stored.state == FileState.READY:
            return file_url("", stored.id)
    return file.file_url


def slides_data(shown: ShownPresentation) -> dict[str, Any]:
    """The slide shown, as ``slides.shown`` and the snapshot's ``slides.current``
    say it: the page's image (``/files/<id>``, on the server the room is on), or
    the file's own URL (and ``pages`` null) when its pages are not rendered."""
    image_url = file_url("", shown.image_id) if shown.image_id else shown.url
    return {
        "file_id": shown.file_id,
        "page": shown.slide,
        "pages": shown.pages,
        "image_url": image_url,
    }


def video_data(video: PlayingVideo) -> dict[str, Any]:
    """The video as ``video.playing``, ``video.paused`` and ``video.stopped`` say
    it: at ``position`` seconds at the moment ``at``."""
    return {"url": video.url, "position": video.position, "at": journal.timestamp(video.at)}


def video_snapshot(video: PlayingVideo | None) -> dict[str, Any] | None:
    """The snapshot's ``video``: as in its last ``video.playing`` or
    ``video.paused``, and whether it is ``paused``; None when none is shown."""
    if video is None:
        return None
    return {**video_data(video), "paused": video.paused}


async def _record_slides_stop(
    session: AsyncSession, conference: Conference, state: RoomState, moment: datetime
) -> None:
    if state.presentation is not None:
        data = {"file_id": state.presentation.file_id}
        await journal.record(session, conference, "slides.stopped", data, at=moment)


async def _record_video_stop(
    session: AsyncSession, conference: Conference, state: RoomState, moment: datetime
) -> None:
    """``video.stopped`` with where it stopped (`PlayingVideo.position_at`)."""
    video = state.video
    if video is None:
        return
    stopped = video.model_copy(update={"position": video.position_at(moment), "at": moment})
    await journal.record(session, conference, "video.stopped", video_data(stopped), at=moment)


async def finish(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    by: Actor,
    now: datetime | None = None,
) -> Conference:
    """Ends the conference (``lifecycle.end``) and empties its room: everyone
    (virtual participants too) leaves, the presentation and video stop (their
    stop events come before ``room.ended``, which closes the sockets). The locks
    are kept, as the room was left."""
    moment = now or utcnow()
    state = RoomState.model_validate(conference.room_state or {})
    # Stored first so that sockets hear them before room.ended closes them; a
    # refused end rolls them back with the rest.
    await _record_slides_stop(session, conference, state, moment)
    await _record_video_stop(session, conference, state, moment)
    await lifecycle.end(session, account, conference, by=by, now=moment)
    repository = LiveRepository(session, account.id)
    await repository.close_visits(conference.id, moment)
    await repository.remove_bots(conference.id, moment)
    await _save(session, conference, state.model_copy(update={"presentation": None, "video": None}))
    return conference


# Helpers


def _ensure_open(account: Account, conference: Conference) -> None:
    ensure_owned(account, conference)
    lifecycle.ensure_not_closed(conference)


def _open_state(account: Account, conference: Conference) -> RoomState:
    _ensure_open(account, conference)
    return RoomState.model_validate(conference.room_state or {})


async def _save(session: AsyncSession, conference: Conference, state: RoomState) -> RoomState:
    # A new dict, so the JSON column is seen as changed.
    conference.room_state = state.model_dump(mode="json")
    await session.flush()
    return state


def _name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("a virtual participant needs a name")
    if len(clean) > NAME_MAX:
        raise InvalidInput(f"a name must be at most {NAME_MAX} characters")
    return clean


def _text(text: str) -> str:
    clean = text.strip()
    if not clean:
        raise InvalidInput("a chat message needs text")
    if len(clean) > TEXT_MAX:
        raise InvalidInput(f"a chat message must be at most {TEXT_MAX} characters")
    return clean


async def _enter(
    repository: LiveRepository,
    conference: Conference,
    role: str,
    name: str,
    *,
    email: str | None = None,
    country: str | None = None,
) -> Bot:
    moment = utcnow()
    bot = Bot(
        account_id=conference.account_id,
        conference_id=conference.id,
        role=role,
        name=name,
        email=email,
        country=country,
        created_at=moment,
    )
    await repository.add(bot)
    visit = Visit(
        account_id=conference.account_id,
        conference_id=conference.id,
        bot_id=bot.id,
        name=name,
        entered_at=moment,
    )
    await repository.add(visit)
    await _record_presence(
        repository.session, conference, "presence.joined", _bot_member(bot), moment
    )
    return bot


async def _leave(repository: LiveRepository, conference: Conference, bot: Bot) -> None:
    moment = utcnow()
    bot.removed_at = moment
    await repository.close_visits(conference.id, moment, bot_id=bot.id)
    await _record_presence(
        repository.session, conference, "presence.left", _bot_member(bot), moment
    )


async def _record_presence(
    session: AsyncSession,
    conference: Conference,
    event: str,
    member: dict[str, str],
    moment: datetime,
) -> None:
    """``presence.joined`` or ``presence.left``: told to presenters and moderators."""
    await journal.record(
        session, conference, event, {"member": member}, audience=journal.STAFF, at=moment
    )


def _bot_member(bot: Bot) -> dict[str, str]:
    """A virtual participant as the room shows members: always as a bot."""
    return {"member_id": bot.id, "name": bot.name, "role": BOT}


async def _virtual_moderator(repository: LiveRepository, conference: Conference, email: str) -> Bot:
    address = email.strip().lower()
    bot = await repository.present_bot_by_email(conference.id, address, MODERATOR)
    if bot is None:
        raise BotNotFound(f"no virtual moderator with e-mail {email.strip()} is in the room")
    return bot


async def _virtual_attendee(repository: LiveRepository, conference: Conference, bot_id: str) -> Bot:
    bot = await repository.present_bot(conference.id, bot_id.strip(), ATTENDEE)
    if bot is None:
        raise BotNotFound(f"no virtual attendee {bot_id.strip()} is in the room")
    return bot


async def _say(
    repository: LiveRepository, conference: Conference, bot: Bot, text: str
) -> ChatMessage:
    message = ChatMessage(
        account_id=conference.account_id,
        conference_id=conference.id,
        bot_id=bot.id,
        author_name=bot.name,
        author_role=BOT,
        text=text,
    )
    await repository.add(message)
    await journal.record(repository.session, conference, "chat.message", message_data(message))
    return message


def _is_video(file: ConferenceFile) -> bool:
    return file.file_type == "video"


def _playable_link(file: ConferenceFile) -> bool:
    """A stored file is a video by its bytes (an upload's URL has no suffix);
    a file only linked to must be a link the room plays."""
    return file.stored_file_id is not None or video_links.playable(file.file_url)


def _kind(file: ConferenceFile) -> str:
    if _is_video(file):
        return "a video"
    return {"audio": "an audio file"}.get(file.file_type, f"a {file.file_type} file")


async def _presences(
    session: AsyncSession, account: Account, conference: Conference, *, open_only: bool
) -> list[Presence]:
    ensure_owned(account, conference)
    rows = await LiveRepository(session, account.id).visits(conference.id, open_only=open_only)
    return [
        Presence(
            visit_id=visit.id,
            name=visit.name,
            entered_at=visit.entered_at,
            left_at=visit.left_at,
            person_id=visit.person_id,
            bot_id=visit.bot_id,
            role=bot.role if bot is not None else visit.role,
            email=bot.email if bot is not None else None,
            country=bot.country if bot is not None else None,
        )
        for visit, bot in rows
    ]


# The room's members (its socket: room/)


def message_data(message: ChatMessage) -> dict[str, Any]:
    """A chat line as the room shows it (``chat.message``)."""
    return {
        "id": message.id,
        "from": {
            "member_id": message.member_id or message.bot_id,
            "name": message.author_name,
            "role": message.author_role,
        },
        "text": message.text,
        "to": message.recipient,
    }


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


async def post_message(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    text: str,
    *,
    to: str | None = None,
) -> ChatMessage:
    """A member's chat line, to everyone or (``to="moderators"``) privately to the
    presenters and moderators. The locks apply to attendees only."""
    _ensure_open(account, conference)
    clean_text = _text(text)
    if to not in (None, TO_MODERATORS):
        raise InvalidInput(f'to must be "{TO_MODERATORS}" or absent')
    if not member.staff:
        state = RoomState.model_validate(conference.room_state or {})
        if state.chat_locked:
            raise ChatLocked("the chat is locked")
        if state.links_locked and has_link(clean_text):
            raise LinksLocked("links are not allowed in the chat now")
    message = ChatMessage(
        account_id=account.id,
        conference_id=conference.id,
        person_id=member.person_id,
        member_id=member.member_id,
        author_name=member.name,
        author_role=member.role,
        text=clean_text,
        recipient=to,
    )
    await LiveRepository(session, account.id).add(message)
    await journal.record(
        session, conference, "chat.message", message_data(message), **_heard_by(message)
    )
    return message


async def delete_message(
    session: AsyncSession, account: Account, conference: Conference, message_id: str
) -> ChatMessage:
    """Hides a chat line (kept, with ``deleted_at``, for reports)."""
    _ensure_open(account, conference)
    message = await LiveRepository(session, account.id).message(conference.id, message_id.strip())
    if message is None or message.deleted_at is not None:
        raise MessageNotFound(f"no chat message {message_id.strip()} in this room")
    message.deleted_at = utcnow()
    await journal.record(
        session, conference, "chat.deleted", {"id": message.id}, **_heard_by(message)
    )
    return message


def _heard_by(message: ChatMessage) -> dict[str, Any]:
    if message.recipient == TO_MODERATORS:
        return {"audience": journal.STAFF_AND_MEMBER, "member_id": message.member_id}
    return {"audience": journal.EVERYONE}


async def recent_messages(
    session: AsyncSession, account: Account, conference: Conference, viewer: Member, limit: int
) -> list[ChatMessage]:
    """The latest chat lines ``viewer`` may see, oldest first, deleted ones left out."""
    ensure_owned(account, conference)
    return await LiveRepository(session, account.id).recent_messages(
        conference.id, limit, None if viewer.staff else viewer.member_id
    )


def member_data(member: Member) -> dict[str, str]:
    return {"member_id": member.member_id, "name": member.name, "role": member.role}


async def enter(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    *,
    process_id: str,
    user_agent: str | None = None,
    now: datetime | None = None,
) -> bool:
    """The member is in the room, on a socket process ``process_id`` holds: a
    visit opens (``presence.joined``) unless one is open already (another tab,
    on this process or another, or a reconnect within the grace period). True
    when it opened. ``user_agent``: the socket's User-Agent, kept on the visit
    it opens."""
    ensure_owned(account, conference)
    moment = now or utcnow()
    repository = LiveRepository(session, account.id)
    await repository.hold(process_id, conference.id, member.member_id)
    # The open visit is locked, so a leaving that runs meanwhile (`count_out`)
    # sees this holding; if one closed it first, a new one opens.
    while not await repository.lock_open_visit(conference.id, member.member_id):
        if await repository.open_visit(
            conference.id,
            member.member_id,
            member.person_id,
            member.role,
            member.name,
            moment,
            user_agent[:500] if user_agent else None,
        ):
            if member.role == MODERATOR and conference.first_admin_enter_at is None:
                conference.first_admin_enter_at = moment
            await _record_presence(
                session, conference, "presence.joined", member_data(member), moment
            )
            return True
    return False


async def release(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    *,
    process_id: str,
    now: datetime | None = None,
) -> bool:
    """Process ``process_id`` holds no socket of the member any more (its grace
    period is over): they leave unless another live process holds one. True
    when they left."""
    ensure_owned(account, conference)
    await LiveRepository(session, account.id).let_go(process_id, conference.id, member.member_id)
    return await count_out(session, account, conference, member, now=now)


async def count_out(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    *,
    now: datetime | None = None,
) -> bool:
    """The member leaves (``presence.left``) unless a live process holds a
    socket of theirs (`RoomProcess.holds_until`). True when they left."""
    ensure_owned(account, conference)
    moment = now or utcnow()
    repository = LiveRepository(session, account.id)
    if not await repository.lock_open_visit(conference.id, member.member_id):
        return False
    if await repository.held(conference.id, member.member_id, moment):
        return False
    return await leave(session, account, conference, member, moment)


async def leave(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    now: datetime | None = None,
) -> bool:
    """The member has left, whoever holds their sockets (a ban): their open
    visit ends (``presence.left``). True when one was open."""
    ensure_owned(account, conference)
    moment = now or utcnow()
    closed = await LiveRepository(session, account.id).close_member_visits(
        conference.id, member.member_id, moment
    )
    if closed:
        await _record_presence(session, conference, "presence.left", member_data(member), moment)
    return closed


async def count_presence(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    interval: float,
    now: datetime | None = None,
) -> float:
    """Stores ``presence.count`` (the open visits) if it differs from the last
    one stored, whichever process stored that, and at most once per
    ``interval`` seconds. 0 when done; else the seconds to wait before asking
    again. The room's numbers are held first, so two processes counting at
    once store one count, not the same count twice."""
    ensure_owned(account, conference)
    moment = now or utcnow()
    await journal.hold_numbers(session, conference)
    count = await present_count(session, account, conference)
    last = await journal.latest(session, account, conference, "presence.count")
    if last is not None:
        if last.data.get("count") == count:
            return 0.0
        wait = interval - (moment - last.at).total_seconds()
        if wait > 0:
            return wait
    await journal.record(session, conference, "presence.count", {"count": count}, at=moment)
    return 0.0


async def present_count(session: AsyncSession, account: Account, conference: Conference) -> int:
    """How many are in the room now, virtual participants included."""
    ensure_owned(account, conference)
    return await LiveRepository(session, account.id).open_visit_count(conference.id)


async def present_members(
    session: AsyncSession, account: Account, conference: Conference
) -> list[dict[str, str | None]]:
    """Who is in the room now, as the staff's member list shows them (virtual
    participants as bots), in the order they entered."""
    ensure_owned(account, conference)
    rows = await LiveRepository(session, account.id).visits(conference.id, open_only=True)
    return [
        {
            "member_id": visit.member_id or visit.bot_id or visit.person_id,
            "name": visit.name,
            "role": BOT if bot is not None else visit.role,
        }
        for visit, bot in rows
    ]


async def start(
    session: AsyncSession, account: Account, conference: Conference, *, by: Actor
) -> Conference:
    """The webinar goes live from its room (``lifecycle.start``)."""
    return await lifecycle.start(session, account, conference, by=by)
