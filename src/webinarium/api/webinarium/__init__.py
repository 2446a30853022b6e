"""The native API, ``/api/webinarium/v1/``: what the vendors' APIs do not have
(files, conference files, offers, surveys, check-in, the registration webhook's
URL, webhook endpoints and deliveries, the event feed, evergreen webinars). API-KEY header as
BigMarker's; errors ``{"error": {"code", "message"}}`` (errors.py). See
docs/native-api.md."""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.api.webinarium import (
    checkins,
    conference_files,
    events,
    evergreen,
    files,
    offers,
    registration_webhook,
    surveys,
    webhooks,
)
from webinarium.api.webinarium.errors import PREFIX

router = APIRouter(prefix=PREFIX)
router.include_router(files.router)
router.include_router(surveys.router)
router.include_router(checkins.router)
router.include_router(offers.router)
router.include_router(conference_files.router)
router.include_router(registration_webhook.router)
router.include_router(webhooks.router)
router.include_router(events.router)
router.include_router(evergreen.router)
