# Written by tools/unasync_sdk.py from _async/bigmarker.py:
# change that file, then `make sdk`.
"""`BigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header.

Each resource is an object on the client (``client.conferences``,
``client.registrants``, …) whose methods are typed and answer models of
`webinarium.client.models.bigmarker`; `request` reaches any call. The lists
page by themselves (`bigmarker_paging.bigmarker_pages`).
"""

from __future__ import annotations

from functools import cached_property

from webinarium.client._dialects import BIGMARKER
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_channels import (
    BlockLists,
    Categories,
    ChannelAdmins,
    Channels,
    MeetingSpaces,
    Members,
    Polls,
    Subscribers,
)
from webinarium.client._sync.bigmarker_conferences import (
    Conferences,
    Handouts,
    Series,
)
from webinarium.client._sync.bigmarker_presenters import Presenters
from webinarium.client._sync.bigmarker_registrants import Attendees, Registrants
from webinarium.client._sync.bigmarker_reports import Reports


class BigMarker(PathClient):
    """BigMarker v1: ``BigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER

    # Conferences, registrations, presenters.

    @cached_property
    def conferences(self) -> Conferences:
        return Conferences(self)

    @cached_property
    def registrants(self) -> Registrants:
        return Registrants(self)

    @cached_property
    def attendees(self) -> Attendees:
        return Attendees(self)

    @cached_property
    def presenters(self) -> Presenters:
        return Presenters(self)

    @cached_property
    def handouts(self) -> Handouts:
        return Handouts(self)

    @cached_property
    def series(self) -> Series:
        return Series(self)

    # Channels and the rest (bigmarker_channels, bigmarker_reports).
    @cached_property
    def channels(self) -> Channels:
        return Channels(self)

    @cached_property
    def subscribers(self) -> Subscribers:
        return Subscribers(self)

    @cached_property
    def channel_admins(self) -> ChannelAdmins:
        return ChannelAdmins(self)

    @cached_property
    def categories(self) -> Categories:
        return Categories(self)

    @cached_property
    def reports(self) -> Reports:
        return Reports(self)

    @cached_property
    def meeting_spaces(self) -> MeetingSpaces:
        return MeetingSpaces(self)

    @cached_property
    def block_lists(self) -> BlockLists:
        return BlockLists(self)

    @cached_property
    def polls(self) -> Polls:
        return Polls(self)

    @cached_property
    def members(self) -> Members:
        return Members(self)
