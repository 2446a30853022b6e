"""BigMarker's reports of the room's talk: the chat and Q&A transcripts, the
presenter activity, the transcript download link and the admin URL.

A scripted webinar runs over the real room protocol (members join over
WebSocket, chat, write privately to the hosts, a line is deleted, questions are
asked, answered and dismissed, someone leaves and comes back); every field of
the reports is then checked against what the script did."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.api.bigmarker.helpers import documented_error
from tests.api.myownconference.helpers import alias_of, ok
from tests.conftest import Tenant, create_tenant, in_database
from tests.room.conftest import RoomServer
from tests.room.helpers import Client, add_staff, make_room, register_someone, ticket
from webinarium.accounts.service import get_account
from webinarium.channel_admins.schemas import ChannelAdminDraft
from webinarium.channel_admins.service import add_admin
from webinarium.conferences.schemas import ConferenceDraft
from webinarium.conferences.service import create_conference
from webinarium.kit.signed_links import sign_link
from webinarium.kit.time import utcnow, zone
from webinarium.models import Person
from webinarium.settings import Settings

API = "/api/v1"
ZONE = "Asia/Singapore"  # +08:00, as the document's examples
CHAT_FIELDS = ["bmid", "email", "first_name", "last_name", "chat", "sendtime"]
QA_FIELDS = ["bmid", "email", "first_name", "last_name", "q_and_a", "sendtime", "responses"]


@pytest.fixture(scope="module")
def server(settings: Settings) -> Iterator[RoomServer]:
    server = RoomServer(settings).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(server: RoomServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@dataclass
class Said:
    """One line the script wrote: who (person id), what, and between which
    moments the server stored it."""

    person_id: str
    text: str
    after: datetime
    before: datetime
    private: bool = False
    answers: list[Said] = field(default_factory=list)


@dataclass
class Script:
    tenant: Tenant
    conference_id: str
    people: dict[str, Person]  # by person id
    moderator: str
    registrants: list[str]
    chat: list[Said]
    questions: list[Said]
    started: tuple[datetime, datetime]
    ended: tuple[datetime, datetime]


def _conference(settings: Settings, tenant: Tenant) -> str:
    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        conference = await create_conference(
            session,
            account,
            ConferenceDraft(
                channel_id=tenant.channel_id,
                title="Talk report",
                start=utcnow() + timedelta(minutes=5),
                duration_minutes=60,
                time_zone=ZONE,
            ),
        )
        return conference.id

    return in_database(settings, work)


def _people(settings: Settings, tenant: Tenant, ids: list[str]) -> dict[str, Person]:
    async def work(session: AsyncSession) -> dict[str, Person]:
        return {person_id: await session.get_one(Person, person_id) for person_id in ids}

    return in_database(settings, work)


def _said(client: Client, cmd: str, data: dict[str, Any], person_id: str) -> tuple[Said, str]:
    after = utcnow().replace(microsecond=0)
    reply = client.send(cmd, data)
    before = utcnow()
    assert reply["ok"] is True, reply
    said = Said(person_id, data["text"], after, before, private="to" in data)
    return said, reply.get("data", {}).get("id", "")


@pytest.fixture(scope="module")
def script(settings: Settings, server: RoomServer) -> Script:
    tenant = create_tenant(settings, "Talk")
    room = _conference(settings, tenant)
    ann = register_someone(settings, tenant, room, "Ann")
    bea = register_someone(settings, tenant, room, "Bea")
    mo = add_staff(settings, tenant, room, "Mo", moderator=True)
    people = _people(settings, tenant, [ann.person_id, bea.person_id, mo])
    chat: list[Said] = []
    questions: list[Said] = []
    ws = server.ws_url
    with (
        Client(ws, ann.enter_token) as a,
        Client(ws, bea.enter_token) as b,
        Client(ws, ticket(settings, tenant, room, "moderator", mo)) as m,
    ):
        for client in (a, b, m):
            client.next_frame()
        before_start = utcnow().replace(microsecond=0)
        assert m.send("room.start")["ok"] is True
        started = (before_start, utcnow())
        line, _ = _said(a, "chat.send", {"text": "Hello everyone"}, ann.person_id)
        chat.append(line)
        line, _ = _said(a, "chat.send", {"text": "Just to you", "to": "moderators"}, ann.person_id)
        chat.append(line)
        _, deleted = _said(b, "chat.send", {"text": "Oops, wrong window"}, bea.person_id)
        assert m.send("chat.delete", {"message_id": deleted})["ok"] is True
        line, _ = _said(b, "chat.send", {"text": "=SUM(A1:A9) looks like a formula"}, bea.person_id)
        chat.append(line)
        line, _ = _said(m, "chat.send", {"text": "Welcome, all"}, mo)
        chat.append(line)
        question, first_id = _said(a, "qa.ask", {"text": "Will slides be shared?"}, ann.person_id)
        questions.append(question)
        _, dismissed = _said(b, "qa.ask", {"text": "Buy cheap watches"}, bea.person_id)
        assert m.send("qa.dismiss", {"question_id": dismissed})["ok"] is True
        answer, _ = _said(m, "qa.answer", {"question_id": first_id, "text": "Yes, after"}, mo)
        question.answers.append(answer)
        question, _ = _said(b, "qa.ask", {"text": "Is there a recording?"}, bea.person_id)
        questions.append(question)
        b.close()
        # Bea leaves and comes back.
        with Client(ws, bea.enter_token) as b2:
            b2.next_frame()
            line, _ = _said(b2, "chat.send", {"text": "Back again"}, bea.person_id)
            chat.append(line)
        before_end = utcnow().replace(microsecond=0)
        assert m.send("room.end")["ok"] is True
        ended = (before_end, utcnow())
    return Script(
        tenant,
        room,
        people,
        mo,
        [ann.person_id, bea.person_id],
        chat,
        questions,
        started,
        ended,
    )


def _get(api: httpx.Client, tenant: Tenant, path: str, **params: Any) -> httpx.Response:
    return api.get(API + path, headers=tenant.headers, params=params)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _check_time(text: str, between: tuple[datetime, datetime]) -> None:
    """On the conference's clock with its offset, within the moments the script saw."""
    moment = datetime.fromisoformat(text)
    assert text == moment.isoformat(), text
    assert len(text) == len("2022-11-21T13:50:32+08:00"), text
    assert moment.utcoffset() == zone(ZONE).utcoffset(moment.replace(tzinfo=None))
    assert between[0] <= moment <= between[1], (text, between)


