"""The BigMarker SDK's Webinar Reporting against the real application.

A webinar happens over the real room protocol, built as the reporting tests
of tests/api/bigmarker/ build theirs (tests/room/helpers.py): Ann registers,
comes in, chats, asks a question, answers a poll and clicks an offer; Cid
registers and stays away; Mo moderates, starts and ends it. The custom
e-mail reports read the mails of tests/messaging/test_custom_emails.py's
scene (its fixtures, reused). Every report is then read through the SDK and
checked against what the script did."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from tests.messaging.conftest import (  # noqa: F401 — fixtures of the custom e-mail scene
    mail_server,
    tenant,
    web,
)
from tests.messaging.test_custom_emails import Scene, scene  # noqa: F401 — the scene fixture
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.app import create_app
from webinarium.client import AsyncBigMarker, BigMarker, NotFoundError, Webinarium
from webinarium.client.models.bigmarker_reports import (
    Activity,
    Chat,
    EmailAction,
    EmailStatistics,
    EventSummary,
    OfferTranscript,
    PollTranscript,
    QuestionAsked,
    ReportAttendee,
    ReportRegistration,
    Suppression,
)
from webinarium.settings import Settings

CONFERENCE_NOT_FOUND = r"^404: The conference you are requesting is not found\.$"


@dataclass(frozen=True)
class Webinar:
    tenant: Tenant
    conference_id: str
    ann: str  # e-mail addresses
    cid: str
    ann_bmid: str
    cid_bmid: str
    poll_id: str
    choice: str
    offer_id: str


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


def _email(bm: BigMarker, conference_id: str, bmid: str) -> str:
    """A registrant's address, as the registration list gives it."""
    rows = bm.request("GET", f"conferences/registrations/{conference_id}")["registrations"]
    (email,) = [r["email"] for r in rows if r["bmid"] == bmid]
    return str(email)


@pytest.fixture(scope="module")
def webinar(settings: Settings, server: RoomServer) -> Webinar:
    owner = create_tenant(settings, "SDK reports")
    room = make_room(settings, owner)
    ann = register_someone(settings, owner, room, "Ann")
    cid = register_someone(settings, owner, room, "Cid")
    mo = add_staff(settings, owner, room, "Mo", moderator=True)
    with (
        BigMarker(api_key=owner.api_key, base_url=server.url) as bm,
        Webinarium(api_key=owner.api_key, base_url=server.url) as native,
    ):
        poll = bm.polls.create(
            conference_id=room, question="Tea or coffee?", choices=["Tea", "Coffee"]
        )
        choice = {c.choice: c.id for c in poll.choices or []}
        offer = native.request(
            "POST",
            f"conferences/{room}/offers",
            json={"title": "Demo", "button_text": "Go", "url": "https://example.org/demo"},
        )
        with (
            Client(server.ws_url, ann.enter_token) as a,
            Client(server.ws_url, ticket(settings, owner, room, "moderator", mo)) as m,
        ):
            for client in (a, m):
                client.next_frame()
            assert m.send("room.start")["ok"] is True
            assert a.send("chat.send", {"text": "Hello from Ann"})["ok"] is True
            assert a.send("qa.ask", {"text": "Will slides be shared?"})["ok"] is True
            bm.polls.set_status(action="open", poll_ids=[str(poll.id)])
            vote = {"poll_id": poll.id, "choice_ids": [choice["Tea"]]}
            assert a.send("poll.vote", vote)["ok"] is True
            bm.polls.set_status(action="close", poll_ids=[str(poll.id)])
            assert m.send("offer.show", {"offer_id": offer["id"]})["ok"] is True
            assert a.send("offer.click", {"offer_id": offer["id"]})["ok"] is True
            a.close()
            assert m.send("room.end")["ok"] is True
        return Webinar(
            owner,
            room,
            _email(bm, room, ann.person_id),
            _email(bm, room, cid.person_id),
            ann.person_id,
            cid.person_id,
            str(poll.id),
            str(choice["Tea"]),
            str(offer["id"]),
        )


@pytest.fixture(scope="module")
def bm(webinar: Webinar, server: RoomServer) -> Iterator[BigMarker]:
    with BigMarker(api_key=webinar.tenant.api_key, base_url=server.url) as client:
        yield client


