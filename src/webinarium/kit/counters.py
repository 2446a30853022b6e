"""Numbers an account counts up (1, 2, 3…): its events' sequence numbers, its
conferences' numbers.

One statement, race-free on both databases: the counter row is made on first use
and incremented after, and it stays locked until the transaction ends, so a
number is never given twice and numbers are given in commit order (a reader that
has seen number N never later finds a new row below N).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.kit.repository import dialect_insert
from webinarium.models import AccountCounter

EVENTS = "events"
CONFERENCES = "conferences"


async def take_numbers(session: AsyncSession, account_id: str, name: str, count: int = 1) -> int:
    """Takes the account's next ``count`` numbers of ``name``; returns the last."""
    statement = (
        dialect_insert(session, AccountCounter)
        .values(account_id=account_id, name=name, value=count)
        .on_conflict_do_update(
            index_elements=[AccountCounter.account_id, AccountCounter.name],
            set_={"value": AccountCounter.value + count},
        )
        .returning(AccountCounter.value)
    )
    last: int = (await session.execute(statement)).scalar_one()
    return last


async def last_number(session: AsyncSession, account_id: str, name: str) -> int:
    """The last number of ``name`` the account took (0 for none yet)."""
    value = await session.scalar(
        select(AccountCounter.value).where(
            AccountCounter.account_id == account_id, AccountCounter.name == name
        )
    )
    return value or 0


async def lock_counter(session: AsyncSession, account_id: str, name: str) -> None:
    """Locks the counter's row (if made) until the transaction ends, taking no
    number: whoever takes one meanwhile waits. PostgreSQL; SQLite's writer runs
    one transaction at a time."""
    await session.execute(
        select(AccountCounter.value)
        .where(AccountCounter.account_id == account_id, AccountCounter.name == name)
        .with_for_update()
    )
