"""The mails that follow domain events (a reaction, `worker.wiring.REACTIONS`):

- registration.created → the registration confirmation with the personal
  enter link and an .ics (switch: ``enable_registration_email``), unless the
  registration's invitation was mailed (it carries the link) or it waits for
  the organiser's approval; the organiser's approval, or their "resend the
  confirmation", queues the same letter (`queue_confirmation`);
- registration.cancelled → the cancellation of the registration, and
  conference.cancelled → the cancellation of the webinar to its registrants
  in force (both: ``send_cancellation_email``);
- conference.reminder_due → that reminder, with the organiser's letter text,
  to the registrants in force and, with ``send_reminder_emails_to_presenters``,
  the presenters (with their presenter link); none once the webinar started;
- conference.started → the STARTED letter to the registrants in force;
- conference.ended → the follow-up, attended or missed, with the registrant's
  link to the recording's on-demand page when it is published by then;
- recording.published, the first time → "the recording is available" with
  that link, to the registrants whose follow-up went before it was published
  (so without it); the follow-up's switch;
- presenter.added → the presenter's (or moderator's) invitation with their
  presenter link (switch: the presenter's ``send_email_invite``, which
  MyOwnConference's ``sendInvite`` sets), unless the webinar is over or
  cancelled; `invite_presenter_again` mails it once more when the console
  asks (not a reaction: the request that asks writes it).

Every attendee mail also needs the switch for all of them
(``send_attendee_emails``, MyOwnConference's webinarsEmailsOff): the switches
are read through `conferences.room.attendee_emails`, as webinarsGetLettersInfo
reads them. A reaction only writes mail rows and their jobs. Registrations
waiting for approval get none of the letters with an enter link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.service import get_account
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.room import attendee_emails
from webinarium.conferences.schemas import AttendeeEmailKind, ConferenceStatus, settings_of
from webinarium.conferences.service import address_of, get_conference
from webinarium.events.types import (
    EVENT_TYPES,
    ConferenceCancelled,
    ConferenceEnded,
    ConferenceEvent,
    ConferenceStarted,
    PresenterAdded,
    PresenterEvent,
    RecordingEvent,
    RecordingPublished,
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationEvent,
    ReminderDue,
)
from webinarium.kit.errors import Conflict, InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.messaging.compose import (
    Language,
    MailKind,
    calendar_file,
    letter_facts,
    mail_language,
)
from webinarium.messaging.service import (
    Letter,
    invitation_mailed,
    queue_mail,
    registrations_mailed,
)
from webinarium.models import (
    Account,
    Conference,
    OutboxEvent,
    Person,
    Recording,
    Registration,
)
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person
from webinarium.presenters.errors import PresenterNotFound
from webinarium.presenters.schemas import PresenterDetails
from webinarium.presenters.service import get_presenter, presenter_link, presenters_of
from webinarium.recordings.on_demand import registrant_may_watch
from webinarium.recordings.service import latest_recordings, on_demand_address
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.schemas import RegistrationApproval
from webinarium.registrations.service import enter_link, get_registration, registration_records
from webinarium.reports.attendance import attendee_ids
from webinarium.settings import Settings
from webinarium.worker.jobs import WorkerContext

# Statuses in which a webinar is still to come: a reminder is sent only then.
_NOT_STARTED = frozenset({ConferenceStatus.SCHEDULED, ConferenceStatus.OPEN})
_OVER = frozenset({ConferenceStatus.ENDED, ConferenceStatus.CANCELLED})


@dataclass(frozen=True)
class _Mailing:
    """What every mail of one event shares."""

    session: AsyncSession
    settings: Settings
    account: Account
    conference: Conference
    address: str
    language: Language
    now: datetime

    @property
    def secret_key(self) -> str:
        return self.settings.secret_key

    def facts(self, person: Person, letter_text: str = "", **more: object) -> dict[str, object]:
        return letter_facts(
            self.account, self.conference, person, self.language, letter_text, **more
        )

    async def send(
        self,
        kind: MailKind,
        person: Person,
        facts: dict[str, object],
        *,
        registration_id: str | None = None,
        attachments: list[dict[str, str]] | None = None,
    ) -> None:
        letter = Letter(
            kind=kind,
            language=self.language,
            to_address=person.email,
            facts=facts,
            conference_id=self.conference.id,
            person_id=person.id,
            registration_id=registration_id,
            attachments=attachments or [],
        )
        await queue_mail(self.session, self.account, self.settings, letter, self.now)


async def _mailing(
    session: AsyncSession,
    settings: Settings,
    account: Account,
    conference: Conference,
    now: datetime,
) -> _Mailing:
    return _Mailing(
        session=session,
        settings=settings,
        account=account,
        conference=conference,
        address=await address_of(session, account, settings.base_url, conference),
        language=mail_language(settings_of(conference).display_language),
        now=now,
    )


def _switch(mailing: _Mailing, kind: AttendeeEmailKind) -> tuple[bool, str]:
    """Whether attendees get this kind of mail, and the organiser's text for it."""
    (state,) = [s for s in attendee_emails(mailing.account, mailing.conference) if s.kind == kind]
    return state.enabled, state.text


