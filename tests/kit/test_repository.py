"""`kit.repository.TenantRepository`, on a repository of participant groups
(a small model that belongs to an account) declared here."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.kit.pagination import PageRequest
from webinarium.kit.repository import TenantRepository
from webinarium.models import Account, ParticipantGroup, ParticipantGroupMember, Person
from webinarium.settings import Settings


class Groups(TenantRepository[ParticipantGroup]):
    model = ParticipantGroup


class CascadingGroups(Groups):
    cascades_in_database = True


def _make_groups(settings: Settings, tenant: Tenant, names: list[str]) -> list[str]:
    async def work(session: AsyncSession) -> list[str]:
        groups = [ParticipantGroup(account_id=tenant.account_id, name=name) for name in names]
        await Groups(session, tenant.account_id).add(*groups)
        return [group.id for group in groups]

    return in_database(settings, work)


def _group_count(settings: Settings, tenant: Tenant) -> int:
    async def work(session: AsyncSession) -> int:
        repository = Groups(session, tenant.account_id)
        return await repository.count(repository._select())

    return in_database(settings, work)


def test_get_finds_only_the_accounts_rows(settings: Settings, alice: Tenant, bob: Tenant) -> None:
    [group_id] = _make_groups(settings, alice, ["Alice's group"])

    async def work(session: AsyncSession) -> tuple[str | None, str | None]:
        mine = await Groups(session, alice.account_id).get(group_id)
        theirs = await Groups(session, bob.account_id).get(group_id)
        return (mine.name if mine else None), (theirs.name if theirs else None)

    assert in_database(settings, work) == ("Alice's group", None)


def test_add_refuses_a_row_of_another_account(
    settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    async def work(session: AsyncSession) -> None:
        await Groups(session, fresh_tenant.account_id).add(
            ParticipantGroup(account_id=fresh_tenant.account_id, name="Mine"),
            ParticipantGroup(account_id=bob.account_id, name="Slipped in"),
        )

    with pytest.raises(PermissionError):
        in_database(settings, work)
    assert _group_count(settings, fresh_tenant) == 0


def test_count_and_paginate_see_the_account_only(
    settings: Settings, fresh_tenant: Tenant, bob: Tenant
) -> None:
    names = [f"Group {n}" for n in range(1, 6)]
    _make_groups(settings, fresh_tenant, names)
    _make_groups(settings, bob, ["Bob's group"])

    async def work(session: AsyncSession) -> list[tuple[list[str], int]]:
        repository = Groups(session, fresh_tenant.account_id)
        statement = repository._select().order_by(ParticipantGroup.name)
        pages = []
        for page in (1, 3, 4):
            rows, total = await repository.paginate(statement, PageRequest(page=page, per_page=2))
            pages.append(([group.name for group in rows], total))
        return pages

    assert in_database(settings, work) == [
        (["Group 1", "Group 2"], 5),
        (["Group 5"], 5),
        ([], 5),
    ]


def test_paginate_rows_pages_joined_rows(settings: Settings, fresh_tenant: Tenant) -> None:
    _make_groups(settings, fresh_tenant, ["B", "A", "C"])

    async def work(session: AsyncSession) -> tuple[list[tuple[str, str]], int]:
        repository = Groups(session, fresh_tenant.account_id)
        statement = (
            select(ParticipantGroup, Account)
            .join(Account, Account.id == ParticipantGroup.account_id)
            .where(repository._of_account())
            .order_by(ParticipantGroup.name)
        )
        rows, total = await repository.paginate_rows(statement, PageRequest(page=1, per_page=2))
        return [(group.name, account.name) for group, account in rows], total

    assert in_database(settings, work) == ([("A", "Fresh"), ("B", "Fresh")], 3)


@pytest.mark.parametrize("repository", [Groups, CascadingGroups])
def test_delete_removes_the_row_and_what_the_database_cascades_to(
    settings: Settings, fresh_tenant: Tenant, repository: type[Groups]
) -> None:
    [group_id] = _make_groups(settings, fresh_tenant, ["Doomed"])

    async def add_member(session: AsyncSession) -> None:
        person = Person(account_id=fresh_tenant.account_id, email=f"{group_id}@example.test")
        await Groups(session, fresh_tenant.account_id).add(person)
        await Groups(session, fresh_tenant.account_id).add(
            ParticipantGroupMember(
                account_id=fresh_tenant.account_id, group_id=group_id, person_id=person.id
            )
        )

    in_database(settings, add_member)

    async def delete(session: AsyncSession) -> bool:
        repo = repository(session, fresh_tenant.account_id)
        group = await repo.get(group_id)
        assert group is not None
        await repo.delete(group)
        return group in session

    assert in_database(settings, delete) is False

    async def remaining(session: AsyncSession) -> int:
        members = select(func.count()).select_from(ParticipantGroupMember)
        return await session.scalar(members.where(ParticipantGroupMember.group_id == group_id)) or 0

    assert _group_count(settings, fresh_tenant) == 0
    assert in_database(settings, remaining) == 0
