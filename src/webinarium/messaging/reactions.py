"""The mails that follow domain events (a reaction, `worker.wiring.REACTIONS`):

- registration.created → the registration confirmation with the personal
  enter link and an .ics (switch: ``enable_registration_email``), unless the
  registration's invitation was mailed (it carries the link);
- registration.cancelled → the cancellation of the registration, and
  conference.cancelled → the cancellation of the webinar to its registrants
  in force (both: ``send_cancellation_email``);
- conference.reminder_due → that reminder, with the organiser's letter text,
  to the registrants in force and, with ``send_reminder_emails_to_presenters``,
  the presenters (with their presenter link); none once the webinar started;
- conference.started → the STARTED letter to the registrants in force;
- conference.ended → the follow-up, attended or missed, with the recording
  link once one exists;
- presenter.added → the presenter's (or moderator's) invitation with their
  presenter link (switch: the presenter's ``send_email_invite``, which
  MyOwnConference's ``sendInvite`` sets), unless the webinar is over or
  cancelled.

Every attendee mail also needs the switch for all of them
(``send_attendee_emails``, MyOwnConference's webinarsEmailsOff): the switches
are read through `conferences.room.attendee_emails`, as webinarsGetLettersInfo
reads them. A reaction only writes mail rows and their jobs.
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
    RegistrationCancelled,
    RegistrationCreated,
    RegistrationEvent,
    ReminderDue,
)
from webinarium.messaging.compose import (
    Language,
    MailKind,
    calendar_file,
    letter_facts,
    mail_language,
)
from webinarium.messaging.service import Letter, invitation_mailed, queue_mail
from webinarium.models import Account, Conference, OutboxEvent, Person
from webinarium.people.errors import PersonNotFound
from webinarium.people.service import find_person
from webinarium.presenters.errors import PresenterNotFound
from webinarium.presenters.service import get_presenter, presenter_link, presenters_of
from webinarium.recordings.service import list_recordings
from webinarium.registrations.errors import RegistrationNotFound
from webinarium.registrations.service import enter_link, get_registration, registration_records
from webinarium.reports.attendance import attendee_ids
from webinarium.worker.jobs import WorkerContext

# Statuses in which a webinar is still to come: a reminder is sent only then.
_NOT_STARTED = frozenset({ConferenceStatus.SCHEDULED, ConferenceStatus.OPEN})
_OVER = frozenset({ConferenceStatus.ENDED, ConferenceStatus.CANCELLED})


@dataclass(frozen=True)
class _Mailing:
    """What every mail of one event shares."""

    session: AsyncSession
    context: WorkerContext
    account: Account
    conference: Conference
    address: str
    language: Language
    now: datetime

    @property
    def secret_key(self) -> str:
        return self.context.settings.secret_key

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
        await queue_mail(self.session, self.account, self.context.settings, letter, self.now)


async def _mailing(
    session: AsyncSession, context: WorkerContext, account_id: str, conference_id: str
) -> _Mailing | None:
    account = await get_account(session, account_id)
    try:
        conference = await get_conference(session, account, conference_id)
    except ConferenceNotFound:  # deleted since
        return None
    return _Mailing(
        session=session,
        context=context,
        account=account,
        conference=conference,
        address=await address_of(session, account, context.settings.base_url, conference),
        language=mail_language(settings_of(conference).display_language),
        now=context.clock.now(),
    )


def _switch(mailing: _Mailing, kind: AttendeeEmailKind) -> tuple[bool, str]:
    """Whether attendees get this kind of mail, and the organiser's text for it."""
    (state,) = [s for s in attendee_emails(mailing.account, mailing.conference) if s.kind == kind]
    return state.enabled, state.text


async def _registrants(mailing: _Mailing) -> list[tuple[str, Person, str]]:
    """(registration id, person, enter link) of each registration in force."""
    _, records = await registration_records(mailing.session, mailing.account, mailing.conference.id)
    return [
        (registration.id, person, enter_link(mailing.secret_key, mailing.address, registration))
        for registration, person in records
        if registration.revoked_at is None
    ]


async def _confirm(mailing: _Mailing, event: RegistrationCreated) -> None:
    enabled, text = _switch(mailing, "registration_confirmation")
    if not enabled or mailing.conference.end_at <= mailing.now:
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
    if await invitation_mailed(mailing.session, mailing.account, registration):
        return  # one mail for one invitation
    link = enter_link(mailing.secret_key, mailing.address, registration)
    host = urlsplit(mailing.context.settings.base_url).hostname or "localhost"
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
    for registration_id, person, _ in await _registrants(mailing):
        facts = mailing.facts(person, webinar_cancelled=True)
        await mailing.send("cancellation", person, facts, registration_id=registration_id)


async def _remind(mailing: _Mailing, event: ReminderDue) -> None:
    enabled, text = _switch(mailing, event.reminder)
    conference = mailing.conference
    if not enabled or conference.status not in _NOT_STARTED or conference.start_at <= mailing.now:
        return
    presenters = []
    if settings_of(conference).send_reminder_emails_to_presenters:
        presenters = await presenters_of(mailing.session, mailing.account, conference)
    presenting = {p.person.id for p in presenters}
    for registration_id, person, link in await _registrants(mailing):
        if person.id not in presenting:
            facts = mailing.facts(person, text, enter_url=link)
            await mailing.send(event.reminder, person, facts, registration_id=registration_id)
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
    for registration_id, person, link in await _registrants(mailing):
        facts = mailing.facts(person, text, enter_url=link)
        await mailing.send("started", person, facts, registration_id=registration_id)


async def _follow_up(mailing: _Mailing, event: ConferenceEnded) -> None:
    enabled, text = _switch(mailing, "follow_up")
    if not enabled:
        return
    came = await attendee_ids(mailing.session, mailing.account, mailing.conference)
    recordings = await list_recordings(mailing.session, mailing.account, mailing.conference)
    recording_url = next((r.file_url for r in reversed(recordings) if r.file_url), None)
    for registration_id, person, _ in await _registrants(mailing):
        facts = mailing.facts(person, text, attended=person.id in came, recording_url=recording_url)
        await mailing.send("follow_up", person, facts, registration_id=registration_id)


async def _invite_presenter(mailing: _Mailing, event: PresenterAdded) -> None:
    conference = mailing.conference
    if conference.end_at <= mailing.now or conference.status in _OVER:
        return
    try:
        details = await get_presenter(mailing.session, mailing.account, event.presenter_id)
    except PresenterNotFound:  # removed since
        return
    if not details.options.send_email_invite:
        return
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
    assert isinstance(typed, ConferenceEvent | RegistrationEvent | PresenterEvent)
    mailing = await _mailing(session, context, event.account_id, typed.conference_id)
    if mailing is None:
        return
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
        case PresenterAdded():
            await _invite_presenter(mailing, typed)
