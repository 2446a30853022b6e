"""Every typed method of the native client against the real application: the
answers read field by field against what was made, the lists paged across
pages, an unknown id refused with the server's code and message. Sync over the
network (the suite's server), async in-process (`httpx.ASGITransport`)."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, create_tenant, in_database
from tests.files.helpers import pdf_bytes, png_bytes
from tests.room.helpers import make_room, register_someone, ticket
from webinarium.app import create_app
from webinarium.client import (
    APIError,
    AsyncWebinarium,
    BadRequestError,
    BigMarker,
    ConflictError,
    NotFoundError,
    Webinarium,
)
from webinarium.client._answers import parse
from webinarium.client._sync import native as native_sdk
from webinarium.client.models.native import (
    AttendanceChecks,
    CheckIn,
    ConferenceFile,
    File,
    Offer,
    WebhookDelivery,
    WebhookEndpointWithSecret,
)
from webinarium.kit.time import utcnow
from webinarium.models import AttentionAsk, AttentionCheck
from webinarium.models import WebhookDelivery as DeliveryRow
from webinarium.settings import Settings


def _missing(error: pytest.ExceptionInfo[NotFoundError], code: str) -> None:
    assert (error.value.status_code, error.value.code) == (404, code)
    # The server's own sentence, not the SDK's.
    assert error.value.message == error.value.body["error"]["message"]  # type: ignore[index]


def _conference(server_url: str, tenant: Tenant, title: str = "SDK native") -> str:
    with BigMarker(api_key=tenant.api_key, base_url=server_url) as bigmarker:
        made = bigmarker.request(
            "POST",
            "conferences",
            json={
                "channel_id": tenant.channel_id,
                "title": title,
                "start_time": "2030-06-01 10:00",
            },
        )
    return str(made["id"])


def test_files_and_conference_files(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK files")
    conference = _conference(server_url, tenant)
    png, pdf = png_bytes(), pdf_bytes(3)
    with Webinarium(api_key=tenant.api_key, base_url=server_url) as native:
        image = native.files.upload(png, file_name="dot.png")
        deck = native.files.upload(io.BytesIO(pdf), file_name="deck.pdf")
        assert isinstance(image, File)
        assert (image.state, image.reason, image.file_name) == ("ready", "", "dot.png")
        assert (image.size, image.content_type, image.source_url) == (len(png), "image/png", None)
        assert image.url is not None
        assert image.url.endswith(f"/files/{image.id}")
        assert image.icon_url == image.url  # an image is its own icon
        assert (deck.file_name, deck.size, deck.pages) == ("deck.pdf", len(pdf), 3)
        assert deck.content_type == "application/pdf"
        assert native.files.get(deck.id) == deck
        # An open file's own name, when none is given.
        named = io.BytesIO(png)
        named.name = "/somewhere/else/named.png"
        assert native.files.upload(named).file_name == "named.png"
        # Newest first (a PDF's page pictures are files of the store too).
        listed = list(native.files.list())
        assert [f for f in listed if f.id in {deck.id, image.id}] == [deck, image]
        assert all(f.state == "ready" for f in listed)
        assert list(native.files.list(state="failed")) == []

        attached = native.conference_files.attach(conference, file_id=deck.id)
        assert isinstance(attached, ConferenceFile)
        assert (attached.conference_id, attached.stored_file_id) == (conference, deck.id)
        assert (attached.name, attached.file_type, attached.state) == (
            "deck.pdf",
            "whiteboard",
            "ready",
        )
        assert (attached.size, attached.pages, attached.file_url) == (len(pdf), 3, deck.url)
        second = native.conference_files.attach(conference, file_id=image.id)
        assert list(native.conference_files.list(conference)) == [attached, second]
        native.conference_files.delete(conference, attached.id)
        assert [f.id for f in native.conference_files.list(conference)] == [second.id]
        # The stored file stays in the store.
        assert native.files.get(deck.id).state == "ready"

        with pytest.raises(NotFoundError) as missing:
            native.files.get("nope")
        _missing(missing, "file_not_found")
        with pytest.raises(NotFoundError) as missing:
            native.conference_files.delete(conference, attached.id)
        _missing(missing, "file_not_found")
        with pytest.raises(NotFoundError) as missing:
            native.conference_files.attach("nope", file_id=deck.id)
        _missing(missing, "conference_not_found")


def test_offers(server_url: str, alice: Tenant) -> None:
    conference = _conference(server_url, alice)
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        made = [
            native.offers.create(
                conference,
                title=f"  Offer {n} ",
                button_text="Book now",
                url=f"https://example.com/{n}",
            )
            for n in range(3)
        ]
        assert all(isinstance(o, Offer) for o in made)
        assert [(o.conference_id, o.title, o.button_text, o.url) for o in made] == [
            (conference, f"Offer {n}", "Book now", f"https://example.com/{n}") for n in range(3)
        ]
        assert list(native.offers.list(conference)) == made
        assert native.offers.get(conference, made[1].id) == made[1]
        native.offers.delete(conference, made[1].id)
        assert list(native.offers.list(conference)) == [made[0], made[2]]
        with pytest.raises(NotFoundError) as missing:
            native.offers.get(conference, made[1].id)
        _missing(missing, "offer_not_found")


def test_surveys_and_their_answers(
    server_url: str, settings: Settings, alice: Tenant, http: httpx.Client
) -> None:
    room = make_room(settings, alice)
    ann = register_someone(settings, alice, room, "Ann")
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        assert native.surveys.get(room).questions == []
        survey = native.surveys.replace(
            room,
            questions=[
                {"text": "How was it?", "kind": "rating"},
                {"text": "Which part?", "kind": "single", "choices": ["Demo", "Q&A"]},
                {"text": "Anything else?"},
            ],
        )
        assert survey.conference_id == room
        assert [(q.position, q.text, q.kind, q.choices) for q in survey.questions] == [
            (1, "How was it?", "rating", []),
            (2, "Which part?", "single", ["Demo", "Q&A"]),
            (3, "Anything else?", "text", []),
        ]
        assert native.surveys.get(room) == survey
        assert native.surveys.answers(room).answers == []

        rating, choice, _ = (q.id for q in survey.questions)
        given = [{"question_id": rating, "value": 4}, {"question_id": choice, "value": "Demo"}]
        room_ticket = ticket(settings, alice, room, "registration", ann.registration_id)
        answered = http.post("/room/survey", json={"ticket": room_ticket, "answers": given})
        assert answered.status_code == 201, answered.text

        answers = native.surveys.answers(room)
        assert answers.conference_id == room
        assert [(a.question_id, a.person_id, a.name, a.value) for a in answers.answers] == [
            (rating, ann.person_id, "Ann Tester", "4"),
            (choice, ann.person_id, "Ann Tester", "Demo"),
        ]
        assert answers.answers[0].email.startswith("ann-")
        assert answers.answers[0].answered_at.tzinfo is not None
        with pytest.raises(ConflictError) as answered_already:
            native.surveys.replace(room, questions=[{"text": "New"}])
        assert answered_already.value.code == "survey_answered"
        with pytest.raises(NotFoundError) as missing:
            native.surveys.answers("nope")
        _missing(missing, "conference_not_found")


def test_attendance_monitor_and_its_checks(
    server_url: str, settings: Settings, alice: Tenant
) -> None:
    room = make_room(settings, alice)
    bea = register_someone(settings, alice, room, "Bea")
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        before = native.attendance_monitor.get(room)
        assert (before.enabled, before.interval_minutes, before.answer_seconds) == (False, 10, 60)
        after = native.attendance_monitor.update(room, enabled=True, interval_minutes=5)
        assert (after.enabled, after.interval_minutes, after.answer_seconds) == (True, 5, 60)
        assert native.attendance_monitor.get(room) == after
        assert native.attendance_monitor.checks(room).asked == []

        shown = utcnow().replace(microsecond=0)

        async def ask(session: AsyncSession) -> str:
            check = AttentionCheck(
                account_id=alice.account_id,
                conference_id=room,
                round=1,
                asked_at=shown,
                expires_at=shown + timedelta(seconds=60),
            )
            session.add(check)
            await session.flush()
            session.add(
                AttentionAsk(
                    account_id=alice.account_id,
                    conference_id=room,
                    check_id=check.id,
                    person_id=bea.person_id,
                    member_id=bea.person_id,
                    name="Bea Tester",
                    email="bea@example.test",
                    first_name="Bea",
                    last_name="Tester",
                    shown_at=shown,
                    answered_at=shown + timedelta(seconds=5),
                    state="answered",
                )
            )
            return check.id

        check_id = in_database(settings, ask)
        checks = native.attendance_monitor.checks(room)
        assert isinstance(checks, AttendanceChecks)
        assert checks.conference_id == room
        (asked,) = checks.asked
        assert (asked.check_id, asked.round, asked.person_id, asked.state) == (
            check_id,
            1,
            bea.person_id,
            "answered",
        )
        assert (asked.email, asked.first_name, asked.last_name) == (
            "bea@example.test",
            "Bea",
            "Tester",
        )
        assert asked.shown_at.replace(tzinfo=None) == shown.replace(tzinfo=None)
        assert asked.expires_at - asked.shown_at == timedelta(seconds=60)
        assert asked.answered_at is not None
        assert asked.answered_at - asked.shown_at == timedelta(seconds=5)
        with pytest.raises(NotFoundError) as missing:
            native.attendance_monitor.update("nope", enabled=False)
        _missing(missing, "conference_not_found")


def test_check_ins_page_in_check_in_order(
    server_url: str, settings: Settings, alice: Tenant
) -> None:
    room = make_room(settings, alice)
    people = [register_someone(settings, alice, room, name) for name in ("Cy", "Di", "Ed")]
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        made = [
            native.check_ins.create(room, qr_code_value=p.registration_id) for p in reversed(people)
        ]
        assert all(isinstance(c, CheckIn) for c in made)
        assert [(c.registration_id, c.qr_code_value, c.person_id) for c in made] == [
            (p.registration_id, p.registration_id, p.person_id) for p in reversed(people)
        ]
        assert [(c.first_name, c.name, c.checked_in_by, c.already) for c in made] == [
            (name, f"{name} Tester", "api", False) for name in ("Ed", "Di", "Cy")
        ]
        again = native.check_ins.create(room, qr_code_value=people[0].registration_id)
        assert again.already is True
        assert again.checked_in_at == made[2].checked_in_at
        # Two pages of two: the same three, first checked in first.
        listed = list(native.check_ins.list(room, limit=2))
        assert [c.registration_id for c in listed] == [c.registration_id for c in made]
        # Listed, each had checked in before.
        assert [c.already for c in listed] == [True] * 3
        assert [c.checked_in_at for c in listed] == [c.checked_in_at for c in made]
        with pytest.raises(NotFoundError) as missing:
            native.check_ins.create(room, qr_code_value="nope")
        _missing(missing, "registration_not_found")


def test_evergreen_webinars(server_url: str, alice: Tenant) -> None:
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        made = native.evergreen_webinars.create(
            title="Always on",
            time_zone="Europe/Berlin",
            session_times=["10:00", "16:00"],
            duration_minutes=45,
        )
        assert (made.title, made.time_zone, made.session_times, made.duration_minutes) == (
            "Always on",
            "Europe/Berlin",
            ["10:00", "16:00"],
            45,
        )
        assert made.channel_id == alice.channel_id
        (upcoming,) = made.sessions
        assert upcoming.end_time - upcoming.start_time == timedelta(minutes=45)
        assert upcoming.status == "scheduled"
        assert native.evergreen_webinars.get(made.id) == made
        # A session is no evergreen parent.
        with pytest.raises(NotFoundError) as missing:
            native.evergreen_webinars.get(upcoming.id)
        _missing(missing, "conference_not_found")

        changed = native.evergreen_webinars.update(
            made.id, title="Renamed", session_times=["11:00"], duration_minutes=30
        )
        assert (changed.title, changed.session_times, changed.duration_minutes) == (
            "Renamed",
            ["11:00"],
            30,
        )
        assert changed.time_zone == "Europe/Berlin"
        # Nobody registered: the same session moved to the next 11:00 in Berlin
        # (like the first, within a day of the server's now).
        [moved] = changed.sessions
        assert moved.id == upcoming.id
        assert moved.start_time.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "11:00"
        assert abs(moved.start_time - upcoming.start_time) < timedelta(days=1)
        assert moved.end_time - moved.start_time == timedelta(minutes=30)
        assert native.evergreen_webinars.get(made.id) == changed
        with pytest.raises(BadRequestError) as refused:
            native.evergreen_webinars.update(made.id)
        assert refused.value.code == "invalid_input"
        assert "nothing to change" in refused.value.message
        with pytest.raises(NotFoundError) as missing:
            native.evergreen_webinars.update(upcoming.id, title="X")
        _missing(missing, "conference_not_found")


def test_registration_webhooks(server_url: str, alice: Tenant) -> None:
    conference = _conference(server_url, alice)
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        first = native.registration_webhooks.get(conference)
        assert "/api/v1/webhooks/registrations/" in first.url
        assert first.enabled is False
        assert native.registration_webhooks.get(conference) == first
        replaced = native.registration_webhooks.replace(conference)
        assert replaced.url != first.url
        assert replaced.enabled is first.enabled
        assert native.registration_webhooks.get(conference) == replaced
        with pytest.raises(NotFoundError) as missing:
            native.registration_webhooks.replace("nope")
        _missing(missing, "conference_not_found")


def _end_delivery(settings: Settings, delivery_id: str) -> None:
    """As a worker that gave up on it would leave it (the suite runs none)."""

    async def end(session: AsyncSession) -> None:
        await session.execute(
            update(DeliveryRow)
            .where(DeliveryRow.id == delivery_id)
            .values(status="failed", next_attempt_at=None, ended_at=utcnow())
        )

    in_database(settings, end)


def test_webhook_endpoints_deliveries_and_secrets(server_url: str, settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK webhooks")
    conference = _conference(server_url, tenant)
    with Webinarium(api_key=tenant.api_key, base_url=server_url) as native:
        made = native.webhook_endpoints.create(
            url="https://hooks.example.test/a",
            event_types=["conference.created", "registration.created"],
            conference_id=conference,
        )
        assert isinstance(made, WebhookEndpointWithSecret)
        assert made.secret.startswith("whsec_")
        assert (made.url, made.event_types, made.conference_id, made.enabled) == (
            "https://hooks.example.test/a",
            ["conference.created", "registration.created"],
            conference,
            True,
        )
        shown = native.webhook_endpoints.get(made.id)
        assert shown.model_dump() == made.model_dump(exclude={"secret"})
        assert "secret" not in (shown.model_extra or {})

        # conference_id=None is sent (the whole account); left out, it stays.
        widened = native.webhook_endpoints.update(made.id, conference_id=None, event_types="all")
        assert (widened.conference_id, widened.event_types) == (None, "all")
        stopped = native.webhook_endpoints.update(made.id, enabled=False)
        assert (stopped.enabled, stopped.disabled_reason) == (False, "requested")
        assert stopped.disabled_at is not None
        with pytest.raises(ConflictError) as disabled:
            native.webhook_endpoints.test(made.id)
        assert disabled.value.code == "webhook_endpoint_disabled"
        assert native.webhook_endpoints.update(made.id, enabled=True).enabled is True

        tests = [native.webhook_endpoints.test(made.id) for _ in range(3)]
        assert all(isinstance(d, WebhookDelivery) for d in tests)
        assert [(d.endpoint_id, d.event_type, d.seq, d.status) for d in tests] == [
            (made.id, "webhook.test", None, "pending")
        ] * 3
        # Newest first, across two pages.
        listed = list(native.webhook_endpoints.deliveries(made.id, limit=2))
        assert [d.id for d in listed] == [d.id for d in reversed(tests)]

        with pytest.raises(ConflictError) as pending:
            native.webhook_deliveries.redeliver(tests[0].id)
        assert pending.value.code == "webhook_delivery_pending"
        _end_delivery(settings, tests[0].id)
        again = native.webhook_deliveries.redeliver(tests[0].id)
        assert (again.id, again.status, again.ended_at) == (tests[0].id, "pending", None)

        rotated = native.webhook_endpoints.rotate_secret(made.id)
        assert rotated.secret.startswith("whsec_")
        assert rotated.secret != made.secret
        assert rotated.previous_secret_expires_at is not None

        more = [
            native.webhook_endpoints.create(url=f"https://hooks.example.test/{n}") for n in "bc"
        ]
        assert [e.id for e in native.webhook_endpoints.list(limit=2)] == [
            made.id,
            *(e.id for e in more),
        ]
        native.webhook_endpoints.delete(made.id)
        with pytest.raises(NotFoundError) as missing:
            native.webhook_endpoints.get(made.id)
        _missing(missing, "webhook_endpoint_not_found")
        with pytest.raises(NotFoundError) as missing:
            native.webhook_deliveries.redeliver(tests[0].id)
        _missing(missing, "webhook_delivery_not_found")

        secret = native.webhook_signing_secret.get()
        assert secret.secret.startswith("whsec_")
        assert secret.previous_secret_expires_at is None
        assert native.webhook_signing_secret.get() == secret
        new = native.webhook_signing_secret.rotate()
        assert new.secret != secret.secret
        assert new.previous_secret_expires_at is not None
        assert native.webhook_signing_secret.get() == new


def test_an_answer_of_another_shape_is_an_api_error(server_url: str, alice: Tenant) -> None:
    """What a server that is no Webinarium (or a route answering another
    shape) gives a typed method: an APIError, never pydantic's ValidationError."""
    with Webinarium(api_key=alice.api_key, base_url=server_url) as native:
        # The event feed's {"data", "next_after"} where a list is expected…
        with pytest.raises(APIError, match="is not a list"):
            list(native_sdk._pages(native, "events", File, items=None))
        # …and the signing secret where a file is.
        with pytest.raises(APIError, match="is not a File") as wrong:
            parse(File, native.request("GET", "webhook_signing_secret"))
        assert isinstance(wrong.value.__cause__, ValidationError)


def test_async_client_in_process(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK native async")

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with AsyncWebinarium(
                api_key=tenant.api_key, base_url="http://app", transport=transport
            ) as native:
                made = await native.webhook_endpoints.create(url="https://h.test/async")
                assert made.secret.startswith("whsec_")
                assert await native.webhook_endpoints.get(made.id) == (
                    await native.webhook_endpoints.update(made.id, url="https://h.test/async")
                )
                image = await native.files.upload(png_bytes(), file_name="dot.png")
                assert [f async for f in native.files.list()] == [image]
                page = await native.events.list(limit=1)
                assert page.next_after >= 0
                with pytest.raises(NotFoundError) as missing:
                    await native.offers.get("nope", "nope")
                _missing(missing, "conference_not_found")

    asyncio.run(main())
