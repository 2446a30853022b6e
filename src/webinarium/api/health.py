from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from webinarium.api.deps import ReadSession

router = APIRouter()


@router.get("/healthz")
async def healthz(session: ReadSession) -> dict[str, str]:
    """200 once the database answers a query."""
    await session.execute(text("SELECT 1"))
    return {"status": "ok"}
