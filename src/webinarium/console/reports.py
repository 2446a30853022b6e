"""The console's report of a webinar, ``/console/webinars/{id}/report``: the
figures, the charts (SVG drawn here, `reports.charts`) each beside its data
as a table, and every table as a CSV file,
``/console/webinars/{id}/report/{table}.csv``. Reading only: the numbers are
`reports.summary`'s, the CSV rule `csv_response`'s (formula-safe cells).

Times are shown on the account's clock (its time zone, named on the page)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.api.bigmarker.report_lists import csv_response
from webinarium.api.deps import ReadSession
from webinarium.conferences.lifecycle import phase_of
from webinarium.conferences.schemas import ConferencePhase
from webinarium.console.auth import ReadConsole, console_router, render_console
from webinarium.kit.errors import NotFound
from webinarium.kit.time import iso_on_clock, wall_clock
from webinarium.models import Account, Conference
from webinarium.pages.templating import keep_private
from webinarium.people.names import full_name
from webinarium.polls.schemas import SelectionMethod
from webinarium.reports import summary, talk
from webinarium.reports.attendance import counted_until
from webinarium.reports.attendance_repository import PersonName
from webinarium.reports.charts import Bar, Span, bar_chart, line_chart, timeline

router = console_router()

# The timeline draws this many stays; the CSV has them all.
STAYS_DRAWN = 200
# The attendee table shows the most engaged this many; the CSV has everyone.
ATTENDEES_SHOWN = 100
ENGAGED_DRAWN = 20
# A short-answer poll or a survey question lists this many answers; the CSV has them all.
TEXTS_SHOWN = 200

COLUMNS: dict[str, tuple[str, ...]] = {
    "attendees": (
        "name",
        "email",
        "first_entered",
        "watch_minutes",
        "chat_messages",
        "questions",
        "polls_answered",
        "engagement",
    ),
    "visits": ("name", "email", "entered", "left", "minutes"),
    "viewers": ("time", "viewers"),
    "polls": ("question", "selection_method", "option", "votes", "voters", "percent_of_voters"),
    "poll_answers": ("question", "name", "email", "answer", "answered_at"),
    "survey": ("question", "kind", "name", "email", "answer", "answered_at"),
    "chat": ("sent_at", "name", "email", "text", "to_hosts_only"),
    "questions": ("asked_at", "name", "email", "question", "answer", "answered_by", "answered_at"),
}


class ReportTableNotFound(NotFound):
    code = "report_table_not_found"


def _name(person: PersonName) -> str:
    return full_name(person) or person.email


def duration(seconds: int) -> str:
    """How long, as "1 h 05 min", "12 min 30 s" or "45 s": a number and its
    unit held together by a no-break space."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}\u00a0h {minutes:02d}\u00a0min"
    if minutes:
        return f"{minutes}\u00a0min {seconds:02d}\u00a0s"
    return f"{seconds}\u00a0s"


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 1)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@router.get("/webinars/{conference_id}/report", name="console_report")
async def report_page(
    request: Request, console: ReadConsole, session: ReadSession, conference_id: str
) -> Response:
    conference = await console.conference(session, conference_id)
    now: datetime = request.app.state.clock.now()
    context = await report_context(session, console.account, conference, now)
    return render_console(request, console, "console/report.html", context)


