"""The media of the room's sockets: signalling relayed between the browser and
Janus (docs/room-protocol.md, "Media: live audio and video").

The browser never talks to Janus. Each socket of this process has its
`SocketMedia`: the Janus handle of each feed it publishes (one per kind,
camera or screen) and of each feed it subscribes to; they close with the
socket. The room's roles decide who publishes: presenters, moderators, and
attendees a moderator brought on the stage (`media.stage`).

What is published is read from Janus (``listparticipants``): the truth across
the server's processes, which share one Janus. A feed's Janus ``display`` is a
small JSON object naming its member, name, kind and audio/video flags.

Janus down (killed, restarting): its handles are gone with the connection;
every feed of this process is journaled unpublished (reason
``media_server_restarted``) and every socket here is told ``media.status``
down, then up once connected again: pages publish again.

No database transaction waits on Janus: the Janus requests of a command run
first, its events are journaled after them in a short unit of work.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.kit.errors import DomainError, InvalidInput, NotFound, invalid_input_from
from webinarium.kit.tasks import cancel_and_wait
from webinarium.live import journal
from webinarium.live import service as live
from webinarium.live.errors import MemberNotFound
from webinarium.media import stage
from webinarium.media.janus import NO_JANUS, Janus, JanusStatus
from webinarium.media.janus_client import JanusError, JanusUnavailable, Message, PluginHandle
from webinarium.media.janus_process import INSTALL_HINT
from webinarium.media.rooms import Videorooms, videoroom_id, videoroom_secret
from webinarium.models import Account, Conference
from webinarium.room.hub import Connection, Hub, Rooms

log = logging.getLogger(__name__)

Kind = Literal["camera", "screen"]
Reason = Literal["stopped", "left", "media_server_restarted", "removed_from_stage"]
# The videoroom plugin's codes: no such room (nobody published since Janus
# started), no such feed.
NO_SUCH_ROOM = 426
NO_SUCH_FEED = 428
# A snapshot does not wait long for Janus's list of feeds: a late joiner's
# page gets the room without them rather than late (events follow).
SNAPSHOT_FEEDS_SECONDS = 3.0
SDP_MAX = 64 * 1024
# A publisher's PeerConnection ended: how long its socket's close is waited
# for (the feed then ends as "left", else as "stopped").
HANGUP_GRACE_SECONDS = 1.0


class MediaRefused(DomainError):
    """A media command refused with a code of the protocol's (``forbidden``,
    ``media_unavailable``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# Commands' data


class _Data(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PublishData(_Data):
    sdp: str = Field(min_length=1, max_length=SDP_MAX)
    kind: Kind = "camera"
    audio: bool = True
    video: bool = True


class FeedRef(_Data):
    feed_id: str = Field(min_length=1, max_length=40)


class UpdateData(FeedRef):
    audio: bool
    video: bool


class SubscriptionRef(_Data):
    subscription: str = Field(min_length=1, max_length=40)


class AnswerData(SubscriptionRef):
    sdp: str = Field(min_length=1, max_length=SDP_MAX)


class Candidate(_Data):
    candidate: str = Field(max_length=2048)
    sdpMid: str | None = Field(default=None, max_length=64)
    sdpMLineIndex: int | None = Field(default=None, ge=0, le=1024)


class IceData(_Data):
    feed_id: str | None = Field(default=None, max_length=40)
    subscription: str | None = Field(default=None, max_length=40)
    candidate: Candidate | None

    @model_validator(mode="after")
    def _exactly_one_target(self) -> IceData:
        if (self.feed_id is None) == (self.subscription is None):
            raise ValueError("give exactly one of feed_id and subscription")
        return self


class StageData(_Data):
    member_id: str = Field(min_length=1, max_length=40)
    on: bool


# Feeds


def _display(member: Member, kind: str, audio: bool, video: bool) -> str:
    return json.dumps(
        {"member_id": member.member_id, "name": member.name, "kind": kind, "a": audio, "v": video},
        separators=(",", ":"),
    )


def feed_of(participant: Message) -> dict[str, Any] | None:
    """A Janus participant as the protocol's Feed; None for one that is not a
    publisher of ours."""
    if not participant.get("publisher"):
        return None
    try:
        display = json.loads(str(participant.get("display", "")))
        return {
            "feed_id": str(participant["id"]),
            "member_id": str(display["member_id"]),
            "name": str(display["name"]),
            "kind": str(display["kind"]),
            "audio": bool(display["a"]),
            "video": bool(display["v"]),
        }
    except (ValueError, KeyError, TypeError):
        return None


@dataclass
class Publication:
    feed: dict[str, Any]
    handle: PluginHandle
    # media.published journaled (its media flowed): its end is journaled too.
    announced: bool = False


@dataclass
class Subscription:
    feed_id: str
    handle: PluginHandle


@dataclass
class SocketMedia:
    """One socket's media: what it publishes (by kind) and subscribes to."""

    hub: Hub
    connection: Connection
    publications: dict[str, Publication] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)

    @property
    def member(self) -> Member:
        return self.connection.member

    def publication(self, feed_id: str) -> Publication | None:
        return next((p for p in self.publications.values() if p.feed["feed_id"] == feed_id), None)


