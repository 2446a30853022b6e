"""The bare apps the project is held against, each doing only part of the
project's work on the same machine, served by the same uvicorn.

Each is a FastAPI factory (``uvicorn --factory ceilings:<name>``) configured by
``BENCH_*`` environment variables; none checks an API key. They use the
project's own validation models and rendering helpers where the project has
them, so a ceiling does the same work minus what it leaves out on purpose.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Row, TextClause, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from webinarium.api.boomstream.transport import to_xml
from webinarium.api.myownconference.participants import AttendeesCreate, WebinarAttendees
from webinarium.api.myownconference.values import local_time
from webinarium.api.myownconference.webinars import ROOM_LANGUAGES
from webinarium.kit.ids import new_id
from webinarium.people.service import normalize_email
from webinarium.registrations.schemas import RegistrantInput

PUBLIC_URL = "https://webinars.example.test"


def _bare(lifespan: Any = None) -> FastAPI:
    # Telemetry off, as create_app has it: the ceiling must not pay a cost the project avoids.
    return FastAPI(
        lifespan=lifespan,
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )


def _body() -> Any:
    """The project's answer, captured by the case before the load (BENCH_BODY names the file)."""
    return json.loads(Path(os.environ["BENCH_BODY"]).read_text())


Fetch = Callable[[TextClause], Awaitable[Sequence[Row[Any]]]]


def _with_engine() -> tuple[FastAPI, Fetch]:
    """An app with an engine on the project's database (BENCH_DATABASE_URL), and
    ``fetch(statement)``: its rows for the account BENCH_ACCOUNT_ID."""
    engines: list[AsyncEngine] = []
    account = os.environ["BENCH_ACCOUNT_ID"]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_async_engine(os.environ["BENCH_DATABASE_URL"])
        engines.append(engine)
        yield
        await engine.dispose()

    async def fetch(statement: TextClause) -> Sequence[Row[Any]]:
        async with engines[0].connect() as connection:
            return (await connection.execute(statement, {"account": account})).all()

    return _bare(lifespan), fetch


def _utc(value: datetime | str) -> datetime:
    """A stored UTC time as the driver gives it (SQLite: text; PostgreSQL: naive datetime)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC)


def register_form() -> FastAPI:
    """BigMarker's register form read and validated as the project does
    (required fields, e-mail syntax, the registrant model); no database."""
    app = _bare()

    @app.put("/api/v1/conferences/register")
    async def register(
        id: Annotated[str, Form()],
        email: Annotated[str, Form()],
        first_name: Annotated[str, Form()],
        last_name: Annotated[str, Form()],
    ) -> dict[str, str]:
        RegistrantInput(email=normalize_email(email), first_name=first_name, last_name=last_name)
        return {"conference_url": f"{PUBLIC_URL}/bench/{id}?bmid={new_id()}"}

    return app


_MOC_PARAMS: dict[str, type[BaseModel]] = {
    "attendeesCreate": AttendeesCreate,
    "attendeesAddToWebinar": WebinarAttendees,
}
_MOC_SUCCESS = {
    "attendeesCreate": "Participant created",
    "attendeesAddToWebinar": "Participants attached to the webinar",
}


def moc_attendee_forms() -> FastAPI:
    """MyOwnConference's ``request`` form field read, parsed and validated with
    the project's params models, answered in its envelope; no database."""
    app = _bare()

    @app.post("/")
    async def action(request: Annotated[str, Form()]) -> JSONResponse:
        data = json.loads(request)
        _MOC_PARAMS[data["action"]].model_validate(data["params"])
        echo = {"action": data["action"], "params": data["params"]}
        return JSONResponse(
            {"request": echo, "response": {"success": _MOC_SUCCESS[data["action"]]}}
        )

    return app


_WEBINARS = text(
    """
    SELECT c.title, c.purpose, c.created_at, c.alias, c.start_at,
           c.settings ->> 'display_language' AS display_language,
           a.time_zone, a.language
    FROM conferences c JOIN accounts a ON a.id = c.account_id
    WHERE c.account_id = :account AND c.kind IN ('webinar', 'recurring_child')
    ORDER BY c.start_at, c.id
    """
)


def moc_webinars_raw_sql() -> FastAPI:
    """webinarsList as one raw SQL query and the same rendering (times on the
    profile's clock, the room language), in the same envelope."""
    app, fetch = _with_engine()

    @app.post("/")
    async def webinars_list() -> JSONResponse:
        listed = []
        for row in await fetch(_WEBINARS):
            language = (row.display_language or "").lower()
            if language not in ROOM_LANGUAGES:
                own = row.language.lower()
                language = own if own in ROOM_LANGUAGES else "en"
            listed.append(
                {
                    "name": row.title,
                    "description": row.purpose,
                    "created": local_time(_utc(row.created_at), "UTC"),
                    "alias": row.alias,
                    "start": local_time(_utc(row.start_at), row.time_zone),
                    "language": language,
                }
            )
        echo = {"action": "webinarsList", "params": {}}
        return JSONResponse({"request": echo, "response": listed})

    return app


def moc_webinars_body() -> FastAPI:
    """webinarsList's answer, as the project gave it, sent again: the cost of
    the body alone (JSON encoding and HTTP)."""
    app = _bare()
    body = _body()

    @app.post("/")
    async def webinars_list() -> JSONResponse:
        return JSONResponse(body)

    return app


_BOOMSTREAM = text(
    """
    SELECT title, code, purpose FROM conferences
    WHERE account_id = :account AND kind != 'recurring_child'
    ORDER BY number
    """
)


def boomstream_raw_sql() -> FastAPI:
    """Boomstream's list as one raw SQL query and the project's XML rendering."""
    app, fetch = _with_engine()

    @app.get("/api/conference/list")
    async def list_() -> Response:
        rows = await fetch(_BOOMSTREAM)
        listed = [{"title": r.title, "code": r.code, "description": r.purpose} for r in rows]
        body = to_xml({"conferences": listed, "Status": "Success"})
        return Response(body, media_type="application/xml; charset=utf-8")

    return app


def conference_json() -> FastAPI:
    """A bare FastAPI JSON endpoint answering the project's conference document."""
    app = _bare()
    body = _body()

    @app.get("/api/v1/conferences/{conference_id}")
    async def show(conference_id: str) -> dict[str, Any]:
        return dict(body)

    return app
