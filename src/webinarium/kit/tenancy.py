"""The guard for services that take objects another service already loaded."""

from __future__ import annotations

from typing import Protocol


class Owned(Protocol):
    @property
    def account_id(self) -> str: ...


class HasId(Protocol):
    @property
    def id(self) -> str: ...


def ensure_owned(account: HasId, *objects: Owned) -> None:
    """A programming error, not a client's: the caller loaded the objects through
    a service that filters by account, so a mismatch means a bug upstream."""
    if any(obj.account_id != account.id for obj in objects):
        raise PermissionError("an object of another account was given to a service")