def test_registrations_attendees_and_no_shows(bm: BigMarker, webinar: Webinar) -> None:
    rows = list(bm.reports.registrations(webinar.conference_id, per_page=1))
    assert all(isinstance(r, ReportRegistration) for r in rows)
    by_email = {r.email: r for r in rows}
    assert set(by_email) == {webinar.ann, webinar.cid}
    ann, cid = by_email[webinar.ann], by_email[webinar.cid]
    assert (ann.first_name, ann.BMID, ann.attended) == ("Ann", webinar.ann_bmid, "Yes")
    assert (cid.first_name, cid.BMID, cid.attended) == ("Cid", webinar.cid_bmid, "No")
    assert (ann.chats, ann.qa, ann.polls) == (1, 1, 1)
    assert [(p.question, p.answer) for p in ann.polls_info or []] == [("Tea or coffee?", "Tea")]
    assert (cid.chats, cid.qa, cid.polls) == (0, 0, 0)
    assert ann.duration
    assert ann.duration.endswith(" min")
    live_only = bm.reports.registrations(webinar.conference_id, attended_live=True)
    assert [r.email for r in live_only] == [webinar.ann]
    assert list(bm.reports.registrations(webinar.conference_id, watched_on_demand=True)) == []

    attendees = list(bm.reports.live_attendees(webinar.conference_id, per_page=1))
    assert all(isinstance(a, ReportAttendee) for a in attendees)
    assert [(a.email, a.BMID, a.attended) for a in attendees] == [
        (webinar.ann, webinar.ann_bmid, "Yes")
    ]
    assert attendees[0].enter_time
    assert attendees[0].exit_time
    assert attendees[0].enter_time <= attendees[0].exit_time

    no_shows = list(bm.reports.no_shows(webinar.conference_id))
    assert [(r.email, r.attended) for r in no_shows] == [(webinar.cid, "No")]
    assert list(bm.reports.on_demand_attendees(webinar.conference_id)) == []


def test_what_was_said_and_done(bm: BigMarker, webinar: Webinar) -> None:
    (chat,) = bm.reports.chats(webinar.conference_id)
    assert isinstance(chat, Chat)
    assert (chat.chat, chat.email, chat.bmid, chat.first_name) == (
        "Hello from Ann",
        webinar.ann,
        webinar.ann_bmid,
        "Ann",
    )
    assert chat.sendtime
    (question,) = bm.reports.questions(webinar.conference_id, per_page=1)
    assert isinstance(question, QuestionAsked)
    assert (question.q_and_a, question.email) == ("Will slides be shared?", webinar.ann)
    assert question.responses == []

    moves = list(bm.reports.enter_exit_log(webinar.conference_id, per_page=1))
    assert all(isinstance(m, Activity) for m in moves)
    anns = [m.activity_type for m in moves if m.email == webinar.ann]
    assert anns == ["enter", "exit"]
    times = [m.time or "" for m in moves]
    assert times == sorted(times)
    assert list(bm.reports.attendance_monitor(webinar.conference_id, per_page=1)) == []

    summary = bm.reports.event_summary(webinar.conference_id)
    assert isinstance(summary, EventSummary)
    # Seconds in the room, in whole minutes.
    assert summary.total_live_minutes_watched == 0

    polls = bm.reports.polls(webinar.conference_id)
    assert isinstance(polls, PollTranscript)
    assert (polls.poll_count, polls.poll_response_rate) == (1, 100)
    (poll,) = polls.polls or []
    assert (poll.id, poll.question) == (webinar.poll_id, "Tea or coffee?")
    (response,) = poll.poll_responses or []
    assert (response.first_name, response.email, response.bmid, response.choice) == (
        "Ann",
        webinar.ann,
        webinar.ann_bmid,
        "Tea",
    )

    offers = bm.reports.offers(webinar.conference_id)
    assert isinstance(offers, OfferTranscript)
    assert (offers.cta_pop_up_count, offers.cta_pop_up_clicked_count) == (1, 1)
    (offer,) = offers.offers or []
    assert (offer.id, offer.offer_name) == (webinar.offer_id, "Demo")
    assert [(c.email, c.bmid, c.source) for c in offer.offer_data or []] == [
        (webinar.ann, webinar.ann_bmid, "Live Webinar")
    ]


