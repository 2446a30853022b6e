"""The request's unit of work (`api.deps`): one per request, read-only when
declared so. A small app of three routes, served in-process."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from webinarium.api.deps import ReadSession, Session
from webinarium.kit.db import Database
from webinarium.settings import Settings

app = FastAPI()


@app.get("/both")
async def both(session: Session, reading: ReadSession) -> None:
    pass


@app.post("/write-while-reading")
async def write_while_reading(session: ReadSession) -> None:
    await session.execute(text("UPDATE accounts SET name = name"))


@app.post("/read")
async def read(session: ReadSession) -> int:
    return int(await session.scalar(text("SELECT 1")) or 0)


def _request(settings: Settings, method: str, path: str, body: bytes = b"") -> httpx.Response:
    async def main() -> httpx.Response:
        async with Database(settings.database_url_async) as database:
            app.state.database = database
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
                return await client.request(method, path, content=body)

    return asyncio.run(main())


def test_a_request_opens_one_unit_of_work(settings: Settings) -> None:
    with pytest.raises(RuntimeError, match="one unit of work"):
        _request(settings, "GET", "/both")


def test_a_read_only_route_cannot_write(settings: Settings) -> None:
    with pytest.raises(DBAPIError, match=r"(?i)read.?only"):
        _request(settings, "POST", "/write-while-reading")


def test_a_read_only_route_reads_after_receiving_the_body(settings: Settings) -> None:
    response = _request(settings, "POST", "/read", b"a body, received before the unit opens")
    assert response.json() == 1