def _check_author(row: dict[str, Any], script: Script, person_id: str) -> None:
    person = script.people[person_id]
    assert row["bmid"] == person_id
    assert (row["email"], row["first_name"], row["last_name"]) == (
        person.email,
        person.first_name,
        person.last_name,
    )


def test_the_chat_transcript_is_what_was_said(script: Script, api: httpx.Client) -> None:
    body = _ok(
        _get(api, script.tenant, f"/reporting/conferences/chat_transcript/{script.conference_id}")
    )
    assert list(body) == ["per_page", "current_page", "total_entries", "total_pages", "chats"]
    total = len(script.chat)
    assert [body[k] for k in ("per_page", "current_page", "total_entries", "total_pages")] == [
        500,
        1,
        total,
        1,
    ]
    rows = body["chats"]
    assert len(rows) == total
    for row, said in zip(rows, script.chat, strict=True):
        # The documented fields in order, then the addition: a line to the hosts.
        assert list(row) == [*CHAT_FIELDS, "private"]
        _check_author(row, script, said.person_id)
        assert row["chat"] == said.text
        assert row["private"] is said.private
        _check_time(row["sendtime"], (said.after, said.before))
    # Deleted lines are not in it.
    assert "Oops, wrong window" not in [row["chat"] for row in rows]


