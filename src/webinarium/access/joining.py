"""Joining a webinar from its public page: the form of the landing page, which is
also MyOwnConference's join form behind ``webinarLink``. The e-mail given is who
the visitor is; the result is the registration they knock with
(`access.admission.Knock` ``registration``), so admission decides the rest.

- The form asks the webinar's login fields (``ConferenceSettings.login_fields``:
  ``name`` as first and last name; the e-mail always) and answers to its custom
  fields; a required custom field must be answered.
- An address of someone with a presenter's or moderator's role here is refused
  (`StaffAddress`): the staff enter by their own links, so typing an organiser's
  address never makes a moderator.
- A registration in force for the webinar is used as it is: nothing the form
  says changes it or the person (a visitor cannot rename someone by typing
  their address).
- A **closed** webinar (privacy ``private``, MyOwnConference's ``close``) lets in
  only the participants on its list, that is people registered for it
  (``attendeesAddToWebinar``, any dialect's register): any other address is
  refused (`ClosedWebinar`); nobody registers through its page.
- An open webinar registers a new address through `registrations.service.register`
  (block and allow lists apply); a person already known to the account keeps
  their names and details, a new one gets those the form gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import role_of
from webinarium.access.errors import ClosedWebinar, RoomClosed, StaffAddress
from webinarium.access.service import Venue
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferencePhase, LoginField, settings_of
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, CustomField, Person, Registration
from webinarium.people.errors import PersonNotFound
from webinarium.people.schemas import PersonDetails
from webinarium.people.service import find_person, update_person_details
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import register_at, registration_in_force

# Login fields kept in the person's details (the rest are the names and the e-mail).
DETAIL_FIELDS = ("phone", "skype", "city", "company", "department", "born")
LOGIN_FIELD_LABELS = {
    "name": "First name",
    "email": "E-mail",
    "phone": "Phone",
    "skype": "Skype",
    "city": "City",
    "company": "Company",
    "department": "Department",
    "born": "Date of birth",
}


@dataclass(frozen=True)
class JoinForm:
    """What the visitor wrote: texts as given (blank is not given)."""

    email: str
    first_name: str | None = None
    last_name: str | None = None
    details: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Joined:
    registration: Registration
    person: Person
    # A new registration (the visitor gets its personal link), not one they had.
    created: bool


def is_closed(conference: Conference) -> bool:
    """Closed (privacy ``private``): only the participants on its list enter."""
    return conference.privacy == "private"


async def join(
    session: AsyncSession,
    account: Account,
    place: Venue,
    form: JoinForm,
    fields: list[CustomField],
) -> Joined:
    """The registration the visitor enters with (see the module doc)."""
    conference = place.conference
    if lifecycle.phase_of(conference, utcnow()) == ConferencePhase.OVER:
        raise RoomClosed(f"webinar {conference.title!r} has ended")
    email = form.email.strip()
    if not email:
        raise InvalidInput("your e-mail address is required")
    try:
        person: Person | None = await find_person(session, account, email=email)
    except (PersonNotFound, InvalidInput):
        person = None
    if person is not None:
        if await role_of(session, account, conference, person) != "attendee":
            raise StaffAddress(
                "this address belongs to a presenter or moderator of this webinar: "
                "please use your personal link"
            )
        held = await registration_in_force(session, account, conference, person)
        if held is not None:
            return Joined(held, person, created=False)
    if is_closed(conference):
        raise ClosedWebinar(
            "this webinar is closed: only its participants may enter, "
            "with the e-mail address they were invited with"
        )
    if person is None:
        _ensure_login_fields(form, settings_of(conference).login_fields)
    answers = _answers(form, fields)
    details = _details(form.details)
    known = person is not None
    registered = await register_at(
        session,
        account,
        place,
        validated(
            RegistrantInput,
            {
                "email": email,
                # A known person's names are theirs, not what a visitor typed.
                "first_name": None if known else form.first_name,
                "last_name": None if known else form.last_name,
                "answers": answers,
                "source": "landing_page",
            },
        ),
        update_existing=False,
    )
    if not known and details.model_fields_set:
        await update_person_details(session, account, registered.person, details)
    return Joined(registered.registration, registered.person, created=registered.created)


def _ensure_login_fields(form: JoinForm, login_fields: list[LoginField]) -> None:
    """A new person answers every login field the webinar asks (``name``: the first name)."""
    for name in login_fields:
        given = {"name": form.first_name, "email": form.email}.get(name, form.details.get(name))
        if not (given or "").strip():
            raise InvalidInput(f"{LOGIN_FIELD_LABELS[name]} is required")


def _answers(form: JoinForm, fields: list[CustomField]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for custom in fields:
        value = form.answers.get(custom.api_name, "").strip()
        if custom.required and not value:
            raise InvalidInput(f"{custom.field_name} is required")
        if value:
            answers[custom.api_name] = value
    return answers


def _details(given: dict[str, str]) -> PersonDetails:
    values: dict[str, Any] = {
        k: v.strip() for k, v in given.items() if k in DETAIL_FIELDS and v.strip()
    }
    if "born" in values:
        try:
            values["born"] = date.fromisoformat(values["born"])
        except ValueError:
            raise InvalidInput("date of birth: write it as YYYY-MM-DD") from None
    return validated(PersonDetails, values)
