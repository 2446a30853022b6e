"""Rooms, people and tickets for the room's tests, and a protocol client."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from websockets.exceptions import ConnectionClosed
from websockets.http11 import USER_AGENT
from websockets.sync.client import ClientConnection, connect

from tests.conftest import Tenant, in_database
from webinarium.access.admission import Knock
from webinarium.accounts.service import get_account
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.presenters.schemas import PresenterDraft
from webinarium.presenters.service import add_presenter
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import enter_token, get_registration, register
from webinarium.registrations.service import revoke as revoke_registration
from webinarium.room.tickets import issue_ticket
from webinarium.settings import Settings

WAIT = 15.0


def make_room(
    settings: Settings,
    tenant: Tenant,
    *,
    starts_in: timedelta = timedelta(minutes=5),
    **room_settings: Any,
) -> str:
    """A webinar starting soon (attendees may already wait in its room); its id."""

    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(
                channel_id=tenant.channel_id,
                title="Room test",
                start=utcnow() + starts_in,
                duration_minutes=60,
                settings=room_settings,
            ),
        )
        return conference.id

    return in_database(settings, work)


@dataclass(frozen=True)
class Registrant:
    registration_id: str
    person_id: str
    enter_token: str


def register_someone(
    settings: Settings, tenant: Tenant, conference_id: str, name: str
) -> Registrant:
    async def work(session: AsyncSession) -> Registrant:
        account = await get_account(session, tenant.account_id)
        registered = await register(
            session,
            account,
            conference_id,
            RegistrantInput(
                email=f"{name.lower()}-{new_id()}@example.test", first_name=name, last_name="Tester"
            ),
            update_existing=False,
        )
        registration = registered.registration
        return Registrant(
            registration.id,
            registration.person_id,
            enter_token(settings.secret_key, registration),
        )

    return in_database(settings, work)


def add_staff(
    settings: Settings, tenant: Tenant, conference_id: str, name: str, *, moderator: bool
) -> str:
    """A presenter (with moderator rights if ``moderator``) of the conference; their person id."""

    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        details = await add_presenter(
            session,
            account,
            PresenterDraft(
                conference_id=conference_id,
                email=f"{name.lower()}-{new_id()}@example.test",
                first_name=name,
                last_name="Staff",
                is_moderator=moderator,
            ),
        )
        return details.person.id

    return in_database(settings, work)


def ticket(
    settings: Settings, tenant: Tenant, conference_id: str, kind: str, ref: str | None = None
) -> str:
    return issue_ticket(
        settings.secret_key,
        tenant.account_id,
        conference_id,
        Knock(kind, ref),  # type: ignore[arg-type]
        lifetime_seconds=600,
    )


class Client:
    """One socket of the protocol. Frames it has received but a test has not
    asked for wait in ``pending``."""

    def __init__(
        self,
        ws_url: str,
        ticket: str,
        *,
        since: int | None = None,
        user_agent: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        query = f"?ticket={ticket}" + (f"&since={since}" if since is not None else "")
        # ``user_agent``: the browser the socket says it is (the package's own name otherwise).
        self._connection = connect(
            ws_url + query,
            open_timeout=WAIT,
            max_size=None,
            user_agent_header=user_agent if user_agent is not None else USER_AGENT,
            additional_headers=headers,
        )
        self.ws: ClientConnection = self._connection.__enter__()
        self.pending: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._connection.__exit__(None, None, None)

    def receive(self, timeout: float = WAIT) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(self.ws.recv(timeout=timeout))
        return frame

    def next_frame(self) -> dict[str, Any]:
        """The next frame, whatever it is (those waiting first)."""
        if self.pending:
            return self.pending.pop(0)
        return self.receive()

    def send(self, cmd: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        """Sends a command and returns its reply; events meanwhile wait in ``pending``."""
        command_id = next(self._ids)
        frame: dict[str, Any] = {"id": command_id, "cmd": cmd}
        if data is not None:
            frame["data"] = data
        return self.send_raw(json.dumps(frame), command_id)

    def send_raw(self, text: str, reply_to: Any = None) -> dict[str, Any]:
        self.ws.send(text)
        while True:
            frame = self.receive()
            if "re" in frame and frame["re"] == reply_to:
                return frame
            self.pending.append(frame)

    def event(
        self, name: str, where: Callable[[dict[str, Any]], bool] = lambda _: True
    ) -> dict[str, Any]:
        """The first event ``name`` whose data passes ``where``, waiting for it."""
        for frame in self.pending:
            if frame.get("event") == name and where(frame["data"]):
                self.pending.remove(frame)
                return frame
        while True:
            frame = self.receive()
            if frame.get("event") == name and where(frame["data"]):
                return frame
            self.pending.append(frame)

    def events(self) -> list[dict[str, Any]]:
        return [f for f in self.pending if "event" in f]

    def close_code(self) -> int | None:
        """Waits for the server to close the socket; its close code."""
        try:
            while True:
                self.pending.append(self.receive())
        except ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd is not None else None


def revoke(settings: Settings, tenant: Tenant, registration_id: str) -> None:
    async def work(session: AsyncSession) -> None:
        account = await get_account(session, tenant.account_id)
        await revoke_registration(
            session, account, await get_registration(session, account, registration_id)
        )

    in_database(settings, work)
