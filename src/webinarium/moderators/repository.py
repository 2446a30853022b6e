"""Every query on moderators, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import Select, select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Conference, Moderator, Person, Presenter
from webinarium.people.repository import name_or_email_contains


class ModeratorRepository(TenantRepository[Moderator]):
    model = Moderator

    def _joined(self) -> Select[Moderator, Person]:
        return (
            select(Moderator, Person)
            .join(Person, Person.id == Moderator.person_id)
            .where(self._of_account(Moderator, Person))
        )

    async def ensure(self, person_id: str) -> None:
        """Makes the person a moderator of the account, if they are not one yet."""
        if await self.of_person(person_id) is None:
            await self.add(Moderator(account_id=self.account_id, person_id=person_id))

    async def of_person(self, person_id: str) -> Moderator | None:
        return await self.session.scalar(self._select().where(Moderator.person_id == person_id))

    async def search(
        self, search: str | None, conference_id: str | None
    ) -> list[tuple[Moderator, Person]]:
        """Moderators whose name or e-mail contains ``search`` (any letter case),
        only those attached to ``conference_id`` when given; in the order made."""
        statement = self._joined()
        if search:
            statement = statement.where(name_or_email_contains(search))
        if conference_id is not None:
            statement = statement.where(
                select(Presenter.id)
                .where(
                    self._of_account(Presenter),
                    Presenter.conference_id == conference_id,
                    Presenter.person_id == Moderator.person_id,
                    Presenter.is_moderator.is_(True),
                )
                .exists()
            )
        rows = await self.session.execute(statement.order_by(Moderator.created_at, Moderator.id))
        return [(moderator, person) for moderator, person in rows]

    async def rooms(self, person_id: str) -> list[tuple[Conference, Presenter]]:
        """The conferences where the person presents with moderator rights, by start."""
        rows = await self.session.execute(
            select(Conference, Presenter)
            .join(Presenter, Presenter.conference_id == Conference.id)
            .where(
                self._of_account(Conference, Presenter),
                Presenter.person_id == person_id,
                Presenter.is_moderator.is_(True),
            )
            .order_by(Conference.start_at, Conference.id)
        )
        return [(conference, presenter) for conference, presenter in rows]
