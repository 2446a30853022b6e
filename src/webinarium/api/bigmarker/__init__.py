"""The BigMarker API v1 dialect, mounted at /api/v1.

Route modules are included in an order that puts literal paths
(``/conferences/register``, ``/conferences/search``, …) before
``/conferences/{conference_id}``. What no route takes is answered by
`api.dialects` in BigMarker's envelope.
"""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.api.bigmarker import (
    attendance_reports,
    block_lists,
    categories,
    channel_admins,
    channels,
    conferences,
    content,
    content_reports,
    custom_emails,
    enter,
    meeting_spaces,
    members,
    polls,
    presenters,
    recordings,
    registrations,
    series,
    talk_reports,
)

router = APIRouter(prefix="/api/v1")
MODULES = (
    members,
    registrations,
    enter,
    content_reports,
    content,
    talk_reports,
    custom_emails,
    # Before conferences: /conferences/dial_in_list/{conference_id} and
    # /conferences/refresh_analytics_report/{conference_id} are literal paths.
    attendance_reports,
    recordings,
    conferences,
    meeting_spaces,
    series,
    block_lists,
    channels,
    categories,
    polls,
    presenters,
    channel_admins,
)
for module in MODULES:
    router.include_router(module.router)
