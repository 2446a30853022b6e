"""The ICE servers a member's browser is given (docs/media.md, "NAT traversal").

TURN credentials follow coturn's REST API scheme (``use-auth-secret``;
draft-uberti-behave-turn-rest-00): the username is ``<expiry, Unix
seconds>:<member id>`` and the password base64(HMAC-SHA1(static-auth-secret,
username)). coturn recomputes the password from the secret it shares with us
and refuses a username whose expiry has passed, so the server never has to tell
coturn who is in a room, and a credential cannot be stretched past its expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from webinarium.settings import Settings

STUN_SCHEMES = ("stun", "stuns")
TURN_SCHEMES = ("turn", "turns")

# RFC 7064 / RFC 7065: scheme ":" host [":" port], and for TURN
# ["?transport=" udp|tcp]. A host is a name, an IPv4 address or [an IPv6 one].
_ICE_URL = re.compile(
    r"(?P<scheme>[a-z]+):(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?"
    r"(?:\?transport=(?:udp|tcp))?"
)


def ice_urls(setting: str, text: str, schemes: tuple[str, ...]) -> tuple[str, ...]:
    """The URLs of the comma list ``text``, each of one of ``schemes``; a
    `ValueError` naming ``setting`` and the URL otherwise."""
    urls = tuple(url.strip() for url in text.split(",") if url.strip())
    for url in urls:
        found = _ICE_URL.fullmatch(url)
        if found is None or found["scheme"] not in schemes:
            raise ValueError(
                f"{setting}: {url!r} is not a {' or '.join(s + ':' for s in schemes)} URL "
                f'like "{schemes[0]}:turn.example.org:3478"'
            )
        if "?transport=" in url and not found["scheme"].startswith("turn"):
            raise ValueError(f"{setting}: {url!r}: only a TURN URL names its transport")
    return urls


def turn_password(secret: str, username: str) -> str:
    """The password coturn expects for ``username`` under ``static-auth-secret``."""
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def ice_servers(settings: Settings, member_id: str, now: datetime) -> list[dict[str, Any]]:
    """The room member's ICE servers at ``now``, as the browser's
    ``RTCPeerConnection({iceServers})`` takes them: the STUN servers, and the
    TURN servers with a credential good for ``turn_ttl_seconds``. Empty when
    neither is configured (the browser then finds only direct paths)."""
    servers: list[dict[str, Any]] = []
    if stun := settings.stun_url_list:
        servers.append({"urls": list(stun)})
    if turn := settings.turn_url_list:
        expiry = int(now.timestamp()) + settings.turn_ttl_seconds
        username = f"{expiry}:{member_id}"
        servers.append(
            {
                "urls": list(turn),
                "username": username,
                "credential": turn_password(settings.turn_secret, username),
            }
        )
    return servers
