"""BigMarker authentication: the ``API-KEY`` request header (also spelled
``API_KEY``, as some integrations send it: `api_key_of`).

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


def api_key_of(request: Request) -> str | None:
    """The ``API-KEY`` header, or ``API_KEY`` when that is the one sent. (Proxies
    such as nginx drop headers with underscores by default; behind one, only
    ``API-KEY`` arrives.)"""
    return request.headers.get("api-key") or request.headers.get("api_key")


async def _account(request: Request, session: Session) -> Account:
    return await authenticate_api_key(session, api_key_of(request))


async def _read_account(request: Request, session: ReadSession) -> Account:
    return await authenticate_api_key(session, api_key_of(request))


# The dependencies that check the key (what /openapi.json looks for to mark a
# route as needing it).
KEY_CHECKS = (_account, _read_account)
CurrentAccount = Annotated[Account, Depends(_account)]
ReadAccount = Annotated[Account, Depends(_read_account)]