async def _registrants(mailing: _Mailing) -> list[tuple[Registration, Person, str]]:
    """(registration, person, enter link) of each registration in force
    and approved (a pending one's link does not open the room)."""
    _, records = await registration_records(mailing.session, mailing.account, mailing.conference.id)
    return [
        (registration, person, enter_link(mailing.secret_key, mailing.address, registration))
        for registration, person in records
        if registration.revoked_at is None
        and registration.approval == RegistrationApproval.APPROVED
    ]


async def _confirm(mailing: _Mailing, event: RegistrationCreated) -> None:
    enabled, text = _switch(mailing, "registration_confirmation")
    if not (enabled and event.send_confirmation) or mailing.conference.end_at <= mailing.now:
        return
    try:
        registration = await get_registration(
            mailing.session, mailing.account, event.registration_id
        )
        person = await find_person(mailing.session, mailing.account, person_id=event.person_id)
    except (RegistrationNotFound, PersonNotFound):  # erased since
        return
    if registration.revoked_at is not None or registration.person_id != person.id:
        return  # cancelled, or given to someone else, since
    if registration.approval != RegistrationApproval.APPROVED:
        return  # the organiser's approval sends it
    if await invitation_mailed(mailing.session, mailing.account, registration):
        return  # one mail for one invitation
    await _confirmation(mailing, registration, person, text)


async def queue_confirmation(
    session: AsyncSession,
    settings: Settings,
    account: Account,
    registration: Registration,
    now: datetime,
) -> None:
    """Queues the registration's confirmation (with its enter link and .ics)
    because the organiser asked: they approved it, or want it sent again. The
    switches for the confirmation are not asked (the organiser's request is
    the switch), but the registration must be in force, approved, and the
    webinar not over."""
    if registration.account_id != account.id:
        raise RegistrationNotFound(f"registration {registration.id} not found")
    if registration.revoked_at is not None:
        raise Conflict("this registrant has been removed: register them again instead")
    if registration.approval != RegistrationApproval.APPROVED:
        raise Conflict("this registration waits for approval: approve it to send its link")
    conference = await get_conference(session, account, registration.conference_id)
    if conference.end_at <= now:
        raise Conflict("this webinar is over: its confirmation is not sent any more")
    person = await find_person(session, account, person_id=registration.person_id)
    mailing = await _mailing(session, settings, account, conference, now)
    _, text = _switch(mailing, "registration_confirmation")
    await _confirmation(mailing, registration, person, text)


async def _confirmation(
    mailing: _Mailing, registration: Registration, person: Person, text: str
) -> None:
    link = enter_link(mailing.secret_key, mailing.address, registration)
    host = urlsplit(mailing.settings.base_url).hostname or "localhost"
    ics = calendar_file(mailing.conference, link, mailing.now, host)
    await mailing.send(
        "registration_confirmation",
        person,
        mailing.facts(person, text, enter_url=link),
        registration_id=registration.id,
        attachments=[{"filename": "webinar.ics", "content_type": "text/calendar", "text": ics}],
    )