def test_the_q_and_a_transcript_is_what_was_asked_and_answered(
    script: Script, api: httpx.Client
) -> None:
    path = f"/reporting/conferences/q_and_a_transcript/{script.conference_id}"
    body = _ok(_get(api, script.tenant, path))
    assert list(body) == ["per_page", "current_page", "total_entries", "total_pages", "q_and_a"]
    assert (body["per_page"], body["current_page"]) == (500, 1)
    assert (body["total_entries"], body["total_pages"]) == (len(script.questions), 1)
    rows = body["q_and_a"]
    assert len(rows) == len(script.questions)
    for row, said in zip(rows, script.questions, strict=True):
        assert list(row) == QA_FIELDS
        _check_author(row, script, said.person_id)
        assert row["q_and_a"] == said.text
        _check_time(row["sendtime"], (said.after, said.before))
        assert len(row["responses"]) == len(said.answers)
        for response, answer in zip(row["responses"], said.answers, strict=True):
            assert list(response) == [
                "bmid",
                "email",
                "first_name",
                "last_name",
                "response",
                "sendtime",
            ]
            _check_author(response, script, answer.person_id)
            assert response["response"] == answer.text
            _check_time(response["sendtime"], (answer.after, answer.before))


@pytest.mark.parametrize(
    ("report", "list_key", "count"),
    [("chat_transcript", "chats", "chat"), ("q_and_a_transcript", "q_and_a", "questions")],
)
def test_transcripts_page_with_current_page_and_per_page(
    script: Script, api: httpx.Client, report: str, list_key: str, count: str
) -> None:
    path = f"/reporting/conferences/{report}/{script.conference_id}"
    everything = _ok(_get(api, script.tenant, path))[list_key]
    total = len(getattr(script, count))
    pages = total  # one line a page
    seen = []
    for number in range(1, pages + 2):
        body = _ok(_get(api, script.tenant, path, current_page=number, per_page=1))
        assert (body["per_page"], body["current_page"]) == (1, number)
        assert (body["total_entries"], body["total_pages"]) == (total, pages)
        seen += body[list_key]
    assert seen == everything
    # `page` is not this report's paging parameter: it is ignored.
    assert _ok(_get(api, script.tenant, path, page=2, per_page=1))["current_page"] == 1


@pytest.mark.parametrize(
    ("report", "list_key", "columns"),
    [
        ("chat_transcript", "chats", [*CHAT_FIELDS, "private"]),
        ("q_and_a_transcript", "q_and_a", QA_FIELDS),
    ],
)
def test_transcripts_as_csv_have_the_same_rows(
    script: Script, api: httpx.Client, report: str, list_key: str, columns: list[str]
) -> None:
    path = f"/reporting/conferences/{report}/{script.conference_id}"
    rows = _ok(_get(api, script.tenant, path))[list_key]
    response = _get(api, script.tenant, path, format="csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.text)))
    assert table[0] == columns
    assert len(table) == len(rows) + 1
    for line, row in zip(table[1:], rows, strict=True):
        for column, cell in zip(columns, line, strict=True):
            value = row[column]
            if column == "responses":
                assert (cell == "[]") == (value == [])
            elif isinstance(value, bool):
                assert cell == str(value).lower()
            elif str(value).startswith("="):
                assert cell == "'" + value  # kept as text in a spreadsheet
            else:
                assert cell == value


def test_the_presenter_activity_is_who_started_and_ended_it(
    script: Script, api: httpx.Client, bigmarker_operations: dict[str, Any]
) -> None:
    body = _ok(_get(api, script.tenant, f"/conferences/{script.conference_id}/activity_logs"))
    assert (
        list(body)
        == bigmarker_operations["conferences_activity_logs"]["response"]["example"][
            "top_level_keys"
        ]
    )
    email = script.people[script.moderator].email
    expected = [("start_webinar", script.started), ("end_webinar", script.ended)]
    assert len(body["activity_logs"]) == len(expected)
    for row, (kind, between) in zip(body["activity_logs"], expected, strict=True):
        assert list(row) == ["activity_type", "timestamp", "performed_by"]
        assert (row["activity_type"], row["performed_by"]) == (kind, email)
        moment = datetime.strptime(row["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=between[0].tzinfo
        )
        assert between[0] <= moment <= between[1]


def test_an_empty_webinar_has_empty_reports(
    settings: Settings, script: Script, api: httpx.Client
) -> None:
    empty = _conference(settings, script.tenant)
    for report, key in (("chat_transcript", "chats"), ("q_and_a_transcript", "q_and_a")):
        body = _ok(_get(api, script.tenant, f"/reporting/conferences/{report}/{empty}"))
        assert (body[key], body["total_entries"], body["total_pages"]) == ([], 0, 0)
    body = _ok(_get(api, script.tenant, f"/conferences/{empty}/activity_logs"))
    assert body == {"activity_logs": []}


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        ("reporting_chat_transcript", "/reporting/conferences/chat_transcript/{id}"),
        ("reporting_q_and_a_transcript", "/reporting/conferences/q_and_a_transcript/{id}"),
        ("conferences_activity_logs", "/conferences/{id}/activity_logs"),
    ],
)
def test_documented_errors(
    script: Script,
    api: httpx.Client,
    settings: Settings,
    bigmarker_operations: dict[str, Any],
    operation: str,
    path: str,
) -> None:
    documented = bigmarker_operations[operation]
    real = API + path.format(id=script.conference_id)
    missing = api.get(real, headers={"API-KEY": "wrong"})
    assert (missing.status_code, missing.json()) == (401, documented_error(documented, 401))
    unknown = api.get(API + path.format(id="nope"), headers=script.tenant.headers)
    assert (unknown.status_code, unknown.json()) == (404, documented_error(documented, 404))
    # Another account's conference reads exactly like one that does not exist.
    other = create_tenant(settings, "Other")
    theirs = api.get(real, headers=other.headers)
    assert (theirs.status_code, theirs.json()) == (404, documented_error(documented, 404))
    assert script.people[script.moderator].email not in theirs.text


