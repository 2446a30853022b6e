"""The organiser adds a registrant by hand (the console's form) or by the rows
of a file (`registrations.csv_import`): what they typed is checked field by
field first — the e-mail, the names, the answers (`registrations.answers`),
the block and allow lists — so a refusal names the field and nothing is
written; then the person is registered as the API registers them
(`registrations.service.register_at`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.errors import RegistrationBlocked
from webinarium.access.service import Venue, ensure_may_register
from webinarium.kit.errors import InvalidInput, validated
from webinarium.models import Account, CustomField
from webinarium.people.errors import PersonNotFound
from webinarium.people.names import NAME_MAX
from webinarium.people.service import find_person, normalize_email
from webinarium.registrations import sources
from webinarium.registrations.answers import check_answers
from webinarium.registrations.schemas import RegistrantInput
from webinarium.registrations.service import Registered, register_at, registration_in_force


@dataclass(frozen=True)
class TypedRegistrant:
    """What the organiser typed: texts as given; answers by the question's api name."""

    email: str
    first_name: str = ""
    last_name: str = ""
    answers: dict[str, str] = field(default_factory=dict)


class RegistrantRefused(InvalidInput):
    """What the organiser typed cannot be registered; ``errors`` says why per
    field (``email``, ``first_name``, ``last_name``, or a question's api name)."""

    code = "registrant_refused"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Checked:
    email: str
    answers: dict[str, str]


async def check_registrant(
    session: AsyncSession,
    account: Account,
    venue: Venue,
    fields: Sequence[CustomField],
    typed: TypedRegistrant,
) -> Checked:
    """The registrant as they will be registered, or `RegistrantRefused`. Writes nothing."""
    errors: dict[str, str] = {}
    email = ""
    try:
        email = normalize_email(typed.email)
    except InvalidInput:
        errors["email"] = (
            "the e-mail address is required"
            if not typed.email.strip()
            else "not a valid e-mail address"
        )
    for name, value in (("first_name", typed.first_name), ("last_name", typed.last_name)):
        if len(value.strip()) > NAME_MAX:
            errors[name] = f"at most {NAME_MAX} characters"
    checked = check_answers(fields, typed.answers)
    errors |= checked.errors
    if email and "email" not in errors:
        try:
            await ensure_may_register(session, account, venue, email)
        except RegistrationBlocked:
            errors["email"] = "this address may not register: the block or allow list keeps it out"
    if errors:
        raise RegistrantRefused(errors)
    return Checked(email, checked.answers)


async def register_checked(
    session: AsyncSession,
    account: Account,
    venue: Venue,
    typed: TypedRegistrant,
    checked: Checked,
    *,
    source: str,
    send_confirmation: bool = True,
) -> Registered:
    return await register_at(
        session,
        account,
        venue,
        validated(
            RegistrantInput,
            {
                "email": checked.email,
                "first_name": typed.first_name.strip() or None,
                "last_name": typed.last_name.strip() or None,
                "answers": checked.answers,
                "source": source,
                "send_confirmation": send_confirmation,
            },
        ),
        update_existing=False,
    )


async def add_registrant(
    session: AsyncSession,
    account: Account,
    venue: Venue,
    fields: Sequence[CustomField],
    typed: TypedRegistrant,
) -> Registered:
    """Registers what the organiser typed in the console's form; someone
    registered already is refused (next to the e-mail), not changed."""
    checked = await check_registrant(session, account, venue, fields, typed)
    try:
        person = await find_person(session, account, email=checked.email)
    except PersonNotFound:
        pass
    else:
        if await registration_in_force(session, account, venue.conference, person) is not None:
            raise RegistrantRefused({"email": "this address is registered already"})
    return await register_checked(session, account, venue, typed, checked, source=sources.CONSOLE)
