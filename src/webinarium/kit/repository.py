"""The base of every repository of rows an account owns.

A repository is created for one account (``Repository(session, account_id)``)
and every statement it builds starts from that account: ``_select()`` for its
main model, ``_of_account(Model, …)`` for the other models a query touches
(joins, sub-queries, bulk updates and deletes). The tenant clause is written
here and nowhere else, so a row of another account is never loaded, changed or
deleted, whatever a later bug in a service asks for.

Written once here: `get`, `add`, `delete`, `count` and `paginate`. A repository
says or overrides what its domain does differently (conferences are numbered
when added; channels are deleted by the database's cascade) and adds its own
queries, built from ``_select()`` and ``_of_account``.
"""

from __future__ import annotations

from typing import ClassVar, Generic, Protocol, TypeVar, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, Mapped

from webinarium.kit.pagination import PageRequest


class TenantRow(Protocol):
    """A row that belongs to one account."""

    id: Mapped[str]
    account_id: Mapped[str]


class TenantModel(Protocol):
    """A model whose rows belong to one account, as a class (its columns)."""

    account_id: ClassVar[InstrumentedAttribute[str]]


M = TypeVar("M", bound=TenantRow)
T = TypeVar("T")
Ts = TypeVarTuple("Ts")


class TenantRepository(Generic[M]):
    model: type[M]
    # True where deleting a row deletes others through the database's ON DELETE
    # CASCADE (a channel its conferences, a conference its registrations, …):
    # `delete` then runs one DELETE statement and takes the row out of the
    # session, instead of the session's delete.
    cascades_in_database: ClassVar[bool] = False

    def __init__(self, session: AsyncSession, account_id: str) -> None:
        self.session = session
        self.account_id = account_id

    def _of_account(self, *models: type[TenantModel]) -> ColumnElement[bool]:
        """Rows of each of these models belong to the account (the main model
        when none is named)."""
        if not models:
            return self.model.account_id == self.account_id
        return and_(*(model.account_id == self.account_id for model in models))

    def _select(self) -> Select[M]:
        """The account's rows of the main model."""
        return select(self.model).where(self._of_account())

    async def get(self, row_id: str) -> M | None:
        return await self.session.scalar(self._select().where(self.model.id == row_id))

    async def add(self, *rows: object) -> None:
        """Adds rows of the account (of any model the domain keeps) and flushes."""
        foreign = [row for row in rows if getattr(row, "account_id", None) != self.account_id]
        if foreign:
            # A programming error: the caller built a row for another account.
            raise PermissionError(f"{foreign[0]!r} does not belong to the repository's account")
        self.session.add_all(rows)
        await self.session.flush()

    async def delete(self, row: M) -> None:
        if self.cascades_in_database:
            await self.session.execute(
                delete(self.model).where(self._of_account(), self.model.id == row.id)
            )
            self.session.expunge(row)
            return
        await self.session.delete(row)
        await self.session.flush()

    async def count(self, statement: Select[*Ts]) -> int:
        """How many rows ``statement`` finds, whatever its order or page: the same
        FROM and WHERE with ``count(*)`` in place of the columns (so not for a
        statement with GROUP BY or DISTINCT)."""
        counting = (
            statement.with_only_columns(func.count(), maintain_column_froms=True)
            .order_by(None)
            .limit(None)
            .offset(None)
        )
        return await self.session.scalar(counting) or 0

    async def paginate(self, statement: Select[T], request: PageRequest) -> tuple[list[T], int]:
        """One page of what ``statement`` (ordered) finds, and how many it finds in all."""
        total = await self.count(statement)
        rows = await self.session.scalars(_paged(statement, request))
        return list(rows), total

    async def paginate_rows(
        self, statement: Select[*Ts], request: PageRequest
    ) -> tuple[list[tuple[*Ts]], int]:
        """`paginate` for a statement that selects several things (a row and the
        rows it is joined to)."""
        total = await self.count(statement)
        rows = await self.session.execute(_paged(statement, request))
        return list(rows), total


def dialect_insert(session: AsyncSession, model: type[T]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT of ``model`` in the session's database's own words, which have
    ``ON CONFLICT`` (both databases spell it alike)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def _paged(statement: Select[*Ts], request: PageRequest) -> Select[*Ts]:
    return statement.offset(request.offset).limit(request.per_page)
