"""BigMarker Authentication: log in with e-mail and password, get an API key.

The route opens its units of work itself (`accounts.login`): the password is
checked between a read and a write, outside both.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from webinarium.accounts.login import log_in
from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import claim_unit
from webinarium.api.reads import Param, reads

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Authentication"])


@router.post("/members/login", name="members_login")
@reads(Param("email", required=True), Param("password", required=True))
async def login(request: Request, params: RequestParams) -> list[dict[str, str]]:
    issued = await log_in(
        claim_unit(request, "login's read and write units"),
        request.app.state.login_throttle,
        email=params.text("email") or "",
        password=params.text("password") or "",
        # The peer, or behind a proxy the client it names (uvicorn's proxy headers).
        address=request.client.host if request.client else "",
    )
    return [{"api_token": issued.plain}]
