"""Every query on conferences, their tags and custom fields.

Each statement starts from the caller's account: a row of another account is
never loaded, so it cannot leak through a later bug in a service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, delete, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from webinarium.conferences.lifecycle import phase_condition
from webinarium.conferences.schemas import ConferenceKind, ConferenceQuery, Tag
from webinarium.kit.counters import CONFERENCES, take_numbers
from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import (
    Channel,
    Conference,
    ConferenceTag,
    CustomField,
    Presenter,
    Registration,
)

# Columns of conferences a long listing shows: it reads them as rows (Core),
# without building an ORM object per conference, six times the cost.
Columns = Sequence[InstrumentedAttribute[Any]]


async def conference_at_address(
    session: AsyncSession, channel_url: str, sub_url: str
) -> Conference | None:
    """The conference whose public page is ``/<channel_url>/<sub_url>``: the
    one lookup not scoped to an account, as the address is public and channel
    URLs are unique on the server."""
    return await session.scalar(
        select(Conference)
        .join(Channel, Channel.id == Conference.channel_id)
        .where(Channel.url == channel_url, Conference.sub_url == sub_url)
    )


class ConferenceRepository(TenantRepository[Conference]):
    model = Conference
    # Deleting a conference deletes its children, tags, custom fields and content.
    cascades_in_database = True

    async def add(self, *rows: object) -> None:
        new = [r for r in rows if isinstance(r, Conference)]
        new = [conference for conference in new if conference.number is None]
        if new:
            # Numbers count the account's conferences (1, 2, …), never given twice.
            last = await take_numbers(self.session, self.account_id, CONFERENCES, len(new))
            for number, conference in enumerate(new, start=last - len(new) + 1):
                conference.number = number
        await super().add(*rows)

    async def get(
        self, conference_id: str, kinds: Iterable[ConferenceKind] | None = None
    ) -> Conference | None:
        statement = self._select().where(Conference.id == conference_id)
        if kinds is not None:
            statement = statement.where(Conference.kind.in_(list(kinds)))
        return await self.session.scalar(statement)

    async def by_alias(self, alias: str) -> Conference | None:
        return await self.session.scalar(self._select().where(Conference.alias == alias))

    async def by_aliases(self, aliases: Iterable[str]) -> list[Conference]:
        return list(
            await self.session.scalars(self._select().where(Conference.alias.in_(list(aliases))))
        )

    async def by_code(self, code: str) -> Conference | None:
        return await self.session.scalar(self._select().where(Conference.code == code))

    async def rows_by_number(
        self, kinds: Iterable[ConferenceKind] | None, columns: Columns
    ) -> list[Row[Any]]:
        """``columns`` of every conference of the account (of these kinds), in the
        order they were made."""
        statement = select(*columns).where(self._of_account()).order_by(Conference.number)
        if kinds is not None:
            statement = statement.where(Conference.kind.in_(list(kinds)))
        return list(await self.session.execute(statement))

    async def get_many(self, ids: Sequence[str]) -> list[Conference]:
        rows = await self.session.scalars(self._select().where(Conference.id.in_(ids)))
        return list(rows)

    async def children(self, parent_id: str) -> list[Conference]:
        rows = await self.session.scalars(
            self._select().where(Conference.parent_id == parent_id).order_by(Conference.start_at)
        )
        return list(rows)

    async def sub_url_taken(self, channel_id: str, sub_url: str, except_id: str | None) -> bool:
        statement = select(Conference.id).where(
            self._of_account(),
            Conference.channel_id == channel_id,
            Conference.sub_url == sub_url,
        )
        if except_id is not None:
            statement = statement.where(Conference.id != except_id)
        return await self.session.scalar(statement) is not None

    async def search(
        self, query: ConferenceQuery, page: PageRequest, now: datetime
    ) -> tuple[list[Conference], int]:
        order = (
            (Conference.start_at.desc(), Conference.id.desc())
            if query.newest_first
            else (Conference.start_at, Conference.id)
        )
        statement = self._select().where(*self._conditions(query, now)).order_by(*order)
        return await self.paginate(statement, page)

    async def search_rows(
        self, query: ConferenceQuery, now: datetime, columns: Columns
    ) -> list[Row[Any]]:
        """``columns`` of every conference ``query`` finds, by start, in one query."""
        statement = (
            select(*columns)
            .where(self._of_account(), *self._conditions(query, now))
            .order_by(Conference.start_at, Conference.id)
        )
        return list(await self.session.execute(statement))

    def _conditions(self, query: ConferenceQuery, now: datetime) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.attending_only:
            conditions.append(false())
        if query.presenter_member_ids is not None:
            conditions.append(
                select(Presenter.id)
                .where(
                    self._of_account(Presenter),
                    Presenter.conference_id == Conference.id,
                    Presenter.person_id.in_(query.presenter_member_ids),
                )
                .exists()
            )
        if query.kinds is not None:
            conditions.append(Conference.kind.in_(query.kinds | query.always_open_kinds))
        if query.formats is not None:
            conditions.append(Conference.format.in_(query.formats))
        if query.phases is not None:
            in_phase = phase_condition(query.phases, now)
            conditions.append(
                or_(in_phase, Conference.kind.in_(query.always_open_kinds))
                if query.always_open_kinds
                else in_phase
            )
        if query.recorded is not None:
            conditions.append(Conference.recorded.is_(query.recorded))
        if query.title_contains:
            conditions.append(
                func.lower(Conference.title).contains(query.title_contains.lower(), autoescape=True)
            )
        if query.starts_after is not None:
            conditions.append(Conference.start_at >= query.starts_after)
        if query.starts_before is not None:
            conditions.append(Conference.start_at < query.starts_before)
        if query.ends_before is not None:
            conditions.append(Conference.end_at <= query.ends_before)
        if query.ids is not None:
            conditions.append(Conference.id.in_(query.ids))
        if query.parent_id is not None:
            conditions.append(Conference.parent_id == query.parent_id)
        if query.series_id is not None:
            conditions.append(Conference.series_id == query.series_id)
        for tag in query.tags:
            conditions.append(
                select(ConferenceTag.id)
                .where(
                    self._of_account(ConferenceTag),
                    ConferenceTag.conference_id == Conference.id,
                    ConferenceTag.api_name == tag.api_name,
                    ConferenceTag.value.in_(tag.values),
                )
                .exists()
            )
        if query.channel_id is not None:
            conditions.append(Conference.channel_id == query.channel_id)
        if query.channel_ids is not None:
            conditions.append(Conference.channel_id.in_(query.channel_ids))
        if query.privacy is not None:
            conditions.append(Conference.privacy == query.privacy)
        if query.registered_person_id is not None:
            registered = select(Registration.conference_id).where(
                self._of_account(Registration),
                Registration.person_id == query.registered_person_id,
                Registration.revoked_at.is_(None),
            )
            conditions.append(
                or_(
                    Conference.id.in_(registered),
                    Conference.parent_id.in_(registered),
                    Conference.series_id.in_(registered),
                )
            )
        return conditions

    async def tags(self, conference_ids: Sequence[str]) -> dict[str, list[Tag]]:
        rows = await self.session.scalars(
            select(ConferenceTag)
            .where(
                self._of_account(ConferenceTag),
                ConferenceTag.conference_id.in_(conference_ids),
            )
            .order_by(ConferenceTag.position)
        )
        grouped: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for row in rows:
            grouped[row.conference_id].setdefault(row.api_name, []).append(row.value)
        return {
            conference_id: [Tag(api_name=name, values=values) for name, values in tags.items()]
            for conference_id, tags in grouped.items()
        }

    async def replace_tags(self, conference: Conference, tags: list[Tag]) -> None:
        await self.session.execute(
            delete(ConferenceTag).where(
                self._of_account(ConferenceTag),
                ConferenceTag.conference_id == conference.id,
            )
        )
        rows = [
            ConferenceTag(
                account_id=self.account_id,
                conference_id=conference.id,
                api_name=tag.api_name,
                value=value,
                position=position,
            )
            for position, (tag, value) in enumerate(
                (tag, value) for tag in tags for value in tag.values
            )
        ]
        await self.add(*rows)

    async def custom_fields(self, conference_id: str) -> list[CustomField]:
        rows = await self.session.scalars(
            select(CustomField)
            .where(
                self._of_account(CustomField),
                CustomField.conference_id == conference_id,
            )
            .order_by(CustomField.position)
        )
        return list(rows)

    async def custom_fields_of(self, conference_ids: Iterable[str]) -> dict[str, list[CustomField]]:
        """The custom fields of many conferences, in their order, by conference id."""
        rows = await self.session.scalars(
            select(CustomField)
            .where(
                self._of_account(CustomField),
                CustomField.conference_id.in_(list(conference_ids)),
            )
            .order_by(CustomField.position)
        )
        grouped: dict[str, list[CustomField]] = defaultdict(list)
        for row in rows:
            grouped[row.conference_id].append(row)
        return grouped

    async def delete_custom_fields(self, fields: Iterable[CustomField]) -> None:
        for field in fields:
            await self.session.delete(field)
        await self.session.flush()
