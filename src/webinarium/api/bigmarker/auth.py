"""BigMarker authentication: the ``API-KEY`` request header."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from webinarium.accounts.service import authenticate_api_key
from webinarium.api.deps import Session
from webinarium.models import Account


async def _account(request: Request, session: Session) -> Account:
    return await authenticate_api_key(session, request.headers.get("api-key"))


CurrentAccount = Annotated[Account, Depends(_account)]