class MediaRelay:
    """The signalling relay of this process (``app.state.media``)."""

    def __init__(self, janus: Janus, videorooms: Videorooms, rooms: Rooms) -> None:
        self.janus = janus
        self.videorooms = videorooms
        self.rooms = rooms
        self._sockets: dict[Connection, SocketMedia] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        # Janus went down while up: the next "up" is told to the sockets.
        self._was_down = False
        if janus.client is not None:
            janus.client.listen(self._janus_status)

    @property
    def status(self) -> JanusStatus:
        return self.janus.status

    # Sockets

    def join(self, hub: Hub, connection: Connection) -> None:
        self._sockets[connection] = SocketMedia(hub, connection)

    async def leave(self, connection: Connection) -> None:
        """The socket closed: its feeds are unpublished (reason ``left``), its
        subscriptions end."""
        media = self._sockets.pop(connection, None)
        if media is None:
            return
        publications = list(media.publications.values())
        media.publications.clear()
        for subscription in media.subscriptions.values():
            await subscription.handle.detach()
        media.subscriptions.clear()
        live = [p for p in publications if not p.handle.closed]
        for publication in live:
            await publication.handle.detach()
        await self._journal_unpublished(media.hub, _announced(live), "left")

    # The snapshot

    async def snapshot(
        self,
        session: AsyncSession,
        account: Account,
        conference: Conference,
        member: Member,
        feeds: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """The snapshot's media keys of this part (``feeds`` read before, by
        `feeds_now`: no transaction waits on Janus)."""
        on_stage = await stage.members(session, account, conference)
        return {
            "status": str(self.status),
            "install_hint": INSTALL_HINT,
            "can_publish": member.staff or member.member_id in on_stage,
            "stage": on_stage,
            "feeds": feeds,
        }

    async def feeds_now(self, conference_id: str) -> list[dict[str, Any]]:
        """What is published in the conference's videoroom now ([] without
        Janus, or when it does not answer in time)."""
        client = self.janus.client
        if client is None or not client.connected:
            return []
        room = videoroom_id(self.videorooms.secret_key, conference_id)
        try:
            async with asyncio.timeout(SNAPSHOT_FEEDS_SECONDS):
                return await self._listed_feeds(room)
        except (TimeoutError, JanusError):
            return []

    async def _listed_feeds(self, room: int) -> list[dict[str, Any]]:
        client = self.janus.client
        if client is None:
            raise JanusUnavailable(NO_JANUS)
        try:
            listed = await client.videoroom({"request": "listparticipants", "room": room})
        except JanusError as error:
            if error.code == NO_SUCH_ROOM:
                return []
            raise
        feeds = (feed_of(p) for p in listed.get("participants", []))
        return [feed for feed in feeds if feed is not None]

    # Commands

    async def command(
        self, hub: Hub, connection: Connection, cmd: str, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Runs media command ``cmd`` of the socket; its reply's data. Refusals
        are `DomainError`s (the gateway words them)."""
        media = self._sockets.get(connection)
        if media is None:
            raise MediaRefused("media_unavailable", "this socket is closing")
        handler, model = _COMMANDS[cmd]
        try:
            parsed = model.model_validate(data)
        except ValidationError as error:
            raise invalid_input_from(error) from None
        self._ensure_up()
        try:
            result: dict[str, Any] | None = await handler(self, media, parsed)
        except JanusUnavailable as error:
            raise MediaRefused(
                "media_unavailable", f"the media server is down: {error.reason}"
            ) from None
        except JanusError as error:
            if error.code == NO_SUCH_FEED:
                raise NotFound("no such feed") from None
            raise InvalidInput(f"the media server refused: {error.reason}") from None
        return result

    def _ensure_up(self) -> None:
        status = self.status
        if status == JanusStatus.UNAVAILABLE:
            raise MediaRefused("media_unavailable", f"live video is not available: {NO_JANUS}")
        if status == JanusStatus.DOWN:
            raise MediaRefused(
                "media_unavailable", "the media server is restarting: try again in a moment"
            )

    async def _conference(self, hub: Hub, member: Member) -> tuple[Conference, bool]:
        """The conference, and whether ``member`` may publish in it."""
        found: tuple[Conference, bool] | None = None

        async def read(session: AsyncSession, account: Account, conference: Conference) -> None:
            nonlocal found
            may = member.staff or member.member_id in await stage.members(
                session, account, conference
            )
            found = (conference, may)

        await self.rooms.run(hub, read, write=False)
        assert found is not None
        return found

    async def _publish(self, media: SocketMedia, data: PublishData) -> dict[str, Any]:
        conference, may_publish = await self._conference(media.hub, media.member)
        if not may_publish:
            raise MediaRefused(
                "forbidden", "only presenters, moderators and members on the stage publish"
            )
        room = await self.videorooms.ensure_videoroom(conference)
        handle = await self._attach(media)
        try:
            body = {
                "request": "joinandconfigure",
                "ptype": "publisher",
                "room": room,
                "display": _display(media.member, data.kind, data.audio, data.video),
            }
            joined, jsep = await handle.message(body, {"type": "offer", "sdp": data.sdp})
            if jsep is None or "id" not in joined:
                raise InvalidInput("the media server gave no answer to this offer")
            feed = {
                "feed_id": str(joined["id"]),
                "member_id": media.member.member_id,
                "name": media.member.name,
                "kind": data.kind,
                "audio": data.audio,
                "video": data.video,
            }
        except BaseException:
            await handle.detach()
            raise
        # The kind's previous feed ends once the new one is accepted (a refused
        # offer leaves it as it was).
        previous = media.publications.pop(data.kind, None)
        if previous is not None:
            await previous.handle.detach()
            await self._journal_unpublished(media.hub, _announced([previous]), "stopped")
        # Announced once its media flows (Janus's webrtcup): a subscription
        # asked for before that is refused by Janus ("no such feed").
        media.publications[data.kind] = Publication(feed, handle)
        return {"feed_id": feed["feed_id"], "sdp": jsep["sdp"]}

    async def _unpublish(self, media: SocketMedia, data: FeedRef) -> None:
        own = media.publication(data.feed_id)
        if own is not None:
            del media.publications[own.feed["kind"]]
            await own.handle.detach()
            await self._journal_unpublished(media.hub, _announced([own]), "stopped")
            return
        feed = await self._feed(media.hub, data.feed_id)
        if feed["member_id"] != media.member.member_id and media.member.role != "moderator":
            raise MediaRefused("forbidden", "only a moderator unpublishes another's feed")
        await self._kick(media.hub, [feed], "stopped")

    async def _update(self, media: SocketMedia, data: UpdateData) -> None:
        own = media.publication(data.feed_id)
        if own is None:
            raise NotFound("no such feed of this socket's")
        display = _display(media.member, own.feed["kind"], data.audio, data.video)
        await own.handle.message({"request": "configure", "display": display})
        own.feed = {**own.feed, "audio": data.audio, "video": data.video}
        changed = {"feed_id": data.feed_id, "audio": data.audio, "video": data.video}
        await self._journal(media.hub, "media.updated", changed)

    async def _subscribe(self, media: SocketMedia, data: FeedRef) -> dict[str, Any]:
        if not data.feed_id.isdigit():
            raise NotFound("no such feed")
        conference, _ = await self._conference(media.hub, media.member)
        room = await self.videorooms.ensure_videoroom(conference)
        handle = await self._attach(media)
        try:
            body = {
                "request": "join",
                "ptype": "subscriber",
                "room": room,
                "streams": [{"feed": int(data.feed_id)}],
            }
            _, jsep = await handle.message(body)
            if jsep is None:
                raise InvalidInput("the media server made no offer for this feed")
        except BaseException:
            await handle.detach()
            raise
        subscription = secrets.token_hex(8)
        media.subscriptions[subscription] = Subscription(data.feed_id, handle)
        return {"subscription": subscription, "sdp": jsep["sdp"]}

    async def _answer(self, media: SocketMedia, data: AnswerData) -> None:
        subscription = self._subscription(media, data.subscription)
        await subscription.handle.message({"request": "start"}, {"type": "answer", "sdp": data.sdp})

    async def _unsubscribe(self, media: SocketMedia, data: SubscriptionRef) -> None:
        subscription = self._subscription(media, data.subscription)
        del media.subscriptions[data.subscription]
        await subscription.handle.detach()

    async def _ice(self, media: SocketMedia, data: IceData) -> None:
        if data.feed_id is not None:
            own = media.publication(data.feed_id)
            if own is None:
                raise NotFound("no such feed of this socket's")
            handle = own.handle
        else:
            handle = self._subscription(media, data.subscription or "").handle
        candidate = data.candidate.model_dump() if data.candidate is not None else None
        await handle.trickle(candidate)

    async def _stage(self, media: SocketMedia, data: StageData) -> None:
        if media.member.role != "moderator":
            raise MediaRefused("forbidden", "only moderators bring members on the stage")

        async def change(session: AsyncSession, account: Account, conference: Conference) -> None:
            # Brought on: an attendee in the room now (the moderator's people
            # list); taken off: whoever is on it, present or not.
            if data.on and not any(
                present["member_id"] == data.member_id and present["role"] == "attendee"
                for present in await live.present_members(session, account, conference)
            ):
                raise MemberNotFound(f"no attendee {data.member_id} in this room")
            if await stage.put(session, account, conference, data.member_id, on=data.on):
                await journal.record(
                    session, conference, "media.stage", {"member_id": data.member_id, "on": data.on}
                )

        await self.rooms.run(media.hub, change)
        if not data.on:
            room = videoroom_id(self.videorooms.secret_key, media.hub.conference_id)
            feeds = await self._listed_feeds(room)
            theirs = [f for f in feeds if f["member_id"] == data.member_id]
            await self._kick(media.hub, theirs, "removed_from_stage")

    def _subscription(self, media: SocketMedia, subscription: str) -> Subscription:
        found = media.subscriptions.get(subscription)
        if found is None:
            raise NotFound("no such subscription of this socket's")
        return found

    async def _feed(self, hub: Hub, feed_id: str) -> dict[str, Any]:
        room = videoroom_id(self.videorooms.secret_key, hub.conference_id)
        for feed in await self._listed_feeds(room):
            if feed["feed_id"] == feed_id:
                return feed
        raise NotFound("no such feed")

    async def _kick(self, hub: Hub, feeds: list[dict[str, Any]], reason: Reason) -> None:
        """Ends feeds whatever process publishes them (Janus kicks them with the
        room's secret; their process drops its handle when told)."""
        client = self.janus.client
        if client is None or not feeds:
            return
        room = videoroom_id(self.videorooms.secret_key, hub.conference_id)
        secret = videoroom_secret(self.videorooms.secret_key, hub.conference_id)
        kicked = []
        for feed in feeds:
            kick = {"request": "kick", "room": room, "secret": secret, "id": int(feed["feed_id"])}
            try:
                await client.videoroom(kick)
            except JanusError as error:
                if error.code != NO_SUCH_FEED:
                    raise
                continue  # gone meanwhile: its own process said so
            kicked.append(feed)
        await self._journal_unpublished(hub, kicked, reason)

    async def _attach(self, media: SocketMedia) -> PluginHandle:
        client = self.janus.client
        if client is None:
            raise JanusUnavailable(NO_JANUS)
        return await client.attach(lambda event: self._handle_event(media, event))

    def _handle_event(self, media: SocketMedia, event: Message) -> None:
        """A publisher's handle: its media flows (``webrtcup``: media.published);
        it was kicked (a moderator, the stage: whoever kicked it journaled it);
        its PeerConnection ended (``hangup``) without media.unpublish."""
        sender = event.get("sender")
        publication = next(
            (p for p in media.publications.values() if p.handle.handle_id == sender), None
        )
        if publication is None:
            return
        kind = event.get("janus")
        data = event.get("plugindata", {}).get("data", {})
        if kind == "webrtcup" and not publication.announced:
            publication.announced = True
            self._soon(self._journal(media.hub, "media.published", publication.feed))
        elif kind == "event" and (
            # Janus tells the room whom it kicked: this feed, or another's.
            str(data.get("kicked")) == publication.feed["feed_id"]
            or (data.get("leaving") == "ok" and data.get("reason") == "kicked")
        ):
            del media.publications[publication.feed["kind"]]
            self._soon(publication.handle.detach())
        elif kind in ("hangup", "detached"):
            self._soon(self._hung_up(media, publication))

    async def _hung_up(self, media: SocketMedia, publication: Publication) -> None:
        """A page closing closes its PeerConnection and its socket together:
        the socket's close (reason ``left``) is waited for a moment before the
        feed is taken for stopped."""
        await asyncio.sleep(HANGUP_GRACE_SECONDS)
        if media.publications.get(publication.feed["kind"]) is not publication:
            return  # unpublished meanwhile, or the socket left
        del media.publications[publication.feed["kind"]]
        await publication.handle.detach()
        await self._journal_unpublished(media.hub, _announced([publication]), "stopped")

    # Janus down and up

    def _janus_status(self, connected: bool) -> None:
        if not connected:
            self._was_down = True
            self._soon(self._janus_lost())
        elif self._was_down:
            self._was_down = False
            self._tell_status(JanusStatus.UP)

    async def _janus_lost(self) -> None:
        """Janus's handles are gone (`JanusClient`): this process's feeds are
        unpublished, its sockets told."""
        self._tell_status(JanusStatus.DOWN)
        lost: dict[Hub, list[dict[str, Any]]] = {}
        for media in self._sockets.values():
            lost.setdefault(media.hub, []).extend(_announced(media.publications.values()))
            media.publications.clear()
            media.subscriptions.clear()
        for hub, feeds in lost.items():
            await self._journal_unpublished(hub, feeds, "media_server_restarted")

    def _tell_status(self, status: JanusStatus) -> None:
        frame = json.dumps({"event": "media.status", "data": {"status": str(status)}})
        for connection in self._sockets:
            connection.send(frame)

    # The journal

    async def _journal(self, hub: Hub, event: str, data: dict[str, Any]) -> None:
        async def record(session: AsyncSession, account: Account, conference: Conference) -> None:
            await journal.record(session, conference, event, data)

        await self.rooms.run(hub, record)

    async def _journal_unpublished(
        self, hub: Hub, feeds: list[dict[str, Any]], reason: Reason
    ) -> None:
        if not feeds:
            return

        async def record(session: AsyncSession, account: Account, conference: Conference) -> None:
            for feed in feeds:
                data = {
                    "feed_id": feed["feed_id"],
                    "member_id": feed["member_id"],
                    "kind": feed["kind"],
                    "reason": reason,
                }
                await journal.record(session, conference, "media.unpublished", data)

        try:
            await self.rooms.run(hub, record)
        except Exception:
            # The feeds are gone whatever the journal says; the room goes on.
            log.exception("journaling unpublished feeds in room %s failed", hub.conference_id)

    def _soon(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        await cancel_and_wait(list(self._tasks))


def _announced(publications: Iterable[Publication]) -> list[dict[str, Any]]:
    """The feeds of those publications the room was told of."""
    return [p.feed for p in publications if p.announced]


_COMMANDS: dict[str, tuple[Any, type[_Data]]] = {
    "media.publish": (MediaRelay._publish, PublishData),
    "media.unpublish": (MediaRelay._unpublish, FeedRef),
    "media.update": (MediaRelay._update, UpdateData),
    "media.subscribe": (MediaRelay._subscribe, FeedRef),
    "media.answer": (MediaRelay._answer, AnswerData),
    "media.unsubscribe": (MediaRelay._unsubscribe, SubscriptionRef),
    "media.ice": (MediaRelay._ice, IceData),
    "media.stage": (MediaRelay._stage, StageData),
}
MEDIA_COMMANDS = frozenset(_COMMANDS)
