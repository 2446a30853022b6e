# Written by tools/unasync_sdk.py from _async/bigmarker.py: change that file, then `make sdk`.
"""`BigMarker`: BigMarker API v1 (docs/bigmarker.md), the key in the
``API-KEY`` header."""

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
from webinarium.client._sync.bigmarker_reports import Reports


class BigMarker(PathClient):
    """BigMarker v1: ``BigMarker(api_key=…, base_url="https://…")``."""

    dialect = BIGMARKER

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
