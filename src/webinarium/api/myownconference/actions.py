"""The typed action table: wire name → (params model, handler, renderer).

A section module (profile, moderators, participants, webinars, automation)
declares its `Action`s; `TABLE` collects them. Handlers call services only;
renderers turn what a handler returns into the documented response.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.files.store import FileStore
from webinarium.models import Account


@dataclass(frozen=True)
class Context:
    """What every handler gets besides its parameters."""

    session: AsyncSession
    account: Account
    base_url: str
    files: FileStore
    # Personal links' tokens are derived with it (`kit.security.link_token`).
    secret_key: str


class Params(BaseModel):
    """Base of every params model: unknown parameters are ignored, as real
    clients send more than an action reads, and numbers are accepted where the
    document writes strings (ids, counts)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)


class WebinarParams(Params):
    """Parameters of an action on one webinar, named by its ``alias``."""

    alias: str

    @field_validator("alias")
    @classmethod
    def _alias(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("the webinar alias is required")
        return value


class NoParams(Params):
    pass


def as_is(_: Context, result: Any) -> Any:
    return result


@dataclass(frozen=True)
class Action:
    name: str
    params: type[Params]
    handler: Callable[[Context, Any], Awaitable[Any]]
    render: Callable[[Context, Any], Any] = as_is
    # For actions whose params are a JSON list (["a@b.c", …]): the field of the
    # params model that receives it.
    list_field: str | None = None
    # Other spellings of the name found in the document's text.
    aliases: tuple[str, ...] = ()
    # Only reads: runs in a read-only unit of work, on a reader connection
    # (docs/architecture.md, "Databases"). A write through it fails loudly.
    read_only: bool = False
