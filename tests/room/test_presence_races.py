"""Presence changed by two processes at the same moment. An exit on one and an
entry on the other for the same member (a tab closed on one, a reconnect to
the other): whichever runs first, the member ends in the room, in one open
visit. Two processes counting the room at once: one ``presence.count`` per
change. PostgreSQL runs the two units on two connections at once; SQLite's
writer one after the other."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from tests.conftest import Tenant
from tests.room.helpers import make_room, register_someone
from webinarium.access.admission import Member
from webinarium.accounts.service import get_account
from webinarium.conferences.service import get_conference
from webinarium.kit.db import Database
from webinarium.kit.ids import new_id
from webinarium.kit.time import utcnow
from webinarium.live import processes
from webinarium.live import service as live
from webinarium.models import RoomEvent, Visit
from webinarium.settings import Settings

ROUNDS = 30


def test_an_exit_on_one_process_and_an_entry_on_another_leave_the_member_in(
    settings: Settings, alice: Tenant
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    member = Member(ann.person_id, "Ann Tester", "attendee", ann.person_id)
    first, second = new_id(), new_id()

    async def scenario() -> list[int]:
        open_visits = []
        async with Database(settings.database_url_async) as database:

            async def unit(work: str, process_id: str) -> None:
                async with database.transaction() as session:
                    account = await get_account(session, alice.account_id)
                    conference = await get_conference(session, account, room)
                    change = live.enter if work == "enter" else live.release
                    await change(session, account, conference, member, process_id=process_id)

            async with database.transaction() as session:
                for process_id in (first, second):
                    await processes.register(session, process_id, utcnow(), timedelta(hours=1))
            for round_ in range(ROUNDS):
                # Ann is on one process only; she closes it there as she comes
                # back on the other.
                holder, newcomer = (first, second) if round_ % 2 == 0 else (second, first)
                await unit("enter", holder)
                await asyncio.gather(unit("release", holder), unit("enter", newcomer))
                async with database.read() as session:
                    count = await session.scalar(
                        select(func.count()).where(
                            Visit.conference_id == room,
                            Visit.member_id == ann.person_id,
                            Visit.left_at.is_(None),
                        )
                    )
                open_visits.append(int(count or 0))
        return open_visits

    assert asyncio.run(scenario()) == [1] * ROUNDS


def test_two_processes_counting_at_once_store_one_count(settings: Settings, alice: Tenant) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    member = Member(ann.person_id, "Ann Tester", "attendee", ann.person_id)
    process_id = new_id()

    async def scenario() -> list[int]:
        async with Database(settings.database_url_async) as database:

            async def unit(work: str) -> None:
                async with database.transaction() as session:
                    account = await get_account(session, alice.account_id)
                    conference = await get_conference(session, account, room)
                    if work == "count":
                        await live.count_presence(session, account, conference, interval=0)
                    else:
                        change = live.enter if work == "enter" else live.release
                        await change(session, account, conference, member, process_id=process_id)

            async with database.transaction() as session:
                await processes.register(session, process_id, utcnow(), timedelta(hours=1))
            for round_ in range(ROUNDS):
                await unit("enter" if round_ % 2 == 0 else "release")
                # Both processes hear presence.joined (or left) and count at once.
                await asyncio.gather(unit("count"), unit("count"))
            async with database.read() as session:
                rows = await session.scalars(
                    select(RoomEvent.data)
                    .where(RoomEvent.conference_id == room, RoomEvent.event == "presence.count")
                    .order_by(RoomEvent.seq)
                )
                return [data["count"] for data in rows]

    assert asyncio.run(scenario()) == [1, 0] * (ROUNDS // 2)
