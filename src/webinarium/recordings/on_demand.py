"""Who may watch a conference's published recording on demand, and counting
each view (its page is pages/recording.py). Apart from recordings.service,
which conferences.service reads, as admission's imports reach back to it.

The conference's settings decide: ``registration_required_to_view_recording``
and ``who_can_watch_recording`` — ``everyone``; ``attendees_registrants`` and
``channel_subscribers`` (channels have no sign-in on pages: their registrants);
``attendees`` (registrants who were in the room); ``channel_admin_only`` (the
organiser's and presenters' links). Staff watching is not an on-demand view.
A viewer with no link where registering is what it takes is told so
(`RegistrationRequired`): the page registers them (`access.joining.join`),
then they watch with their registration's link.

While it plays, the page reports how long it has played (`report_watched`):
only to the view it was given (`view_token`), for the viewer who opened it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Knock
from webinarium.conferences.schemas import settings_of
from webinarium.kit.errors import InvalidInput
from webinarium.kit.signed_links import read_link, sign_link
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import Account, Conference, Recording, RecordingView
from webinarium.recordings.errors import (
    RecordingUnpublished,
    RegistrationRequired,
    ViewingRefused,
)
from webinarium.recordings.repository import RecordingRepository, RecordingViewRepository
from webinarium.recordings.service import latest_recording, record_view
from webinarium.registrations.service import get_registration
from webinarium.reports.attendance import attendee_ids

_STAFF = frozenset({"host", "presenter", "moderator"})
# The page's reports of watched time go to its view with this signed token,
# valid as long as someone may keep a page open.
VIEW_PURPOSE = "recording-view"
VIEW_TOKEN_LIFETIME = timedelta(days=2)


@dataclass(frozen=True)
class Watching:
    """The recording a viewer watches, and their counted view (None: staff)."""

    recording: Recording
    view: RecordingView | None = None


async def _published(session: AsyncSession, account: Account, conference: Conference) -> Recording:
    ensure_owned(account, conference)
    recording = await latest_recording(session, account, conference)
    if not recording.published:
        raise RecordingUnpublished("This recording is not published.")
    return recording


def _refusal_without_link(conference: Conference) -> ViewingRefused | None:
    """Why a viewer with no link may not watch (None: they may)."""
    settings = settings_of(conference)
    who = settings.who_can_watch_recording
    if who == "channel_admin_only":
        return ViewingRefused("Only the channel's hosts watch this recording.")
    if who == "attendees":
        return ViewingRefused("Only those who attended the webinar watch its recording.")
    if who != "everyone" or settings.registration_required_to_view_recording:
        return RegistrationRequired("Register for this webinar to watch its recording.")
    return None


def registrant_may_watch(conference: Conference, *, attended: bool) -> bool:
    """Whether a registrant's own link opens the published recording, for one
    who ``attended`` the live webinar or not (the follow-up mail offers it then)."""
    who = settings_of(conference).who_can_watch_recording
    return who != "channel_admin_only" and (who != "attendees" or attended)


async def ensure_registering_leads_to_watching(
    session: AsyncSession, account: Account, conference: Conference
) -> None:
    """Refuses what registering on the on-demand page would not change: an
    unpublished recording, or one its registrants do not watch."""
    await _published(session, account, conference)
    refusal = _refusal_without_link(conference)
    if refusal is not None and not isinstance(refusal, RegistrationRequired):
        raise refusal


async def watch(
    session: AsyncSession, account: Account, conference: Conference, knock: Knock | None
) -> Watching:
    """The published recording ``knock`` (None: a viewer with no link) may
    watch, its view counted; `RecordingUnpublished` or `ViewingRefused` else
    (`RecordingProcessing` while it is being made)."""
    recording = await _published(session, account, conference)
    if knock is not None and knock.kind in _STAFF:
        return Watching(recording)
    who = settings_of(conference).who_can_watch_recording
    if who == "channel_admin_only":
        raise ViewingRefused("Only the channel's hosts watch this recording.")
    if knock is None:
        refusal = _refusal_without_link(conference)
        if refusal is not None:
            raise refusal
        view = await record_view(session, account, recording, person_id=None, registration_id=None)
        return Watching(recording, view)
    registration_id, person_id = None, knock.ref
    if knock.kind == "registration":
        assert knock.ref is not None  # a registration knock names its registration
        registration = await get_registration(session, account, knock.ref)
        if registration.revoked_at is not None:
            raise ViewingRefused("This registration was cancelled.")
        registration_id, person_id = registration.id, registration.person_id
    attended = who != "attendees" or person_id in await attendee_ids(session, account, conference)
    if not registrant_may_watch(conference, attended=attended):
        raise ViewingRefused("Only those who attended the webinar watch its recording.")
    view = await record_view(
        session, account, recording, person_id=person_id, registration_id=registration_id
    )
    return Watching(recording, view)


def view_token(secret_key: str, view: RecordingView, now: datetime) -> str:
    """What the on-demand page reports its watched time with (`report_watched`)."""
    claims = {"account": view.account_id, "view": view.id}
    return sign_link(secret_key, VIEW_PURPOSE, claims, lifetime=VIEW_TOKEN_LIFETIME, now=now)


def _is_viewer(view: RecordingView, knock: Knock | None) -> bool:
    """Whether the page's link ``knock`` is the one ``view`` was counted for.
    No link: the view's token alone says it (the page a registration form
    answered has no link in its address, and a token stays on its page)."""
    if knock is None:
        return True
    if knock.kind in _STAFF:
        return False  # staff previewing has no view
    if knock.kind == "registration":
        return view.registration_id == knock.ref
    return view.registration_id is None and view.person_id == knock.ref


async def report_watched(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    knock: Knock | None,
    *,
    secret_key: str,
    token: str,
    seconds: int,
    now: datetime,
) -> RecordingView:
    """The viewer's page has played ``seconds`` of the recording in the view
    ``token`` names (`view_token`, given only to the page that counted the
    view): the view's ``watched_seconds`` grows to that, never shrinks, and
    stays within the recording's duration. Refused (`ViewingRefused`) for a
    view of another account or conference, or with another viewer's link;
    `LinkRefused` for a token that is not one."""
    ensure_owned(account, conference)
    if seconds < 0:
        raise InvalidInput("seconds: a whole number of seconds, 0 or more")
    claims = read_link(secret_key, VIEW_PURPOSE, token, now=now)
    if claims.get("account") != account.id:
        raise ViewingRefused("This is not your view of this recording.")
    view = await RecordingViewRepository(session, account.id).get(str(claims.get("view", "")))
    if view is None or view.conference_id != conference.id or not _is_viewer(view, knock):
        raise ViewingRefused("This is not your view of this recording.")
    recording = await RecordingRepository(session, account.id).get(view.recording_id)
    duration = recording.duration_seconds if recording is not None else 0
    await RecordingViewRepository(session, account.id).raise_watched(view, min(seconds, duration))
    return view
