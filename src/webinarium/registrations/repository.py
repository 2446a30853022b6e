"""Every query on registrations, scoped to the caller's account.

A revoked registration (``revoked_at`` set: a removed registrant, see the
service) is kept as a record but is not a registration: every query that answers "who is
registered" leaves it out. Only `get(..., include_revoked=True)` (registering
again re-activates it), `by_id`, `by_client_code` and `of_conference` (the
Boomstream client records, which show ``is_deleted``) see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.pagination import PageRequest
from webinarium.models import Conference, Person, Registration
from webinarium.registrations.schemas import RegistrationQuery

# A registration in force: not revoked.
_ACTIVE = Registration.revoked_at.is_(None)


class RegistrationRepository:
    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    async def add(self, registration: Registration) -> None:
        self.session.add(registration)
        await self.session.flush()

    async def revoke_all_of(self, person_ids: Sequence[str], at: datetime) -> list[Registration]:
        """Revokes the people's registrations in force and returns them; revoked
        ones keep their time."""
        rows = await self.session.scalars(
            update(Registration)
            .where(
                Registration.account_id == self.account_id,
                Registration.person_id.in_(person_ids),
                _ACTIVE,
            )
            .values(revoked_at=at)
            .returning(Registration)
            .execution_options(synchronize_session="fetch")
        )
        return list(rows)

    async def get(
        self, conference_id: str, person_id: str, *, include_revoked: bool = False
    ) -> Registration | None:
        statement = select(Registration).where(
            Registration.account_id == self.account_id,
            Registration.conference_id == conference_id,
            Registration.person_id == person_id,
        )
        if not include_revoked:
            statement = statement.where(_ACTIVE)
        return await self.session.scalar(statement)

    async def any_of(self, conference_ids: Sequence[str], person_id: str) -> Registration | None:
        return await self.session.scalar(
            select(Registration).where(
                Registration.account_id == self.account_id,
                Registration.conference_id.in_(conference_ids),
                Registration.person_id == person_id,
                _ACTIVE,
            )
        )

    async def by_id(self, registration_id: str) -> Registration | None:
        """Revoked or not."""
        return await self.session.scalar(
            select(Registration).where(
                Registration.account_id == self.account_id, Registration.id == registration_id
            )
        )

    async def by_client_code(self, code: str) -> tuple[Registration, Person] | None:
        """Revoked or not."""
        row = (
            await self.session.execute(self._joined().where(Registration.client_code == code))
        ).first()
        return None if row is None else (row[0], row[1])

    async def of_conference(self, conference_id: str) -> list[tuple[Registration, Person]]:
        """Every registration record of the conference, revoked ones included, oldest first."""
        rows = await self.session.execute(
            self._joined()
            .where(Registration.conference_id == conference_id)
            .order_by(Registration.registered_at, Registration.id)
        )
        return [(registration, person) for registration, person in rows]

    def _joined(self) -> Select[Registration, Person]:
        return (
            select(Registration, Person)
            .join(Person, Person.id == Registration.person_id)
            .where(Registration.account_id == self.account_id)
        )

    async def search(
        self, conference_id: str, query: RegistrationQuery, page: PageRequest
    ) -> tuple[list[tuple[Registration, Person]], int]:
        conditions = [
            Registration.conference_id == conference_id,
            _ACTIVE,
            *self._conditions(query),
        ]
        total = await self.session.scalar(
            select(func.count())
            .select_from(Registration)
            .join(Person, Person.id == Registration.person_id)
            .where(Registration.account_id == self.account_id, *conditions)
        )
        rows = await self.session.execute(
            self._joined()
            .where(*conditions)
            .order_by(Registration.registered_at, Registration.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return [(registration, person) for registration, person in rows], total or 0

    async def search_channel(
        self, channel_id: str, query: RegistrationQuery, page: PageRequest
    ) -> tuple[list[tuple[Registration, Person, Conference]], int]:
        """Registrations for every conference of one channel."""
        conditions = [
            Registration.account_id == self.account_id,
            Conference.account_id == self.account_id,
            Conference.channel_id == channel_id,
            _ACTIVE,
            *self._conditions(query),
        ]
        joined = (
            select(Registration, Person, Conference)
            .join(Person, Person.id == Registration.person_id)
            .join(Conference, Conference.id == Registration.conference_id)
        )
        total = await self.session.scalar(
            select(func.count())
            .select_from(Registration)
            .join(Person, Person.id == Registration.person_id)
            .join(Conference, Conference.id == Registration.conference_id)
            .where(*conditions)
        )
        rows = await self.session.execute(
            joined.where(*conditions)
            .order_by(Registration.registered_at, Registration.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return [(r, p, c) for r, p, c in rows], total or 0

    async def conference_ids_of(
        self, person_id: str, channel_id: str, page: PageRequest
    ) -> tuple[list[str], int]:
        """The conferences of a channel the person registered for, by start."""
        conditions = (
            Registration.account_id == self.account_id,
            Registration.person_id == person_id,
            _ACTIVE,
            Conference.account_id == self.account_id,
            Conference.channel_id == channel_id,
        )
        total = await self.session.scalar(
            select(func.count())
            .select_from(Registration)
            .join(Conference, Conference.id == Registration.conference_id)
            .where(*conditions)
        )
        rows = await self.session.scalars(
            select(Conference.id)
            .join(Registration, Registration.conference_id == Conference.id)
            .where(*conditions)
            .order_by(Conference.start_at, Conference.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return list(rows), total or 0

    @staticmethod
    def _conditions(query: RegistrationQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.registered_from is not None:
            conditions.append(Registration.registered_at >= query.registered_from)
        if query.registered_until is not None:
            conditions.append(Registration.registered_at <= query.registered_until)
        if query.checked_in_only:
            conditions.append(Registration.checked_in_at.is_not(None))
        if query.checked_in_from is not None:
            conditions.append(Registration.checked_in_at >= query.checked_in_from)
        if query.checked_in_until is not None:
            conditions.append(Registration.checked_in_at <= query.checked_in_until)
        if query.email is not None:
            conditions.append(Person.email == query.email)
        if query.person_id is not None:
            conditions.append(Person.id == query.person_id)
        return conditions
