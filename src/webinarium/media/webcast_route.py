"""``GET /room/webcast/{token}/{name}``: a webcast's playlist and segments
(media/webcast.py), to a member holding the signed link of the room's snapshot.

The token is in the path, not the query: the playlist names its segments by
relative URIs, and a player resolves them against the playlist's path.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from webinarium.kit.signed_links import LinkRefused, read_link
from webinarium.media.webcast import LINK_PURPOSE, PLAYLIST, folder_of
from webinarium.settings import Settings

router = APIRouter()

SEGMENT = re.compile(r"segment-\d{1,12}\.ts")
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"
SEGMENT_TYPE = "video/mp2t"


@router.get("/room/webcast/{token}/{name}", include_in_schema=False)
async def webcast_file(token: str, name: str, request: Request) -> Response:
    settings: Settings = request.app.state.settings
    try:
        claims = read_link(
            settings.secret_key, LINK_PURPOSE, token, now=request.app.state.clock.now()
        )
    except LinkRefused as error:
        return PlainTextResponse(error.message, status_code=403)
    if name != PLAYLIST and not SEGMENT.fullmatch(name):
        return PlainTextResponse("no such file in a webcast", status_code=404)
    path = folder_of(settings, str(claims["conference"])) / name
    if not path.is_file():
        # No presenter publishing yet (or the segment rolled off the playlist).
        return PlainTextResponse("the webcast has not started", status_code=404)
    if name == PLAYLIST:
        # Rewritten every segment: a cached copy is a stalled stream.
        return Response(
            path.read_bytes(),
            media_type=PLAYLIST_TYPE,
            headers={"Cache-Control": "no-cache, no-store"},
        )
    # A segment never changes, and is the member's own to keep for a while.
    return FileResponse(
        path, media_type=SEGMENT_TYPE, headers={"Cache-Control": "private, max-age=60"}
    )