# --- The transcript download link -------------------------------------------


def _transcript_url(api: httpx.Client, script: Script, bmid: str) -> httpx.Response:
    return _get(api, script.tenant, f"/conferences/{script.conference_id}/transcript", bmid=bmid)


def test_the_transcript_link_downloads_without_a_key(
    script: Script, api: httpx.Client, server: RoomServer
) -> None:
    body = _ok(_transcript_url(api, script, script.moderator))
    assert list(body) == ["transcript_url"]
    url = body["transcript_url"]
    base = str(server.settings.base_url)
    assert url.startswith(f"{base}/reports/transcript/")
    path = url.removeprefix(base)
    page = api.get(path)  # no API key
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"]  # kept private
    for said in [*script.chat, *script.questions]:
        assert said.text.replace("'", "&#39;") in page.text or said.text in page.text
    assert "Yes, after" in page.text
    assert "Oops, wrong window" not in page.text
    table = list(csv.DictReader(io.StringIO(api.get(path, params={"format": "csv"}).text)))
    expected = [("chat", s.person_id, s.text) for s in script.chat]
    for question in script.questions:
        expected.append(("question", question.person_id, question.text))
        expected += [("answer", a.person_id, a.text) for a in question.answers]
    shown = [(r["kind"], r["bmid"], r["text"].removeprefix("'")) for r in table]
    assert shown == expected
    for row in table:
        person = script.people[row["bmid"]]
        assert (row["email"], row["first_name"]) == (person.email, person.first_name)


def test_a_transcript_link_expired_tampered_or_for_another_purpose_is_refused(
    script: Script, api: httpx.Client, server: RoomServer
) -> None:
    url = _ok(_transcript_url(api, script, script.moderator))["transcript_url"]
    token = url.rsplit("/", 1)[1]
    assert api.get(f"/reports/transcript/{token}").status_code == 200
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert api.get(f"/reports/transcript/{tampered}").status_code == 403
    claims = {"acc": script.tenant.account_id, "cnf": script.conference_id}
    secret = server.settings.secret_key
    expired = sign_link(
        secret,
        "transcript",
        claims,
        lifetime=timedelta(hours=1),
        now=utcnow() - timedelta(hours=2),
    )
    refused = api.get(f"/reports/transcript/{expired}")
    assert refused.status_code == 403
    assert "expired" in refused.text
    # An admin link does not download a transcript, nor the other way round.
    admin = _ok(
        _get(
            api,
            script.tenant,
            f"/conferences/{script.conference_id}/admin_url",
            bmid=script.moderator,
        )
    )["admin_url"]
    assert api.get(f"/reports/transcript/{admin.rsplit('/', 1)[1]}").status_code == 403
    assert api.get(f"/reports/admin/{token}").status_code == 403
    assert api.get(f"/reports/transcript/{token}", params={"format": "pdf"}).status_code == 400


