"""Every query on handouts, pre-loaded files and offers, scoped to the caller's account."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from webinarium.kit.repository import TenantRepository
from webinarium.models import Conference, ConferenceFile, Handout, Offer, OfferShow, OfferView


class ContentRepository(TenantRepository[Handout]):
    model = Handout

    async def delete(self, row: Handout | ConferenceFile) -> None:
        await self.session.delete(row)
        await self.session.flush()

    async def conference(self, conference_id: str) -> Conference | None:
        return await self.session.scalar(
            select(Conference).where(self._of_account(Conference), Conference.id == conference_id)
        )

    async def handouts(self, conference_id: str) -> list[Handout]:
        rows = await self.session.scalars(
            self._select().where(Handout.conference_id == conference_id).order_by(Handout.id)
        )
        return list(rows)

    async def file(self, conference_id: str, file_id: str) -> ConferenceFile | None:
        return await self.session.scalar(
            select(ConferenceFile).where(
                self._of_account(ConferenceFile),
                ConferenceFile.conference_id == conference_id,
                ConferenceFile.id == file_id,
            )
        )

    async def files(self, conference_id: str) -> list[ConferenceFile]:
        rows = await self.session.scalars(
            select(ConferenceFile)
            .where(
                self._of_account(ConferenceFile),
                ConferenceFile.conference_id == conference_id,
            )
            .order_by(ConferenceFile.id)
        )
        return list(rows)

    async def files_storing(self, stored_file_id: str) -> list[ConferenceFile]:
        rows = await self.session.scalars(
            select(ConferenceFile)
            .where(
                self._of_account(ConferenceFile),
                ConferenceFile.stored_file_id == stored_file_id,
            )
            .order_by(ConferenceFile.id)
        )
        return list(rows)

    async def files_of(self, conference_ids: Sequence[str]) -> dict[str, list[ConferenceFile]]:
        """The pre-loaded files of many conferences, in one query. The account
        is the conferences' (a file is its conference's): read from the
        conferences by id, the files come by their conference index, where a
        condition on the files' own account would read all its files."""
        rows = await self.session.scalars(
            select(ConferenceFile)
            .join(Conference, Conference.id == ConferenceFile.conference_id)
            .where(self._of_account(Conference), Conference.id.in_(conference_ids))
            .order_by(ConferenceFile.id)
        )
        grouped: dict[str, list[ConferenceFile]] = {}
        for row in rows:
            grouped.setdefault(row.conference_id, []).append(row)
        return grouped


class OfferRepository(TenantRepository[Offer]):
    model = Offer

    async def offers(self, conference_id: str) -> list[Offer]:
        """The conference's offers, oldest first; deleted ones left out."""
        rows = await self.session.scalars(
            self._select()
            .where(Offer.conference_id == conference_id, Offer.deleted_at.is_(None))
            .order_by(Offer.id)
        )
        return list(rows)

    async def shown(self, conference_id: str) -> tuple[OfferShow, Offer] | None:
        """The show going on in the room now, and its offer."""
        row = (
            await self.session.execute(
                select(OfferShow, Offer)
                .join(Offer, Offer.id == OfferShow.offer_id)
                .where(
                    self._of_account(OfferShow, Offer),
                    OfferShow.conference_id == conference_id,
                    OfferShow.hidden_at.is_(None),
                )
                .order_by(OfferShow.id.desc())
                .limit(1)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def viewed(self, show_id: str, member_id: str) -> bool:
        found = await self.session.scalar(
            select(OfferView.id).where(
                self._of_account(OfferView),
                OfferView.show_id == show_id,
                OfferView.member_id == member_id,
            )
        )
        return found is not None
