"""``GET /room/ws?ticket=…&since=…``: the room's WebSocket (docs/room-protocol.md).

A connection: the ticket is read (`room.tickets`; 4401 when refused) and the
member admitted (`access.admission`; 4403, or 4409 once the room has ended);
the member enters (a visit, ``presence.joined``); the socket gets the
``room.snapshot`` — or, with ``since``, the events it missed — then every event
it may see, in ``seq`` order. Each command is one short read-write unit of
work; its events are stored in it and reach the sockets after the commit
(`live.journal`, `room.hub`), its reply once it has committed.

Bad input never crashes the room: a frame that is not a JSON object with a
``cmd``, an unknown command or wrong data is answered ``invalid_input``; a
command the member's role may not give, ``forbidden``; a frame over 16 KiB
closes the socket with 1009; a socket silent for ``room_idle_seconds`` is
closed (1000).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from webinarium.access import bans
from webinarium.access.admission import Admission, Member, admit, role_of
from webinarium.access.errors import NotAdmitted, RoomClosed
from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.attention import service as attention
from webinarium.conferences import lifecycle
from webinarium.conferences.errors import AlreadyEnded, Cancelled, ConferenceNotFound, NotStarted
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import get_conference
from webinarium.content import offers
from webinarium.content import room as handouts
from webinarium.content import service as content
from webinarium.kit.actors import Actor
from webinarium.kit.after_commit import after_commit
from webinarium.kit.errors import DomainError, InvalidInput, NotFound, invalid_input_from
from webinarium.kit.ids import new_id
from webinarium.kit.logs import log_context, log_field
from webinarium.kit.time import utcnow
from webinarium.kit.urls import URL_MAX
from webinarium.live import journal
from webinarium.live import service as live
from webinarium.live.errors import MemberNotFound
from webinarium.live.journal import timestamp
from webinarium.media import recording
from webinarium.media.ice import ice_servers
from webinarium.media.sessions import MEDIA_COMMANDS, MediaRelay
from webinarium.media.webcast import Webcasts
from webinarium.models import Account, Conference
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person
from webinarium.polls import room as polls
from webinarium.polls.schemas import Ballot
from webinarium.qa import service as qa
from webinarium.room.hub import Connection, Hub, Rooms
from webinarium.room.poll_results import results_soon
from webinarium.room.tickets import TicketRefused, read_ticket

log = logging.getLogger(__name__)

FRAME_LIMIT = 16 * 1024
# A reconnect this many events behind (or more) gets a fresh snapshot instead of
# the events it missed: replaying is for a blip, not for an afternoon away.
REPLAY_LIMIT = 500
# Chat lines in a snapshot.
RECENT_CHAT = 50
UNAUTHORIZED, REFUSED, ENDED, TOO_BIG, NORMAL = 4401, 4403, 4409, 1009, 1000


class RoomError(DomainError):
    """A refusal the protocol names (``forbidden``, ``rate_limited``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# Domain codes the protocol names as they are.
PASSED_ON = frozenset(
    {
        "forbidden",
        "chat_locked",
        "links_locked",
        "rate_limited",
        "room_not_open",
        "poll_closed",
        "already_voted",
        "attention_expired",
        "offer_not_shown",
        "media_unavailable",
    }
)


def error_code(error: DomainError) -> str:
    """A domain refusal in the protocol's words."""
    if isinstance(error, AlreadyEnded | Cancelled | RoomClosed):
        return "room_ended"
    if isinstance(error, NotStarted):
        return "room_not_open"
    if isinstance(error, NotFound):
        return "not_found"
    if error.code in PASSED_ON:
        return error.code
    return "invalid_input"


# Frames


class Frame(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: StrictInt | StrictStr = Field(union_mode="left_to_right")
    cmd: str = Field(min_length=1, max_length=40)
    data: dict[str, Any] = Field(default_factory=dict)


class Data(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ChatSend(Data):
    text: str = Field(max_length=live.TEXT_MAX * 2)
    to: str | None = None


class MessageRef(Data):
    message_id: str = Field(max_length=40)


class Ask(Data):
    text: str = Field(max_length=qa.TEXT_MAX * 2)


class QuestionRef(Data):
    question_id: str = Field(max_length=40)


class AnswerData(QuestionRef):
    text: str = Field(max_length=qa.TEXT_MAX * 2)


class PollRef(Data):
    poll_id: str = Field(max_length=40)


class VoteData(PollRef):
    choice_ids: list[str] = Field(default_factory=list, max_length=100)
    score: int | None = None
    answer: str | None = Field(default=None, max_length=4000)


class CheckRef(Data):
    check_id: str = Field(max_length=40)


class HandoutRef(Data):
    handout_id: str = Field(max_length=40)


class OfferRef(Data):
    offer_id: str = Field(max_length=40)


class MemberRef(Data):
    member_id: str = Field(max_length=40)


class SlidesShow(Data):
    file_id: str = Field(max_length=40)
    page: StrictInt = Field(ge=1)


class VideoData(Data):
    """A video (a pre-loaded file or a link; neither: the one shown) and where."""

    file_id: str | None = Field(default=None, max_length=40)
    url: str | None = Field(default=None, max_length=URL_MAX)
    position: float | None = Field(default=None, strict=True, allow_inf_nan=False)


def _reply(re: Any, data: dict[str, Any] | None = None) -> str:
    frame: dict[str, Any] = {"re": re, "ok": True}
    if data is not None:
        frame["data"] = data
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


def _refusal(re: Any, code: str, message: str) -> str:
    return json.dumps(
        {"re": re, "ok": False, "error": {"code": code, "message": message}},
        ensure_ascii=False,
        separators=(",", ":"),
    )


# Commands


@dataclass(frozen=True)
class Context:
    session: AsyncSession
    account: Account
    conference: Conference
    member: Member
    hub: Hub

    @property
    def actor(self) -> Actor:
        if self.member.person_id is None:
            return Actor("host")
        return Actor("person", self.member.person_id)


Handler = Callable[[Context, Any], Awaitable[dict[str, Any] | None]]
EVERYONE = frozenset({"attendee", "presenter", "moderator"})
STAFF = frozenset({"presenter", "moderator"})
MODERATORS = frozenset({"moderator"})
ATTENDEES = frozenset({"attendee"})


@dataclass(frozen=True)
class Command:
    roles: frozenset[str]
    data: type[Data]
    handler: Handler


@asynccontextmanager
async def _rate_limited(ctx: Context) -> AsyncIterator[None]:
    """One of the member's message allowance (`Hub.allow_message`), given back
    if the message is refused."""
    if not await ctx.hub.allow_message(ctx.member):
        raise RoomError("rate_limited", "too many messages: wait a moment")
    try:
        yield
    except DomainError:
        await ctx.hub.refund_message(ctx.member)
        raise


async def _chat_send(ctx: Context, data: ChatSend) -> dict[str, Any]:
    async with _rate_limited(ctx):
        message = await live.post_message(
            ctx.session, ctx.account, ctx.conference, ctx.member, data.text, to=data.to
        )
    return {"id": message.id}


async def _chat_delete(ctx: Context, data: MessageRef) -> None:
    await live.delete_message(ctx.session, ctx.account, ctx.conference, data.message_id)


def _lock(*, chat: bool, locked: bool) -> Handler:
    async def handler(ctx: Context, _: Data) -> None:
        change = live.lock_chat if chat else live.lock_links
        await change(ctx.session, ctx.account, ctx.conference, locked=locked)

    return handler


async def _qa_ask(ctx: Context, data: Ask) -> dict[str, Any]:
    async with _rate_limited(ctx):
        question = await qa.ask(ctx.session, ctx.account, ctx.conference, ctx.member, data.text)
    return {"id": question.id, "status": question.status}


async def _qa_upvote(ctx: Context, data: QuestionRef) -> dict[str, Any]:
    question, counted = await qa.upvote(
        ctx.session, ctx.account, ctx.conference, ctx.member, data.question_id
    )
    return {"id": question.id, "votes": question.votes, "counted": counted}


async def _qa_answer(ctx: Context, data: AnswerData) -> None:
    await qa.answer(
        ctx.session, ctx.account, ctx.conference, ctx.member, data.question_id, data.text
    )


async def _qa_dismiss(ctx: Context, data: QuestionRef) -> None:
    await qa.dismiss(ctx.session, ctx.account, ctx.conference, ctx.member, data.question_id)


async def _qa_approve(ctx: Context, data: QuestionRef) -> None:
    await qa.approve(ctx.session, ctx.account, ctx.conference, ctx.member, data.question_id)


async def _poll_open(ctx: Context, data: PollRef) -> None:
    await polls.open_poll(ctx.session, ctx.account, ctx.conference, data.poll_id)


async def _poll_close(ctx: Context, data: PollRef) -> None:
    await polls.close_poll(ctx.session, ctx.account, ctx.conference, data.poll_id)


async def _poll_vote(ctx: Context, data: VoteData) -> None:
    ballot = Ballot(choice_ids=data.choice_ids, score=data.score, answer=data.answer)
    await polls.vote(ctx.session, ctx.account, ctx.conference, ctx.member, data.poll_id, ballot)
    hub, poll_id = ctx.hub, data.poll_id.strip()
    after_commit(ctx.session, lambda: results_soon(hub, poll_id))


async def _attention_ack(ctx: Context, data: CheckRef) -> dict[str, Any]:
    ask = await attention.acknowledge(
        ctx.session, ctx.account, ctx.conference, ctx.member, data.check_id, utcnow()
    )
    answered_at = timestamp(ask.answered_at) if ask.answered_at else None
    return {"check_id": ask.check_id, "answered_at": answered_at}


async def _slides_show(ctx: Context, data: SlidesShow) -> None:
    await live.show_presentation(
        ctx.session,
        ctx.account,
        ctx.conference,
        file_id=data.file_id,
        slide=data.page,
        rendered_only=True,
    )


def _video(show: Callable[..., Awaitable[Any]]) -> Handler:
    """``video.play`` or ``video.pause`` (``live.play_video`` / ``pause_video``)."""

    async def handler(ctx: Context, data: VideoData) -> None:
        await show(
            ctx.session,
            ctx.account,
            ctx.conference,
            file_id=data.file_id,
            url=data.url,
            position=data.position,
        )

    return handler


async def _video_stop(ctx: Context, _: Data) -> None:
    await live.stop_video(ctx.session, ctx.account, ctx.conference)


def _handout(action: handouts.HandoutAction) -> Handler:
    async def handler(ctx: Context, data: HandoutRef) -> dict[str, Any]:
        url = await handouts.open_handout(
            ctx.session, ctx.account, ctx.conference, ctx.member, data.handout_id, action
        )
        return {"url": url}

    return handler


async def _offer_show(ctx: Context, data: OfferRef) -> None:
    by = f"{ctx.member.member_id} {ctx.member.name}"
    await offers.show_offer(ctx.session, ctx.account, ctx.conference, data.offer_id, by=by)


async def _offer_hide(ctx: Context, data: OfferRef) -> None:
    await offers.hide_offer(ctx.session, ctx.account, ctx.conference, data.offer_id)


async def _offer_click(ctx: Context, data: OfferRef) -> dict[str, Any]:
    offer = await offers.click(ctx.session, ctx.account, ctx.conference, ctx.member, data.offer_id)
    return {"url": offer.url}


async def _offer_view(ctx: Context, data: OfferRef) -> dict[str, Any]:
    counted = await offers.view(ctx.session, ctx.account, ctx.conference, ctx.member, data.offer_id)
    return {"counted": counted}


async def _room_start(ctx: Context, _: Data) -> None:
    await live.start(ctx.session, ctx.account, ctx.conference, by=ctx.actor)


async def _room_end(ctx: Context, _: Data) -> None:
    await live.finish(ctx.session, ctx.account, ctx.conference, by=ctx.actor)


async def _member_ban(ctx: Context, data: MemberRef) -> None:
    """Only an attendee can be banned: the staff are the organiser's choice."""
    try:
        person = await find_person(ctx.session, ctx.account, person_id=data.member_id)
    except PersonNotFound:
        raise MemberNotFound(f"no member {data.member_id} in this room") from None
    if await role_of(ctx.session, ctx.account, ctx.conference, person) != "attendee":
        raise RoomError("forbidden", "presenters and moderators cannot be banned")
    lifecycle.ensure_not_closed(ctx.conference)
    await bans.ban(
        ctx.session,
        ctx.account,
        ctx.conference,
        person,
        by=f"{ctx.member.member_id} {ctx.member.name}"[:240],
    )
    banned = Member(person.id, "", "attendee", person.id)
    await live.leave(ctx.session, ctx.account, ctx.conference, banned)
    await journal.record(ctx.session, ctx.conference, "member.banned", {"member_id": person.id})


COMMANDS: dict[str, Command] = {
    "chat.send": Command(EVERYONE, ChatSend, _chat_send),
    "chat.delete": Command(MODERATORS, MessageRef, _chat_delete),
    "chat.lock": Command(MODERATORS, Data, _lock(chat=True, locked=True)),
    "chat.unlock": Command(MODERATORS, Data, _lock(chat=True, locked=False)),
    "chat.links_lock": Command(MODERATORS, Data, _lock(chat=False, locked=True)),
    "chat.links_unlock": Command(MODERATORS, Data, _lock(chat=False, locked=False)),
    "qa.ask": Command(EVERYONE, Ask, _qa_ask),
    "qa.upvote": Command(EVERYONE, QuestionRef, _qa_upvote),
    "qa.answer": Command(STAFF, AnswerData, _qa_answer),
    "qa.dismiss": Command(MODERATORS, QuestionRef, _qa_dismiss),
    "qa.approve": Command(MODERATORS, QuestionRef, _qa_approve),
    "poll.open": Command(STAFF, PollRef, _poll_open),
    "poll.close": Command(STAFF, PollRef, _poll_close),
    "poll.vote": Command(ATTENDEES, VoteData, _poll_vote),
    "slides.show": Command(STAFF, SlidesShow, _slides_show),
    "handout.view": Command(EVERYONE, HandoutRef, _handout("view")),
    "handout.download": Command(EVERYONE, HandoutRef, _handout("download")),
    "offer.show": Command(STAFF, OfferRef, _offer_show),
    "offer.hide": Command(STAFF, OfferRef, _offer_hide),
    "offer.click": Command(ATTENDEES, OfferRef, _offer_click),
    "offer.view": Command(ATTENDEES, OfferRef, _offer_view),
    "video.play": Command(STAFF, VideoData, _video(live.play_video)),
    "video.pause": Command(STAFF, VideoData, _video(live.pause_video)),
    "video.stop": Command(STAFF, Data, _video_stop),
    "room.start": Command(STAFF, Data, _room_start),
    "room.end": Command(STAFF, Data, _room_end),
    "member.ban": Command(MODERATORS, MemberRef, _member_ban),
    "attention.ack": Command(ATTENDEES, CheckRef, _attention_ack),
    # Recording (media/recording.py): Janus records the room; the MP4 follows the stop.
    "room.record.start": Command(MODERATORS, Data, recording.record_start),
    "room.record.stop": Command(MODERATORS, Data, recording.record_stop),
}
# The socket


@dataclass(frozen=True)
class Entered:
    account_id: str
    conference_id: str
    admission: Admission
    # The ticket's own exit address (`room.tickets`), sent in its room.ended.
    exit_url: str | None


async def _enter(rooms: Rooms, ticket_text: str) -> Entered | tuple[int, str]:
    """The admitted member, or the close code and reason of a refusal."""
    async with rooms.database.read() as session:
        try:
            ticket = await read_ticket(session, rooms.settings.secret_key, ticket_text)
            account = await get_account(session, ticket.account_id)
            conference = await get_conference(session, account, ticket.conference_id)
        except (TicketRefused, AccountNotFound, ConferenceNotFound) as error:
            return UNAUTHORIZED, _reason(error)
        try:
            admission = await admit(session, account, conference, ticket.knock)
        except RoomClosed as error:
            return ENDED, _reason(error)
        except NotAdmitted as error:
            return REFUSED, _reason(error)
    return Entered(account.id, conference.id, admission, ticket.exit_url)


def _reason(error: DomainError) -> str:
    # A close reason is at most 123 bytes.
    return f"{error.code}: {error.message}".encode()[:120].decode(errors="ignore")


def _since(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


async def _first_frames(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    since: int | None,
    media: Media,
) -> tuple[list[str], int]:
    """The snapshot, or the missed events after ``since``; and the seq they are
    current to. The seq is read first: what the snapshot shows is at least that
    recent (an event after it may repeat part of it: clients apply events by id)."""
    current = await journal.last_seq(session, account, conference)
    if since is not None and current - REPLAY_LIMIT <= since <= current:
        rows = await journal.events_after(session, account, conference, since, viewer=member)
        return [journal.announced(row).frame for row in rows if row.seq <= current], current
    snapshot = await _snapshot(session, account, conference, member, media)
    frame = {"seq": current, "event": "room.snapshot", "at": timestamp(utcnow()), "data": snapshot}
    return [json.dumps(frame, ensure_ascii=False, separators=(",", ":"))], current


@dataclass(frozen=True)
class Media:
    """What a snapshot's ``media`` is made of, read before its unit of work
    (Janus is asked outside any transaction)."""

    relay: MediaRelay
    ice_servers: list[dict[str, Any]]
    feeds: list[dict[str, Any]]
    webcasts: Webcasts | None = None


async def _snapshot(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    member: Member,
    media: Media,
) -> dict[str, Any]:
    state = await live.room_state(session, account, conference)
    messages = await live.recent_messages(session, account, conference, member, RECENT_CHAT)
    questions = await qa.questions(session, account, conference, member)
    upvoted = await qa.upvoted(session, account, conference, member)
    poll_lists = await polls.snapshot(session, account, conference, member)
    offer_keys = await offers.snapshot(session, account, conference, member)
    return {
        "conference": {
            "id": conference.id,
            "title": conference.title,
            "status": lifecycle.room_status(conference, utcnow()),
            "starts_at": timestamp(conference.start_at),
            "ends_at": timestamp(conference.end_at),
        },
        "me": live.member_data(member),
        "presence": {
            "count": await live.present_count(session, account, conference),
            "members": (
                await live.present_members(session, account, conference) if member.staff else None
            ),
        },
        "chat": {
            "locked": state.chat_locked,
            "links_locked": state.links_locked,
            "recent": [live.message_data(m) for m in messages],
        },
        "qa": {
            "moderated": settings_of(conference).moderate_questions,
            "questions": [{**qa.listed_data(q), "voted": q.id in upvoted} for q in questions],
        },
        **poll_lists,
        "slides": {
            "files": (await live.slide_decks(session, account, conference) if member.staff else []),
            "current": live.slides_data(state.presentation) if state.presentation else None,
        },
        "video": live.video_snapshot(state.video),
        "video_files": (
            await live.video_files(session, account, conference) if member.staff else []
        ),
        "attention": await attention.snapshot(session, account, conference, member, utcnow()),
        "handouts": await content.handouts_data(session, account, conference),
        **offer_keys,
        "media": {
            "ice_servers": media.ice_servers,
            # Media: live audio and video (media/sessions.py).
            **await media.relay.snapshot(session, account, conference, member, media.feeds),
            "recording": await recording.is_recording(session, account, conference),
            # Webcast mode: the HLS stream for this member, or None (media/webcast.py).
            "webcast": (
                await media.webcasts.snapshot(session, account, conference, member)
                if media.webcasts
                else None
            ),
        },
    }


PATH = "/room/ws"


class RoomSockets:
    """Serves ``/room/ws`` ahead of FastAPI's router and middlewares (added
    outermost): a room socket lives for hours, and what those layers keep per
    connection (dependency solving, three ``AsyncExitStack``s, the exception
    handlers' wrappers around ``send`` and ``receive``) cost it memory while
    idle and time on every frame sent (docs/performance.md, "Room fan-out")."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == PATH:
            await room_socket(WebSocket(scope, receive, send))
        else:
            await self.app(scope, receive, send)


async def room_socket(websocket: WebSocket) -> None:
    rooms: Rooms = websocket.app.state.rooms
    await websocket.accept()
    entered = await _enter(rooms, websocket.query_params.get("ticket", ""))
    if isinstance(entered, tuple):
        await websocket.close(*entered)
        return
    member = entered.admission.member
    hub = await rooms.hub(entered.account_id, entered.conference_id)
    connection = Connection(
        websocket, member, rooms.metrics.room_frames_sent, exit_url=entered.exit_url
    )
    hub.attach(connection)
    relay: MediaRelay = websocket.app.state.media
    relay.join(hub, connection)
    try:
        await _serve(rooms, hub, connection, _since(websocket.query_params.get("since")))
    finally:
        hub.detach(connection)
        try:
            await relay.leave(connection)
        except Exception:
            log.exception("closing a socket's media failed")
        connection.close(NORMAL, "")
        with suppress(Exception):
            await asyncio.wait_for(connection.sender, timeout=5)
        rooms.release(hub)


async def _serve(rooms: Rooms, hub: Hub, connection: Connection, since: int | None) -> None:
    member = connection.member

    async def enter(session: AsyncSession, account: Account, conference: Conference) -> None:
        await live.enter(
            session,
            account,
            conference,
            member,
            process_id=rooms.process_id,
            user_agent=connection.websocket.headers.get("user-agent"),
        )

    await rooms.run(hub, enter)
    first: tuple[list[str], int] = ([], 0)
    relay: MediaRelay = connection.websocket.app.state.media
    media = Media(
        relay,
        ice_servers(rooms.settings, member.member_id, rooms.clock.now()),
        await relay.feeds_now(hub.conference_id) if since is None else [],
        rooms.webcasts,
    )

    async def read(session: AsyncSession, account: Account, conference: Conference) -> None:
        nonlocal first
        first = await _first_frames(session, account, conference, member, since, media)

    await rooms.run(hub, read, write=False)
    frames, current = first
    for frame in frames:
        connection.send(frame)
    connection.go_live(current)
    websocket = connection.websocket
    # Each command's log lines carry the socket's id and the command's number.
    socket_id = log_field("request_id") or new_id()
    commands = 0
    while websocket.application_state == WebSocketState.CONNECTED:
        try:
            async with asyncio.timeout(rooms.settings.room_idle_seconds):
                message = await websocket.receive()
        except TimeoutError:
            connection.close(NORMAL, "silent too long")
            return
        except (WebSocketDisconnect, RuntimeError):
            return
        if message["type"] == "websocket.disconnect":
            return
        rooms.metrics.room_frames_received.inc()
        text = message.get("text")
        if text is None:
            connection.send(_refusal(None, "invalid_input", "frames are JSON text"))
            continue
        if len(text) > FRAME_LIMIT or len(text.encode()) > FRAME_LIMIT:
            connection.close(TOO_BIG, "frame over 16 KiB")
            return
        connection.commanding()
        commands += 1
        with log_context(request_id=f"{socket_id}.{commands}"):
            connection.reply(await _command(rooms, hub, connection, text))


async def _command(rooms: Rooms, hub: Hub, connection: Connection, text: str) -> str:
    """The reply to one frame."""
    member = connection.member
    try:
        raw = json.loads(text)
    except ValueError:
        return _refusal(None, "invalid_input", "a frame is a JSON object")
    re = raw.get("id") if isinstance(raw, dict) else None
    re = re if isinstance(re, int | str) and not isinstance(re, bool) else None
    try:
        frame = Frame.model_validate(raw)
    except ValidationError as error:
        return _refusal(re, "invalid_input", invalid_input_from(error).message)
    if frame.cmd == "ping":
        return _reply(frame.id)
    if frame.cmd == "media.ice_servers":
        # Fresh TURN credentials without a new snapshot (a resumed socket gets
        # none): no database, nothing to refuse.
        now = rooms.clock.now()
        return _reply(frame.id, {"ice_servers": ice_servers(rooms.settings, member.member_id, now)})
    if frame.cmd in MEDIA_COMMANDS:
        return await _media_command(hub, connection, frame)
    command = COMMANDS.get(frame.cmd)
    if command is None:
        return _refusal(frame.id, "invalid_input", f"command {frame.cmd!r} is unknown")
    if member.role not in command.roles:
        return _refusal(frame.id, "forbidden", f"a {member.role} may not give {frame.cmd}")
    try:
        data = command.data.model_validate(frame.data)
    except ValidationError as error:
        return _refusal(frame.id, "invalid_input", invalid_input_from(error).message)
    result: dict[str, Any] | None = None

    async def run(session: AsyncSession, account: Account, conference: Conference) -> None:
        nonlocal result
        result = await command.handler(Context(session, account, conference, member, hub), data)

    async def in_transaction() -> dict[str, Any] | None:
        await rooms.run(hub, run)
        return result

    return await _answer(frame, in_transaction())


async def _media_command(hub: Hub, connection: Connection, frame: Frame) -> str:
    """A media command: relayed to Janus by the socket's media (media/sessions.py),
    which checks the roles and the data itself (who may publish is the stage's
    to say, read at each command)."""
    relay: MediaRelay = connection.websocket.app.state.media
    return await _answer(frame, relay.command(hub, connection, frame.cmd, frame.data))


async def _answer(frame: Frame, outcome: Awaitable[dict[str, Any] | None]) -> str:
    """The reply to a command: its outcome, or its refusal in the envelope — an
    unexpected failure too, never a dropped socket."""
    try:
        result = await outcome
    except DomainError as error:
        return _refusal(frame.id, error_code(error), error.message)
    except Exception:
        log.exception("room command %s failed", frame.cmd)
        return _refusal(frame.id, "invalid_input", "the command failed; nothing was changed")
    return _reply(frame.id, result)


__all__ = ["FRAME_LIMIT", "PATH", "InvalidInput", "RoomSockets"]