def test_unknown_conference(bm: BigMarker) -> None:
    with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
        list(bm.reports.registrations("nope"))
    with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
        bm.reports.event_summary("nope")
    with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
        bm.reports.polls("nope")


def test_reports_async_in_process(settings: Settings, webinar: Webinar) -> None:
    async def main() -> None:
        app = create_app(settings)
        async with (
            app.router.lifespan_context(app),
            AsyncBigMarker(
                api_key=webinar.tenant.api_key,
                base_url="http://app",
                transport=httpx.ASGITransport(app=app),
            ) as bm,
        ):
            no_shows = [r.email async for r in bm.reports.no_shows(webinar.conference_id)]
            assert no_shows == [webinar.cid]
            chats = [c.chat async for c in bm.reports.chats(webinar.conference_id)]
            assert chats == ["Hello from Ann"]
            offers = await bm.reports.offers(webinar.conference_id)
            assert offers.cta_pop_up_clicked_count == 1
            with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
                await bm.reports.event_summary("nope")

    asyncio.run(main())


# Custom e-mails: the scene of tests/messaging/test_custom_emails.py.


@pytest.fixture(scope="module")
def mail_bm(mail_server: RoomServer, tenant: Tenant) -> Iterator[BigMarker]:  # noqa: F811
    with BigMarker(api_key=tenant.api_key, base_url=mail_server.url) as client:
        yield client


def test_email_statistics(mail_bm: BigMarker, scene: Scene) -> None:  # noqa: F811
    (group,) = mail_bm.reports.email_statistics(custom_email_id=scene.custom_email_id)
    assert isinstance(group, EmailStatistics)
    assert group.email_type == "Registration Confirmation Email"
    (rates,) = group.email_list or []
    # Four sent (the withheld one never was), three delivered, one bounced;
    # one each opened, clicked and unsubscribed of the three.
    assert (rates.id, rates.sent_to, rates.delivery_rate, rates.bounce_rate) == (
        scene.custom_email_id,
        4,
        75,
        25,
    )
    assert (rates.open_rate, rates.click_rate, rates.unsubscribe_rate) == (33.3, 33.3, 33.3)
    by_conference = mail_bm.reports.email_statistics(conference_id=scene.conference_id)
    assert by_conference == [group]


def test_email_analytics_and_suppressions(mail_bm: BigMarker, scene: Scene) -> None:  # noqa: F811
    actions = list(mail_bm.reports.email_analytics(scene.custom_email_id, per_page=3))
    assert all(isinstance(a, EmailAction) for a in actions)
    assert sorted((a.recipient or "", a.action_type or "") for a in actions) == sorted(
        [
            (scene.reader, "delivered"),
            (scene.leaver, "delivered"),
            (scene.plain, "delivered"),
            (scene.bounced, "suppressed"),
            (scene.withheld, "suppressed"),
            (scene.reader, "opened"),
            (scene.reader, "clicked"),
            (scene.leaver, "suppressed"),
        ]
    )
    assert {a.conference_id for a in actions} == {scene.conference_id}
    assert {a.recipient_name for a in actions} == {"Ada Byron"}
    opened = mail_bm.reports.email_analytics(scene.custom_email_id, action_type="opened")
    assert [a.recipient for a in opened] == [scene.reader]
    early = mail_bm.reports.email_analytics(scene.custom_email_id, date_end=1667455038672)
    assert list(early) == []

    suppressed = mail_bm.reports.suppressions(scene.custom_email_id)
    assert all(isinstance(s, Suppression) for s in suppressed)
    assert sorted((s.recipient or "", s.action_type) for s in suppressed) == sorted(
        [
            (scene.bounced, "suppressed"),
            (scene.leaver, "suppressed"),
            (scene.withheld, "suppressed"),
        ]
    )
    assert all(s.action_time for s in suppressed)
    with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
        mail_bm.reports.suppressions(f"{scene.conference_id}.newsletter")
    with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
        list(mail_bm.reports.email_analytics("nothing"))
