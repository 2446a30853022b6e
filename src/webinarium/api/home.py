"""``GET /``: a page saying what this server is and where its APIs are."""

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
