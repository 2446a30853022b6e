"""Block and allow lists in the console (docs/console.md, "Registrants"): a
channel's on its own page, `/console/channels/{channel_id}/access-lists`; a
webinar's on its registrants page (`console.registrants`), with the switch
saying which of its lists is in force. The rules are `access.service`'s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.repository import Owner
from webinarium.access.service import (
    CHANNEL_LISTS,
    CONFERENCE_LISTS,
    add_entries,
    enforced_list,
    list_entries,
    remove_entries,
)
from webinarium.api.deps import ReadSession, Session
from webinarium.channels.errors import ChannelNotFound
from webinarium.channels.service import get_channel
from webinarium.console.auth import (
    Console,
    ConsoleContext,
    ConsoleForm,
    ReadConsole,
    console_router,
    recorded,
    render_console,
)
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import MAX_PER_PAGE, PageRequest
from webinarium.models import Channel, Conference

router = console_router()

LIST_LABELS = {
    "block_list": "Block list",
    "allow_list": "Allow list",
    "block_except_list": "Exceptions to the block list",
    "allow_except_list": "Exceptions to the allow list",
}
LIST_HINTS = {
    "block_list": "These addresses and domains may not register.",
    "allow_list": "Only these addresses and domains may register.",
    "block_except_list": "The block list does not apply to these.",
    "allow_except_list": "The allow list does not let these in.",
}


@dataclass(frozen=True)
class ShownList:
    list_type: str
    label: str
    hint: str
    entries: list[str]
    total: int


@dataclass(frozen=True)
class Lists:
    """An owner's lists as a page shows them (the first `MAX_PER_PAGE` entries of each)."""

    lists: list[ShownList]
    # The conference's list in force ("" for none); None for a channel (both apply).
    enforced: str | None

    @property
    def options(self) -> list[tuple[str, str]]:
        return [(s.list_type, s.label) for s in self.lists]


async def _lists(
    session: AsyncSession, console: ConsoleContext, owner: Owner, list_types: tuple[str, ...]
) -> list[ShownList]:
    shown = []
    for list_type in list_types:
        found = await list_entries(
            session, console.account, owner, list_type, PageRequest(per_page=MAX_PER_PAGE)
        )
        shown.append(
            ShownList(
                list_type,
                LIST_LABELS[list_type],
                LIST_HINTS[list_type],
                [e.entry for e in found.items],
                found.total,
            )
        )
    return shown


async def conference_lists(
    session: AsyncSession, console: ConsoleContext, conference: Conference
) -> Lists:
    return Lists(
        await _lists(session, console, conference, CONFERENCE_LISTS),
        enforced_list(conference) or "",
    )


def typed_entries(text: str) -> list[str]:
    """The entries of the form's text: one per line (commas and spaces also separate)."""
    return [e for e in text.replace(",", "\n").split() if e]


async def change_list(
    session: AsyncSession,
    console: ConsoleContext,
    owner: Owner,
    form: Any,
    *,
    adding: bool,
    then: str,
    page_again: Callable[[dict[str, str], dict[str, str]], Awaitable[HTMLResponse]],
) -> Response:
    """A list form's POST: adds or removes its entries (``list_type``,
    ``entries``), then the 303 to ``then`` saying which. A bad entry or list
    changes nothing: ``page_again(errors, typed)``, the page with the form as typed."""
    list_type = form.get("list_type")
    text = form.get("entries")
    entries = typed_entries(text if isinstance(text, str) else "")
    try:
        if list_type not in LIST_LABELS:
            raise InvalidInput("choose a list")
        change = add_entries if adding else remove_entries
        await change(session, console.account, owner, list_type, entries)
    except InvalidInput as error:
        typed = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
        return await page_again({"entries": error.message}, typed)
    kind = "conference" if isinstance(owner, Conference) else "channel"
    name = owner.title if isinstance(owner, Conference) else owner.name
    count = len(entries)
    did = "Added" if adding else "Removed"
    where = "to" if adding else "from"
    return await recorded(
        session,
        console,
        "access_list.changed",
        f"{did} {count} entr{'y' if count == 1 else 'ies'} {where} the"
        f" {LIST_LABELS[list_type].lower()} of “{name}”",
        subject=(kind, owner.id),
        then=then,
        notice=f"{did} {', '.join(entries[:5])}{' …' if count > 5 else ''}",
    )


async def _channel(session: AsyncSession, console: ConsoleContext, channel_id: str) -> Channel:
    """The account's channel if this user may see it (a channel admin: theirs only)."""
    channel = await get_channel(session, console.account, channel_id)
    if not console.sees_channel(channel.id):
        raise ChannelNotFound(f"channel {channel_id} not found")
    return channel


def _channel_page(
    request: Request,
    console: ConsoleContext,
    channel: Channel,
    lists: list[ShownList],
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    return render_console(
        request,
        console,
        "console/access_lists.html",
        {
            "channel": channel,
            "lists": Lists(lists, None),
            "errors": errors or {},
            "typed": typed or {},
        },
        status=400 if errors else 200,
    )


@router.get("/channels/{channel_id}/access-lists", name="console_channel_access_lists")
async def channel_lists(
    request: Request, channel_id: str, console: ReadConsole, session: ReadSession
) -> HTMLResponse:
    channel = await _channel(session, console, channel_id)
    lists = await _lists(session, console, channel, CHANNEL_LISTS)
    return _channel_page(request, console, channel, lists)


async def _change_channel_list(
    request: Request,
    channel_id: str,
    console: ConsoleContext,
    session: AsyncSession,
    form: Any,
    *,
    adding: bool,
) -> Response:
    channel = await _channel(session, console, channel_id)

    async def page_again(errors: dict[str, str], typed: dict[str, str]) -> HTMLResponse:
        lists = await _lists(session, console, channel, CHANNEL_LISTS)
        return _channel_page(request, console, channel, lists, errors=errors, typed=typed)

    return await change_list(
        session,
        console,
        channel,
        form,
        adding=adding,
        then=f"/console/channels/{channel.id}/access-lists",
        page_again=page_again,
    )


@router.post("/channels/{channel_id}/access-lists/add")
async def add_to_channel_list(
    request: Request, channel_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _change_channel_list(request, channel_id, console, session, form, adding=True)


@router.post("/channels/{channel_id}/access-lists/remove")
async def remove_from_channel_list(
    request: Request, channel_id: str, console: Console, session: Session, form: ConsoleForm
) -> Response:
    return await _change_channel_list(request, channel_id, console, session, form, adding=False)