async def _cancel(mailing: _Mailing, event: RegistrationCancelled) -> None:
    settings = settings_of(mailing.conference)
    if not (settings.send_attendee_emails and settings.send_cancellation_email):
        return
    if mailing.conference.end_at <= mailing.now:
        return
    try:
        person = await find_person(mailing.session, mailing.account, person_id=event.person_id)
    except PersonNotFound:  # erased: forgotten, not mailed
        return
    facts = mailing.facts(person, webinar_cancelled=False)
    await mailing.send("cancellation", person, facts, registration_id=event.registration_id)


async def _webinar_cancelled(mailing: _Mailing, event: ConferenceCancelled) -> None:
    settings = settings_of(mailing.conference)
    if not (settings.send_attendee_emails and settings.send_cancellation_email):
        return
    for registration, person, _ in await _registrants(mailing):
        facts = mailing.facts(person, webinar_cancelled=True)
        await mailing.send("cancellation", person, facts, registration_id=registration.id)


async def _remind(mailing: _Mailing, event: ReminderDue) -> None:
    enabled, text = _switch(mailing, event.reminder)
    conference = mailing.conference
    if not enabled or conference.status not in _NOT_STARTED or conference.start_at <= mailing.now:
        return
    presenters = []
    if settings_of(conference).send_reminder_emails_to_presenters:
        presenters = await presenters_of(mailing.session, mailing.account, conference)
    presenting = {p.person.id for p in presenters}
    for registration, person, link in await _registrants(mailing):
        if person.id not in presenting:
            facts = mailing.facts(person, text, enter_url=link)
            await mailing.send(event.reminder, person, facts, registration_id=registration.id)
    for details in presenters:
        link = presenter_link(mailing.secret_key, mailing.address, details.presenter)
        facts = mailing.facts(details.person, text, enter_url=link)
        await mailing.send(event.reminder, details.person, facts)


async def _started(mailing: _Mailing, event: ConferenceStarted) -> None:
    enabled, text = _switch(mailing, "started")
    # "Starting now" about a webinar that has ended since (the event handed
    # over late, after an outage) is not sent.
    if not enabled or mailing.conference.status != ConferenceStatus.LIVE:
        return
    for registration, person, link in await _registrants(mailing):
        facts = mailing.facts(person, text, enter_url=link)
        await mailing.send("started", person, facts, registration_id=registration.id)


def _recording_link(mailing: _Mailing, registration: Registration, *, attended: bool) -> str | None:
    """The registrant's own link to the on-demand page of the published
    recording, never the MP4's URL (public to whoever has it): the page counts
    the view. Offered to those it opens for (the webinar's settings)."""
    if not registrant_may_watch(mailing.conference, attended=attended):
        return None
    return enter_link(mailing.secret_key, on_demand_address(mailing.address), registration)


async def _newest_recording(mailing: _Mailing) -> Recording | None:
    """The conference's newest ready recording: the one its on-demand page shows."""
    conference_id = mailing.conference.id
    found = await latest_recordings(mailing.session, mailing.account, [conference_id])
    return found.get(conference_id)


async def _follow_up(mailing: _Mailing, event: ConferenceEnded) -> None:
    enabled, text = _switch(mailing, "follow_up")
    if not enabled:
        return
    came = await attendee_ids(mailing.session, mailing.account, mailing.conference)
    recording = await _newest_recording(mailing)
    published = recording is not None and recording.published
    for registration, person, _ in await _registrants(mailing):
        attended = person.id in came
        recording_url = (
            _recording_link(mailing, registration, attended=attended) if published else None
        )
        facts = mailing.facts(person, text, attended=attended, recording_url=recording_url)
        await mailing.send("follow_up", person, facts, registration_id=registration.id)


