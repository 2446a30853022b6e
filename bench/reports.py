"""BigMarker's reports over one large webinar: 12,000 registrations, 10,000
attendees (stays, some two, with user agents), 100,000 chat lines, questions,
poll votes, handout downloads, an offer, the attendance monitor and a survey,
seeded in bulk. Each report is called one at a time (it is a read a client
makes once per export, not a load) and timed: p50, p99 and max over the calls,
against the issue's goal of under a second. The heaviest reads are held
against their ceiling: the same page read by one hand-written SQL statement on
the same database, in this process."""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

import harness
from webinarium.conferences.schemas import ConferenceStatus
from webinarium.kit.db import create_engine
from webinarium.kit.ids import new_id
from webinarium.models import (
    AttentionAsk,
    AttentionCheck,
    Bot,
    ChatMessage,
    Conference,
    ConferenceStatusChange,
    Handout,
    HandoutLog,
    Offer,
    OfferClick,
    OfferShow,
    OfferView,
    Person,
    Poll,
    PollChoice,
    PollVote,
    Question,
    Registration,
    SurveyAnswer,
    SurveyQuestion,
    Visit,
)

GOAL_MS = 1000.0
# The webinar; ``--scale`` shrinks every count (a smoke run).
REGISTRANTS = 12_000  # 10,000 of them attend: 2,000 no-shows
ATTENDEES = 10_000
CHAT_LINES = 100_000
QUESTIONS = 3_000
POLLS = 3
VOTERS = 8_000  # per poll
ATTENTION_CHECKS = 3
ASKED = 8_000  # per check
SURVEY_ANSWERS = 3_000  # people answering the survey's questions
BOTS = 5
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
)
HOST_NAME = "Bench Host"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=20, help="timed calls per report (20)")
    parser.add_argument("--warmup-calls", type=int, default=2, help="untimed calls first (2)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="every count times this (1; 0.05: a smoke run)"
    )
    parser.add_argument(
        "--only", action="append", default=[], help="only the reports named so (repeatable)"
    )
    parser.add_argument("--json", type=Path, help="append the figures as one JSON line here")
    # `make bench` passes every case the same BENCH_ARGS: the load options of
    # the HTTP cases (--rounds, --seconds, --clients, --warmup) mean nothing here.
    opts, others = parser.parse_known_args()
    if others:
        print(f"reports.py: not options of this case, left aside: {' '.join(others)}")
    return opts


@dataclass(frozen=True)
class Sizes:
    registrants: int
    attendees: int
    chat_lines: int
    questions: int
    voters: int
    asked: int
    survey_answers: int

    @classmethod
    def scaled(cls, scale: float) -> Sizes:
        def of(count: int) -> int:
            return max(10, round(count * scale))

        return cls(
            of(REGISTRANTS),
            of(ATTENDEES),
            of(CHAT_LINES),
            of(QUESTIONS),
            of(VOTERS),
            of(ASKED),
            of(SURVEY_ANSWERS),
        )


@dataclass(frozen=True)
class Attendee:
    id: str
    email: str
    first_name: str
    last_name: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def as_they_were(self) -> dict[str, str]:
        """The `AsTheyWere` columns of a row this attendee did in the room."""
        return {
            "member_id": self.id,
            "person_id": self.id,
            "name": self.name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
        }


@dataclass(frozen=True)
class Seeded:
    tenant: harness.Tenant
    conference_id: str


# Seeding: every row made here, in bulk, as the room would have stored it.


async def _insert(session: AsyncSession, model: Any, rows: Iterator[dict[str, Any]]) -> None:
    await harness._insert_chunks(session, model.__table__, rows)


