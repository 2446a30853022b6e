"""Small helpers shared by the BigMarker route modules."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from webinarium.api.bigmarker.errors import TimestampFormatError
from webinarium.api.params import Params, read_params
from webinarium.api.reads import Param, declared
from webinarium.conferences.schemas import ConferenceKind, ConferencePhase
from webinarium.kit.errors import InvalidInput
from webinarium.kit.pagination import PageRequest


async def _declared_params(request: Request) -> Params:
    return declared(request, await read_params(request))


RequestParams = Annotated[Params, Depends(_declared_params)]

# What BigMarker's listings (List Conferences and List Channel Conferences, and
# the search's live_webinar) count as webinars: one-time webinars, recurring
# and evergreen parents (recurring ones alone under `multiple_times`) and each
# of their sessions, which is a conference of its own in BigMarker (with
# `master_webinar_id`). Meeting spaces and series have no session schedule:
# they appear only through the types that name them (`always_open`,
# `future_with_24_hour_room`, `include_series=true`).
WEBINAR_KINDS = frozenset(
    {
        ConferenceKind.WEBINAR,
        ConferenceKind.RECURRING_PARENT,
        ConferenceKind.RECURRING_CHILD,
        ConferenceKind.EVERGREEN_PARENT,
        ConferenceKind.EVERGREEN_CHILD,
    }
)

# BigMarker's words for the phases of a conference (``None``: any phase). A
# webinar running late is still "future" until it ends; "past" is every ended
# or cancelled one.
PHASE_WORDS: dict[str, frozenset[ConferencePhase] | None] = {
    "future": frozenset({ConferencePhase.UPCOMING, ConferencePhase.LIVE}),
    "future_do_not_include_happening": frozenset({ConferencePhase.UPCOMING}),
    "happening_now": frozenset({ConferencePhase.LIVE}),
    "past": frozenset({ConferencePhase.OVER}),
    "all": None,
}


def base_url(request: Request) -> str:
    """PUBLIC_URL, the prefix of every address the API returns."""
    return str(request.app.state.settings.base_url)


def secret_key(request: Request) -> str:
    """The server's secret key: personal links' tokens are derived with it."""
    return str(request.app.state.settings.secret_key)


def paging(default_per_page: int, page_name: str = "page") -> tuple[Param, ...]:
    """The parameters `page_request` reads (some reports name the page ``current_page``)."""
    return (
        Param(page_name, int, default=1, description="page number, from 1"),
        Param("per_page", int, default=default_per_page, description="items per page"),
    )


def page_request(params: Params, default_per_page: int, page_name: str = "page") -> PageRequest:
    return PageRequest(
        page=params.integer(page_name) or 1,
        per_page=params.integer("per_page") or default_per_page,
    )


def time_filter_param(name: str, description: str) -> Param:
    """A parameter `time_filter` reads."""
    return Param(name, int, description=f"{description}, in Unix seconds")


def time_filter(params: Params, name: str) -> datetime | None:
    """A Unix-seconds filter; the document answers a bad one with its own 401."""
    try:
        return params.unix_time(name)
    except InvalidInput:
        raise TimestampFormatError(name) from None
