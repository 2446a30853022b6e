"""BigMarker Authentication: log in with e-mail and password, get an API key."""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.accounts.service import log_in
from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import Session
from webinarium.api.reads import Param, reads

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Authentication"])


@router.post("/members/login", name="members_login")
@reads(Param("email", required=True), Param("password", required=True))
async def login(session: Session, params: RequestParams) -> list[dict[str, str]]:
    issued = await log_in(
        session, email=params.text("email") or "", password=params.text("password") or ""
    )
    return [{"api_token": issued.plain}]