async def report_context(
    session: AsyncSession, account: Account, conference: Conference, now: datetime
) -> dict[str, Any]:
    """What the report page shows of ``conference`` at ``now``."""
    zone = account.time_zone
    figures, series, merged = await summary.figures_and_series(
        session, account, conference, now=now
    )
    until = counted_until(conference, now)
    stays = await summary.stays(session, account, conference, limit=STAYS_DRAWN)
    polls = await summary.poll_results(session, account, conference)
    engaged = await summary.engagement(session, account, conference, merged)
    survey = await summary.survey_results(session, account, conference)

    def shown(moment: datetime) -> str:
        return wall_clock(moment, zone, seconds=True)

    viewers_chart = line_chart(
        [(sample.at, sample.viewers) for sample in series.samples],
        chart_id="chart-viewers",
        title="Concurrent viewers over time",
        description=(
            f"Attendees in the room at once, the most in each {duration(series.step_seconds)}; "
            f"peak {figures.peak_viewers}. Times in {zone}."
        ),
        zone_name=zone,
        empty="No one has attended yet",
    )
    spans = [
        Span(
            _name(stay.person),
            stay.entered_at,
            stay.left_at or max(until, stay.entered_at),
            f"{shown(stay.entered_at)} to "
            + (shown(stay.left_at) if stay.left_at else "still in the room"),
        )
        for stay in stays
    ]
    visits_chart = timeline(
        spans,
        chart_id="chart-visits",
        title="Join and leave timeline",
        description=f"One bar per stay in the room, from joining to leaving. Times in {zone}.",
        zone_name=zone,
        empty="No one has attended yet",
    )
    poll_charts = [
        bar_chart(
            [Bar(option.label, option.votes) for option in poll.options],
            chart_id=f"chart-poll-{number}",
            title=f"Poll: {poll.question}",
            description=f"Attendees who chose each answer; {poll.voters} answered.",
            empty="Short answers: see the poll transcript",
        )
        for number, poll in enumerate(polls, start=1)
    ]
    survey_charts = [
        bar_chart(
            [Bar(option.label, option.votes) for option in question.options],
            chart_id=f"chart-survey-{number}",
            title=f"Survey: {question.question}",
            description=f"Attendees who chose each answer; {len(question.answers)} answered.",
            empty="No one has answered yet",
        )
        if question.options
        else None
        for number, question in enumerate(survey, start=1)
    ]
    engagement_chart = bar_chart(
        [Bar(_name(row.person), row.score) for row in engaged[:ENGAGED_DRAWN]],
        chart_id="chart-engagement",
        title="Engagement per attendee",
        description=(
            f"The {min(len(engaged), ENGAGED_DRAWN)} most engaged attendees: minutes watched "
            "plus chat messages, questions and polls answered."
        ),
        empty="No one has attended yet",
    )
    context: dict[str, Any] = {
        "conference": conference,
        "active": "report",
        "zone": zone,
        "phase": phase_of(conference, now).name.lower(),
        "upcoming": phase_of(conference, now) == ConferencePhase.UPCOMING,
        "figures": figures,
        "average_watch": duration(figures.average_watch_seconds),
        "total_watch": duration(figures.total_watch_seconds),
        "peak_at": shown(figures.peak_at) if figures.peak_at else None,
        "series": series,
        "samples": [(shown(s.at), s.viewers) for s in series.samples],
        "step": duration(series.step_seconds),
        "viewers_chart": viewers_chart,
        "visits_chart": visits_chart,
        "stays": [
            (
                _name(stay.person),
                shown(stay.entered_at),
                shown(stay.left_at) if stay.left_at else "",
            )
            for stay in stays
        ],
        "stay_count": sum(len(intervals) for intervals in merged.values()),
        "stays_drawn": STAYS_DRAWN,
        "polls": list(zip(polls, poll_charts, strict=True)),
        "short_answer_polls": any(
            poll.selection_method == SelectionMethod.SHORT_ANSWER for poll in polls
        ),
        "survey": list(zip(survey, survey_charts, strict=True)),
        "texts_shown": TEXTS_SHOWN,
        "engagement_chart": engagement_chart,
        "attendees": [
            {
                "name": _name(row.person),
                "email": row.person.email,
                "first_entered": shown(row.first_entered_at),
                "watch": duration(row.watch_seconds),
                "chats": row.chats,
                "questions": row.questions,
                "polls": row.polls,
                "score": row.score,
            }
            for row in engaged[:ATTENDEES_SHOWN]
        ],
        "attendees_shown": ATTENDEES_SHOWN,
    }
    return context