async def seed(session: AsyncSession, sizes: Sizes) -> Seeded:
    rng = random.Random(14)
    tenant = await harness.create_tenant(session)
    conference = await harness.create_conference(session, tenant, "Reported webinar")
    # Held three hours ago and ended: every report, the attendee list
    # included (404 while live), answers.
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    end = start + timedelta(hours=1)
    await session.execute(
        update(Conference)
        .where(Conference.id == conference.id)
        .values(start_at=start, end_at=end, status=ConferenceStatus.ENDED)
    )
    await harness.copy_registrations(session, tenant, conference.id, sizes.registrants)
    registered = await session.execute(
        select(Person.id, Person.email, Person.first_name, Person.last_name)
        .join(Registration, Registration.person_id == Person.id)
        .where(Registration.conference_id == conference.id)
        .order_by(Registration.id)
    )
    everyone = [Attendee(*row) for row in registered]
    # Who came: a random draw, so attendees and no-shows interleave in the
    # registration order the lists page by.
    attendees = rng.sample(everyone, sizes.attendees)
    common = {"account_id": tenant.account_id, "conference_id": conference.id}

    def at(seconds: float) -> datetime:
        return start + timedelta(seconds=seconds)

    await _insert(
        session,
        ConferenceStatusChange,
        iter(
            [
                common
                | {"from_status": ConferenceStatus.SCHEDULED, "to_status": ConferenceStatus.LIVE}
                | {"actor": "host", "changed_at": start},
                common
                | {"from_status": ConferenceStatus.LIVE, "to_status": ConferenceStatus.ENDED}
                | {"actor": "host", "changed_at": end},
            ]
        ),
    )

    # Stays: one each, a second for every third attendee; the host's; bots'.
    def stays() -> Iterator[dict[str, Any]]:
        for number, attendee in enumerate(attendees):
            entered = rng.uniform(0, 900)
            left = entered + rng.uniform(300, 2400)
            person = {"person_id": attendee.id, "member_id": attendee.id, "name": attendee.name}
            row = common | person | {"role": "attendee", "user_agent": AGENTS[number % 5]}
            yield row | {"entered_at": at(entered), "left_at": at(left)}
            if number % 3 == 0:
                back = left + rng.uniform(30, 300)
                yield row | {"entered_at": at(back), "left_at": at(back + rng.uniform(60, 600))}
        yield common | {
            "person_id": None,
            "member_id": "host",
            "name": HOST_NAME,
            "role": "moderator",
            "user_agent": AGENTS[0],
            "entered_at": at(-300),
            "left_at": at(3600),
        }

    await _insert(session, Visit, stays())
    bot_ids = [new_id() for _ in range(BOTS)]
    await _insert(
        session,
        Bot,
        iter([common | {"id": id_, "name": f"Virtual {i}"} for i, id_ in enumerate(bot_ids)]),
    )
    await _insert(
        session,
        Visit,
        iter(
            [
                common
                | {"bot_id": id_, "person_id": None, "name": f"Virtual {i}"}
                | {"member_id": None, "role": None, "user_agent": None}
                | {"entered_at": at(0), "left_at": at(3600)}
                for i, id_ in enumerate(bot_ids)
            ]
        ),
    )

    # Chat: one line every few hundredths of a second of the hour, every 20th
    # private to the hosts; a few lines of the bots besides.
    def chat() -> Iterator[dict[str, Any]]:
        step = 3600 / sizes.chat_lines
        for number in range(sizes.chat_lines):
            author = attendees[number % len(attendees)]
            yield common | {
                "person_id": author.id,
                "bot_id": None,
                "author_name": author.name,
                "text": f"Chat line {number}: a remark about slide {number % 40}",
                "created_at": at(number * step),
                "member_id": author.id,
                "author_role": "attendee",
                "recipient": "moderators" if number % 20 == 0 else None,
            }
        for number in range(100):
            yield common | {
                "person_id": None,
                "bot_id": bot_ids[number % BOTS],
                "author_name": f"Virtual {number % BOTS}",
                "text": f"A virtual line {number}",
                "created_at": at(number * 36),
                "member_id": None,
                "author_role": None,
                "recipient": None,
            }

    await _insert(session, ChatMessage, chat())

    # Questions: every other one answered by the host, every 10th dismissed.
    def questions() -> Iterator[dict[str, Any]]:
        step = 3600 / sizes.questions
        for number in range(sizes.questions):
            author = attendees[(number * 7) % len(attendees)]
            answered = number % 2 == 0
            yield common | {
                "person_id": author.id,
                "member_id": author.id,
                "author_name": author.name,
                "author_role": "attendee",
                "text": f"Question {number}: how does part {number % 12} work?",
                "status": "dismissed" if number % 10 == 9 else "published",
                "votes": 0,
                "answer": f"Answer {number}" if answered else None,
                "answered_by_member_id": "host" if answered else None,
                "answered_by_name": HOST_NAME if answered else None,
                "answered_by_role": "moderator" if answered else None,
                "answered_at": at(number * step + 60) if answered else None,
                "created_at": at(number * step),
            }

    await _insert(session, Question, questions())

    # Polls: three closed single-choice polls of three choices, each voted by
    # most attendees.
    poll_ids = [new_id() for _ in range(POLLS)]
    choice_ids = [[new_id() for _ in range(3)] for _ in range(POLLS)]
    await _insert(
        session,
        Poll,
        iter(
            [
                {"id": id_, **common, "question": f"Poll {i}: which option?", "status": "closed"}
                | {"selection_method": "single", "options": {}, "created_at": at(600 + i)}
                for i, id_ in enumerate(poll_ids)
            ]
        ),
    )
    await _insert(
        session,
        PollChoice,
        iter(
            [
                {"id": choice, "account_id": tenant.account_id, "poll_id": poll_ids[i]}
                | {"choice": f"Option {position}", "position": position}
                for i, choices in enumerate(choice_ids)
                for position, choice in enumerate(choices)
            ]
        ),
    )
    await _insert(
        session,
        PollVote,
        (
            {"account_id": tenant.account_id, "poll_id": poll_id, "person_id": voter.id}
            | {"choice_id": choice_ids[i][rng.randrange(3)], "score": None, "answer": None}
            | {"created_at": at(700 + i * 600 + number * 0.01)}
            for i, poll_id in enumerate(poll_ids)
            for number, voter in enumerate(attendees[: sizes.voters])
        ),
    )

    # Handouts: two, downloaded by every second attendee (and the second
    # viewed then downloaded by every fifth).
    handout_ids = [new_id(), new_id()]
    await _insert(
        session,
        Handout,
        iter(
            [
                {"id": id_, **common, "title": f"Handout {i}"}
                | {"link_url": f"https://example.test/{i}"}
                for i, id_ in enumerate(handout_ids)
            ]
        ),
    )

    def handout_logs() -> Iterator[dict[str, Any]]:
        for number, attendee in enumerate(attendees):
            done = common | attendee.as_they_were()
            if number % 2 == 0:
                yield (
                    done
                    | {"handout_id": handout_ids[0], "handout_title": "Handout 0"}
                    | {
                        "action": "download",
                        "at": at(1200 + number * 0.1),
                    }
                )
            if number % 5 == 0:
                second = done | {"handout_id": handout_ids[1], "handout_title": "Handout 1"}
                yield second | {"action": "view", "at": at(1500 + number * 0.1)}
                yield second | {"action": "download", "at": at(1501 + number * 0.1)}

    await _insert(session, HandoutLog, handout_logs())

    # An offer shown once, seen by most, clicked by every fifth attendee.
    offer_id, show_id = new_id(), new_id()
    await _insert(
        session,
        Offer,
        iter(
            [
                {"id": offer_id, **common, "title": "The course", "button_text": "Buy"}
                | {"url": "https://example.test/buy", "created_at": at(0)}
            ]
        ),
    )
    await _insert(
        session,
        OfferShow,
        iter(
            [
                {"id": show_id, **common, "offer_id": offer_id}
                | {"shown_by": f"host {HOST_NAME}", "shown_at": at(2400), "hidden_at": at(3000)}
            ]
        ),
    )
    offer_row = common | {"offer_id": offer_id, "show_id": show_id}
    await _insert(
        session,
        OfferView,
        (
            offer_row | attendee.as_they_were() | {"at": at(2401 + number * 0.01)}
            for number, attendee in enumerate(attendees[: sizes.voters])
        ),
    )
    await _insert(
        session,
        OfferClick,
        (
            offer_row | attendee.as_they_were() | {"at": at(2410 + number * 0.05)}
            for number, attendee in enumerate(attendees[::5])
        ),
    )

    # The attendance monitor: three checks, each asking most attendees, four
    # in five answering.
    check_ids = [new_id() for _ in range(ATTENTION_CHECKS)]
    await _insert(
        session,
        AttentionCheck,
        iter(
            [
                {"id": id_, **common, "round": i + 1, "asked_at": at(900 * (i + 1))}
                | {"expires_at": at(900 * (i + 1) + 60), "closed_at": at(900 * (i + 1) + 60)}
                for i, id_ in enumerate(check_ids)
            ]
        ),
    )

    def asks() -> Iterator[dict[str, Any]]:
        for i, check_id in enumerate(check_ids):
            asked_at = 900 * (i + 1)
            for number, attendee in enumerate(attendees[: sizes.asked]):
                answered = number % 5 != 0
                yield common | {
                    "check_id": check_id,
                    "person_id": attendee.id,
                    "member_id": attendee.id,
                    "name": attendee.name,
                    "email": attendee.email,
                    "first_name": attendee.first_name,
                    "last_name": attendee.last_name,
                    "shown_at": at(asked_at),
                    "answered_at": at(asked_at + 1 + number * 0.005) if answered else None,
                    "state": "answered" if answered else "missed",
                }

    await _insert(session, AttentionAsk, asks())

    # A survey of three questions, answered by a few thousand.
    survey = [("text", []), ("single", ["Yes", "No"]), ("rating", [])]
    survey_ids = [new_id() for _ in survey]
    await _insert(
        session,
        SurveyQuestion,
        iter(
            [
                {"id": survey_ids[i], **common, "position": i, "text": f"Survey question {i}"}
                | {"kind": kind, "choices": choices}
                for i, (kind, choices) in enumerate(survey)
            ]
        ),
    )
    values = ("A fine webinar", "Yes", "4")
    await _insert(
        session,
        SurveyAnswer,
        (
            common
            | {"question_id": question_id, "person_id": attendee.id, "name": attendee.name}
            | {"email": attendee.email, "value": values[i], "answered_at": at(3600 + number)}
            for i, question_id in enumerate(survey_ids)
            for number, attendee in enumerate(attendees[: sizes.survey_answers])
        ),
    )
    return Seeded(tenant, conference.id)


