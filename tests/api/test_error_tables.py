"""The dialects' error tables name only what exists: a route, action or method
renamed or removed, or an error code misspelt, would leave a documented reply
silently unused."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from webinarium.api.bigmarker.errors import DEFAULT_REPLIES, REPLIES, BigMarkerRoute
from webinarium.api.boomstream.transport import MESSAGES
from webinarium.app import create_app
from webinarium.kit.errors import DomainError
from webinarium.settings import Settings


def _codes() -> set[str]:
    """The code of every domain error class (the app imports every domain)."""
    found: set[str] = set()
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        kind = pending.pop()
        found.add(kind.code)
        pending.extend(kind.__subclasses__())
    return found


def _names(routes: Sequence[BaseRoute], route_class: type[APIRoute]) -> Iterator[str]:
    for route in routes:
        if isinstance(route, route_class):
            yield route.name
        # FastAPI keeps an included router whole (its `original_router`).
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _names(included.routes, route_class)


def _routes(settings: Settings, route_class: type[APIRoute]) -> set[str]:
    return set(_names(create_app(settings).routes, route_class))


def test_every_bigmarker_operation_with_replies_is_a_route(settings: Settings) -> None:
    routes = _routes(settings, BigMarkerRoute)
    assert "conferences_show" in routes  # the names are read from the real app
    assert sorted(set(REPLIES) - routes) == []


def test_every_code_the_tables_answer_is_a_domain_error(settings: Settings) -> None:
    create_app(settings)
    codes = _codes()
    assert "conference_not_found" in codes
    named = {code for replies in REPLIES.values() for code in replies}
    named |= set(DEFAULT_REPLIES) | set(MESSAGES)
    assert sorted(named - codes) == []
