"""Every query on people, scoped to the caller's account."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, or_

from webinarium.kit.repository import TenantRepository, dialect_insert
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

    async def add_unless_known(self, values: dict[str, Any]) -> Person | None:
        """Inserts the person, in one statement, unless the account knows their
        e-mail already: then None. Where another transaction is inserting the
        same address, PostgreSQL waits for it to end, so the caller then finds
        its row instead of failing on the unique constraint."""
        person: Person | None = await self.session.scalar(
            dialect_insert(self.session, Person)
            .values(account_id=self.account_id, **values)
            .on_conflict_do_nothing(index_elements=[Person.account_id, Person.email])
            .returning(Person)
        )
        return person

    async def by_ids(self, person_ids: list[str]) -> list[Person]:
        if not person_ids:
            return []
        rows = await self.session.scalars(self._select().where(Person.id.in_(person_ids)))
        return list(rows)
