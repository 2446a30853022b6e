"""`AsyncBigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header.

Each resource is an object on the client (``client.conferences``,
``client.registrants``, …) whose methods are typed and answer models of
`webinarium.client.models.bigmarker`; `request` reaches any call. The lists
page by themselves (`bigmarker_paging.bigmarker_pages`).
"""

from __future__ import annotations

from functools import cached_property

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._async.bigmarker_channels import (
    AsyncBlockLists,
    AsyncCategories,
    AsyncChannelAdmins,
    AsyncChannels,
    AsyncMeetingSpaces,
    AsyncMembers,
    AsyncPolls,
    AsyncSubscribers,
)
from webinarium.client._async.bigmarker_conferences import (
    AsyncConferences,
    AsyncHandouts,
    AsyncSeries,
)
from webinarium.client._async.bigmarker_presenters import AsyncPresenters
from webinarium.client._async.bigmarker_registrants import AsyncAttendees, AsyncRegistrants
from webinarium.client._async.bigmarker_reports import AsyncReports
from webinarium.client._dialects import BIGMARKER


class AsyncBigMarker(AsyncPathClient):
    """BigMarker v1: ``AsyncBigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER

    # Conferences, registrations, presenters.

    @cached_property
    def conferences(self) -> AsyncConferences:
        return AsyncConferences(self)

    @cached_property
    def registrants(self) -> AsyncRegistrants:
        return AsyncRegistrants(self)

    @cached_property
    def attendees(self) -> AsyncAttendees:
        return AsyncAttendees(self)

    @cached_property
    def presenters(self) -> AsyncPresenters:
        return AsyncPresenters(self)

    @cached_property
    def handouts(self) -> AsyncHandouts:
        return AsyncHandouts(self)

    @cached_property
    def series(self) -> AsyncSeries:
        return AsyncSeries(self)

    # Channels and the rest (bigmarker_channels, bigmarker_reports).
    @cached_property
    def channels(self) -> AsyncChannels:
        return AsyncChannels(self)

    @cached_property
    def subscribers(self) -> AsyncSubscribers:
        return AsyncSubscribers(self)

    @cached_property
    def channel_admins(self) -> AsyncChannelAdmins:
        return AsyncChannelAdmins(self)

    @cached_property
    def categories(self) -> AsyncCategories:
        return AsyncCategories(self)

    @cached_property
    def reports(self) -> AsyncReports:
        return AsyncReports(self)

    @cached_property
    def meeting_spaces(self) -> AsyncMeetingSpaces:
        return AsyncMeetingSpaces(self)

    @cached_property
    def block_lists(self) -> AsyncBlockLists:
        return AsyncBlockLists(self)

    @cached_property
    def polls(self) -> AsyncPolls:
        return AsyncPolls(self)

    @cached_property
    def members(self) -> AsyncMembers:
        return AsyncMembers(self)
