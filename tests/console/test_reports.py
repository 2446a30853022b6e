"""The console's webinar report over a scripted webinar.

Three people register through BigMarker's API; Ann (whose last name is a
script tag) and Bea (whose first name starts like a spreadsheet formula) come
into the real room over the socket, chat, ask, vote; Ann leaves and comes
back; Cid never comes. The page's figures, its SVG charts and its CSV files
are checked against what the script did and what the room stored (the stays'
times are the room's own, read here)."""

from __future__ import annotations

import csv
import io
import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.console.helpers import add_user, console_client
from tests.queries import QueryCounter
from tests.room.conftest import RoomServer
from tests.room.helpers import WAIT, Client, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.channels.service import create_channel
from webinarium.models import ChatMessage, Person, Poll, PollChoice, PollVote, Registration, Visit
from webinarium.registrations.service import enter_token
from webinarium.settings import Settings

T = TypeVar("T")
API = "/api/v1"
SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def wait_for(what: Callable[[], T], until: Callable[[T], bool]) -> T:
    deadline = time.monotonic() + WAIT
    while True:
        value = what()
        if until(value):
            return value
        assert time.monotonic() < deadline, f"still {value!r}"
        time.sleep(0.05)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _register(
    settings: Settings, api: httpx.Client, tenant: Tenant, room: str, first: str, last: str
) -> str:
    """Registers through BigMarker's API; the registration's enter token."""
    email = f"{first.strip('=').lower()}-{time.time_ns()}@example.test"
    body = {"id": room, "email": email, "first_name": first, "last_name": last}
    _ok(api.put(f"{API}/conferences/register", headers=tenant.headers, data=body))

    async def read(session: AsyncSession) -> str:
        registration = await session.scalar(
            select(Registration)
            .join(Person, Person.id == Registration.person_id)
            .where(Registration.conference_id == room, Person.email == email)
        )
        assert registration is not None
        return enter_token(settings.secret_key, registration)

    return in_database(settings, read)


def _stays(settings: Settings, room: str) -> dict[str, list[Visit]]:
    """The attendees' stays the room stored, by person."""

    async def read(session: AsyncSession) -> dict[str, list[Visit]]:
        visits = await session.scalars(
            select(Visit).where(Visit.conference_id == room, Visit.role == "attendee")
        )
        by_person: dict[str, list[Visit]] = {}
        for visit in visits:
            by_person.setdefault(visit.person_id or "", []).append(visit)
        return by_person

    return in_database(settings, read)


@pytest.fixture(scope="module")
def webinar(
    settings: Settings, alice: Tenant, server: RoomServer, api: httpx.Client
) -> dict[str, Any]:
    room = make_room(settings, alice)
    poll = _ok(
        api.post(
            f"{API}/polls",
            headers=alice.headers,
            json={"conference_id": room, "question": "Which colour?", "choices": ["Red", "Green"]},
        )
    )
    red, green = (choice["id"] for choice in poll["choices"])
    ann = _register(settings, api, alice, room, "Ann", SCRIPT)
    bea = _register(settings, api, alice, room, "=Bea", "Tester")
    _register(settings, api, alice, room, "Cid", "Tester")
    with (
        Client(server.ws_url, ann) as a,
        Client(server.ws_url, bea) as b,
        Client(server.ws_url, ticket(settings, alice, room, "host")) as host,
    ):
        for client in (a, b, host):
            client.next_frame()
        assert host.send("room.start")["ok"]
        assert a.send("chat.send", {"text": "Hello"})["ok"]
        assert a.send("chat.send", {"text": "=1+1"})["ok"]
        assert a.send("qa.ask", {"text": "Slides later?"})["ok"]
        assert host.send("poll.open", {"poll_id": poll["id"]})["ok"]
        assert a.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [green]})["ok"]
        assert b.send("poll.vote", {"poll_id": poll["id"], "choice_ids": [green]})["ok"]
        # Real seconds in the room (the room stores its own times): samples to count.
        time.sleep(1.5)
        a.close()
        wait_for(
            lambda: _stays(settings, room),
            lambda stays: any(v.left_at is not None for s in stays.values() for v in s),
        )
        with Client(server.ws_url, ann) as again:
            again.next_frame()
            time.sleep(1.0)
        b.close()
        wait_for(
            lambda: _stays(settings, room),
            lambda stays: (
                sum(len(s) for s in stays.values()) == 3
                and all(v.left_at is not None for s in stays.values() for v in s)
            ),
        )
        assert host.send("room.end")["ok"]
    return {"room": room, "red": red, "green": green}


# The test's own reading of the rules (docs/console.md, "Reports").

Interval = tuple[datetime, datetime]


def _merged(visits: list[Visit]) -> list[Interval]:
    result: list[Interval] = []
    for start, end in sorted((v.entered_at, v.left_at) for v in visits if v.left_at):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def _seconds(intervals: list[Interval]) -> int:
    return int(sum((end - start for start, end in intervals), timedelta()).total_seconds())


