"""The webinar statistics report behind BigMarker's Download Statistics Report:
a signed, expiring link (`kit.signed_links`, purpose ``stats-report``) that an
admin of the conference's channel opens without an API key.

The link names the account, the conference and the admin (``bmid``: a
channel admin's person id); it is refused once expired, when altered, when
opened for another conference, and when the admin is no longer an active admin
of the channel. It may be opened again until it expires (a download that failed
half-way can be retried)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.errors import AccountNotFound
from webinarium.accounts.service import get_account
from webinarium.channel_admins.service import is_active_admin
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.service import get_conference
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import MAX_PER_PAGE, PageRequest
from webinarium.kit.signed_links import LinkRefused, read_link, sign_link
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference
from webinarium.reports import attendance
from webinarium.reports.attendance import AttendeeRow, Summary

PURPOSE = "stats-report"
# Long enough to hand the link to a browser or a scheduled export, short enough
# that a link left in a log or a mailbox stops working the same day.
LIFETIME = timedelta(hours=1)


class NotChannelAdmin(InvalidInput):
    """``bmid`` names no active admin of the conference's channel."""

    code = "not_channel_admin"


@dataclass(frozen=True)
class StatsReport:
    conference: Conference
    summary: Summary
    registrants: int
    attendees: list[AttendeeRow]


async def _ensure_admin(
    session: AsyncSession, account: Account, conference: Conference, bmid: str
) -> None:
    if not await is_active_admin(session, account, conference.channel_id, bmid):
        raise NotChannelAdmin(f"bmid {bmid[:40]!r} is not an admin of this conference's channel")


async def stats_link_token(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    bmid: str,
    *,
    secret_key: str,
    now: datetime | None = None,
) -> tuple[Conference, str]:
    """The conference and the token of a link to its statistics report for
    the channel admin ``bmid``."""
    conference = await get_conference(session, account, conference_id)
    await _ensure_admin(session, account, conference, bmid.strip())
    claims = {"account": account.id, "conference": conference.id, "admin": bmid.strip()}
    token = sign_link(secret_key, PURPOSE, claims, lifetime=LIFETIME, now=now)
    return conference, token


async def report_for_link(
    session: AsyncSession,
    conference_id: str,
    token: str,
    *,
    secret_key: str,
    now: datetime | None = None,
) -> StatsReport:
    """The report a link opens, or `LinkRefused`."""
    moment = now or utcnow()
    claims = read_link(secret_key, PURPOSE, token, now=moment)
    if claims.get("conference") != conference_id:
        raise LinkRefused("this link is for another conference")
    try:
        account = await get_account(session, str(claims.get("account")))
        conference = await get_conference(session, account, conference_id)
        await _ensure_admin(session, account, conference, str(claims.get("admin")))
    except (AccountNotFound, ConferenceNotFound, NotChannelAdmin):
        raise LinkRefused("this link no longer opens a report") from None
    rows: list[AttendeeRow] = []
    page_number = 1
    while True:  # page by page in the database, a page's rows in a few queries
        request = PageRequest(page=page_number, per_page=MAX_PER_PAGE)
        page = await attendance.attendees(session, account, conference, request, now=moment)
        rows.extend(page.items)
        if page_number >= page.total_pages:
            break
        page_number += 1
    return StatsReport(
        conference=conference,
        summary=await attendance.summary(session, account, conference, now=moment),
        registrants=await attendance.registrant_count(session, account, conference),
        attendees=rows,
    )
