"""Every query on registrations, scoped to the caller's account.

A revoked registration (``revoked_at`` set: a removed registrant, see the
service) is kept as a record but is not a registration: every query that
answers "who is registered" leaves it out. Only `of_person(...,
include_revoked=True)` (registering again re-activates it), `get` (by id),
`by_client_code` and `of_conference` (the Boomstream client records, which show
``is_deleted``) see it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_, update

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository, dialect_insert
from webinarium.models import Conference, Person, Registration
from webinarium.people.repository import name_or_email_contains
from webinarium.registrations.schemas import RegistrationQuery

# A registration in force: not revoked.
_ACTIVE = Registration.revoked_at.is_(None)


class RegistrationRepository(TenantRepository[Registration]):
    model = Registration

    async def counts(self, conference_ids: Sequence[str]) -> dict[str, int]:
        """How many registrations in force each conference has, in one query."""
        rows = await self.session.execute(
            select(Registration.conference_id, func.count())
            .where(
                Registration.conference_id.in_(conference_ids),
                self._of_account(),
                _ACTIVE,
            )
            .group_by(Registration.conference_id)
        )
        return dict(rows.all())

    async def lock_conference(self, conference_id: str) -> None:
        """Holds the conference's row until the transaction ends (PostgreSQL's
        FOR UPDATE; SQLite has one writer), so two registrations counting its
        seats count one after the other."""
        await self.session.execute(
            select(Conference.id)
            .where(self._of_account(Conference), Conference.id == conference_id)
            .with_for_update()
        )

    async def revoke_all_of(self, person_ids: Sequence[str], at: datetime) -> list[Registration]:
        """Revokes the people's registrations in force and returns them; revoked
        ones keep their time."""
        rows = await self.session.scalars(
            update(Registration)
            .where(self._of_account(), Registration.person_id.in_(person_ids), _ACTIVE)
            .values(revoked_at=at)
            .returning(Registration)
            .execution_options(synchronize_session="fetch")
        )
        return list(rows)

    async def add_unless_held(self, values: dict[str, Any]) -> Registration | None:
        """Inserts the registration, in one statement, unless the person holds a
        record for the conference already (revoked or not): then None."""
        registration: Registration | None = await self.session.scalar(
            dialect_insert(self.session, Registration)
            .values(account_id=self.account_id, **values)
            .on_conflict_do_nothing(
                index_elements=[Registration.conference_id, Registration.person_id]
            )
            .returning(Registration)
        )
        return registration

    async def of_person(
        self, conference_id: str, person_id: str, *, include_revoked: bool = False
    ) -> Registration | None:
        statement = self._select().where(
            Registration.conference_id == conference_id,
            Registration.person_id == person_id,
        )
        if not include_revoked:
            statement = statement.where(_ACTIVE)
        return await self.session.scalar(statement)

    async def any_of(self, conference_ids: Sequence[str], person_id: str) -> Registration | None:
        return await self.session.scalar(
            self._select().where(
                Registration.conference_id.in_(conference_ids),
                Registration.person_id == person_id,
                _ACTIVE,
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

    async def with_person(self, registration_id: str) -> tuple[Registration, Person] | None:
        """Revoked or not."""
        row = (
            await self.session.execute(self._joined().where(Registration.id == registration_id))
        ).first()
        return None if row is None else (row[0], row[1])

    async def check_in(self, registration_id: str, at: datetime, by: str) -> bool:
        """Checks the registration in, in one statement, unless it is checked in
        already or revoked: so two scanners at once set the time once."""
        checked: str | None = await self.session.scalar(
            update(Registration)
            .where(
                self._of_account(),
                Registration.id == registration_id,
                Registration.checked_in_at.is_(None),
                _ACTIVE,
            )
            .values(checked_in_at=at, checked_in_by=by)
            .returning(Registration.id)
            .execution_options(synchronize_session="fetch")
        )
        return checked is not None

    async def checked_in(
        self, conference_id: str, after: Registration | None, limit: int
    ) -> list[tuple[Registration, Person]]:
        """The conference's checked-in registrations in force, in check-in order,
        from the one after ``after``."""
        statement = self._joined().where(
            Registration.conference_id == conference_id,
            Registration.checked_in_at.is_not(None),
            _ACTIVE,
        )
        if after is not None:
            statement = statement.where(
                tuple_(Registration.checked_in_at, Registration.id)
                > tuple_(after.checked_in_at, after.id)
            )
        rows = await self.session.execute(
            statement.order_by(Registration.checked_in_at, Registration.id).limit(limit)
        )
        return [(registration, person) for registration, person in rows]

    async def checked_in_count(self, conference_id: str) -> int:
        return await self.count(
            select(Registration.id).where(
                self._of_account(),
                Registration.conference_id == conference_id,
                Registration.checked_in_at.is_not(None),
                _ACTIVE,
            )
        )

    def _joined(self) -> Select[Registration, Person]:
        return (
            select(Registration, Person)
            .join(Person, Person.id == Registration.person_id)
            .where(self._of_account())
        )

    async def search(
        self, conference_id: str, query: RegistrationQuery, page: PageRequest
    ) -> tuple[list[tuple[Registration, Person]], int]:
        statement = (
            self._joined()
            .where(Registration.conference_id == conference_id, _ACTIVE, *self._conditions(query))
            .order_by(Registration.registered_at, Registration.id)
        )
        return await self.paginate_rows(statement, page)

    async def search_channel(
        self, channel_id: str, query: RegistrationQuery, page: PageRequest
    ) -> tuple[list[tuple[Registration, Person, Conference]], int]:
        """Registrations for every conference of one channel."""
        statement = (
            select(Registration, Person, Conference)
            .join(Person, Person.id == Registration.person_id)
            .join(Conference, Conference.id == Registration.conference_id)
            .where(
                self._of_account(Registration, Conference),
                Conference.channel_id == channel_id,
                _ACTIVE,
                *self._conditions(query),
            )
            .order_by(Registration.registered_at, Registration.id)
        )
        return await self.paginate_rows(statement, page)

    async def conference_ids_of(
        self, person_id: str, channel_id: str, page: PageRequest
    ) -> tuple[list[str], int]:
        """The conferences of a channel the person registered for, by start."""
        statement = (
            select(Conference.id)
            .join(Registration, Registration.conference_id == Conference.id)
            .where(
                self._of_account(Registration, Conference),
                Registration.person_id == person_id,
                _ACTIVE,
                Conference.channel_id == channel_id,
            )
            .order_by(Conference.start_at, Conference.id)
        )
        return await self.paginate(statement, page)

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
        if query.search is not None and query.search.strip():
            conditions.append(name_or_email_contains(query.search))
        return conditions
