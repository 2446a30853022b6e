"""The native API, ``/api/webinarium/v1/``: what the vendors' APIs do not have
(files, offers). API-KEY header as BigMarker's; errors ``{"error": {"code",
"message"}}`` (errors.py). See docs/native-api.md."""

from __future__ import annotations

from fastapi import APIRouter

from webinarium.api.webinarium import files, offers
from webinarium.api.webinarium.errors import PREFIX

router = APIRouter(prefix=PREFIX)
router.include_router(files.router)
router.include_router(offers.router)
