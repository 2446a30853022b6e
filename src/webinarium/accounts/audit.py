"""The audit log: one row per change made through the organiser console."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.accounts.repository import ConsoleRepository
from webinarium.models import AuditEntry, User

# Deeper than anyone pages by hand; keeps the offset within every database's integers.
MAX_PAGE = 100_000


async def record(
    session: AsyncSession,
    user: User,
    action: str,
    summary: str,
    *,
    subject_type: str | None = None,
    subject_id: str | None = None,
) -> AuditEntry:
    """Writes who (``user``, of whose account the entry is) did ``action``, in
    the caller's transaction: kept exactly when the change is."""
    entry = AuditEntry(
        account_id=user.account_id,
        user_id=user.id,
        user_email=user.email,
        action=action,
        summary=summary,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    await ConsoleRepository(session).add(entry)
    return entry


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    has_next: bool


async def list_entries(
    session: AsyncSession,
    account_id: str,
    *,
    user_id: str | None = None,
    action: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """The account's entries, newest first, ``per_page`` at a time."""
    page = min(max(1, page), MAX_PAGE)
    rows = await ConsoleRepository(session).audit_entries(
        account_id,
        user_id=user_id or None,
        action=action or None,
        offset=(page - 1) * per_page,
        limit=per_page + 1,
    )
    return AuditPage(entries=rows[:per_page], page=page, has_next=len(rows) > per_page)


async def actions_of(session: AsyncSession, account_id: str) -> list[str]:
    return await ConsoleRepository(session).audit_actions(account_id)
