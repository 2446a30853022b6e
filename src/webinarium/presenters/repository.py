"""Every query on presenters, scoped to the caller's account."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, select

from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import Conference, Person, Presenter
from webinarium.presenters.schemas import PresenterDetails


class PresenterRepository(TenantRepository[Presenter]):
    model = Presenter

    def _joined(self) -> Select[Presenter, Person]:
        return (
            select(Presenter, Person)
            .join(Person, Person.id == Presenter.person_id)
            .where(self._of_account(Presenter, Person))
        )

    async def details(self, presenter_id: str) -> PresenterDetails | None:
        row = (
            await self.session.execute(self._joined().where(Presenter.id == presenter_id))
        ).first()
        return None if row is None else PresenterDetails(presenter=row[0], person=row[1])

    async def exists(self, conference_id: str, person_id: str) -> bool:
        found = await self.session.scalar(
            select(Presenter.id).where(
                self._of_account(),
                Presenter.conference_id == conference_id,
                Presenter.person_id == person_id,
            )
        )
        return found is not None

    async def of_conferences(
        self, conference_ids: Sequence[str]
    ) -> dict[str, list[PresenterDetails]]:
        """The presenters of many conferences in one query, in the order they were added."""
        if not conference_ids:
            return {}
        rows = await self.session.execute(
            self._joined()
            .where(Presenter.conference_id.in_(list(conference_ids)))
            .order_by(Presenter.created_at, Presenter.id)
        )
        grouped: dict[str, list[PresenterDetails]] = defaultdict(list)
        for presenter, person in rows:
            grouped[presenter.conference_id].append(PresenterDetails(presenter, person))
        return dict(grouped)

    async def conferences_of(
        self, person_id: str, channel_id: str | None, page: PageRequest
    ) -> list[Conference]:
        """The conferences the person presents at, by start time."""
        statement = (
            select(Conference)
            .join(Presenter, Presenter.conference_id == Conference.id)
            .where(self._of_account(Conference, Presenter), Presenter.person_id == person_id)
        )
        if channel_id is not None:
            statement = statement.where(Conference.channel_id == channel_id)
        rows = await self.session.scalars(
            statement.order_by(Conference.start_at, Conference.id)
            .offset(page.offset)
            .limit(page.per_page)
        )
        return list(rows)