def test_links_need_an_admin_bmid(script: Script, api: httpx.Client, settings: Settings) -> None:
    for name in ("transcript", "admin_url"):
        path = f"/conferences/{script.conference_id}/{name}"
        attendee = _get(api, script.tenant, path, bmid=script.registrants[0])
        assert attendee.status_code == 404
        assert "not an admin" in attendee.json()["error"]
        assert _get(api, script.tenant, path, bmid="nobody").status_code == 404
        missing = _get(api, script.tenant, path)
        assert missing.status_code == 400
        assert "bmid" in missing.json()["error"]
        other = create_tenant(settings, "Other")
        theirs = api.get(API + path, headers=other.headers, params={"bmid": script.moderator})
        unknown = _get(api, script.tenant, f"/conferences/nope/{name}", bmid=script.moderator)
        assert (theirs.status_code, theirs.json()) == (unknown.status_code, unknown.json())
        assert theirs.status_code == 404


# --- The admin URL ------------------------------------------------------------


def _channel_admin(settings: Settings, tenant: Tenant) -> str:
    async def work(session: AsyncSession) -> str:
        account = await get_account(session, tenant.account_id)
        details = await add_admin(
            session,
            account,
            ChannelAdminDraft(
                channel_id=tenant.channel_id,
                email=f"chadmin-{utcnow().timestamp()}@example.test",
                first_name="Chan",
                last_name="Admin",
            ),
        )
        return details.person.id

    return in_database(settings, work)


def test_an_admin_url_opens_the_room_once(
    settings: Settings, api: httpx.Client, server: RoomServer
) -> None:
    tenant = create_tenant(settings, "Admin link")
    room = _conference(settings, tenant)
    mo = add_staff(settings, tenant, room, "Mo", moderator=True)
    chan = _channel_admin(settings, tenant)
    for admin in (mo, chan):
        body = _ok(_get(api, tenant, f"/conferences/{room}/admin_url", bmid=admin))
        assert list(body) == ["admin_url"]
        path = body["admin_url"].removeprefix(str(server.settings.base_url))
        assert path.startswith("/reports/admin/")
        first = api.get(path)
        assert first.status_code == 200, first.text
        found = re.search(r'<meta name="webinarium-ticket" content="([^"]+)">', first.text)
        assert found is not None
        knock = jwt.decode(found[1], options={"verify_signature": False})
        # A moderator of the webinar enters as themselves, a channel admin as the host.
        assert (knock["cnf"], knock["knk"], knock["ref"]) == (
            (room, "moderator", mo) if admin == mo else (room, "host", None)
        )
        again = api.get(path)
        assert again.status_code == 410
        assert "used" in again.text
    expired = sign_link(
        server.settings.secret_key,
        "admin",
        {"acc": tenant.account_id, "cnf": room, "adm": mo},
        lifetime=timedelta(minutes=5),
        now=utcnow() - timedelta(minutes=6),
    )
    assert api.get(f"/reports/admin/{expired}").status_code == 403


def test_the_host_link_bots_pending_questions_and_an_api_end(
    settings: Settings, api: httpx.Client, server: RoomServer
) -> None:
    """The organiser's host link has no person: its lines and its start carry
    the account's e-mail; a bot's line is not in the transcript; a question
    waiting for approval is; an end through an API names no one."""
    tenant = create_tenant(settings, "Host talk")
    room = make_room(settings, tenant, moderate_questions=True)
    alias = alias_of(settings, room)
    ann = register_someone(settings, tenant, room, "Ann")
    with (
        Client(server.ws_url, ann.enter_token) as a,
        Client(server.ws_url, ticket(settings, tenant, room, "host")) as host,
    ):
        a.next_frame()
        host.next_frame()
        assert host.send("room.start")["ok"] is True
        assert host.send("chat.send", {"text": "From the organiser"})["ok"] is True
        bot = ok(
            api, tenant, "webinarsAddBotToRoom", {"alias": alias, "name": "Vic", "country": "DE"}
        )
        ok(
            api,
            tenant,
            "webinarsBotMessage",
            {"alias": alias, "bot": bot["id"], "text": "I am Vic"},
        )
        a.event("chat.message", lambda d: d["text"] == "I am Vic")
        asked = a.send("qa.ask", {"text": "Still pending?"})
        assert asked["data"]["status"] == "pending"
        ok(api, tenant, "webinarsFinish", {"alias": alias})
        a.event("room.ended")
    account_email = tenant.email.lower()
    chats = _ok(_get(api, tenant, f"/reporting/conferences/chat_transcript/{room}"))["chats"]
    assert [(c["bmid"], c["email"], c["chat"]) for c in chats] == [
        (None, account_email, "From the organiser")
    ]
    assert (chats[0]["first_name"], chats[0]["last_name"]) == ("Host", "talk")  # the account's name
    questions = _ok(_get(api, tenant, f"/reporting/conferences/q_and_a_transcript/{room}"))
    assert [(q["bmid"], q["q_and_a"]) for q in questions["q_and_a"]] == [
        (ann.person_id, "Still pending?")
    ]
    logs = _ok(_get(api, tenant, f"/conferences/{room}/activity_logs"))["activity_logs"]
    assert [(log["activity_type"], log["performed_by"]) for log in logs] == [
        ("start_webinar", account_email),
        ("end_webinar", None),
    ]


