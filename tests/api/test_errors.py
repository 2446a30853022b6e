"""A domain error rolls the request's transaction back before it is rendered."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import Session
from webinarium.app import create_app
from webinarium.kit.errors import InvalidInput
from webinarium.models import Account, User
from webinarium.settings import Settings

EMAIL = "half-done@example.test"


def _app_with_a_failing_write(settings: Settings) -> Any:
    app = create_app(settings)
    router = APIRouter(route_class=BigMarkerRoute)

    @router.post("/api/v1/write-then-fail", name="write_then_fail")
    async def write_then_fail(session: Session) -> dict[str, str]:
        session.add(Account(name="half done", email=EMAIL))
        await session.flush()
        raise InvalidInput("refused after a write")

    @router.get("/api/v1/count", name="count")
    async def count(session: Session) -> dict[str, int]:
        total = await session.scalar(
            select(func.count()).select_from(Account).where(Account.email == EMAIL)
        )
        return {"accounts": total or 0}

    app.include_router(router)
    return app


def test_a_refused_request_keeps_nothing_it_wrote(settings: Settings) -> None:
    app = _app_with_a_failing_write(settings)

    async def scenario() -> tuple[httpx.Response, dict[str, int]]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                refused = await client.post("/api/v1/write-then-fail")
                counted = (await client.get("/api/v1/count")).json()
        return refused, counted

    refused, counted = asyncio.run(scenario())
    assert refused.status_code == 400
    assert refused.json() == {"error": "refused after a write"}
    assert counted == {"accounts": 0}


def _post(app: Any, router: APIRouter, path: str) -> httpx.Response:
    """POST ``path`` to ``app`` with ``router``'s test routes added."""
    app.include_router(router)

    async def scenario() -> httpx.Response:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                response: httpx.Response = await client.post(path)
                return response

    return asyncio.run(scenario())


def test_a_constraint_clash_is_a_clear_refusal_not_a_500(settings: Settings) -> None:
    app = create_app(settings)
    router = APIRouter(route_class=BigMarkerRoute)

    @router.post("/same-email-twice", name="same_email_twice")
    async def same_email_twice(session: Session) -> dict[str, str]:
        # What two racing requests do: both insert the same unique value.
        session.add(User(account_id="x", email=EMAIL, name="a", password_hash="-"))
        session.add(User(account_id="x", email=EMAIL, name="b", password_hash="-"))
        await session.flush()
        return {}

    response = _post(app, router, "/same-email-twice")
    assert response.status_code == 400
    assert "send it again" in response.json()["error"]


def test_a_pydantic_refusal_that_escapes_is_a_clear_refusal_not_a_500(settings: Settings) -> None:
    app = create_app(settings)
    router = APIRouter(route_class=BigMarkerRoute)

    class Limited(BaseModel):
        code: str = Field(max_length=3)

    @router.post("/unguarded", name="unguarded")
    async def unguarded() -> dict[str, str]:
        return Limited.model_validate({"code": "too long"}).model_dump()

    response = _post(app, router, "/unguarded")
    assert response.status_code == 400
    message = response.json()["error"]
    assert message.startswith("code:")
    assert "3" in message
    assert "pydantic" not in message
