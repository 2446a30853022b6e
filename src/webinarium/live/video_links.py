"""Which links the room can play as a video: a YouTube or Vimeo video's page
(the room page embeds that site's player) or a video file's URL (played by the
browser). The room page reads the site's video id the same way
(``static/room-video.js``, ``embedUrl``)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from webinarium.content.service import file_type_of

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# youtube.com/embed/<id>, /shorts/<id>, /live/<id>, /v/<id>
_YOUTUBE_PATHS = ("embed", "shorts", "live", "v")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _on(host: str, site: str) -> bool:
    return host == site or host.endswith("." + site)


def youtube_id(url: str) -> str | None:
    """The video id of a YouTube link (``watch?v=``, ``youtu.be/``, ``/embed/`` …)."""
    parts = urlsplit(url)
    host = _host(url)
    segments = [s for s in parts.path.split("/") if s]
    candidate: str | None = None
    if _on(host, "youtu.be"):
        candidate = segments[0] if segments else None
    elif _on(host, "youtube.com"):
        if segments == ["watch"]:
            candidate = next(iter(parse_qs(parts.query).get("v", [])), None)
        elif len(segments) >= 2 and segments[0] in _YOUTUBE_PATHS:
            candidate = segments[1]
    return candidate if candidate and _YOUTUBE_ID.fullmatch(candidate) else None


def vimeo_id(url: str) -> str | None:
    """The video id of a Vimeo link (``vimeo.com/<id>``, ``player.vimeo.com/video/<id>``,
    ``vimeo.com/channels/<name>/<id>``): its first all-digit path segment."""
    if not _on(_host(url), "vimeo.com"):
        return None
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return next((s for s in segments if s.isascii() and s.isdigit()), None)


def is_site_video(url: str) -> bool:
    """A link to a video site's page (which the file store never fetches)."""
    host = _host(url)
    return any(_on(host, site) for site in ("youtube.com", "youtu.be", "vimeo.com"))


def playable(url: str) -> bool:
    """The room can play it: a YouTube or Vimeo video it can name, or a video
    file's URL (by its suffix, as pre-loaded files are typed)."""
    if is_site_video(url):
        return youtube_id(url) is not None or vimeo_id(url) is not None
    return file_type_of(url) == "video"
