"""Every query on participants and their groups, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, delete, false, func, or_, select

from webinarium.kit.repository import TenantRepository
from webinarium.models import (
    Conference,
    ParticipantGroup,
    ParticipantGroupMember,
    Person,
    Registration,
    Visit,
)
from webinarium.participants.schemas import ParticipantQuery
from webinarium.people.repository import name_or_email_contains


class ParticipantRepository(TenantRepository[ParticipantGroup]):
    """Participants are the account's people with ``participant_since`` set;
    the rows this repository owns are their groups."""

    model = ParticipantGroup

    def _conditions(self, query: ParticipantQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [
            self._of_account(Person),
            Person.participant_since.is_not(None),
        ]
        if query.search:
            conditions.append(name_or_email_contains(query.search))
        if query.status is not None:
            conditions.append(Person.participant_status == query.status)
        if query.imported is not None:
            conditions.append(Person.imported.is_(query.imported))
        if query.with_email is False:
            conditions.append(false())
        if query.group_id is not None:
            conditions.append(
                Person.id.in_(
                    select(ParticipantGroupMember.person_id).where(
                        self._of_account(ParticipantGroupMember),
                        ParticipantGroupMember.group_id == query.group_id,
                    )
                )
            )
        if query.conference_id is not None:
            conditions.append(Person.id.in_(self._registered([query.conference_id])))
        if query.conference_ids is not None:
            ids = query.conference_ids
            visited = select(Visit.person_id).where(
                self._of_account(Visit),
                Visit.conference_id.in_(ids),
                Visit.person_id.is_not(None),
            )
            involved = or_(Person.id.in_(self._registered(ids)), Person.id.in_(visited))
            conditions.append(involved if query.involved else ~involved)
        return conditions

    def _registered(self, conference_ids: Sequence[str]) -> Select[str]:
        return select(Registration.person_id).where(
            self._of_account(Registration),
            Registration.conference_id.in_(conference_ids),
            Registration.revoked_at.is_(None),
        )

    async def search(
        self, query: ParticipantQuery, offset: int, limit: int | None
    ) -> tuple[list[Person], int]:
        keys = {
            "name": (func.lower(Person.first_name), func.lower(Person.last_name), Person.email),
            "email": (Person.email,),
            "since": (Person.participant_since,),
        }[query.order_by]
        order = [key.desc() if query.descending else key.asc() for key in (*keys, Person.id)]
        statement = select(Person).where(*self._conditions(query)).order_by(*order)
        total = await self.count(statement)
        rows = await self.session.scalars(statement.offset(offset).limit(limit))
        return list(rows), total

    async def registrations(
        self, conference_id: str, person_ids: Sequence[str]
    ) -> dict[str, Registration]:
        rows = await self.session.scalars(
            select(Registration).where(
                self._of_account(Registration),
                Registration.conference_id == conference_id,
                Registration.person_id.in_(person_ids),
                Registration.revoked_at.is_(None),
            )
        )
        return {row.person_id: row for row in rows}

    async def registered_conferences(self, person_id: str) -> list[tuple[Registration, Conference]]:
        rows = await self.session.execute(
            select(Registration, Conference)
            .join(Conference, Conference.id == Registration.conference_id)
            .where(
                self._of_account(Registration, Conference),
                Registration.person_id == person_id,
                Registration.revoked_at.is_(None),
            )
            .order_by(Conference.start_at, Conference.id)
        )
        return [(registration, conference) for registration, conference in rows]

    async def leave_groups(self, person_ids: Sequence[str]) -> None:
        """Deletes the people's group memberships."""
        await self.session.execute(
            delete(ParticipantGroupMember).where(
                self._of_account(ParticipantGroupMember),
                ParticipantGroupMember.person_id.in_(person_ids),
            )
        )

    # Groups

    async def groups(self) -> list[ParticipantGroup]:
        rows = await self.session.scalars(self._select().order_by(ParticipantGroup.id))
        return list(rows)

    async def delete_group(self, group: ParticipantGroup) -> None:
        # The database cascades to the memberships.
        await self.session.execute(
            delete(ParticipantGroupMember).where(
                self._of_account(ParticipantGroupMember),
                ParticipantGroupMember.group_id == group.id,
            )
        )
        await self.session.execute(
            delete(ParticipantGroup).where(self._of_account(), ParticipantGroup.id == group.id)
        )
        self.session.expunge(group)

    async def member_ids(self, group_id: str) -> set[str]:
        rows = await self.session.scalars(
            select(ParticipantGroupMember.person_id).where(
                self._of_account(ParticipantGroupMember),
                ParticipantGroupMember.group_id == group_id,
            )
        )
        return set(rows)

    async def remove_members(self, group_id: str, person_ids: Sequence[str]) -> None:
        await self.session.execute(
            delete(ParticipantGroupMember).where(
                self._of_account(ParticipantGroupMember),
                ParticipantGroupMember.group_id == group_id,
                ParticipantGroupMember.person_id.in_(person_ids),
            )
        )

    async def groups_of_all(self, person_ids: Sequence[str]) -> list[ParticipantGroup]:
        """The groups every one of the people is in."""
        wanted = set(person_ids)
        rows = await self.session.scalars(
            select(ParticipantGroup)
            .join(ParticipantGroupMember, ParticipantGroupMember.group_id == ParticipantGroup.id)
            .where(
                self._of_account(ParticipantGroup, ParticipantGroupMember),
                ParticipantGroupMember.person_id.in_(wanted),
            )
            .group_by(ParticipantGroup.id)
            .having(func.count(func.distinct(ParticipantGroupMember.person_id)) == len(wanted))
            .order_by(ParticipantGroup.id)
        )
        return list(rows)
