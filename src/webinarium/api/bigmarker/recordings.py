"""BigMarker "Manage Conferences": a conference's recording — its status,
publishing and unpublishing it (GET, as the document writes them), and who
watched it on demand."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.bigmarker.common import base_url
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.deps import ReadSession, Session
from webinarium.conferences import service as conferences
from webinarium.kit.time import iso_utc
from webinarium.recordings import service as recordings
from webinarium.recordings.errors import RecordingProcessing

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Conferences"])


@router.get("/conferences/{conference_id}/recording", name="conferences_recording_status")
async def recording_status(
    conference_id: str, request: Request, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    conference = await conferences.get_conference(session, account, conference_id)
    address = await conferences.address_of(session, account, base_url(request), conference)
    try:
        recording = await recordings.latest_recording(session, account, conference)
    except RecordingProcessing:
        # The document's answer while "recording is still processing".
        return {
            "published": False,
            "download_ready": False,
            "conference_url": address,
            "recording_status": "Processing",
        }
    return {
        "published": recording.published,
        "download_ready": recording.file_id is not None,
        "conference_url": address,
    }


@router.get("/conferences/{conference_id}/publish_recording", name="conferences_publish_recording")
async def publish_recording(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> dict[str, str]:
    conference = await conferences.get_conference(session, account, conference_id)
    await recordings.publish(session, account, conference, request.app.state.clock.now())
    return {"published_status": "Your recording is now published."}


@router.get(
    "/conferences/{conference_id}/unpublish_recording", name="conferences_unpublish_recording"
)
async def unpublish_recording(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> dict[str, str]:
    conference = await conferences.get_conference(session, account, conference_id)
    await recordings.unpublish(session, account, conference, request.app.state.clock.now())
    return {"published_status": "Your recording is now unpublished."}


@router.get("/conferences/{conference_id}/recording_views", name="conferences_recording_views")
async def recording_views(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> dict[str, Any]:
    conference = await conferences.get_conference(session, account, conference_id)
    await recordings.latest_recording(session, account, conference)
    views = await recordings.views_of(session, account, conference)
    return {
        "recording_views": [
            {
                "id": v.id,
                "bmid": v.person_id,
                "conference_id": v.conference_id,
                "created_at": iso_utc(v.created_at),
                # Minutes, as the document says.
                "watch_duration": v.watched_seconds // 60,
            }
            for v in views
        ]
    }
