"""Every query on channel admins, scoped to the caller's account."""

from __future__ import annotations

from sqlalchemy import Select, select

from webinarium.channel_admins.schemas import ChannelAdminDetails
from webinarium.kit.repository import TenantRepository
from webinarium.models import ChannelAdmin, Person


class ChannelAdminRepository(TenantRepository[ChannelAdmin]):
    model = ChannelAdmin

    def _joined(self) -> Select[ChannelAdmin, Person]:
        return (
            select(ChannelAdmin, Person)
            .join(Person, Person.id == ChannelAdmin.person_id)
            .where(self._of_account(ChannelAdmin, Person))
        )

    async def details(self, admin_id: str) -> ChannelAdminDetails | None:
        row = (
            await self.session.execute(self._joined().where(ChannelAdmin.id == admin_id))
        ).first()
        return None if row is None else ChannelAdminDetails(admin=row[0], person=row[1])

    async def exists(self, channel_id: str, person_id: str) -> bool:
        found = await self.session.scalar(
            select(ChannelAdmin.id).where(
                self._of_account(),
                ChannelAdmin.channel_id == channel_id,
                ChannelAdmin.person_id == person_id,
            )
        )
        return found is not None

    async def active(self, channel_id: str, person_id: str) -> bool:
        found = await self.session.scalar(
            select(ChannelAdmin.id).where(
                self._of_account(),
                ChannelAdmin.channel_id == channel_id,
                ChannelAdmin.person_id == person_id,
                ChannelAdmin.status == "active",
            )
        )
        return found is not None

    async def listed(self, channel_id: str | None) -> list[ChannelAdminDetails]:
        """The admins of one channel, or of every channel of the account, oldest first."""
        statement = self._joined()
        if channel_id is not None:
            statement = statement.where(ChannelAdmin.channel_id == channel_id)
        rows = await self.session.execute(
            statement.order_by(ChannelAdmin.created_at, ChannelAdmin.id)
        )
        return [ChannelAdminDetails(admin, person) for admin, person in rows]