def test_an_admin_url_refused_by_admission_is_not_spent(
    settings: Settings, api: httpx.Client, server: RoomServer
) -> None:
    """Too early the link answers the room's "not open" refusal and stays
    usable; once the webinar is moved to now, the same link lets the admin in
    (once); after the end it is refused as ended."""
    tenant = create_tenant(settings, "Early admin")
    room = _conference(settings, tenant)
    mo = add_staff(settings, tenant, room, "Mo", moderator=True)
    later = {"start_time": f"{utcnow() + timedelta(days=2):%Y-%m-%d %H:%M}", "time_zone": "UTC"}
    _ok(api.put(f"{API}/conferences/{room}", headers=tenant.headers, json=later))
    body = _ok(_get(api, tenant, f"/conferences/{room}/admin_url", bmid=mo))
    path = body["admin_url"].removeprefix(str(server.settings.base_url))
    early = api.get(path)
    assert early.status_code == 403
    assert "opens" in early.text
    soon = {"start_time": f"{utcnow() + timedelta(minutes=5):%Y-%m-%d %H:%M}", "time_zone": "UTC"}
    _ok(api.put(f"{API}/conferences/{room}", headers=tenant.headers, json=soon))
    assert api.get(path).status_code == 200
    assert api.get(path).status_code == 410
    with Client(server.ws_url, ticket(settings, tenant, room, "moderator", mo)) as m:
        m.next_frame()
        assert m.send("room.start")["ok"] is True
        assert m.send("room.end")["ok"] is True
    fresh = _ok(_get(api, tenant, f"/conferences/{room}/admin_url", bmid=mo))["admin_url"]
    ended = api.get(fresh.removeprefix(str(server.settings.base_url)))
    assert ended.status_code == 410
    assert "This webinar has ended" in ended.text


def test_a_transcript_link_opens_its_own_conference_only(
    settings: Settings, script: Script, api: httpx.Client, server: RoomServer
) -> None:
    """A link names its account and conference: one naming a conference of
    another account, or a conference since deleted, opens nothing."""
    secret = server.settings.secret_key
    other = create_tenant(settings, "Other")
    crossed = sign_link(
        secret,
        "transcript",
        {"acc": other.account_id, "cnf": script.conference_id},
        lifetime=timedelta(hours=1),
    )
    refused = api.get(f"/reports/transcript/{crossed}")
    assert refused.status_code == 403
    assert "Hello everyone" not in refused.text
    doomed = _conference(settings, script.tenant)
    mo = add_staff(settings, script.tenant, doomed, "Mo", moderator=True)
    url = _ok(_get(api, script.tenant, f"/conferences/{doomed}/transcript", bmid=mo))
    path = url["transcript_url"].removeprefix(str(server.settings.base_url))
    assert api.get(path).status_code == 200
    deleted = api.delete(f"{API}/conferences/{doomed}", headers=script.tenant.headers)
    assert deleted.status_code == 200, deleted.text
    gone = api.get(path)
    assert gone.status_code == 403
    assert "no longer exists" in gone.text