async def _recording_available(mailing: _Mailing, event: RecordingPublished) -> None:
    enabled, _ = _switch(mailing, "follow_up")
    # Published again after being unpublished: its registrants heard of it already.
    if not (enabled and event.first_time):
        return
    conference = mailing.conference
    recording = await _newest_recording(mailing)
    if recording is None or recording.id != event.recording_id or not recording.published:
        return  # unpublished, deleted or replaced since: the link would not show it
    # A follow-up asked for before the publication went without the link; one
    # asked for after it carried the link, and one still to come (the webinar
    # not over yet) will: those registrants get no second mail. Both times are
    # the app's clock (`recordings.service.publish`, the worker's).
    without_link = await registrations_mailed(
        mailing.session, mailing.account, conference, "follow_up", before=event.published_at
    )
    came = await attendee_ids(mailing.session, mailing.account, conference)
    for registration, person, _ in await _registrants(mailing):
        if registration.id not in without_link:
            continue
        attended = person.id in came
        link = _recording_link(mailing, registration, attended=attended)
        if link is not None:
            facts = mailing.facts(person, attended=attended, recording_url=link)
            await mailing.send(
                "recording_available", person, facts, registration_id=registration.id
            )


def _is_over(mailing: _Mailing) -> bool:
    conference = mailing.conference
    return conference.end_at <= mailing.now or conference.status in _OVER


async def _invite_presenter(mailing: _Mailing, event: PresenterAdded) -> None:
    if _is_over(mailing):
        return
    try:
        details = await get_presenter(mailing.session, mailing.account, event.presenter_id)
    except PresenterNotFound:  # removed since
        return
    if not details.options.send_email_invite:
        return
    await _send_invitation(mailing, details)


async def invite_presenter_again(
    session: AsyncSession,
    settings: Settings,
    account: Account,
    conference: Conference,
    details: PresenterDetails,
    now: datetime,
) -> None:
    """The presenter's invitation, mailed once more because someone asked for
    it (the console's "Send the invitation again"): whatever the presenter's
    ``send_email_invite`` said; refused once the webinar is over, as the
    invitation on adding is not sent then."""
    ensure_owned(account, conference)
    if details.presenter.conference_id != conference.id:
        raise PresenterNotFound(f"presenter {details.presenter.id} not found")
    mailing = await _mailing(session, settings, account, conference, now)
    if _is_over(mailing):
        raise InvalidInput("this webinar is over: there is nothing to invite to")
    await _send_invitation(mailing, details)


async def _send_invitation(mailing: _Mailing, details: PresenterDetails) -> None:
    link = presenter_link(mailing.secret_key, mailing.address, details.presenter)
    role = "moderator" if details.presenter.is_moderator else "presenter"
    facts = mailing.facts(details.person, enter_url=link, role=role)
    await mailing.send("presenter_invitation", details.person, facts)


_MAILED = frozenset(
    kind.type
    for kind in (
        RegistrationCreated,
        RegistrationCancelled,
        ConferenceCancelled,
        ReminderDue,
        ConferenceStarted,
        ConferenceEnded,
        RecordingPublished,
        PresenterAdded,
    )
)


async def mail_for_event(session: AsyncSession, event: OutboxEvent, context: WorkerContext) -> None:
    """The reaction: the mails ``event`` asks for, if any."""
    if event.type not in _MAILED:
        return
    typed = EVENT_TYPES[event.type].model_validate(
        {**event.payload, "account_id": event.account_id}
    )
    assert isinstance(typed, ConferenceEvent | RegistrationEvent | PresenterEvent | RecordingEvent)
    account = await get_account(session, event.account_id)
    try:
        conference = await get_conference(session, account, typed.conference_id)
    except ConferenceNotFound:  # deleted since
        return
    mailing = await _mailing(session, context.settings, account, conference, context.clock.now())
    match typed:
        case RegistrationCreated():
            await _confirm(mailing, typed)
        case RegistrationCancelled():
            await _cancel(mailing, typed)
        case ConferenceCancelled():
            await _webinar_cancelled(mailing, typed)
        case ReminderDue():
            await _remind(mailing, typed)
        case ConferenceStarted():
            await _started(mailing, typed)
        case ConferenceEnded():
            await _follow_up(mailing, typed)
        case RecordingPublished():
            await _recording_available(mailing, typed)
        case PresenterAdded():
            await _invite_presenter(mailing, typed)
