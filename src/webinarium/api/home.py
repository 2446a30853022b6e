"""``GET /``: a page saying what this server is and where its APIs are; and
the page of an address that has nothing behind it yet."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Webinarium</title></head>
<body>
<h1>Webinarium</h1>
<p>A self-hosted webinar server.</p>
<ul>
<li>BigMarker API v1: <code>/api/v1/…</code> with an <code>API-KEY</code> header</li>
<li>MyOwnConference API: <code>POST /</code> with a form field <code>request</code></li>
<li>Boomstream conference API: <code>/api/conference/…?apikey=…</code></li>
<li>API reference: <a href="/docs">/docs</a> (<a href="/openapi.json">/openapi.json</a>)</li>
<li>Health: <a href="/healthz">/healthz</a></li>
</ul>
</body></html>
"""


@router.get("/", response_class=HTMLResponse)
async def home() -> str:
    return PAGE


# Webinar pages, enter links, presenter and moderator links have the shape
# /<channel>/<webinar>?…: the room that will serve them is not built yet, so
# such an address says so in a sentence rather than {"detail": "Not Found"}.
NOTHING_HERE_YET = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not here yet · Webinarium</title></head>
<body>
<h1>Nothing is here yet</h1>
<p>This address may be a webinar's page or a personal link into its room.
This Webinarium server does not have webinar pages or the room yet, so there is
nothing to show here; the APIs that gave out this link work.</p>
<p><a href="/">Webinarium</a></p>
</body></html>
"""


def nothing_here_yet() -> HTMLResponse:
    return HTMLResponse(NOTHING_HERE_YET, status_code=404)
