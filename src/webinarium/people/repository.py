"""Every query on people, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

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


class PersonRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(self, person: Person) -> None:
        self.session.add(person)
        await self.session.flush()

    async def by_email(self, email: str) -> Person | None:
        return await self.session.scalar(
            select(Person).where(Person.account_id == self.account_id, Person.email == email)
        )

    async def by_id(self, person_id: str) -> Person | None:
        return await self.session.scalar(
            select(Person).where(Person.account_id == self.account_id, Person.id == person_id)
        )

    async def by_ids(self, person_ids: list[str]) -> list[Person]:
        if not person_ids:
            return []
        rows = await self.session.scalars(
            select(Person).where(Person.account_id == self.account_id, Person.id.in_(person_ids))
        )
        return list(rows)

    async def delete(self, person: Person) -> None:
        """Deletes the person; the database cascades to every row that points at
        them (registrations, subscriptions, channel-admin and presenter roles,
        poll votes)."""
        await self.session.execute(
            delete(Person).where(Person.account_id == self.account_id, Person.id == person.id)
        )
        self.session.expunge(person)