def _shown_duration(seconds: int) -> str:
    """Under an hour: "12 min 30 s", "45 s" (no-break spaces within a part)."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}\u00a0min {rest:02d}\u00a0s" if minutes else f"{rest}\u00a0s"


def _viewers_at(stays: dict[str, list[Interval]], moment: datetime, step: int) -> int:
    """The most people in the room at once from ``moment`` for ``step`` seconds."""
    end = moment + timedelta(seconds=step)
    instants = [moment] + [s for person in stays.values() for s, _ in person if moment < s < end]
    return max(
        sum(1 for person in stays.values() for s, e in person if s <= instant < e)
        for instant in instants
    )


def _figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1)


def _svg(html: str, chart_id: str) -> ElementTree.Element:
    found = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.DOTALL)
    assert found, chart_id
    return ElementTree.fromstring(found.group(0))


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.fixture(scope="module")
def console(server: RoomServer, alice: Tenant) -> Iterator[httpx.Client]:
    with console_client(server.url, alice) as client:
        yield client


def test_the_figures_are_the_scripts(
    settings: Settings, webinar: dict[str, Any], console: httpx.Client
) -> None:
    room = webinar["room"]
    page = console.get(f"/console/webinars/{room}/report")
    assert page.status_code == 200, page.text
    html = page.text
    stays = {person: _merged(visits) for person, visits in _stays(settings, room).items()}
    assert len(stays) == 2
    total = sum(_seconds(intervals) for intervals in stays.values())
    assert _figure(html, "registered") == "3"
    assert _figure(html, "attended") == "2"
    assert _figure(html, "attendance-rate") == "66.7 %"
    assert _figure(html, "total-watch") == _shown_duration(total)
    assert _figure(html, "average-watch") == _shown_duration(total // 2)
    # Ann and Bea were in the room together.
    assert _figure(html, "peak-viewers") == "2"


def test_charts_and_csv_hold_the_samples_stays_and_votes(
    settings: Settings, alice: Tenant, webinar: dict[str, Any], console: httpx.Client
) -> None:
    room = webinar["room"]
    html = console.get(f"/console/webinars/{room}/report").text
    stored = _stays(settings, room)
    stays = {person: _merged(visits) for person, visits in stored.items()}
    base = f"/console/webinars/{room}/report"

    samples = _csv(console.get(f"{base}/viewers.csv"))
    times = [datetime.fromisoformat(row["time"]) for row in samples]
    assert len(times) >= 2
    step = int((times[1] - times[0]).total_seconds())
    first = min(s for person in stays.values() for s, _ in person)
    last = max(e for person in stays.values() for _, e in person)
    assert times[0] <= first < times[0] + timedelta(seconds=step)
    assert times[-1] < last <= times[-1] + timedelta(seconds=step)
    assert all(b - a == timedelta(seconds=step) for a, b in pairwise(times))
    for moment, row in zip(times, samples, strict=True):
        assert int(row["viewers"]) == _viewers_at(stays, moment.astimezone(UTC), step), row
    (line,) = _svg(html, "chart-viewers").iter(f"{SVG}polyline")
    assert len((line.get("points") or "").split()) == len(samples)

    visits = _csv(console.get(f"{base}/visits.csv"))
    assert len(visits) == 3 == sum(len(v) for v in stored.values())
    assert len(list(_svg(html, "chart-visits").iter(f"{SVG}rect"))) == 3
    assert f"The data ({len(samples)} samples," in html
    assert "The data (3 stays)" in html
    entered = sorted(v.entered_at for person in stored.values() for v in person)
    assert [datetime.fromisoformat(row["entered"]) for row in visits] == [
        moment.replace(microsecond=0) for moment in entered
    ]

    bars = list(_svg(html, "chart-poll-1").iter(f"{SVG}rect"))
    assert [bar.get("data-value") for bar in bars] == ["0", "2"]
    polls = _csv(console.get(f"{base}/polls.csv"))
    assert [(r["option"], r["votes"], r["voters"]) for r in polls] == [
        ("Red", "0", "2"),
        ("Green", "2", "2"),
    ]


def test_attendees_csv_counts_engagement_and_is_formula_safe(
    settings: Settings, webinar: dict[str, Any], console: httpx.Client
) -> None:
    room = webinar["room"]
    rows = _csv(console.get(f"/console/webinars/{room}/report/attendees.csv"))
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {f"Ann {SCRIPT}", "'=Bea Tester"}
    ann, bea = by_name[f"Ann {SCRIPT}"], by_name["'=Bea Tester"]
    # Seconds in the room: under a minute each, so engagement is what they did.
    assert (ann["chat_messages"], ann["questions"], ann["polls_answered"]) == ("2", "1", "1")
    assert ann["engagement"] == "4"
    assert (bea["chat_messages"], bea["questions"], bea["polls_answered"]) == ("0", "0", "1")
    assert bea["engagement"] == "1"
    assert [row["name"] for row in rows] == [f"Ann {SCRIPT}", "'=Bea Tester"]


def test_names_are_escaped_in_the_page_and_its_svg(
    webinar: dict[str, Any], console: httpx.Client
) -> None:
    html = console.get(f"/console/webinars/{webinar['room']}/report").text
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    timeline = ElementTree.tostring(_svg(html, "chart-visits"), encoding="unicode")
    assert "alert(1)" in timeline


def test_an_upcoming_webinar_has_no_data_yet(
    settings: Settings, alice: Tenant, console: httpx.Client
) -> None:
    room = make_room(settings, alice, starts_in=timedelta(days=2))
    page = console.get(f"/console/webinars/{room}/report")
    assert page.status_code == 200
    assert 'id="no-data"' in page.text
    assert _figure(page.text, "attended") == "0"
    assert _figure(page.text, "attendance-rate") == "0.0 %"
    rows = _csv(console.get(f"/console/webinars/{room}/report/viewers.csv"))
    assert rows == []


def test_no_one_else_sees_the_report(
    settings: Settings,
    server: RoomServer,
    alice: Tenant,
    bob: Tenant,
    webinar: dict[str, Any],
    console: httpx.Client,
) -> None:
    room = webinar["room"]
    path = f"/console/webinars/{room}/report"
    with console_client(server.url, bob) as other:
        assert other.get(path).status_code == 404
        assert other.get(f"{path}/attendees.csv").status_code == 404

    async def another_channel(session: AsyncSession) -> str:
        account = await get_account(session, alice.account_id)
        return (await create_channel(session, account, name="Elsewhere")).id

    elsewhere = add_user(
        settings, alice, role="channel_admin", channel_ids=[in_database(settings, another_channel)]
    )
    with console_client(server.url, elsewhere) as channel_admin:
        assert channel_admin.get(path).status_code == 404
        assert channel_admin.get(f"{path}/visits.csv").status_code == 404
    with httpx.Client(base_url=server.url) as signed_out:
        response = signed_out.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/console/sign-in?next=")
        assert signed_out.get(f"{path}/attendees.csv").status_code == 303
    assert console.get(f"{path}/secrets.csv").status_code == 404


def _held(settings: Settings, tenant: Tenant, attendees: int) -> str:
    """A webinar held two hours ago: ``attendees`` people stayed (each twice),
    chatted and voted in its poll, stored as the room stores them."""
    room = make_room(settings, tenant, starts_in=timedelta(hours=-2))
    people = [register_someone(settings, tenant, room, f"Guest{i}") for i in range(attendees)]
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    common = {"account_id": tenant.account_id, "conference_id": room}

    async def held(session: AsyncSession) -> None:
        poll = Poll(**common, question="Which?", status="closed")
        session.add(poll)
        await session.flush()
        choice = PollChoice(account_id=tenant.account_id, poll_id=poll.id, choice="A", position=0)
        session.add(choice)
        await session.flush()
        for i, person in enumerate(people):
            who = {"person_id": person.person_id, "member_id": person.person_id}
            for back in (0, 30):
                entered = start + timedelta(minutes=back + i)
                session.add(
                    Visit(
                        **common,
                        **who,
                        role="attendee",
                        name=f"Guest{i}",
                        entered_at=entered,
                        left_at=entered + timedelta(minutes=20),
                    )
                )
            session.add(ChatMessage(**common, **who, author_name=f"Guest{i}", text="Hi"))
            session.add(
                PollVote(
                    account_id=tenant.account_id,
                    poll_id=poll.id,
                    person_id=person.person_id,
                    choice_id=choice.id,
                )
            )

    in_database(settings, held)
    return room


def test_the_page_reads_the_same_statements_for_two_attendees_or_twelve(
    settings: Settings, alice: Tenant, server: RoomServer, console: httpx.Client
) -> None:
    counter = QueryCounter(server.app)
    counts = []
    for attendees in (2, 12):
        room = _held(settings, alice, attendees)
        for table in ("", "/attendees.csv", "/visits.csv", "/polls.csv", "/viewers.csv"):
            console.get(f"/console/webinars/{room}/report{table}")  # warm
        with counter.count() as counted:
            page = console.get(f"/console/webinars/{room}/report")
            for table in ("attendees", "visits", "polls", "viewers"):
                assert (
                    console.get(f"/console/webinars/{room}/report/{table}.csv").status_code == 200
                )
        assert page.status_code == 200
        assert _figure(page.text, "attended") == str(attendees)
        counts.append(counted)
    assert counts[0].total == counts[1].total, counts[1].report()
