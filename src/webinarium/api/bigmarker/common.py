"""Small helpers shared by the BigMarker route modules."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from webinarium.api.params import Params, read_params
from webinarium.kit.pagination import PageRequest

RequestParams = Annotated[Params, Depends(read_params)]


def base_url(request: Request) -> str:
    """PUBLIC_URL, the prefix of every address the API returns."""
    return str(request.app.state.settings.base_url)


def page_request(params: Params, default_per_page: int) -> PageRequest:
    return PageRequest(
        page=params.integer("page") or 1,
        per_page=params.integer("per_page") or default_per_page,
    )
