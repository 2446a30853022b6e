"""BigMarker's custom e-mails (Webinar Reporting): what became of a webinar's
mails of one kind — each reader's actions (email_analytics), the addresses it
found or put on the suppression list (suppressions), and the rates
(email_statistics_data).

A ``custom_email_id`` is ``<conference id>.<kind>`` (`messaging.analytics`);
email_statistics_data with a ``conference_id`` lists a webinar's. What each
field is computed from: docs/bigmarker.md (Custom e-mails)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

from fastapi import APIRouter

from webinarium.api.bigmarker.auth import ReadAccount
from webinarium.api.bigmarker.common import RequestParams, page_request, paging
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.report_lists import paging_fields
from webinarium.api.deps import ReadSession
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import Page
from webinarium.kit.time import iso_on_clock
from webinarium.messaging import analytics
from webinarium.messaging.analytics import SUPPRESSIONS, Action, CustomEmail, Statistics

router = APIRouter(route_class=BigMarkerRoute)
REPORTING: list[str | Enum] = ["BigMarker: Webinar Reporting"]
# The document's example lists 500 a page.
ANALYTICS_PER_PAGE = 500
# The example's list key, literally: the document names no other (docs/bigmarker.md).
ANALYTICS_LIST_KEY = "xxx"
# action_type → the actions (`messaging.repository.ACTIONS`) it takes in.
ACTION_TYPES: dict[str, tuple[str, ...]] = {
    "all": ("delivered", "opened", "clicked", *SUPPRESSIONS),
    "delivered": ("delivered",),
    "opened": ("opened",),
    "clicked": ("clicked",),
    "suppressed": SUPPRESSIONS,
}
# Each kind of mail under BigMarker's words for its e-mail type.
EMAIL_TYPES: dict[str, str] = {
    "registration_confirmation": "Registration Confirmation Email",
    "three_days_before": "Reminder Email",
    "one_day_before": "Reminder Email",
    "one_hour_before": "Reminder Email",
    "started": "Webinar Starting Email",
    "follow_up": "Follow Up Email",
    "recording_available": "Recording Available Email",
    "cancellation": "Cancellation Email",
    "presenter_invitation": "Presenter Invitation Email",
    "invitation": "Invitation Email",
}
_MILLISECONDS = "a Unix timestamp in MILLISECONDS (1667455038672)"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _moment(params: Params, name: str, *, last: bool = False) -> datetime | None:
    """A Unix timestamp in milliseconds (these operations' own unit); with
    ``last``, the end of that millisecond (the times kept are finer)."""
    try:
        value = params.integer(name)
        if value is None:
            return None
        return _EPOCH + timedelta(milliseconds=value, microseconds=999 if last else 0)
    except (InvalidInput, OverflowError):
        raise InvalidInput(f"{name} must be {_MILLISECONDS}") from None


def _action_type(params: Params) -> tuple[str, ...]:
    value = (params.text("action_type") or "").strip() or "all"
    if value not in ACTION_TYPES:
        raise InvalidInput(f"action_type must be one of {', '.join(ACTION_TYPES)}")
    return ACTION_TYPES[value]


def _action_type_of(action: Action) -> str:
    return "suppressed" if action.action in SUPPRESSIONS else action.action


@router.get(
    "/custom_emails/email_statistics_data",
    name="custom_emails_email_statistics_data",
    tags=REPORTING,
)
@reads(
    Param("custom_email_id", description="a custom e-mail's id: <conference id>.<kind>"),
    Param("conference_id", description="every custom e-mail of the conference that has mails"),
)
async def email_statistics_data(
    session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    email_id = (params.text("custom_email_id") or "").strip()
    conference_id = (params.text("conference_id") or "").strip()
    if email_id:
        email = await analytics.get_custom_email(session, account, email_id)
        if conference_id and conference_id != email.conference.id:
            raise ConferenceNotFound(f"custom e-mail {email_id} is not of {conference_id}")
        found = [await analytics.statistics(session, account, email)]
    elif conference_id:
        found = await analytics.custom_emails_of(session, account, conference_id)
    else:
        raise InvalidInput("give custom_email_id, or conference_id for all of a conference's")
    groups: dict[str, list[dict[str, Any]]] = {}
    for statistics in found:
        groups.setdefault(EMAIL_TYPES[statistics.custom_email.kind], []).append(_rates(statistics))
    return {
        "data": [
            {"email_type": email_type, "email_list": email_list}
            for email_type, email_list in groups.items()
        ]
    }


def _rates(statistics: Statistics) -> dict[str, Any]:
    """Percentages: delivered and bounced of the mails sent, opened, clicked
    and unsubscribed of those delivered."""
    counts = statistics.counts
    return {
        "id": statistics.custom_email.id,
        "sent_to": counts.sent,
        "delivery_rate": _percent(counts.delivered, counts.sent),
        "bounce_rate": _percent(counts.bounced, counts.sent),
        "open_rate": _percent(counts.opened, counts.delivered),
        "click_rate": _percent(counts.clicked, counts.delivered),
        "unsubscribe_rate": _percent(counts.unsubscribed, counts.delivered),
    }


def _percent(part: int, whole: int) -> int | float:
    """To one decimal, a whole number written as one (the example's 74.5, 0, 100)."""
    if whole == 0:
        return 0
    rate = round(100 * part / whole, 1)
    return int(rate) if rate.is_integer() else rate


@router.get(
    "/custom_emails/{custom_email_id}/email_analytics",
    name="custom_emails_email_analytics",
    tags=REPORTING,
)
@reads(
    paging(ANALYTICS_PER_PAGE, "current_page"),
    Param("date_start", int, description=f"actions from this moment: {_MILLISECONDS}"),
    Param("date_end", int, description=f"actions until this moment: {_MILLISECONDS}"),
    Param("action_type", choices=tuple(ACTION_TYPES), default="all"),
)
async def email_analytics(
    custom_email_id: str, session: ReadSession, account: ReadAccount, params: RequestParams
) -> dict[str, Any]:
    kinds = _action_type(params)
    since, until = _moment(params, "date_start"), _moment(params, "date_end", last=True)
    request = page_request(params, ANALYTICS_PER_PAGE, "current_page")
    email = await analytics.get_custom_email(session, account, custom_email_id)
    items, total = await analytics.actions(
        session, account, email, kinds, since=since, until=until, request=request
    )
    return {
        **paging_fields(Page(items, request, total)),
        ANALYTICS_LIST_KEY: [_analytics_row(email, action) for action in items],
    }


def _analytics_row(email: CustomEmail, action: Action) -> dict[str, Any]:
    return {
        "recipient": action.recipient,
        "recipient_name": action.recipient_name,
        "bmid": action.person_id,
        "custom_email_id": email.id,
        "conference_id": email.conference.id,
        "subject": action.subject,
        "action_type": _action_type_of(action),
        "action_time": iso_on_clock(action.at, email.conference.time_zone),
    }


@router.get(
    "/custom_emails/{custom_email_id}/suppressions",
    name="custom_emails_suppressions",
    tags=REPORTING,
)
@reads()
async def suppressions(
    custom_email_id: str, session: ReadSession, account: ReadAccount
) -> list[dict[str, Any]]:
    email = await analytics.get_custom_email(session, account, custom_email_id)
    items, _ = await analytics.actions(session, account, email, SUPPRESSIONS)
    return [
        {
            "recipient": action.recipient,
            "action_type": "suppressed",
            "action_time": iso_on_clock(action.at, email.conference.time_zone),
            # An addition: why — bounced, unsubscribed, or withheld (the
            # address was on the suppression list already: never sent).
            "reason": action.action,
        }
        for action in items
    ]
