"""BigMarker's content reports over a scripted webinar: attendees (one leaves
and comes back), a presenter, the host and a bot in a room; polls voted on,
offers shown and clicked, handouts downloaded, the attendance monitor asked and
answered, the survey answered at the end. Then every field of
poll_transcript, offer_transcript, attendance_monitor_data, survey and
handout_download_data is checked against what the script did, with the
documented errors, another account's key, paging and ``?format=csv``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import documented_error
from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, Registrant, add_staff, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference
from webinarium.kit.time import utcnow
from webinarium.models import Person
from webinarium.settings import Settings

API = "/api/v1"
NATIVE = "/api/webinarium/v1"
ZONE = "Asia/Singapore"  # +08:00 all year, as the document's examples
OFFSET = timedelta(hours=8)
# The monitor's first check one interval (5 minutes, here 6 s) after the start;
# the next one 6 s later, by when the script has ended the room.
TIMERS = {"room_attention_poll_seconds": 0.1, "room_attention_time_scale": 0.02}
MONITOR = {
    "attendance_monitor": True,
    "attendance_monitor_interval_minutes": 5,
    "attendance_monitor_answer_seconds": 600,
}
REPORTS = {
    "reporting_poll_transcript": "/reporting/conferences/poll_transcript/{}",
    "reporting_offer_transcript": "/reporting/conferences/offer_transcript/{}",
    "reporting_attendance_monitor_data": "/reporting/conferences/attendance_monitor_data/{}",
    "conferences_survey": "/conferences/survey/{}",
    "conferences_handout_download_data": "/conferences/handout_download_data/{}",
}


@dataclass(frozen=True)
class Someone:
    person_id: str
    email: str
    first_name: str
    last_name: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Webinar:
    """What the script did, and when (UTC, before and after each phase)."""

    tenant: Tenant
    room: str
    ann: Someone
    bea: Someone
    cid: Someone
    polls: dict[str, dict[str, Any]]
    offers: dict[str, dict[str, Any]]
    handouts: dict[str, dict[str, Any]]
    survey: dict[str, str]
    began: datetime
    started: datetime
    ended: datetime
    surveyed: datetime
    check_id: str
    acked: datetime | None = None


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings, **TIMERS).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def _room(settings: Settings, tenant: Tenant) -> str:
    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(
                channel_id=tenant.channel_id,
                title="Content reports",
                start=utcnow() + timedelta(minutes=5),
                duration_minutes=60,
                time_zone=ZONE,
                settings=MONITOR,
            ),
        )
        return conference.id

    return in_database(settings, work)


def _someone(settings: Settings, registrant: Registrant | str) -> Someone:
    person_id = registrant if isinstance(registrant, str) else registrant.person_id

    async def work(session: AsyncSession) -> Someone:
        person = await session.get(Person, person_id)
        assert person is not None
        return Someone(person.id, person.email, person.first_name, person.last_name)

    return in_database(settings, work)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture(scope="module")
def webinar(settings: Settings, server: RoomServer, api: httpx.Client) -> Webinar:
    tenant = create_tenant(settings, "Content reports")
    headers = tenant.headers
    room = _room(settings, tenant)
    ann_r, bea_r, cid_r = (
        register_someone(settings, tenant, room, n) for n in ("Ann", "Bea", "Cid")
    )
    paul = add_staff(settings, tenant, room, "Paul", moderator=False)
    ann, bea, cid = (_someone(settings, r) for r in (ann_r, bea_r, cid_r))

    def poll(question: str, method: str, choices: list[str]) -> dict[str, Any]:
        body = {
            "conference_id": room,
            "question": question,
            "choices": choices,
            "selection_method": method,
        }
        made: dict[str, Any] = _ok(api.post(f"{API}/polls", headers=headers, json=body))
        return made

    polls = {
        "colour": poll("Which colour?", "single", ["Red", "Green", "Blue"]),
        "drinks": poll("Which drinks?", "multi", ["Tea", "Coffee", "Juice"]),
        "score": poll("Rate us", "score", []),
        "unused": poll("Never asked", "single", ["Yes", "No"]),
    }

    def offer(title: str) -> dict[str, Any]:
        body = {"title": title, "button_text": "Go", "url": "https://example.org/" + title}
        made: dict[str, Any] = _ok(
            api.post(f"{NATIVE}/conferences/{room}/offers", headers=headers, json=body)
        )
        return made

    offers = {name: offer(name) for name in ("demo", "ebook", "never-shown")}

    def handout(title: str) -> dict[str, Any]:
        body = {"title": title, "handout_link": "https://example.org/" + title}
        url = f"{API}/conferences/{room}/add_handout_with_url"
        made: dict[str, Any] = _ok(api.post(url, headers=headers, json=body))
        return made

    handouts = {name: handout(name) for name in ("Site", "Guide")}
    questions = [
        {"text": "How was it?", "kind": "rating"},
        {"text": "Which part helped most?", "kind": "single", "choices": ["Demo", "Q&A"]},
        {"text": "Anything else?"},
    ]
    made = _ok(
        api.put(
            f"{NATIVE}/conferences/{room}/survey", headers=headers, json={"questions": questions}
        )
    )["questions"]
    survey = {q["kind"]: q["id"] for q in made}

    def set_poll(action: str, name: str) -> None:
        body = {"action": action, "poll_ids": polls[name]["id"]}
        _ok(api.put(f"{API}/polls", headers=headers, json=body))

    began = utcnow()
    # Cid comes and goes before the others; he is back for the rest.
    with Client(server.ws_url, cid_r.enter_token) as c:
        c.next_frame()
    presenter = ticket(settings, tenant, room, "presenter", paul)
    with (
        Client(server.ws_url, ann_r.enter_token) as a,
        Client(server.ws_url, bea_r.enter_token) as b,
        Client(server.ws_url, cid_r.enter_token) as c,
        Client(server.ws_url, presenter) as p,
        Client(server.ws_url, ticket(settings, tenant, room, "host")) as h,
    ):
        for client in (a, b, c, p, h):
            client.next_frame()
        ok(
            api,
            tenant,
            "webinarsAddBotToRoom",
            {"alias": alias_of(settings, room), "name": "Vic", "country": "de"},
        )

        def vote(client: Client, name: str, **answer: Any) -> None:
            reply = client.send("poll.vote", {"poll_id": polls[name]["id"], **answer})
            assert reply["ok"], reply

        choice = {c["choice"]: c["id"] for p in polls.values() for c in p["choices"]}
        set_poll("open", "colour")
        vote(a, "colour", choice_ids=[choice["Green"]])
        vote(b, "colour", choice_ids=[choice["Red"]])
        set_poll("close", "colour")
        set_poll("open", "drinks")
        vote(a, "drinks", choice_ids=[choice["Juice"], choice["Tea"]])
        set_poll("close", "drinks")
        set_poll("open", "score")
        vote(b, "score", score=9)
        set_poll("close", "score")

        def offer_command(client: Client, cmd: str, name: str) -> None:
            reply = client.send(cmd, {"offer_id": offers[name]["id"]})
            assert reply["ok"], reply

        offer_command(p, "offer.show", "demo")
        for client in (a, a, b):
            offer_command(client, "offer.click", "demo")
        offer_command(p, "offer.show", "ebook")  # hides the demo; nobody clicks this one

        def open_handout(client: Client, cmd: str, name: str) -> None:
            reply = client.send(cmd, {"handout_id": handouts[name]["id"]})
            assert reply["ok"], reply

        for client, cmd, name in (
            (a, "handout.download", "Site"),
            (a, "handout.view", "Guide"),  # a view is no download
            (a, "handout.download", "Guide"),
            (b, "handout.download", "Site"),
            (a, "handout.download", "Site"),
            (p, "handout.download", "Site"),  # the staff's are left out
            (h, "handout.download", "Guide"),
        ):
            open_handout(client, cmd, name)

        started = utcnow()
        assert p.send("room.start")["ok"]
        check_id = a.event("attention.check")["data"]["check_id"]
        for client in (b, c):
            assert client.event("attention.check")["data"]["check_id"] == check_id
        acked = a.send("attention.ack", {"check_id": check_id})
        assert acked["ok"], acked
        assert h.send("room.end")["ok"]
    ended = utcnow()

    def answer(registrant: Registrant, answers: list[dict[str, Any]]) -> None:
        ticket_text = ticket(settings, tenant, room, "registration", registrant.registration_id)
        _ok(api.post("/room/survey", json={"ticket": ticket_text, "answers": answers}))

    answer(
        ann_r,
        [
            {"question_id": survey["rating"], "value": 5},
            {"question_id": survey["single"], "value": "Q&A"},
            {"question_id": survey["text"], "value": "=1+1 was my favourite"},
        ],
    )
    answer(bea_r, [{"question_id": survey["rating"], "value": "4"}])
    return Webinar(
        tenant=tenant,
        room=room,
        ann=ann,
        bea=bea,
        cid=cid,
        polls=polls,
        offers=offers,
        handouts=handouts,
        survey=survey,
        began=began,
        started=started,
        ended=ended,
        surveyed=utcnow(),
        check_id=check_id,
    )


def get(api: httpx.Client, webinar: Webinar, operation: str, **query: Any) -> Any:
    path = API + REPORTS[operation].format(webinar.room)
    return _ok(api.get(path, headers=webinar.tenant.headers, params=query))


def moment(text: str, after: datetime, before: datetime) -> datetime:
    """A report's time: ISO 8601 on the conference's clock (+08:00), to the
    second, between ``after`` and ``before``."""
    parsed = datetime.fromisoformat(text)
    assert parsed.utcoffset() == OFFSET, text
    assert parsed.microsecond == 0
    assert after.replace(microsecond=0) <= parsed <= before, (text, after, before)
    return parsed


def csv_rows(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.text)))


def as_cells(values: list[Any]) -> list[str]:
    return ["" if v is None else str(v) for v in values]


def test_poll_transcript(api: httpx.Client, webinar: Webinar) -> None:
    report = get(api, webinar, "reporting_poll_transcript")
    assert list(report) == ["poll_count", "poll_response_rate", "polls"]
    # Three polls were opened (the fourth never was).
    assert report["poll_count"] == 3
    # Ann and Bea answered; Cid (two stays) did not; the staff and the bot are no attendees.
    assert report["poll_response_rate"] == round(100 * 2 / 3, 2)
    polls = webinar.polls
    expected = [
        (polls["colour"], [(webinar.ann, "Green"), (webinar.bea, "Red")]),
        (polls["drinks"], [(webinar.ann, "Tea Juice")]),  # in the poll's order of choices
        (polls["score"], [(webinar.bea, "9")]),
    ]
    assert [p["id"] for p in report["polls"]] == [poll["id"] for poll, _ in expected]
    for shown, (poll, answers) in zip(report["polls"], expected, strict=True):
        assert list(shown) == ["id", "question", "poll_responses"]
        assert shown["question"] == poll["question"]
        responses = shown["poll_responses"]
        times = [moment(r["time"], webinar.began, webinar.started) for r in responses]
        assert times == sorted(times)
        by_email = {r["email"]: r for r in responses}
        assert len(by_email) == len(responses) == len(answers)
        for who, choice in answers:
            response = by_email[who.email]
            assert response == {
                "fist_name": who.first_name,
                "last_name": who.last_name,
                "bmid": who.person_id,
                "email": who.email,
                "choice": choice,
                "time": response["time"],
                "first_name": who.first_name,
            }

    table = csv_rows(
        api.get(
            API + REPORTS["reporting_poll_transcript"].format(webinar.room),
            headers=webinar.tenant.headers,
            params={"format": "csv"},
        )
    )
    columns = ["id", "question", "fist_name", "last_name", "bmid", "email", "choice", "time"]
    assert table[0] == [*columns, "first_name"]
    assert table[1:] == [
        as_cells([poll["id"], poll["question"], *(r[c] for c in table[0][2:])])
        for poll in report["polls"]
        for r in poll["poll_responses"]
    ]
    assert len(table) == 1 + 4


def test_offer_transcript(api: httpx.Client, webinar: Webinar) -> None:
    report = get(api, webinar, "reporting_offer_transcript")
    assert list(report) == [
        "cta_pop_up_count",
        "cta_pop_up_clicked_count",
        "cta_pop_up_clicked_rate",
        "offers",
    ]
    # Two offers popped up (one was never shown); attendees clicked one of them.
    assert report["cta_pop_up_count"] == 2
    assert report["cta_pop_up_clicked_count"] == 1
    assert report["cta_pop_up_clicked_rate"] == 50.0
    demo, ebook = webinar.offers["demo"], webinar.offers["ebook"]
    assert [(o["id"], o["offer_name"]) for o in report["offers"]] == [
        (demo["id"], "demo"),
        (ebook["id"], "ebook"),
    ]
    assert report["offers"][1]["offer_data"] == []
    clicks = report["offers"][0]["offer_data"]
    times = [moment(c["time"], webinar.began, webinar.started) for c in clicks]
    assert times == sorted(times)
    # Every click is a row: Ann's two, then Bea's.
    assert clicks == [
        {
            "full_name": who.name,
            "first_name": who.first_name,
            "last_name": who.last_name,
            "bmid": who.person_id,
            "email": who.email,
            "source": "Live Webinar",
            "time": click["time"],
        }
        for who, click in zip((webinar.ann, webinar.ann, webinar.bea), clicks, strict=True)
    ]

    table = csv_rows(
        api.get(
            API + REPORTS["reporting_offer_transcript"].format(webinar.room),
            headers=webinar.tenant.headers,
            params={"format": "csv"},
        )
    )
    item = ["full_name", "first_name", "last_name", "bmid", "email", "source", "time"]
    assert table[0] == ["id", "offer_name", *item]
    assert table[1:] == [as_cells([demo["id"], "demo", *(c[k] for k in item)]) for c in clicks]


def test_attendance_monitor_data(api: httpx.Client, webinar: Webinar) -> None:
    report = get(api, webinar, "reporting_attendance_monitor_data")
    assert list(report) == [
        "per_page",
        "current_page",
        "total_entries",
        "total_pages",
        "activities",
    ]
    # The check popped up for the three attendees present; Ann answered it.
    assert (report["per_page"], report["current_page"]) == (200, 1)
    assert (report["total_entries"], report["total_pages"]) == (4, 1)
    activities = report["activities"]
    for row in activities:
        assert list(row) == ["bmid", "email", "first_name", "last_name", "activity_type", "time"]
    times = [moment(r["time"], webinar.started, webinar.ended) for r in activities]
    assert times == sorted(times)
    expected = {
        ("ShowPopUp", who.person_id, who.email, who.first_name, who.last_name)
        for who in (webinar.ann, webinar.bea, webinar.cid)
    }
    ann = webinar.ann
    clicked = ("ClickPopUp", ann.person_id, ann.email, ann.first_name, ann.last_name)
    assert activities[-1]["activity_type"] == "ClickPopUp"
    got = [
        (r["activity_type"], r["bmid"], r["email"], r["first_name"], r["last_name"])
        for r in activities
    ]
    assert set(got[:3]) == expected
    assert got[3] == clicked
    # Ann's answer came after the pop-up she answered.
    shown_to_ann = next(
        t for t, g in zip(times, got, strict=True) if g[:2] == ("ShowPopUp", ann.person_id)
    )
    assert times[3] >= shown_to_ann

    # Paged with current_page (not page) and per_page, in the same order.
    second = get(api, webinar, "reporting_attendance_monitor_data", current_page=2, per_page=3)
    assert [second[k] for k in ("per_page", "current_page", "total_entries", "total_pages")] == [
        3,
        2,
        4,
        2,
    ]
    assert second["activities"] == activities[3:]
    beyond = get(api, webinar, "reporting_attendance_monitor_data", current_page=3, per_page=3)
    assert beyond["activities"] == []

    table = csv_rows(
        api.get(
            API + REPORTS["reporting_attendance_monitor_data"].format(webinar.room),
            headers=webinar.tenant.headers,
            params={"format": "csv", "per_page": 3},
        )
    )
    columns = ["bmid", "email", "first_name", "last_name", "activity_type", "time"]
    assert table == [columns, *(as_cells([r[c] for c in columns]) for r in activities[:3])]


def test_survey(api: httpx.Client, webinar: Webinar) -> None:
    answer = get(api, webinar, "conferences_survey")
    assert list(answer) == ["survey"]  # where the export clients read the questions
    report = answer["survey"]
    ann, bea = webinar.ann, webinar.bea
    expected = [
        ("How was it?", "start_rating", [(ann, "5"), (bea, "4")]),
        ("Which part helped most?", "multiple_choice", [(ann, "Q&A")]),
        ("Anything else?", "text", [(ann, "=1+1 was my favourite")]),
    ]
    assert len(report) == len(expected)
    for question, (title, answer_type, answers) in zip(report, expected, strict=True):
        assert list(question) == ["question_title", "answer_type", "choice_type", "responses"]
        assert (question["question_title"], question["answer_type"]) == (title, answer_type)
        assert question["choice_type"] == "single"
        responses = question["responses"]
        for response in responses:
            moment(response["review"]["created_at"], webinar.ended, webinar.surveyed)
        assert responses == [
            {
                "review_response": value,
                "review": {
                    "created_at": response["review"]["created_at"],
                    "email": who.email,
                    "name": who.name,
                },
            }
            for (who, value), response in zip(answers, responses, strict=True)
        ]

    # created_since: answers given before it are left out; the questions stay.
    later = int(webinar.surveyed.timestamp()) + 2
    assert [
        q["responses"]
        for q in get(api, webinar, "conferences_survey", created_since=later)["survey"]
    ] == [[], [], []]
    since = int(webinar.ended.timestamp())
    assert get(api, webinar, "conferences_survey", created_since=str(since)) == answer
    bad = api.get(
        API + REPORTS["conferences_survey"].format(webinar.room),
        headers=webinar.tenant.headers,
        params={"created_since": "yesterday"},
    )
    assert (bad.status_code, bad.json()) == (
        401,
        {"error": "Parameter created_since need to be Unix Timestamp"},
    )

    table = csv_rows(
        api.get(
            API + REPORTS["conferences_survey"].format(webinar.room),
            headers=webinar.tenant.headers,
            params={"format": "csv"},
        )
    )
    columns = ["question_title", "answer_type", "choice_type", "review_response"]
    assert table[0] == [*columns, "created_at", "email", "name"]
    rows = [
        as_cells([*(q[c] for c in columns[:3]), r["review_response"], *r["review"].values()])
        for q in report
        for r in q["responses"]
    ]
    # A text that starts like a formula is kept as text.
    rows[-1][3] = "'" + rows[-1][3]
    assert table[1:] == rows


def test_handout_download_data(api: httpx.Client, webinar: Webinar) -> None:
    report = get(api, webinar, "conferences_handout_download_data")
    site, guide = webinar.handouts["Site"], webinar.handouts["Guide"]
    ann, bea = webinar.ann, webinar.bea
    # In the order of each attendee's first download of each handout; the
    # presenter's and the host's downloads and Ann's view are not counted.
    assert report == [
        {
            "Id": handout["id"],
            "email": who.email,
            "download": count,
            "member_name": who.name,
            "handout_name": title,
        }
        for handout, title, who, count in (
            (site, "Site", ann, 2),
            (guide, "Guide", ann, 1),
            (site, "Site", bea, 1),
        )
    ]
    table = csv_rows(
        api.get(
            API + REPORTS["conferences_handout_download_data"].format(webinar.room),
            headers=webinar.tenant.headers,
            params={"format": "csv"},
        )
    )
    columns = ["Id", "email", "download", "member_name", "handout_name"]
    assert table == [columns, *(as_cells([row[c] for c in columns]) for row in report)]


@pytest.mark.parametrize("operation", list(REPORTS))
def test_documented_errors_and_another_account(
    operation: str,
    api: httpx.Client,
    webinar: Webinar,
    bob: Tenant,
    bigmarker_operations: dict[str, dict[str, Any]],
) -> None:
    documented = bigmarker_operations[operation]
    path = API + REPORTS[operation].format(webinar.room)
    no_key = api.get(path)
    assert (no_key.status_code, no_key.json()) == (
        401,
        documented_error(documented, 401, "API key"),
    )
    not_found = documented_error(documented, 404)
    unknown = api.get(API + REPORTS[operation].format("nope"), headers=webinar.tenant.headers)
    assert (unknown.status_code, unknown.json()) == (404, not_found)
    # Bob's key reads nothing of this conference: the answer of one that does not exist.
    theirs = api.get(path, headers=bob.headers)
    assert (theirs.status_code, theirs.json()) == (404, not_found)
    bad_format = api.get(path, headers=webinar.tenant.headers, params={"format": "xml"})
    assert bad_format.status_code == 400
    assert "format" in bad_format.json()["error"]


def test_an_empty_webinar_answers_empty_reports(
    settings: Settings, api: httpx.Client, webinar: Webinar
) -> None:
    quiet = Webinar(**{**webinar.__dict__, "room": _room(settings, webinar.tenant)})
    assert get(api, quiet, "reporting_poll_transcript") == {
        "poll_count": 0,
        "poll_response_rate": 0.0,
        "polls": [],
    }
    assert get(api, quiet, "reporting_offer_transcript") == {
        "cta_pop_up_count": 0,
        "cta_pop_up_clicked_count": 0,
        "cta_pop_up_clicked_rate": 0.0,
        "offers": [],
    }
    assert get(api, quiet, "reporting_attendance_monitor_data") == {
        "per_page": 200,
        "current_page": 1,
        "total_entries": 0,
        "total_pages": 0,
        "activities": [],
    }
    assert get(api, quiet, "conferences_survey") == {"survey": []}
    assert get(api, quiet, "conferences_handout_download_data") == []


def test_deleted_handouts_and_offers_stay_in_the_reports(
    api: httpx.Client, webinar: Webinar
) -> None:
    """Last in this module: it deletes the webinar's Guide handout and demo offer."""
    headers = webinar.tenant.headers
    guide, demo = webinar.handouts["Guide"], webinar.offers["demo"]
    before = get(api, webinar, "reporting_offer_transcript")
    _ok(api.post(f"{API}/conferences/{guide['id']}/delete_handout", headers=headers))
    deleted = api.delete(
        f"{NATIVE}/conferences/{webinar.room}/offers/{demo['id']}", headers=headers
    )
    assert deleted.status_code in (200, 204), deleted.text

    downloads = get(api, webinar, "conferences_handout_download_data")
    assert [(row["Id"], row["handout_name"], row["download"]) for row in downloads] == [
        (webinar.handouts["Site"]["id"], "Site", 2),
        (None, "Guide", 1),
        (webinar.handouts["Site"]["id"], "Site", 1),
    ]
    # The offer's showing and clicks happened: the transcript is unchanged.
    assert get(api, webinar, "reporting_offer_transcript") == before
