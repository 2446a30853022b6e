"""Conferences: the only way to create, change, find and delete them.

Every function takes the acting account and only ever sees that account's rows.
Functions flush; the request or task that called them commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.channels.service import channels_by_id, get_channel
from webinarium.conferences.errors import (
    ConferenceNotFound,
    InvalidSessions,
    NotRecurring,
    SubUrlTaken,
)
from webinarium.conferences.repository import Columns, ConferenceRepository, conference_at_address
from webinarium.conferences.scheduling import (
    DEFAULT_DURATION_MINUTES,
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    next_half_hour,
    resolve_local,
)
from webinarium.conferences.schemas import (
    ConferenceChanges,
    ConferenceDraft,
    ConferenceKind,
    ConferenceQuery,
    ConferenceSettings,
    CustomFieldInput,
    Tag,
)
from webinarium.content import service as content
from webinarium.events.outbox import emit
from webinarium.events.types import ConferenceCreated, ConferenceDeleted, ConferenceUpdated
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.pagination import Page, PageRequest
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.text import SLUG_PATTERN, slugify
from webinarium.kit.time import RANGE_TEXT, in_range, is_zone, on_clock, utcnow, zone
from webinarium.live.repository import LiveRepository
from webinarium.models import (
    Account,
    Channel,
    Conference,
    ConferenceFile,
    CustomField,
    Recording,
    WebhookSubscription,
)
from webinarium.presenters.repository import PresenterRepository
from webinarium.presenters.schemas import PresenterDetails
from webinarium.recordings import service as recordings
from webinarium.registrations.repository import RegistrationRepository
from webinarium.webhooks import service as webhooks

# What `conference_copy_id` carries over from the source conference. Everything
# else is new: title, schedule, sub_url, recurring sessions, series membership,
# registrations, recordings and the host link's seed. Webhooks are copied as
# they were when they were settings: a copy reports to the same URLs.
COPIED_ATTRIBUTES = (
    "purpose",
    "format",
    "privacy",
    "time_zone",
    "duration",
    "max_attendance",
    "settings",
    "tags",
    "custom_fields",
    "handouts",
    "pre-loaded files",
    "webhook subscriptions",
)

# What ``conference.updated`` names when it changes (with tags and custom fields).
_ANNOUNCED_ATTRIBUTES = (
    "kind",
    "title",
    "purpose",
    "format",
    "privacy",
    "time_zone",
    "start_at",
    "end_at",
    "duration_minutes",
    "sub_url",
    "settings",
)

# A webinar may become a meeting space and back; other shapes are fixed at creation.
_CONVERTIBLE_KINDS = {ConferenceKind.WEBINAR, ConferenceKind.MEETING_SPACE}


@dataclass(frozen=True)
class ConferenceActivity:
    """What a conference has gathered: its pre-loaded files, the series it
    belongs to (with that series' channel), how many registrations are in force
    and how many people entered its room (virtual attendees are not people)."""

    files: list[ConferenceFile]
    series: Conference | None
    series_channel: Channel | None
    registrants: int
    attendees: int
    # Its newest ready recording (the one published and watched), if any.
    recording: Recording | None = None


@dataclass(frozen=True)
class ConferenceDetails:
    """A conference with what every rendering needs, loaded in batches."""

    conference: Conference
    channel: Channel
    tags: list[Tag]
    presenters: list[PresenterDetails]
    # Only when asked for (`describe(..., with_webhooks=True)`): BigMarker's
    # conference rendering is the one that shows them.
    webhooks: list[WebhookSubscription] | None
    # Only when asked for (`describe(..., with_activity=True)`): BigMarker's
    # conference rendering shows it (preload_files, webinar_stats, associated_series).
    activity: ConferenceActivity | None = None


async def get_conference(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    kinds: Iterable[ConferenceKind] | None = None,
) -> Conference:
    conference = await ConferenceRepository(session, account.id).get(conference_id.strip(), kinds)
    if conference is None:
        raise ConferenceNotFound(f"conference {conference_id} not found")
    return conference


async def get_conference_by_alias(
    session: AsyncSession, account: Account, alias: str
) -> Conference:
    """The conference with MyOwnConference's identifier ``alias`` (any letter case)."""
    conference = await ConferenceRepository(session, account.id).by_alias(alias.strip().lower())
    if conference is None:
        raise ConferenceNotFound(f"webinar {alias} not found")
    return conference


async def conferences_by_alias(
    session: AsyncSession, account: Account, aliases: Sequence[str]
) -> list[Conference]:
    """The conferences named by ``aliases`` (any letter case), in their order, in
    one query; the first alias that names none is refused as `get_conference_by_alias`
    refuses it."""
    wanted = [alias.strip().lower() for alias in aliases]
    found = {c.alias: c for c in await ConferenceRepository(session, account.id).by_aliases(wanted)}
    for alias, key in zip(aliases, wanted, strict=True):
        if key not in found:
            raise ConferenceNotFound(f"webinar {alias} not found")
    return [found[key] for key in wanted]


async def get_conference_by_code(session: AsyncSession, account: Account, code: str) -> Conference:
    """The conference with Boomstream's identifier ``code`` (a UUID, any letter case)."""
    conference = await ConferenceRepository(session, account.id).by_code(code.strip().lower())
    if conference is None:
        raise ConferenceNotFound(f"conference {code.strip()} not found")
    return conference


async def conference_rows(
    session: AsyncSession,
    account: Account,
    kinds: Iterable[ConferenceKind] | None,
    columns: Columns,
) -> list[Row[Any]]:
    """``columns`` of every conference of the account (of these kinds), oldest
    first, unpaged: for dialects whose lists have no pages."""
    return await ConferenceRepository(session, account.id).rows_by_number(kinds, columns)


async def describe(
    session: AsyncSession,
    account: Account,
    conferences: Sequence[Conference],
    *,
    with_webhooks: bool = False,
    with_activity: bool = False,
) -> list[ConferenceDetails]:
    """Channels, tags and presenters of many conferences in three queries, whatever
    their number; their webhook subscriptions in a fourth when asked for, their
    activity (`ConferenceActivity`) in five more (four when none is in a series)."""
    if not conferences:
        return []
    ids = [c.id for c in conferences]
    repository = ConferenceRepository(session, account.id)
    series_ids = {c.series_id for c in conferences if c.series_id is not None}
    series = (
        {s.id: s for s in await repository.get_many(list(series_ids))}
        if with_activity and series_ids
        else {}
    )
    channels = await channels_by_id(
        session,
        account,
        {c.channel_id for c in conferences} | {s.channel_id for s in series.values()},
    )
    tags = await repository.tags(ids)
    presenters = await PresenterRepository(session, account.id).of_conferences(ids)
    subscriptions = (
        await webhooks.conference_subscriptions(session, account, ids) if with_webhooks else None
    )
    activities: dict[str, ConferenceActivity] = {}
    if with_activity:
        files = await content.files_of(session, account, ids)
        registrants = await RegistrationRepository(session, account.id).counts(ids)
        attendees = await LiveRepository(session, account.id).attendee_counts(ids)
        recorded = await recordings.latest_recordings(session, account, ids)
        for c in conferences:
            in_series = series.get(c.series_id) if c.series_id is not None else None
            activities[c.id] = ConferenceActivity(
                files=files.get(c.id, []),
                series=in_series,
                series_channel=None if in_series is None else channels[in_series.channel_id],
                registrants=registrants.get(c.id, 0),
                attendees=attendees.get(c.id, 0),
                recording=recorded.get(c.id),
            )
    return [
        ConferenceDetails(
            conference=c,
            channel=channels[c.channel_id],
            tags=tags.get(c.id, []),
            presenters=presenters.get(c.id, []),
            webhooks=None if subscriptions is None else subscriptions.get(c.id, []),
            activity=activities.get(c.id),
        )
        for c in conferences
    ]


async def describe_one(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    with_webhooks: bool = False,
    with_activity: bool = False,
) -> ConferenceDetails:
    (details,) = await describe(
        session, account, [conference], with_webhooks=with_webhooks, with_activity=with_activity
    )
    return details


def conference_address(base_url: str, details: ConferenceDetails) -> str:
    """The conference's public page: the server, the channel's URL, the conference's."""
    return page_address(base_url, details.channel.url, details.conference)


async def address_of(
    session: AsyncSession, account: Account, base_url: str, conference: Conference
) -> str:
    """`conference_address` for a caller that shows nothing else of the
    conference: one query (its channel), where `describe` takes three."""
    channel = await get_channel(session, account, conference.channel_id)
    return page_address(base_url, channel.url, conference)


async def conference_at(session: AsyncSession, channel_url: str, sub_url: str) -> Conference:
    """The conference whose public page (`page_address`) is ``/<channel_url>/<sub_url>``."""
    found = await conference_at_address(session, channel_url, sub_url)
    if found is None:
        raise ConferenceNotFound("there is no webinar at this address")
    return found


def page_address(base_url: str, channel_url: str, conference: Conference) -> str:
    """`conference_address` when only the channel's URL is at hand."""
    return f"{base_url}/{channel_url}/{conference.sub_url}"


async def search_conferences(
    session: AsyncSession, account: Account, query: ConferenceQuery, page: PageRequest
) -> Page[Conference]:
    rows, total = await ConferenceRepository(session, account.id).search(query, page, utcnow())
    return Page(items=rows, request=page, total=total)


async def registrant_counts(
    session: AsyncSession, account: Account, conferences: Sequence[Conference]
) -> dict[str, int]:
    """How many registrations in force each of ``conferences`` has, in one
    query, by conference id (none: 0)."""
    ensure_owned(account, *conferences)
    ids = [c.id for c in conferences]
    counts = await RegistrationRepository(session, account.id).counts(ids) if ids else {}
    return {conference_id: counts.get(conference_id, 0) for conference_id in ids}


async def find_conference_rows(
    session: AsyncSession, account: Account, query: ConferenceQuery, columns: Columns
) -> list[Row[Any]]:
    """``columns`` of every conference ``query`` finds, by start, unpaged."""
    return await ConferenceRepository(session, account.id).search_rows(query, utcnow(), columns)


async def recurring_children(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    query: ConferenceQuery,
    page: PageRequest,
) -> Page[Conference]:
    parent = await get_conference(session, account, conference_id)
    if parent.kind != ConferenceKind.RECURRING_PARENT:
        raise NotRecurring(f"conference {conference_id} is not a recurring conference")
    return await search_conferences(
        session, account, query.model_copy(update={"parent_id": parent.id}), page
    )


async def associated_sessions(
    session: AsyncSession, account: Account, conference_id: str, page: PageRequest
) -> Page[Conference]:
    """The sessions that belong to a conference: the children of a recurring
    webinar, or the sessions of a series."""
    conference = await get_conference(session, account, conference_id)
    query = (
        ConferenceQuery(series_id=conference.id)
        if conference.kind == ConferenceKind.SERIES
        else ConferenceQuery(parent_id=conference.id)
    )
    return await search_conferences(session, account, query, page)


async def create_conference(
    session: AsyncSession, account: Account, draft: ConferenceDraft
) -> Conference:
    repository = ConferenceRepository(session, account.id)
    channel = await get_channel(session, account, draft.channel_id)
    source = (
        await get_conference(session, account, draft.copy_from_id) if draft.copy_from_id else None
    )
    given = draft.model_fields_set
    time_zone = valid_zone(
        draft.time_zone or (source.time_zone if source else None) or account.time_zone
    )
    duration = draft.duration_minutes
    if duration is None:
        duration = source.duration_minutes if source is not None else DEFAULT_DURATION_MINUTES
    start = (
        resolve_local(draft.start, time_zone)
        if draft.start is not None
        else next_half_hour(utcnow(), time_zone)
    )
    recurring_starts = _recurring_starts(draft, time_zone)
    if draft.kind == ConferenceKind.RECURRING_PARENT:
        if not recurring_starts:
            raise InvalidInput(
                "a recurring webinar needs at least one recurring start time",
                field="recurring_starts",
            )
        start = recurring_starts[0]
    elif recurring_starts:
        raise InvalidInput(
            "only a recurring webinar has recurring start times", field="recurring_starts"
        )
    duration, end = _schedule(draft.kind, start, duration, draft.end, recurring_starts, time_zone)
    if draft.custom_fields is not None:
        _custom_field_names(draft.custom_fields)

    conference = Conference(
        account_id=account.id,
        channel_id=channel.id,
        kind=draft.kind,
        format=draft.format or (source.format if source else "webinar"),
        copied_from_id=source.id if source else None,
        title=draft.title,
        purpose=draft.purpose if "purpose" in given else (source.purpose if source else ""),
        sub_url=await _free_sub_url(repository, channel.id, draft.sub_url, draft.title, None),
        start_at=start,
        duration_minutes=duration,
        end_at=end,
        time_zone=time_zone,
        privacy=draft.privacy or (source.privacy if source else "public"),
        max_attendance=source.max_attendance if source else 100,
        settings=_merged_settings(source.settings if source else {}, draft.settings),
    )
    await repository.add(conference)

    tags = draft.tags
    if tags is None and source is not None:
        tags = (await repository.tags([source.id])).get(source.id, [])
    if tags:
        await repository.replace_tags(conference, tags)
    if draft.custom_fields is not None:
        await _replace_custom_fields(repository, conference, draft.custom_fields)
    elif source is not None:
        await _replace_custom_fields(
            repository, conference, _as_inputs(await repository.custom_fields(source.id))
        )
    if source is not None:
        await content.copy_content(session, account, source=source, target=conference)
        await webhooks.copy_conference_subscriptions(session, account, source, [conference])
    await webhooks.change_conference_subscriptions(session, account, conference, draft.webhooks)
    if conference.kind == ConferenceKind.RECURRING_PARENT:
        await _sync_children(repository, conference, recurring_starts)
        await _share_webhooks(session, account, repository, conference)
    await _announce_created(session, account, conference)
    return conference


async def add_evergreen_session(
    session: AsyncSession, account: Account, parent: Conference, start: datetime
) -> Conference:
    """A new session of the evergreen ``parent`` at ``start``: like a recurring
    session it shares everything with its parent (webhooks too) but its start;
    unlike one it is announced (``conference.created``), as it appears on its
    own, later than the parent. The parent's start and end become the new
    session's: an evergreen webinar is as upcoming as its next session.
    `conferences.evergreen` says when one is due."""
    ensure_owned(account, parent)
    if parent.kind != ConferenceKind.EVERGREEN_PARENT:
        raise InvalidInput(f"conference {parent.id} is not an evergreen webinar")
    repository = ConferenceRepository(session, account.id)
    # Free even when the parent's zone changed: a session's address is its
    # start on the parent's clock, which an earlier session may have had.
    sub_url = await _free_slug(repository, parent.channel_id, _session_sub_url(parent, start), None)
    child = Conference(
        account_id=parent.account_id,
        channel_id=parent.channel_id,
        kind=ConferenceKind.EVERGREEN_CHILD,
        parent_id=parent.id,
        sub_url=sub_url,
        start_at=start,
    )
    _inherit(child, parent)
    # The schedule is the parent's; a session is one webinar.
    child.settings = {k: v for k, v in child.settings.items() if k != "evergreen_session_times"}
    await repository.add(child)
    parent.start_at, parent.end_at = child.start_at, child.end_at
    await webhooks.copy_conference_subscriptions(session, account, parent, [child])
    await _announce_created(session, account, child)
    return child


async def move_evergreen_session(
    session: AsyncSession,
    account: Account,
    parent: Conference,
    upcoming: Conference,
    start: datetime,
) -> None:
    """The evergreen ``parent``'s ``upcoming`` session moved to ``start`` with the
    parent's zone, length and title, as `add_evergreen_session` would make it
    there, and announced as any change is (``conference.updated``).
    `conferences.evergreen` says when a session may move."""
    ensure_owned(account, parent, upcoming)
    if upcoming.parent_id != parent.id or upcoming.kind != ConferenceKind.EVERGREEN_CHILD:
        raise InvalidInput(f"conference {upcoming.id} is not a session of {parent.id}")
    repository = ConferenceRepository(session, account.id)
    before = _announced(upcoming)
    upcoming.sub_url = await _free_slug(
        repository, parent.channel_id, _session_sub_url(parent, start), upcoming.id
    )
    upcoming.start_at = start
    upcoming.time_zone = parent.time_zone
    upcoming.title = parent.title
    upcoming.duration_minutes = parent.duration_minutes
    upcoming.end_at = start + timedelta(minutes=parent.duration_minutes)
    parent.start_at, parent.end_at = upcoming.start_at, upcoming.end_at
    await conference_changed(session, upcoming, _changed_since(upcoming, before))
    await session.flush()


async def _announce_created(
    session: AsyncSession, account: Account, conference: Conference
) -> None:
    await emit(
        session,
        ConferenceCreated(
            account_id=account.id,
            conference_id=conference.id,
            channel_id=conference.channel_id,
            kind=conference.kind,
            title=conference.title,
            start_at=conference.start_at,
            end_at=conference.end_at,
        ),
    )


async def update_conference(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    changes: ConferenceChanges,
    kinds: Iterable[ConferenceKind] | None = None,
) -> Conference:
    """Checks every change first and only then applies them, so that a rejected
    update leaves the conference exactly as it was."""
    repository = ConferenceRepository(session, account.id)
    conference = await get_conference(session, account, conference_id, kinds)
    given = changes.model_fields_set

    kind = ConferenceKind(conference.kind)
    if changes.kind is not None and changes.kind != kind:
        if {kind, changes.kind} - _CONVERTIBLE_KINDS:
            raise InvalidInput(f"a {kind} conference cannot become a {changes.kind}")
        kind = changes.kind

    old_zone = conference.time_zone
    new_zone = valid_zone(changes.time_zone) if changes.time_zone else old_zone
    if changes.start is not None:
        start = resolve_local(changes.start, new_zone)
    elif new_zone != old_zone:
        # The start time was given in the old zone's wall clock; it stays at that
        # wall-clock time in the new zone, as if the organiser had picked it there.
        local = on_clock(conference.start_at, old_zone).replace(tzinfo=None)
        if not in_range(local):
            # Stored before the range was enforced: there is no start to keep.
            raise InvalidInput(
                f"the start is not {RANGE_TEXT}: give a new start with the zone", field="start"
            )
        start = resolve_local(local, new_zone)
    else:
        start = conference.start_at
    recurring_starts: list[datetime] = []
    if changes.recurring_starts is not None:
        if kind != ConferenceKind.RECURRING_PARENT:
            raise InvalidInput(
                "only a recurring webinar has recurring start times", field="recurring_starts"
            )
        recurring_starts = _recurring_starts(changes, new_zone)
        if not recurring_starts:
            raise InvalidInput(
                "a recurring webinar needs at least one recurring start time",
                field="recurring_starts",
            )
        start = recurring_starts[0]
    elif kind == ConferenceKind.RECURRING_PARENT:
        recurring_starts = [c.start_at for c in await repository.children(conference.id)]
    end = changes.end
    if end is None and kind == ConferenceKind.SERIES and changes.duration_minutes is None:
        end = conference.end_at + (start - conference.start_at)
    duration, end_at = _schedule(
        kind,
        start,
        conference.duration_minutes
        if changes.duration_minutes is None
        else changes.duration_minutes,
        end,
        recurring_starts,
        new_zone,
    )
    title = changes.title if "title" in given and changes.title is not None else conference.title
    sub_url = (
        await _free_sub_url(
            repository, conference.channel_id, changes.sub_url, title, conference.id
        )
        if changes.sub_url is not None
        else conference.sub_url
    )
    settings = (
        _merged_settings(conference.settings, changes.settings)
        if changes.settings
        else conference.settings
    )
    if changes.custom_fields is not None:
        _custom_field_names(changes.custom_fields)

    before = _announced(conference)
    conference.kind = kind
    conference.time_zone = new_zone
    conference.start_at = start
    conference.end_at = end_at
    conference.duration_minutes = duration
    for attribute in ("title", "purpose", "privacy", "format"):
        value = getattr(changes, attribute)
        if attribute in given and value is not None:
            setattr(conference, attribute, value)
    conference.sub_url = sub_url
    conference.settings = settings
    changed = _changed_since(conference, before)
    if changes.tags is not None:
        await repository.replace_tags(conference, changes.tags)
        changed.append("tags")
    if changes.custom_fields is not None:
        await _replace_custom_fields(repository, conference, changes.custom_fields)
        changed.append("custom_fields")
    await webhooks.change_conference_subscriptions(session, account, conference, changes.webhooks)
    if changes.webhooks:
        changed.append("webhooks")
    await conference_changed(session, conference, changed)

    if conference.kind == ConferenceKind.RECURRING_PARENT:
        for child in await repository.children(conference.id):
            _inherit(child, conference)
        if changes.recurring_starts is not None:
            await _sync_children(repository, conference, recurring_starts)
        await _share_webhooks(session, account, repository, conference)
    await session.flush()
    return conference


async def delete_conference(
    session: AsyncSession,
    account: Account,
    conference_id: str,
    kinds: Iterable[ConferenceKind] | None = None,
) -> None:
    """Deletes the conference with its sessions, tags, custom fields and content;
    sessions of a deleted series stay, as standalone webinars."""
    conference = await get_conference(session, account, conference_id, kinds)
    await ConferenceRepository(session, account.id).delete(conference)
    await emit(
        session,
        ConferenceDeleted(
            account_id=account.id, conference_id=conference.id, title=conference.title
        ),
    )


def _announced(conference: Conference) -> dict[str, Any]:
    """What ``conference.updated`` would name if it changed, as it is now."""
    return {name: getattr(conference, name) for name in _ANNOUNCED_ATTRIBUTES}


def _changed_since(conference: Conference, before: dict[str, Any]) -> list[str]:
    return [name for name, value in before.items() if getattr(conference, name) != value]


async def conference_changed(
    session: AsyncSession, conference: Conference, changed: Sequence[str]
) -> None:
    """Announces a change of the conference (``conference.updated``), if there was one."""
    if changed:
        await emit(
            session,
            ConferenceUpdated(
                account_id=conference.account_id,
                conference_id=conference.id,
                changed=list(dict.fromkeys(changed)),
            ),
        )


async def list_custom_fields(
    session: AsyncSession, account: Account, conference_id: str
) -> list[CustomField]:
    conference = await get_conference(session, account, conference_id)
    return await ConferenceRepository(session, account.id).custom_fields(conference.id)


async def custom_fields_of(
    session: AsyncSession, account: Account, conferences: Sequence[Conference]
) -> dict[str, list[CustomField]]:
    """The custom fields of conferences the caller has loaded, in one query, by
    conference id (a conference without any has an empty list)."""
    if not conferences:
        return {}
    ensure_owned(account, *conferences)
    ids = {c.id for c in conferences}
    fields = await ConferenceRepository(session, account.id).custom_fields_of(ids)
    return {conference_id: fields.get(conference_id, []) for conference_id in ids}


async def add_sessions_to_series(
    session: AsyncSession, account: Account, series_id: str, session_ids: Sequence[str]
) -> tuple[Conference, list[Conference]]:
    series = await get_conference(session, account, series_id, [ConferenceKind.SERIES])
    sessions = await _sessions(session, account, session_ids)
    for item in sessions:
        if item.series_id != series.id:
            item.series_id = series.id
            await conference_changed(session, item, ["series_id"])
    await session.flush()
    return series, sessions


async def remove_sessions_from_series(
    session: AsyncSession, account: Account, session_ids: Sequence[str]
) -> list[Conference]:
    """Takes sessions out of their series; the webinars themselves stay."""
    sessions = await _sessions(session, account, session_ids)
    if any(item.series_id is None for item in sessions):
        raise InvalidSessions("Invalid/Missing Session IDs")
    for item in sessions:
        item.series_id = None
        await conference_changed(session, item, ["series_id"])
    await session.flush()
    return sessions


async def _sessions(
    session: AsyncSession, account: Account, session_ids: Sequence[str]
) -> list[Conference]:
    ids = list(dict.fromkeys(i.strip() for i in session_ids if i.strip()))
    found = await ConferenceRepository(session, account.id).get_many(ids) if ids else []
    if not ids or len(found) != len(ids) or any(c.kind == ConferenceKind.SERIES for c in found):
        raise InvalidSessions("Invalid/Missing Session IDs")
    # In the order asked: the answer names them (PostgreSQL returns any order).
    position = {conference_id: index for index, conference_id in enumerate(ids)}
    return sorted(found, key=lambda conference: position[conference.id])


def valid_zone(name: str) -> str:
    if not is_zone(name):
        raise InvalidInput(f"unknown time zone: {name}", field="time_zone")
    return name


def _schedule(
    kind: ConferenceKind,
    start: datetime,
    duration: int,
    end: datetime | None,
    recurring_starts: list[datetime],
    time_zone: str,
) -> tuple[int, datetime]:
    """The session length and the conference's end. A series runs from its start to
    an end of its own; a session of anything else lasts 1 to MAX_DURATION_MINUTES."""
    if kind == ConferenceKind.SERIES and end is not None:
        end = resolve_local(end, time_zone)
        if end <= start:
            raise InvalidInput("the end time must be after the start time", field="end")
        return int((end - start).total_seconds() // 60), end
    if not MIN_DURATION_MINUTES <= duration <= MAX_DURATION_MINUTES:
        raise InvalidInput(
            f"duration must be between {MIN_DURATION_MINUTES} and {MAX_DURATION_MINUTES} minutes",
            field="duration_minutes",
        )
    last_start = max(recurring_starts, default=start)
    return duration, max(start, last_start) + timedelta(minutes=duration)


def _recurring_starts(changes: ConferenceChanges, time_zone: str) -> list[datetime]:
    return sorted({resolve_local(s, time_zone) for s in changes.recurring_starts or []})


# Settings that are two ways of giving one thing (a logo is a link or an uploaded
# file): changing one, and not the other, clears the other.
_ALTERNATIVES = {"room_logo": "room_logo_file_id", "room_logo_file_id": "room_logo"}


def _merged_settings(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = {**current, **changes}
    for name, other in _ALTERNATIVES.items():
        if name in changes and other not in changes:
            merged.pop(other, None)
    return _settings(merged)


def _settings(values: dict[str, Any]) -> dict[str, Any]:
    return validated(ConferenceSettings, values).model_dump(exclude_defaults=True)


async def _free_sub_url(
    repository: ConferenceRepository,
    channel_id: str,
    wanted: str | None,
    title: str,
    except_id: str | None,
) -> str:
    """The given sub_url if it is free in the channel, or the title's slug made free."""
    if wanted is not None:
        wanted = wanted.strip().strip("/")
        if not SLUG_PATTERN.fullmatch(wanted.lower()):
            raise InvalidInput(
                "sub_url may contain letters, digits, dashes and underscores (at most 100)"
            )
        if await repository.sub_url_taken(channel_id, wanted, except_id):
            raise SubUrlTaken(f"sub_url {wanted} is already used in this channel")
        return wanted
    return await _free_slug(repository, channel_id, slugify(title), except_id)


async def _free_slug(
    repository: ConferenceRepository, channel_id: str, base: str, except_id: str | None
) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first free in the channel."""
    candidate, n = base, 1
    while await repository.sub_url_taken(channel_id, candidate, except_id):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _inherit(child: Conference, parent: Conference) -> None:
    """A recurring session shares everything with its parent but its own start."""
    for attribute in ("title", "purpose", "format", "privacy", "time_zone", "settings"):
        setattr(child, attribute, getattr(parent, attribute))
    child.max_attendance = parent.max_attendance
    child.duration_minutes = parent.duration_minutes
    child.end_at = child.start_at + timedelta(minutes=parent.duration_minutes)


async def _share_webhooks(
    session: AsyncSession, account: Account, repository: ConferenceRepository, parent: Conference
) -> None:
    """Recurring sessions have their parent's webhooks, as they have its settings."""
    children = await repository.children(parent.id)
    await webhooks.copy_conference_subscriptions(session, account, parent, children)


def _session_sub_url(parent: Conference, start: datetime) -> str:
    """A session's address: its parent's and its start on the parent's clock."""
    return f"{parent.sub_url}-{start.astimezone(zone(parent.time_zone)):%Y%m%d-%H%M}"


async def _sync_children(
    repository: ConferenceRepository, parent: Conference, starts: list[datetime]
) -> None:
    """Makes the parent's sessions start exactly at ``starts``: sessions at a
    start that stays are kept (with their registrations), others are deleted."""
    existing = {child.start_at: child for child in await repository.children(parent.id)}
    wanted = set(starts)
    for start_at, child in existing.items():
        if start_at not in wanted:
            await repository.delete(child)
    new_children = []
    for start in sorted(wanted - set(existing)):
        child = Conference(
            account_id=parent.account_id,
            channel_id=parent.channel_id,
            kind=ConferenceKind.RECURRING_CHILD,
            parent_id=parent.id,
            sub_url=_session_sub_url(parent, start),
            start_at=start,
        )
        _inherit(child, parent)
        new_children.append(child)
    await repository.add(*new_children)


def _as_inputs(fields: list[CustomField]) -> list[CustomFieldInput]:
    return [
        CustomFieldInput(
            field_name=f.field_name,
            field_type=f.field_type,
            required=f.required,
            api_name=f.api_name,
            options=f.options,
        )
        for f in fields
    ]


def _custom_field_names(fields: list[CustomFieldInput]) -> list[str]:
    """The api names of ``fields``, once they are known to make a valid set."""
    names = [
        f.api_name or slugify(f.field_name, fallback="field").replace("-", "_") for f in fields
    ]
    repeated = next((i for i, name in enumerate(names) if name in names[:i]), None)
    if repeated is not None:
        raise InvalidInput(
            "custom fields must have distinct api names",
            field=f"custom_fields.{repeated}.field_name",
        )
    for position, (name, field) in enumerate(zip(names, fields, strict=True)):
        if field.field_type in ("dropdown", "radio") and not field.options:
            raise InvalidInput(
                f"custom field {name} of type {field.field_type} needs options",
                field=f"custom_fields.{position}.options",
            )
    return names


async def _replace_custom_fields(
    repository: ConferenceRepository, conference: Conference, fields: list[CustomFieldInput]
) -> None:
    """Makes the conference ask exactly ``fields``. A field keeps its id (and, later,
    its answers) while its api_name stays the same."""
    names = _custom_field_names(fields)
    existing = {f.api_name: f for f in await repository.custom_fields(conference.id)}
    await repository.delete_custom_fields(f for name, f in existing.items() if name not in names)
    new_fields = []
    for position, (name, field) in enumerate(zip(names, fields, strict=True)):
        row = existing.get(name) or CustomField(
            account_id=conference.account_id, conference_id=conference.id, api_name=name
        )
        row.field_name = field.field_name
        row.field_type = field.field_type
        row.required = field.required
        row.options = field.options
        row.position = position
        if name not in existing:
            new_fields.append(row)
    await repository.add(*new_fields)
