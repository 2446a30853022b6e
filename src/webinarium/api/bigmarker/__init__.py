"""The BigMarker API v1 dialect, mounted at /api/v1.

Route modules are included in an order that puts literal paths
(``/conferences/register``, ``/conferences/search``, …) before
``/conferences/{conference_id}``.
"""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.api.bigmarker import (
    block_lists,
    conferences,
    content,
    meeting_spaces,
    members,
    registrations,
    series,
)

router = APIRouter(prefix="/api/v1")
for module in (
    members,
    registrations,
    content,
    conferences,
    meeting_spaces,
    series,
    block_lists,
):
    router.include_router(module.router)
