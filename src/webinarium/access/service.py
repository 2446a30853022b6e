"""Block and allow lists.

A conference has four registration lists: ``block_list`` and ``allow_list``,
and their exceptions ``block_except_list`` (addresses a block does not apply to)
and ``allow_except_list`` (addresses an allow does not admit). At most one of
block or allow is in force at a time (``enable_registration_list``). A channel
has a block list, always in force, and an allow list, in force while it is not
empty. An entry is an e-mail address or a domain; a domain covers its
subdomains. Every path that registers someone asks `ensure_may_register`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.errors import RegistrationBlocked
from webinarium.access.repository import AccessListRepository, Owner
from webinarium.conferences.errors import ConferenceNotFound
from webinarium.conferences.schemas import settings_of
from webinarium.conferences.service import conference_changed
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import Page, PageRequest
from webinarium.kit.tenancy import ensure_owned
from webinarium.models import AccessListEntry, Account, Channel, Conference
from webinarium.people.service import normalize_email

CONFERENCE_LISTS = ("block_list", "allow_list", "block_except_list", "allow_except_list")
CHANNEL_LISTS = ("block_list", "allow_list")
EnforcedList = Literal["block_list", "allow_list"]


def normalize_entry(entry: str) -> str:
    """An address, or a domain ("example.com", also written "@example.com")."""
    value = entry.strip().lower()
    if "@" in value.lstrip("@"):
        return normalize_email(value)
    domain = value.lstrip("@")
    if "." not in domain or any(not label or " " in label for label in domain.split(".")):
        raise InvalidInput(f"not an e-mail address or a domain: {entry.strip()!r}")
    return domain


def _list_type(owner: Owner, list_type: str) -> str:
    allowed = CONFERENCE_LISTS if isinstance(owner, Conference) else CHANNEL_LISTS
    if list_type not in allowed:
        raise InvalidInput(f"list_type must be one of {', '.join(allowed)}")
    return list_type


async def list_entries(
    session: AsyncSession, account: Account, owner: Owner, list_type: str, page: PageRequest
) -> Page[AccessListEntry]:
    ensure_owned(account, owner)
    rows, total = await AccessListRepository(session, account.id).page(
        owner, _list_type(owner, list_type), page
    )
    return Page(items=rows, request=page, total=total)


async def add_entries(
    session: AsyncSession, account: Account, owner: Owner, list_type: str, entries: list[str]
) -> None:
    """Adds the entries not already there; all are checked before any is added."""
    ensure_owned(account, owner)
    list_type = _list_type(owner, list_type)
    wanted = list(dict.fromkeys(normalize_entry(e) for e in entries if e.strip()))
    if not wanted:
        raise InvalidInput("emails must name at least one e-mail address or domain")
    repository = AccessListRepository(session, account.id)
    present = await repository.existing(owner, list_type, wanted)
    await repository.add(
        *[
            AccessListEntry(
                account_id=account.id,
                conference_id=owner.id if isinstance(owner, Conference) else None,
                channel_id=owner.id if isinstance(owner, Channel) else None,
                list_type=list_type,
                entry=entry,
            )
            for entry in wanted
            if entry not in present
        ]
    )


async def remove_entries(
    session: AsyncSession, account: Account, owner: Owner, list_type: str, entries: list[str]
) -> None:
    ensure_owned(account, owner)
    list_type = _list_type(owner, list_type)
    wanted = [normalize_entry(e) for e in entries if e.strip()]
    if not wanted:
        raise InvalidInput("emails must name at least one e-mail address or domain")
    await AccessListRepository(session, account.id).remove(owner, list_type, wanted)


def enforced_list(conference: Conference) -> EnforcedList | None:
    return settings_of(conference).registration_list


async def enable_registration_list(
    session: AsyncSession, account: Account, conference: Conference, list_type: str
) -> EnforcedList:
    """Puts the block or the allow list of a conference in force (the other one
    stops applying)."""
    if list_type not in ("block_list", "allow_list"):
        raise InvalidInput("list_type must be one of block_list, allow_list")
    chosen: EnforcedList = "block_list" if list_type == "block_list" else "allow_list"
    await set_registration_list(session, account, conference, chosen)
    return chosen


async def set_registration_list(
    session: AsyncSession, account: Account, conference: Conference, chosen: EnforcedList | None
) -> None:
    """Puts the conference's block or allow list in force, or (None) neither:
    its lists are kept but none applies (the channel's still do)."""
    ensure_owned(account, conference)
    settings = settings_of(conference)
    if settings.registration_list != chosen:
        settings.registration_list = chosen
        conference.settings = settings.model_dump(exclude_defaults=True)
        await conference_changed(session, conference, ["settings"])
        await session.flush()


@dataclass(frozen=True)
class Venue:
    """A conference as registering needs it: the conference, its channel's URL
    (its public address is made of both) and which of the channel's lists have
    entries (a channel's lists apply to every conference in it)."""

    conference: Conference
    channel_url: str
    channel_lists: frozenset[EnforcedList]


async def venue(session: AsyncSession, account: Account, conference_id: str) -> Venue:
    """The account's conference ``conference_id`` with what registering asks, in one query."""
    found = await AccessListRepository(session, account.id).venue(
        conference_id=conference_id.strip()
    )
    return _venue(found, f"conference {conference_id} not found")


async def venue_by_alias(session: AsyncSession, account: Account, alias: str) -> Venue:
    """`venue` of the conference MyOwnConference calls ``alias`` (see
    `conferences.service.get_conference_by_alias`)."""
    found = await AccessListRepository(session, account.id).venue(alias=alias.strip().lower())
    return _venue(found, f"webinar {alias} not found")


async def venue_by_code(session: AsyncSession, account: Account, code: str) -> Venue:
    """`venue` of the conference Boomstream calls ``code`` (see
    `conferences.service.get_conference_by_code`)."""
    found = await AccessListRepository(session, account.id).venue(code=code.strip().lower())
    return _venue(found, f"conference {code.strip()} not found")


def _venue(found: tuple[Conference, str, bool, bool] | None, missing: str) -> Venue:
    if found is None:
        raise ConferenceNotFound(missing)
    conference, channel_url, has_block, has_allow = found
    lists: set[EnforcedList] = set()
    if has_block:
        lists.add("block_list")
    if has_allow:
        lists.add("allow_list")
    return Venue(conference, channel_url, frozenset(lists))


def _candidates(email: str) -> list[str]:
    """The address and every domain that covers it: a@x.y.com → a@x.y.com, x.y.com, y.com."""
    labels = email.rsplit("@", 1)[1].split(".")
    return [email, *(".".join(labels[i:]) for i in range(len(labels) - 1))]


async def ensure_may_register(
    session: AsyncSession, account: Account, venue: Venue, email: str
) -> None:
    """Refuses an address the lists in force keep out. Lists that have no entry
    (the channel's, as `venue` found them) or are not in force (the
    conference's) are not asked: no query when none applies."""
    conference = venue.conference
    ensure_owned(account, conference)
    address = normalize_email(email)
    enforced = enforced_list(conference)
    if enforced is None and not venue.channel_lists:
        return
    hits = await AccessListRepository(session, account.id).matching(
        conference.id if enforced else None,
        conference.channel_id if venue.channel_lists else None,
        _candidates(address),
    )

    def on(owner_id: str, list_type: str) -> bool:
        return (owner_id, list_type) in hits

    channel_id = conference.channel_id
    refused = on(channel_id, "block_list") or (
        "allow_list" in venue.channel_lists and not on(channel_id, "allow_list")
    )
    if enforced == "block_list":
        refused = refused or (
            on(conference.id, "block_list") and not on(conference.id, "block_except_list")
        )
    elif enforced == "allow_list":
        refused = refused or not (
            on(conference.id, "allow_list") and not on(conference.id, "allow_except_list")
        )
    if refused:
        raise RegistrationBlocked(f"{address} may not register for this conference")