@router.get("/webinars/{conference_id}/report/{table}.csv", name="console_report_csv")
async def report_csv(
    request: Request, console: ReadConsole, session: ReadSession, conference_id: str, table: str
) -> Response:
    if table not in COLUMNS:
        raise ReportTableNotFound(f"the report has no table {table[:40]!r}")
    conference = await console.conference(session, conference_id)
    now: datetime = request.app.state.clock.now()
    rows = await _rows(table, console.account, session, conference, now)
    response = csv_response(list(rows), COLUMNS[table], f"{table}-{conference.id}")
    return keep_private(response)


async def _rows(
    table: str, account: Account, session: AsyncSession, conference: Conference, now: datetime
) -> Iterable[dict[str, Any]]:
    zone = account.time_zone
    if table == "visits":
        return [
            {
                "name": _name(stay.person),
                "email": stay.person.email,
                "entered": iso_on_clock(stay.entered_at, zone),
                "left": iso_on_clock(stay.left_at, zone) if stay.left_at else None,
                "minutes": _minutes(
                    (
                        (stay.left_at or counted_until(conference, now)) - stay.entered_at
                    ).total_seconds()
                ),
            }
            for stay in await summary.stays(session, account, conference)
        ]
    if table == "polls":
        rows = []
        for poll in await summary.poll_results(session, account, conference):
            # A short-answer poll has no options: one row, how many answered.
            options = poll.options or [summary.PollOption("", poll.voters)]
            rows += [
                {
                    "question": poll.question,
                    "selection_method": poll.selection_method,
                    "option": option.label,
                    "votes": option.votes,
                    "voters": poll.voters,
                    "percent_of_voters": _percent(option.votes, poll.voters),
                }
                for option in options
            ]
        return rows
    if table == "poll_answers":
        return [
            {"question": poll.question, **_text_answer(answer, zone)}
            for poll in await summary.poll_results(session, account, conference)
            for answer in poll.answers
        ]
    if table == "survey":
        return [
            {"question": question.question, "kind": question.kind, **_text_answer(answer, zone)}
            for question in await summary.survey_results(session, account, conference)
            for answer in question.answers
        ]
    if table in ("chat", "questions"):
        chat, questions = await talk.everything(session, account, conference)
        if table == "chat":
            return [
                {
                    "sent_at": iso_on_clock(line.sent_at, zone),
                    **_author(line.author),
                    "text": line.text,
                    "to_hosts_only": line.private,
                }
                for line in chat
            ]
        return [_question_row(question, zone) for question in questions]
    _, series, merged = await summary.figures_and_series(session, account, conference, now=now)
    if table == "viewers":
        return [
            {"time": iso_on_clock(sample.at, zone), "viewers": sample.viewers}
            for sample in series.samples
        ]
    return [
        {
            "name": _name(row.person),
            "email": row.person.email,
            "first_entered": iso_on_clock(row.first_entered_at, zone),
            "watch_minutes": _minutes(row.watch_seconds),
            "chat_messages": row.chats,
            "questions": row.questions,
            "polls_answered": row.polls,
            "engagement": row.score,
        }
        for row in await summary.engagement(session, account, conference, merged)
    ]


def _text_answer(answer: summary.TextAnswer, zone: str) -> dict[str, Any]:
    return {
        "name": answer.name,
        "email": answer.email,
        "answer": answer.text,
        "answered_at": iso_on_clock(answer.at, zone),
    }


def _author(author: talk.Author) -> dict[str, str]:
    return {"name": full_name(author) or author.email, "email": author.email}


def _question_row(question: talk.QuestionLine, zone: str) -> dict[str, Any]:
    # A question has one answer at most (`talk.qa_transcript`).
    answer = question.answers[0] if question.answers else None
    return {
        "asked_at": iso_on_clock(question.sent_at, zone),
        **_author(question.author),
        "question": question.text,
        "answer": answer.text if answer else None,
        "answered_by": _author(answer.author)["name"] if answer else None,
        "answered_at": iso_on_clock(answer.sent_at, zone) if answer else None,
    }
