"""Every query on people, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.models import Person


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
