"""Joining a webinar from its public page: the form of the landing page, which is
also MyOwnConference's join form behind ``webinarLink``. The e-mail given is who
the visitor is; the result is the registration they knock with
(`access.admission.Knock` ``registration``), so admission decides the rest.

- The form asks the webinar's login fields (``ConferenceSettings.login_fields``:
  ``name`` as first and last name; the e-mail always) and answers to its custom
  fields, checked by `registrations.answers.check_answers` (the rule the
  console's forms and CSV import use too: required ones answered, each fitting
  its type). Every problem is found at once and named by the
  form's input (`FormInvalid`), so the page shows each beside its field.
- A webinar that asks for consent (``registration_consent_text``) registers
  nobody new without it; the moment is kept on the registration.
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
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import role_of
from webinarium.access.errors import (
    ClosedWebinar,
    FieldProblem,
    FormInvalid,
    RoomClosed,
    StaffAddress,
)
from webinarium.access.service import Venue
from webinarium.conferences import lifecycle
from webinarium.conferences.schemas import ConferencePhase, LoginField, settings_of
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.time import utcnow
from webinarium.models import Account, Conference, CustomField, Person, Registration
from webinarium.people.errors import InvalidEmail, PersonNotFound
from webinarium.people.names import NAME_MAX
from webinarium.people.schemas import PersonDetails
from webinarium.people.service import find_person, normalize_email, update_person_details
from webinarium.registrations import sources
from webinarium.registrations.answers import check_answers
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
    # When the visitor ticked the webinar's consent (None: not ticked).
    consented_at: datetime | None = None


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
    *,
    to_watch_recording: bool = False,
) -> Joined:
    """The registration the visitor enters with (see the module doc); with
    ``to_watch_recording`` (the on-demand page) also once the webinar is over."""
    conference = place.conference
    over = lifecycle.phase_of(conference, utcnow()) == ConferencePhase.OVER
    if over and not to_watch_recording:
        raise RoomClosed(f"webinar {conference.title!r} has ended")
    email = form.email.strip()
    problems = _email_problems(email)
    person: Person | None = None
    if not problems:
        try:
            person = await find_person(session, account, email=email)
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
        if problems:
            raise FormInvalid(problems)
        raise ClosedWebinar(
            "this webinar is closed: only its participants may enter, "
            "with the e-mail address they were invited with"
        )
    settings = settings_of(conference)
    if person is None:
        problems |= _login_problems(form, settings.login_fields)
    answers = _answers(form, fields, problems)
    details = _details(form.details, problems)
    if settings.registration_consent_text and form.consented_at is None:
        problems["consent"] = FieldProblem("consent", "your consent is required to register")
    if problems:
        raise FormInvalid(problems)
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
                "source": sources.LANDING_PAGE,
                "consented_at": form.consented_at if settings.registration_consent_text else None,
            },
        ),
        update_existing=False,
    )
    if not known and details.model_fields_set:
        await update_person_details(session, account, registered.person, details)
    return Joined(registered.registration, registered.person, created=registered.created)


def _email_problems(email: str) -> dict[str, FieldProblem]:
    if not email:
        return {"email": FieldProblem("required", "your e-mail address is required")}
    try:
        normalize_email(email)
    except InvalidEmail as error:
        return {"email": FieldProblem("email", error.message)}
    return {}


def _login_problems(form: JoinForm, login_fields: list[LoginField]) -> dict[str, FieldProblem]:
    """A new person answers every login field the webinar asks (``name``: the
    first name); names fit the people's limit."""
    problems: dict[str, FieldProblem] = {}
    for name in login_fields:
        given = {"name": form.first_name, "email": form.email}.get(name, form.details.get(name))
        if not (given or "").strip():
            input_name = "first_name" if name == "name" else name
            problems[input_name] = FieldProblem(
                "required", f"{LOGIN_FIELD_LABELS[name]} is required"
            )
    for input_name, value in (("first_name", form.first_name), ("last_name", form.last_name)):
        if value is not None and len(value.strip()) > NAME_MAX:
            problems[input_name] = FieldProblem(
                "too_long", f"a name has at most {NAME_MAX} characters"
            )
    return problems


def _answers(
    form: JoinForm, fields: list[CustomField], problems: dict[str, FieldProblem]
) -> dict[str, str]:
    """The answers to keep (`registrations.answers.check_answers`, the rule of
    every form); what is missing or wrong goes into ``problems`` under the
    form's input name (``answer.<api name>``), its sentence naming the question."""
    checked = check_answers(fields, form.answers)
    names = {custom.api_name: custom.field_name for custom in fields}
    for api_name, problem in checked.problems.items():
        problems[f"answer.{api_name}"] = FieldProblem(
            problem.code, f"{names[api_name]}: {problem.message}"
        )
    return checked.answers


def _details(given: dict[str, str], problems: dict[str, FieldProblem]) -> PersonDetails:
    """The login details to keep (each checked as the people's details are);
    what is wrong goes into ``problems``."""
    values: dict[str, Any] = {}
    for name, text in given.items():
        if name not in DETAIL_FIELDS or not text.strip():
            continue
        value: Any = text.strip()
        if name == "born":
            try:
                value = date.fromisoformat(value)
            except ValueError:
                problems[name] = FieldProblem("date", "date of birth: write it as YYYY-MM-DD")
                continue
        try:
            validated(PersonDetails, {name: value})
        except InvalidInput as error:
            problems[name] = FieldProblem("invalid", error.message)
            continue
        values[name] = value
    return validated(PersonDetails, values)
