"""Every query on people, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_

from webinarium.kit.repository import TenantRepository
from webinarium.models import Person


def name_or_email_contains(text: str) -> ColumnElement[bool]:
    """People whose e-mail or full name (first and last name joined by a space,
    as `people.names.full_name` shows it) contains ``text``, in any letter case:
    the one search of people by name, for every list that offers it."""
    needle = text.strip().lower()
    return or_(
        func.lower(Person.email).contains(needle, autoescape=True),
        func.lower(Person.first_name + " " + Person.last_name).contains(needle, autoescape=True),
    )


class PersonRepository(TenantRepository[Person]):
    model = Person
    # Deleting a person deletes every row that points at them (registrations,
    # subscriptions, channel-admin and presenter roles, poll votes).
    cascades_in_database = True

    async def by_email(self, email: str) -> Person | None:
        return await self.session.scalar(self._select().where(Person.email == email))

    async def by_ids(self, person_ids: list[str]) -> list[Person]:
        if not person_ids:
            return []
        rows = await self.session.scalars(self._select().where(Person.id.in_(person_ids)))
        return list(rows)
