"""The rest of BigMarker's "Manage Conferences", "Conference Registrations"
and "Conference Presenters" through the SDK, against the suite's server:
handouts, pre-loaded files, series, entering, the report links and lists,
the registrant lists and statuses. Answers are checked against what the test
made; each call's refusal of an unknown id is the vendor's."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from tests.recordings.helpers import store_mp4
from webinarium.client import (
    APIError,
    AuthenticationError,
    BigMarker,
    NotFoundError,
    PermissionDeniedError,
)
from webinarium.client._bigmarker import conference_of, items_of, one_or_many, success_of
from webinarium.client.models.bigmarker import (
    ActivityLog,
    Attendee,
    CustomField,
    Handout,
    Registrant,
    SurveyQuestion,
)
from webinarium.kit.time import utcnow
from webinarium.models import Conference as ConferenceRow
from webinarium.models import Visit
from webinarium.settings import Settings

START = "2031-05-04 09:30"
# The document's example of a pre-loaded file; the server fetches it later.
FILE_URL = "https://files.example.test/slides/deck.pdf"
# The vendor's refusals of an unknown id, each call its own (the document's
# texts); an exception reads "<status>: <message>".
CONFERENCE_NOT_FOUND = r"^404: The conference you are requesting is not found"
CHANNEL_NOT_FOUND = r"^404: The channel you are requesting is not found"
NO_ACCESS = r"^403: You don't have access to this channel$"


def _bigmarker(server_url: str, tenant: Tenant) -> BigMarker:
    return BigMarker(api_key=tenant.api_key, base_url=server_url)


def _webinar(bm: BigMarker, tenant: Tenant, title: str, **fields: Any) -> str:
    made = bm.conferences.create(
        channel_id=tenant.channel_id, title=title, start_time=START, **fields
    )
    assert made.id is not None
    return made.id


def test_handouts_and_preloaded_files(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        webinar = _webinar(bm, fresh_tenant, "SDK handouts")
        link = bm.handouts.create(
            webinar, title="Agenda", handout_link="https://example.test/agenda"
        )
        assert isinstance(link, Handout)
        assert (link.handout_name, link.handout_link, link.handout_url) == (
            "Agenda",
            "https://example.test/agenda",
            None,
        )
        assert link.id is not None
        changed = bm.handouts.update(link.id, title="Day one agenda")
        assert (changed.id, changed.handout_name) == (link.id, "Day one agenda")
        assert changed.handout_link == "https://example.test/agenda"
        second = bm.handouts.create(webinar, title="Notes", handout_link="https://example.test/n")
        assert [(h.id, h.handout_name) for h in bm.handouts.list(webinar)] == [
            (link.id, "Day one agenda"),
            (second.id, "Notes"),
        ]
        assert bm.handouts.delete(link.id).success == "Your handout has been deleted!"
        assert [h.id for h in bm.handouts.list(webinar)] == [second.id]
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.handouts.list("nope")
        for call in (
            lambda: bm.handouts.delete(link.id or ""),
            lambda: bm.handouts.update("nope", title="x"),
            lambda: bm.handouts.create("nope", title="x", handout_link="https://example.test"),
        ):
            with pytest.raises(NotFoundError, match=CHANNEL_NOT_FOUND):
                call()

        uploaded = bm.conferences.upload_file(webinar, file_url=FILE_URL, autoplay=True)
        assert uploaded.success == "Your file has been successfully saved!"
        assert uploaded.id is not None
        shown = bm.conferences.get(webinar)
        assert [f["file_url"] for f in shown.model_extra["preload_files"]] == [FILE_URL]
        deleted = bm.conferences.delete_file(webinar, uploaded.id)
        assert deleted.success == "Your file has been successfully deleted!"
        assert bm.conferences.get(webinar).model_extra["preload_files"] == []
        with pytest.raises(APIError, match="file"):
            bm.conferences.delete_file(webinar, uploaded.id)
        with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
            bm.conferences.upload_file("nope", file_url=FILE_URL)
        with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
            bm.conferences.delete_file("nope", uploaded.id)


def test_series_and_their_sessions(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        made = bm.series.create(
            channel_id=fresh_tenant.channel_id,
            title="SDK summit",
            series_format="summit",
            about="Two days",
            alias="sdk-summit",
        )
        assert made.id is not None
        assert made.series_url is not None
        assert made.series_url.endswith("/sdk-summit")
        changed = bm.series.update(made.id, title="SDK summit 2031", alias="sdk-summit-2031")
        assert changed.id == made.id
        assert changed.series_url is not None
        assert changed.series_url.endswith("/sdk-summit-2031")
        series = bm.conferences.get(made.id)
        assert (series.title, series.purpose, series.type) == (
            "SDK summit 2031",
            "Two days",
            "series",
        )
        assert [c.id for c in bm.conferences.list(include_series=True)] == [made.id]

        sessions = [_webinar(bm, fresh_tenant, f"SDK session {n}") for n in range(3)]
        added = bm.series.add_sessions(made.id, session_ids=sessions)
        assert added.success == (
            f"Sessions {', '.join(sessions)} have been succesfully added to Series SDK summit 2031"
        )
        grouped = list(bm.conferences.associated_sessions(made.id, per_page=2))
        assert sorted(c.id or "" for c in grouped) == sorted(sessions)
        assert {c.series_id for c in grouped} == {made.id}

        # One string of comma-separated ids, as the document types them.
        removed = bm.series.delete_sessions(session_ids=f"{sessions[0]},{sessions[1]}")
        assert removed.success == "Your session has been deleted!"
        assert [c.id for c in bm.conferences.associated_sessions(made.id)] == [sessions[2]]
        assert bm.conferences.get(sessions[0]).id == sessions[0]  # still a webinar
        for call in (
            lambda: bm.series.add_sessions("nope", session_ids=[sessions[0]]),
            lambda: bm.series.update("nope", title="x"),
            lambda: bm.series.delete_sessions(session_ids=["nope"]),
        ):
            with pytest.raises(NotFoundError, match=CHANNEL_NOT_FOUND):
                call()
        with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
            list(bm.conferences.associated_sessions("nope"))


def test_enter_a_conference(server_url: str, fresh_tenant: Tenant) -> None:
    soon = (utcnow() + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M")
    with _bigmarker(server_url, fresh_tenant) as bm:
        webinar = _webinar(bm, fresh_tenant, "SDK enter", time_zone="UTC")
        bm.conferences.update(webinar, start_time=soon)
        entered = bm.conferences.enter(
            webinar,
            attendee_name="Grace Hopper",
            attendee_email="grace@example.test",
            register_attendee_to_webinar=True,
            attendee_first_name="Grace",
            attendee_last_name="Hopper",
            role="attendee",
            exit_uri="https://example.test/bye",
        )
        assert entered.enter_token
        address = bm.conferences.get(webinar).conference_address
        assert entered.enter_uri == f"{address}?token={entered.enter_token}"
        # register_attendee_to_webinar registered her.
        status = bm.registrants.check_status(webinar, email="grace@example.test")
        assert status.registration_status == "registered"

        later = _webinar(bm, fresh_tenant, "SDK not open")
        with pytest.raises(APIError) as refused:
            bm.conferences.enter(later, attendee_name="Early", attendee_email="e@example.test")
        assert refused.value.message
        with pytest.raises(NotFoundError, match=CHANNEL_NOT_FOUND):
            bm.conferences.enter("nope", attendee_name="X", attendee_email="x@example.test")


def test_registrant_lists_and_statuses(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        made = bm.request(
            "POST",
            "conferences",
            json={
                "channel_id": fresh_tenant.channel_id,
                "title": "SDK fields",
                "start_time": START,
                # Custom fields are set up through the API's addition on create.
                "custom_fields": [
                    {"field_name": "Company", "field_type": "text", "api_name": "company"},
                ],
            },
        )
        webinar = str(made["id"])
        (field,) = bm.conferences.custom_fields(webinar)
        assert isinstance(field, CustomField)
        assert (field.field_name, field.field_type, field.api_name) == (
            "Company",
            "text",
            "company",
        )
        assert field.id is not None
        with pytest.raises(
            PermissionDeniedError, match=r"^403: You don't have access to this Channel$"
        ):
            bm.conferences.custom_fields("nope")

        for n in range(3):
            bm.registrants.register(
                webinar,
                email=f"r{n}@example.test",
                first_name=f"R{n}",
                last_name="Doe",
                custom_fields={field.id: f"Acme {n}"},
                utm_bmcr_source="newsletter",
                custom_user_id=f"crm-{n}",
            )
        rows = list(bm.registrants.list_with_fields(webinar, per_page=2))
        assert all(isinstance(r, Registrant) for r in rows)
        assert sorted((r.email, r.custom_user_id, r.source) for r in rows) == [
            (f"r{n}@example.test", f"crm-{n}", "newsletter") for n in range(3)
        ]
        by_email = {r.email: r for r in rows}
        assert by_email["r1@example.test"].custom_fields == [{"Company": "Acme 1"}]
        by_api_name = list(bm.registrants.list_with_fields(webinar, use_api_name=True))
        assert {r.email: r.custom_fields for r in by_api_name}["r2@example.test"] == [
            {"company": "Acme 2"}
        ]
        assert [r.email for r in bm.registrants.list(webinar, email="r0@example.test")] == [
            "r0@example.test"
        ]

        again = bm.registrants.register_or_update(
            webinar,
            email="r0@example.test",
            first_name="Renamed",
            last_name="Doe",
            show_full_data=True,
        )
        assert again.registration is not None
        assert (again.registration.email, again.registration.first_name) == (
            "r0@example.test",
            "Renamed",
        )
        assert again.conference_url is not None
        assert again.conference_url.endswith(f"&bmid={again.registration.bmid}")

        registered = bm.registrants.check_status(webinar, bmid=again.registration.bmid)
        assert registered.registration_status == "registered"
        bm.registrants.unregister(webinar, email="r1@example.test")
        gone = bm.registrants.check_status(webinar, email="r1@example.test")
        assert gone.registration_status == "not_registered"
        # Someone the account does not know: the document's 404 (its words, sic).
        with pytest.raises(NotFoundError, match="The member email entered you entered is not"):
            bm.registrants.check_status(webinar, email="nobody@example.test")
        with pytest.raises(
            AuthenticationError, match=r"^401: You do not have permission to access"
        ):
            bm.registrants.check_status("nope", email="r0@example.test")
        with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
            bm.registrants.register_or_update(
                "nope", email="r0@example.test", first_name="R", last_name="D"
            )

        # Two of three checked in (the native API), listed over two pages.
        checked = [by_email[f"r{n}@example.test"] for n in (0, 2)]
        for registrant in checked:
            bm_native_check_in(server_url, fresh_tenant, webinar, registrant.qr_code_value or "")
        listed = list(bm.registrants.checked_in(webinar, per_page=1))
        assert sorted(r.email or "" for r in listed) == ["r0@example.test", "r2@example.test"]
        assert all(r.checked_in_at for r in listed)
        for lister in (
            bm.registrants.checked_in,
            bm.registrants.list,
            bm.registrants.list_with_fields,
        ):
            with pytest.raises(PermissionDeniedError, match=NO_ACCESS):
                list(lister("nope"))


def bm_native_check_in(server_url: str, tenant: Tenant, conference_id: str, value: str) -> None:
    """Checks a registrant in through the native API (BigMarker has no call for it)."""
    from webinarium.client import Webinarium

    with Webinarium(api_key=tenant.api_key, base_url=server_url) as native:
        native.request(
            "POST", f"conferences/{conference_id}/check-ins", json={"qr_code_value": value}
        )


def test_attendees_of_an_ended_conference_page_by_themselves(
    server_url: str, fresh_tenant: Tenant, settings: Settings
) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        webinar = _webinar(bm, fresh_tenant, "SDK attendees")
        for n in range(3):
            bm.registrants.register(
                webinar, email=f"a{n}@example.test", first_name=f"A{n}", last_name="Doe"
            )
        people = {r.email: r.bmid for r in bm.registrants.list(webinar)}
        now = utcnow()
        start = now - timedelta(hours=2)

        async def held(session: AsyncSession) -> None:
            # The webinar was held two hours ago; each stayed ten minutes more than the one before.
            await session.execute(
                update(ConferenceRow)
                .where(ConferenceRow.id == webinar)
                .values(start_at=start, end_at=start + timedelta(hours=1))
            )
            for n in range(3):
                entered = start + timedelta(minutes=n)
                session.add(
                    Visit(
                        account_id=fresh_tenant.account_id,
                        conference_id=webinar,
                        person_id=people[f"a{n}@example.test"],
                        name=f"A{n} Doe",
                        entered_at=entered,
                        left_at=entered + timedelta(minutes=10 * (n + 1)),
                    )
                )
            await session.commit()

        in_database(settings, held)
        attendees = list(bm.attendees.list(webinar, per_page=2))
        assert all(isinstance(a, Attendee) for a in attendees)
        assert [(a.email, a.first_name, a.total_duration) for a in attendees] == [
            (f"a{n}@example.test", f"A{n}", str(600 * (n + 1))) for n in range(3)
        ]
        assert [c.id for c in bm.conferences.list(type="past")] == [webinar]
        with pytest.raises(PermissionDeniedError, match=NO_ACCESS):
            list(bm.attendees.list("nope"))


def test_reports_and_links(server_url: str, fresh_tenant: Tenant) -> None:
    with _bigmarker(server_url, fresh_tenant) as bm:
        webinar = _webinar(bm, fresh_tenant, "SDK reports")
        admin = bm.request(
            "POST",
            "channel_admins",
            json={"channel_id": fresh_tenant.channel_id, "email": "admin@example.test"},
        )
        bmid = str(admin["bmid"])
        stats = bm.conferences.stats(webinar, bmid=bmid)
        assert stats.report_url is not None
        assert f"/reports/stats/{webinar}/" in stats.report_url
        transcript = bm.conferences.transcript(webinar, bmid=bmid)
        assert transcript.transcript_url is not None
        assert "/reports/transcript/" in transcript.transcript_url
        entering = bm.conferences.admin_url(webinar, bmid=bmid)
        assert entering.admin_url is not None
        assert "/reports/admin/" in entering.admin_url
        for link in (bm.conferences.stats, bm.conferences.transcript, bm.conferences.admin_url):
            with pytest.raises(APIError):
                link(webinar, bmid="not-an-admin")
            with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
                link("nope", bmid=bmid)

        assert bm.conferences.refresh_analytics_report(webinar).status == "creating"
        assert bm.conferences.handout_download_data(webinar) == []
        assert bm.conferences.dial_in_list(webinar) == []
        assert bm.conferences.survey(webinar) == []
        assert bm.conferences.survey(webinar, created_since=0) == []
        logs = bm.conferences.activity_logs(webinar)
        assert all(isinstance(log, ActivityLog) for log in logs)
        assert logs == []
        for report in (
            bm.conferences.refresh_analytics_report,
            bm.conferences.handout_download_data,
            bm.conferences.survey,
        ):
            with pytest.raises(NotFoundError, match=CONFERENCE_NOT_FOUND):
                report("nope")
        with pytest.raises(NotFoundError, match=r"^404: Not Found!$"):
            bm.conferences.activity_logs("nope")
        with pytest.raises(
            AuthenticationError, match=r"^401: You do not have permission to access"
        ):
            bm.conferences.dial_in_list("nope")


def test_recording_calls_read_publish_and_unpublish_a_stored_recording(
    server_url: str, fresh_tenant: Tenant, settings: Settings, tmp_path: Path
) -> None:
    """Each recording call sent where the document says, its answer typed: a
    webinar without a recording is not found; with one (a real MP4 stored
    through recordings.service), it is published and unpublished."""
    with _bigmarker(server_url, fresh_tenant) as bm:
        webinar = _webinar(bm, fresh_tenant, "SDK recording")
        with pytest.raises(NotFoundError) as missing:
            bm.conferences.recording(webinar)
        assert missing.value.message == "This webianr does not have any recordings."
        assert missing.value.request is not None
        assert missing.value.request.url.path == f"/api/v1/conferences/{webinar}/recording"

        store_mp4(settings, fresh_tenant, webinar, tmp_path)
        status = bm.conferences.recording(webinar)
        assert (status.published, status.download_ready) == (False, True)
        published = bm.conferences.publish_recording(webinar)
        assert published.published_status == "Your recording is now published."
        assert bm.conferences.recording(webinar).published is True
        unpublished = bm.conferences.unpublish_recording(webinar)
        assert unpublished.published_status == "Your recording is now unpublished."
        assert bm.conferences.recording_views(webinar) == []


def test_survey_answers_in_every_documented_shape() -> None:
    """The survey's answer as this server gives it ({"survey": […]}), a bare
    list, or the document's single question: the same questions."""
    question = {
        "question_title": "How was it?",
        "answer_type": "start_rating",
        "responses": [{"review_response": "5", "review": {"email": "a@example.test"}}],
    }
    for answer in ({"survey": [question]}, [question], question):
        (read,) = [SurveyQuestion.model_validate(q) for q in one_or_many(answer, "survey")]
        assert read.question_title == "How was it?"
        assert read.responses is not None
        assert read.responses[0].review_response == "5"


def test_the_documents_other_shapes_are_read_alike() -> None:
    """What the document shows besides what this server answers: search and
    recurring children as bare arrays, handouts under "Handouts", a created
    conference under "conference" (Update: "Conference"), add_sessions' bare
    sentence."""
    conference = {"id": "1", "title": "T"}
    assert items_of([conference], "conferences") == [conference]
    assert items_of({"conferences": [conference], "total_pages": 1}, "conferences") == [conference]
    assert items_of({"Handouts": [conference]}, ("Handouts", "handouts")) == [conference]
    with pytest.raises(APIError, match="where a list"):
        items_of({"error_free": True}, "conferences")
    for answer in (conference, {"conference": conference}, {"Conference": conference}):
        assert conference_of(answer).title == "T"
    with pytest.raises(APIError, match="where Conference was expected"):
        conference_of("<html>")
    sentence = "Sessions 1, 2 have been succesfully added to Series S"
    assert success_of(sentence).success == sentence
    assert success_of({"success": "Done"}).success == "Done"
    assert success_of(None).success is None  # no answer documented, none given