# The reports, called over HTTP


def _json_rows(key: str) -> Callable[[httpx.Response], int]:
    def rows(response: httpx.Response) -> int:
        return len(response.json()[key])

    return rows


def _nested_rows(key: str | None, child: str) -> Callable[[httpx.Response], int]:
    """Rows of a list of parents (under ``key``, or the body itself) each
    listing its own (``child``): the polls' responses, the offers' clicks."""

    def rows(response: httpx.Response) -> int:
        body = response.json()
        parents = body if key is None else body[key]
        return sum(len(parent[child]) for parent in parents)

    return rows


def _listed_rows(response: httpx.Response) -> int:
    return len(response.json())


def _csv_rows(response: httpx.Response) -> int:
    return len(response.text.splitlines()) - 1


def _one(response: httpx.Response) -> int:
    return 1 if response.json() else 0


@dataclass(frozen=True)
class Report:
    name: str
    path: str
    # How many rows an answer holds; a report answering none did no real work.
    rows: Callable[[httpx.Response], int]
    params: dict[str, str] = field(default_factory=dict)


def reports(conference_id: str, sizes: Sizes) -> list[Report]:
    reporting = "/api/v1/reporting/conferences"
    conferences = "/api/v1/conferences"
    # 500 rows a page by default: the middle page of the attendees, the last of the chat.
    attendees_middle = str(-(-sizes.attendees // 500 // 2) or 1)
    chat_last = str(-(-sizes.chat_lines // 500))
    return [
        Report("attendees p1", f"{conferences}/{conference_id}/attendees", _json_rows("attendees")),
        Report(
            f"attendees p{attendees_middle} (middle)",
            f"{conferences}/{conference_id}/attendees",
            _json_rows("attendees"),
            {"current_page": attendees_middle},
        ),
        Report(
            "registrations",
            f"{reporting}/registrations/{conference_id}",
            _json_rows("registrations"),
        ),
        Report(
            "live_attendees", f"{reporting}/live_attendees/{conference_id}", _json_rows("attendees")
        ),
        Report("no_shows", f"{reporting}/no_shows/{conference_id}", _json_rows("registrations")),
        Report(
            "chat_transcript p1",
            f"{reporting}/chat_transcript/{conference_id}",
            _json_rows("chats"),
        ),
        Report(
            f"chat_transcript p{chat_last} (last)",
            f"{reporting}/chat_transcript/{conference_id}",
            _json_rows("chats"),
            {"current_page": chat_last},
        ),
        Report(
            "chat_transcript p1 csv",
            f"{reporting}/chat_transcript/{conference_id}",
            _csv_rows,
            {"format": "csv"},
        ),
        Report(
            "q_and_a_transcript",
            f"{reporting}/q_and_a_transcript/{conference_id}",
            _json_rows("q_and_a"),
        ),
        Report(
            "poll_transcript",
            f"{reporting}/poll_transcript/{conference_id}",
            _nested_rows("polls", "poll_responses"),
        ),
        Report(
            "offer_transcript",
            f"{reporting}/offer_transcript/{conference_id}",
            _nested_rows("offers", "offer_data"),
        ),
        Report("event_summary", f"{reporting}/event_summary/{conference_id}", _one),
        Report(
            "enter_exit_log",
            f"{reporting}/enter_exit_log/{conference_id}",
            _json_rows("activities"),
        ),
        Report(
            "attendance_monitor_data",
            f"{reporting}/attendance_monitor_data/{conference_id}",
            _json_rows("activities"),
        ),
        Report(
            "survey",
            f"{conferences}/survey/{conference_id}",
            _nested_rows(None, "responses"),
        ),
        Report(
            "handout_download_data",
            f"{conferences}/handout_download_data/{conference_id}",
            _listed_rows,
        ),
        Report(
            "activity_logs",
            f"{conferences}/{conference_id}/activity_logs",
            _json_rows("activity_logs"),
        ),
    ]


@dataclass
class Timing:
    name: str
    latencies: list[float]  # seconds
    rows: int
    body_bytes: int

    def quantile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99(self) -> float:
        return self.quantile(0.99)

    @property
    def max(self) -> float:
        return max(self.latencies) * 1000

    @property
    def met(self) -> bool:
        return self.max < GOAL_MS


def time_report(
    client: httpx.Client, report: Report, headers: dict[str, str], opts: argparse.Namespace
) -> Timing:
    def call() -> tuple[float, httpx.Response]:
        began = time.perf_counter()
        response = client.get(report.path, params=report.params, headers=headers)
        took = time.perf_counter() - began
        harness.expect_ok(response)
        return took, response

    for _ in range(opts.warmup_calls):
        call()
    latencies: list[float] = []
    response: httpx.Response | None = None
    for _ in range(opts.calls):
        took, response = call()
        latencies.append(took)
    assert response is not None
    rows = report.rows(response)
    if rows == 0:
        raise harness.BadAnswer(f"{report.name} answered no rows: {response.text[:300]}")
    return Timing(report.name, latencies, rows, len(response.content))


# The ceilings: the same page by one hand-written statement, in this process.

_CHAT_PAGE = """
SELECT c.created_at, c.text, c.recipient, p.id, p.email, p.first_name, p.last_name,
       (SELECT count(*) FROM chat_messages
        WHERE account_id = :account AND conference_id = :conference
          AND deleted_at IS NULL AND bot_id IS NULL) AS total
FROM chat_messages c LEFT JOIN people p ON p.id = c.person_id
WHERE c.account_id = :account AND c.conference_id = :conference
  AND c.deleted_at IS NULL AND c.bot_id IS NULL
ORDER BY c.created_at, c.id
LIMIT :per_page OFFSET :offset
"""

# The page of attendees (by first entry) with their stays folded, their
# person and registration, and their chat lines and questions counted.
_ATTENDEE_PAGE = """
WITH stays AS (
  SELECT person_id, min(entered_at) AS first_entered, max(left_at) AS last_left,
         count(*) AS stays
  FROM visits
  WHERE account_id = :account AND conference_id = :conference AND person_id IS NOT NULL
    AND (role IS NULL OR role = 'attendee')
  GROUP BY person_id
  ORDER BY first_entered, person_id
  LIMIT :per_page OFFSET :offset
)
SELECT s.first_entered, s.last_left, s.stays, p.id, p.email, p.first_name, p.last_name,
       r.registered_at, r.source,
       (SELECT count(*) FROM chat_messages c
        WHERE c.conference_id = :conference AND c.person_id = s.person_id) AS chats,
       (SELECT count(*) FROM questions q
        WHERE q.conference_id = :conference AND q.person_id = s.person_id) AS questions,
       (SELECT count(DISTINCT person_id) FROM visits
        WHERE account_id = :account AND conference_id = :conference AND person_id IS NOT NULL
          AND (role IS NULL OR role = 'attendee')) AS total
FROM stays s
JOIN people p ON p.id = s.person_id
LEFT JOIN registrations r ON r.person_id = s.person_id AND r.conference_id = :conference
ORDER BY s.first_entered, s.person_id
"""

_NO_SHOW_PAGE = """
WITH no_shows AS (
  SELECT r.id, r.person_id, r.registered_at, r.source
  FROM registrations r
  WHERE r.account_id = :account AND r.conference_id = :conference AND r.revoked_at IS NULL
    AND r.person_id NOT IN (
      SELECT person_id FROM visits
      WHERE account_id = :account AND conference_id = :conference AND person_id IS NOT NULL
        AND (role IS NULL OR role = 'attendee'))
)
SELECT n.registered_at, n.source, p.id, p.email, p.first_name, p.last_name,
       (SELECT count(*) FROM no_shows) AS total
FROM no_shows n JOIN people p ON p.id = n.person_id
ORDER BY n.registered_at, n.id
LIMIT :per_page OFFSET :offset
"""


@dataclass(frozen=True)
class Ceiling:
    report: str  # the project's report it is held against
    statement: str
    page: int = 1


def ceilings(sizes: Sizes) -> list[Ceiling]:
    chat_last = -(-sizes.chat_lines // 500)
    return [
        Ceiling("attendees p1", _ATTENDEE_PAGE),
        Ceiling("live_attendees", _ATTENDEE_PAGE),
        Ceiling("no_shows", _NO_SHOW_PAGE),
        Ceiling("chat_transcript p1", _CHAT_PAGE),
        Ceiling(f"chat_transcript p{chat_last} (last)", _CHAT_PAGE, chat_last),
    ]


async def time_ceilings(
    database: harness.BenchDatabase,
    seeded: Seeded,
    wanted: Sequence[Ceiling],
    opts: argparse.Namespace,
) -> list[Timing]:
    engine = create_engine(database.settings.database_url_async)
    timings: list[Timing] = []
    try:
        async with engine.connect() as connection:
            for ceiling in wanted:
                statement = text(ceiling.statement)
                values = {
                    "account": seeded.tenant.account_id,
                    "conference": seeded.conference_id,
                    "per_page": 500,
                    "offset": (ceiling.page - 1) * 500,
                }
                latencies: list[float] = []
                rows = 0
                for number in range(opts.warmup_calls + opts.calls):
                    began = time.perf_counter()
                    rows = len((await connection.execute(statement, values)).all())
                    if number >= opts.warmup_calls:
                        latencies.append(time.perf_counter() - began)
                timings.append(Timing(ceiling.report, latencies, rows, 0))
    finally:
        await engine.dispose()
    return timings


# Printing


def print_reports(timings: Sequence[Timing], engine_name: str, calls: int) -> None:
    print(f"\n== BigMarker reports, {engine_name}: {calls} sequential calls each")
    line = "{:<34} {:>6} {:>9} {:>9} {:>9} {:>9}  {}"
    print(line.format("report", "rows", "KB", "p50 ms", "p99 ms", "max ms", "< 1 s"))
    for t in timings:
        print(
            line.format(
                t.name,
                t.rows,
                f"{t.body_bytes / 1024:,.0f}",
                f"{t.p50:.1f}",
                f"{t.p99:.1f}",
                f"{t.max:.1f}",
                "met" if t.met else "NOT met",
            ),
            flush=True,
        )


def print_ceilings(project: Sequence[Timing], ceilings: Sequence[Timing]) -> None:
    by_name = {t.name: t for t in project}
    print("\n== ceilings: the same page, one hand-written SQL statement in this process")
    line = "{:<34} {:>6} {:>13} {:>13} {:>9}"
    print(line.format("report", "rows", "project p50", "ceiling p50", "ratio"))
    for ceiling in ceilings:
        mine = by_name[ceiling.name]
        print(
            line.format(
                ceiling.name,
                ceiling.rows,
                f"{mine.p50:.1f} ms",
                f"{ceiling.p50:.1f} ms",
                f"×{mine.p50 / ceiling.p50:.1f}",
            )
        )


def write_json(
    path: Path,
    engine_name: str,
    sizes: Sizes,
    project: Sequence[Timing],
    ceilings: Sequence[Timing],
    seed_seconds: float,
) -> None:
    def figures(t: Timing) -> dict[str, Any]:
        return {"name": t.name, "rows": t.rows, "p50_ms": t.p50, "p99_ms": t.p99, "max_ms": t.max}

    record = {
        "case": "reports",
        "database": engine_name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": sizes.__dict__,
        "seed_seconds": seed_seconds,
        "reports": [figures(t) | {"met": t.met} for t in project],
        "ceilings": [figures(t) for t in ceilings],
    }
    with path.open("a") as output:
        output.write(json.dumps(record) + "\n")


def _chosen(name: str, only: Sequence[str]) -> bool:
    return not only or any(name.startswith(prefix) for prefix in only)


def main() -> None:
    opts = options()
    sizes = Sizes.scaled(opts.scale)
    with harness.Bench() as bench:
        database = bench.database("reports")
        began = time.perf_counter()

        async def seeding(session: AsyncSession) -> Seeded:
            return await seed(session, sizes)

        seeded = database.run(seeding)
        seed_seconds = time.perf_counter() - began
        print(f"seeded {sizes} in {seed_seconds:.0f} s", flush=True)
        url = bench.project(database)
        with httpx.Client(base_url=url, timeout=120) as client:
            timings = [
                time_report(client, report, seeded.tenant.headers, opts)
                for report in reports(seeded.conference_id, sizes)
                if _chosen(report.name, opts.only)
            ]
        print_reports(timings, database.engine_name, opts.calls)
        wanted = [c for c in ceilings(sizes) if _chosen(c.report, opts.only)]
        bare = asyncio.run(time_ceilings(database, seeded, wanted, opts))
        print_ceilings(timings, bare)
        missed = [t.name for t in timings if not t.met]
        print(
            f"\ngoal < 1 s (max of {opts.calls} calls): "
            + (f"NOT met by {missed}" if missed else "met by every report")
        )
        if opts.json:
            write_json(opts.json, database.engine_name, sizes, timings, bare, seed_seconds)


if __name__ == "__main__":
    main()
