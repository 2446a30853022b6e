# Written by tools/unasync_sdk.py from _async/bigmarker_reports.py:
# change that file, then `make sdk`.
"""BigMarker's Webinar Reporting (docs/bigmarker.md): who registered, came and
stayed away, what they said and answered, and what became of the custom
e-mails. The lists page by themselves (``current_page`` asked here), through
the paging helper of bigmarker_channels."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from webinarium.client._answers import parse, reader
from webinarium.client._bigmarker import REPORTING, items_of, suppressions_of
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_paging import bigmarker_pages
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


class Reports:
    """``/reporting/conferences/…`` and ``/custom_emails/…``: a webinar's reports."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def _rows(
        self, report: str, conference_id: str, key: str, params: dict[str, Any]
    ) -> Iterator[Any]:
        rest = dict(params)
        return bigmarker_pages(
            self._client,
            f"{REPORTING}/{report}/{conference_id}",
            key,
            lambda item: item,
            params=rest,
            per_page=rest.pop("per_page", None),
            page_name="current_page",
        )

    def registrations(
        self,
        conference_id: str,
        *,
        per_page: int | None = None,
        watched_on_demand: bool | None = None,
        attended_live: bool | None = None,
    ) -> Iterator[ReportRegistration]:
        """Everyone registered, with what they did (Show Conference Registrations);
        ``attended_live``/``watched_on_demand``: only those who did."""
        params = {
            "per_page": per_page,
            "watched_on_demand": watched_on_demand,
            "attended_live": attended_live,
        }
        for row in self._rows("registrations", conference_id, "registrations", params):
            yield parse(ReportRegistration, row)

    def live_attendees(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[ReportAttendee]:
        """Who attended live (Show Conference Attendees, under reporting)."""
        params = {"per_page": per_page}
        for row in self._rows("live_attendees", conference_id, "attendees", params):
            yield parse(ReportAttendee, row)

    def no_shows(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[ReportRegistration]:
        """Who registered and did not attend."""
        params = {"per_page": per_page}
        for row in self._rows("no_shows", conference_id, "registrations", params):
            yield parse(ReportRegistration, row)

    def on_demand_attendees(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[ReportAttendee]:
        """Who watched the recording."""
        params = {"per_page": per_page}
        for row in self._rows("on_demand_attendees", conference_id, "attendees", params):
            yield parse(ReportAttendee, row)

    def chats(self, conference_id: str, *, per_page: int | None = None) -> Iterator[Chat]:
        """The chat transcript."""
        for row in self._rows("chat_transcript", conference_id, "chats", {"per_page": per_page}):
            yield parse(Chat, row)

    def questions(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[QuestionAsked]:
        """The Q&A transcript (the list key ``q_and_a`` is each question's text too)."""
        params = {"per_page": per_page}
        for row in self._rows("q_and_a_transcript", conference_id, "q_and_a", params):
            yield parse(QuestionAsked, row)

    def enter_exit_log(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[Activity]:
        """Each live attendee's entries and exits."""
        params = {"per_page": per_page}
        for row in self._rows("enter_exit_log", conference_id, "activities", params):
            yield parse(Activity, row)

    def attendance_monitor(
        self, conference_id: str, *, per_page: int | None = None
    ) -> Iterator[Activity]:
        """Each attendance monitor pop-up shown (``ShowPopUp``) and answered (``ClickPopUp``)."""
        params = {"per_page": per_page}
        for row in self._rows("attendance_monitor_data", conference_id, "activities", params):
            yield parse(Activity, row)

    def event_summary(self, conference_id: str) -> EventSummary:
        answer = self._client.request("GET", f"{REPORTING}/event_summary/{conference_id}")
        return parse(EventSummary, answer)

    def polls(self, conference_id: str) -> PollTranscript:
        """The polls and each answer to them (``fist_name`` read as ``first_name``)."""
        answer = self._client.request("GET", f"{REPORTING}/poll_transcript/{conference_id}")
        return parse(PollTranscript, answer)

    def offers(self, conference_id: str) -> OfferTranscript:
        """The offers shown and who clicked them."""
        answer = self._client.request("GET", f"{REPORTING}/offer_transcript/{conference_id}")
        return parse(OfferTranscript, answer)

    def email_analytics(
        self,
        custom_email_id: str,
        *,
        per_page: int | None = None,
        date_start: int | None = None,
        date_end: int | None = None,
        action_type: str | None = None,
    ) -> Iterator[EmailAction]:
        """What each recipient did with a custom e-mail (``date_start``,
        ``date_end``: Unix MILLISECONDS; ``action_type`` all, delivered, opened,
        clicked or suppressed). The document's list key is ``xxx``: whatever
        single list the answer holds is read."""
        params = {
            "date_start": date_start,
            "date_end": date_end,
            "action_type": action_type,
        }
        for action in bigmarker_pages(
            self._client,
            f"custom_emails/{custom_email_id}/email_analytics",
            "xxx",
            reader(EmailAction),
            params=params,
            per_page=per_page,
            page_name="current_page",
        ):
            yield action

    def suppressions(self, custom_email_id: str) -> list[Suppression]:
        """The custom e-mail's suppressed addresses (the document's example is
        one object, the server's answer an array: both are read)."""
        answer = self._client.request("GET", f"custom_emails/{custom_email_id}/suppressions")
        return suppressions_of(answer)

    def email_statistics(
        self, *, custom_email_id: str | None = None, conference_id: str | None = None
    ) -> list[EmailStatistics]:
        """Sent, delivery, bounce, open, click and unsubscribe rates of one custom
        e-mail, or of every one of ``conference_id``, grouped by e-mail type."""
        answer = self._client.request(
            "GET",
            "custom_emails/email_statistics_data",
            params={"custom_email_id": custom_email_id, "conference_id": conference_id},
        )
        return [parse(EmailStatistics, row) for row in items_of(answer, ("data",))]
