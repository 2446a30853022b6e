"""BigMarker authentication: the ``API-KEY`` request header.

The key is checked in the request's own unit of work: ``CurrentAccount`` with
a ``Session`` (routes that write), ``ReadAccount`` with a ``ReadSession``
(routes that only read: the GET routes and search).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from webinarium.accounts.service import authenticate_api_key
from webinarium.api.deps import ReadSession, Session
from webinarium.models import Account


async def _account(request: Request, session: Session) -> Account:
    return await authenticate_api_key(session, request.headers.get("api-key"))


async def _read_account(request: Request, session: ReadSession) -> Account:
    return await authenticate_api_key(session, request.headers.get("api-key"))


# The dependencies that check the key (what /openapi.json looks for to mark a
# route as needing it).
KEY_CHECKS = (_account, _read_account)
CurrentAccount = Annotated[Account, Depends(_account)]
ReadAccount = Annotated[Account, Depends(_read_account)]
