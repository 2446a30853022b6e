"""Fetching a file from a URL behind the SSRF guard.

A URL given to the APIs is fetched by this server, from inside its network: the
guard keeps a stranger from making it read what only it can reach (its own
ports, the database, a cloud's metadata service at 169.254.169.254, an intranet).

- Only http and https.
- Every hop (the URL and each redirect, followed by hand) has its host resolved
  here, off the event loop, and every address it resolves to must be public
  (`is_forbidden`); IPv4-mapped IPv6 addresses are judged as the IPv4 they carry.
- The request connects to the address that was checked (the URL's host
  replaced by it, the name kept in ``Host`` and as TLS's SNI and certificate
  name), so a name that resolves to another address the second time (DNS
  rebinding) changes nothing.
- Hosts named in ``WEBINARIUM_FETCH_ALLOW_HOSTS`` are exempt from the address
  check (an intranet file server; the tests' own server); still pinned.
- At most ``fetch_max_bytes``, counted while the body streams; a timeout on
  connecting and on each read, and one on the whole fetch; no proxy from the
  environment (it would connect by name, unchecked).
"""

from __future__ import annotations

import asyncio
import socket
from ipaddress import IPv4Address, IPv6Address, ip_address
from pathlib import Path

import anyio
import httpx

from webinarium.files.errors import FetchFailed, FetchRefused, FileTooLarge
from webinarium.settings import Settings

_SCHEMES = {"http": 80, "https": 443}


def is_forbidden(address: IPv4Address | IPv6Address) -> bool:
    """True for an address the server must not fetch from for a stranger.
    ``is_global`` is False for loopback, private (RFC 1918, ULA), link-local
    (169.254.0.0/16 with the metadata service, fe80::/10), shared (100.64/10),
    reserved, documentation and unspecified addresses."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_multicast or not address.is_global


def too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(f"the file is over the limit of {limit / (1024 * 1024):g} MiB")


async def checked_address(url: httpx.URL, settings: Settings) -> str:
    """The address to connect to for ``url``, all of whose host's addresses
    passed the guard (`FetchRefused` or `FetchFailed` otherwise). Every outgoing
    request of the server (file fetches, webhooks) asks it, then connects with
    `pinned_request`."""
    if url.scheme not in _SCHEMES or not url.host:
        raise FetchRefused(f"only http and https URLs are fetched, not {str(url)[:200]!r}")
    port = url.port or _SCHEMES[url.scheme]
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            url.host, port, type=socket.SOCK_STREAM
        )
    except (OSError, UnicodeError):
        raise FetchFailed(f"the host {url.host} cannot be resolved") from None
    addresses = [ip_address(info[4][0]) for info in infos]
    if not addresses:
        raise FetchFailed(f"the host {url.host} cannot be resolved")
    if url.host.lower() not in settings.fetch_allowed_hosts:
        refused = [a for a in addresses if is_forbidden(a)]
        if refused:
            raise FetchRefused(
                f"the host {url.host} resolves to {refused[0]}, an address this server"
                " does not fetch from"
            )
    return str(addresses[0])


def pinned_request(
    client: httpx.AsyncClient,
    method: str,
    url: httpx.URL,
    address: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Request:
    """A request for ``url`` that connects to ``address`` (`checked_address`'s
    answer), the URL's name kept in ``Host`` and as TLS's SNI."""
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    return client.build_request(
        method,
        url.copy_with(host=address),
        headers={**(headers or {}), "Host": url.netloc.decode("ascii")},
        content=content,
        extensions=extensions,
    )


async def fetch_to(
    url: str,
    target: Path,
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> None:
    """Fetches ``url`` into ``target`` (created or replaced). Raises
    `FetchRefused`, `FetchFailed` or `FileTooLarge`; ``target`` may then hold a
    part of the body, for the caller to remove."""
    timeout = httpx.Timeout(settings.fetch_timeout_seconds)
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False, transport=transport
    ) as client:
        try:
            with anyio.fail_after(settings.fetch_total_seconds):
                await _fetch(client, httpx.URL(url), target, settings)
        except TimeoutError:
            raise FetchFailed("the fetch took too long") from None
        except httpx.TimeoutException:
            raise FetchFailed("the server did not answer in time") from None
        except httpx.HTTPError as error:
            raise FetchFailed(f"the file cannot be fetched: {error}") from None


async def _fetch(
    client: httpx.AsyncClient, url: httpx.URL, target: Path, settings: Settings
) -> None:
    for _ in range(settings.fetch_max_redirects + 1):
        address = await checked_address(url, settings)
        request = pinned_request(client, "GET", url, address)
        response = await client.send(request, stream=True)
        try:
            if response.is_redirect:
                url = url.join(response.headers["location"])
                continue
            if response.status_code != 200:
                raise FetchFailed(f"the server answered HTTP {response.status_code}")
            await _save_body(response, target, settings.fetch_max_bytes)
            return
        finally:
            await response.aclose()
    raise FetchFailed(f"more than {settings.fetch_max_redirects} redirects")


async def _save_body(response: httpx.Response, target: Path, limit: int) -> None:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    received = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    async with await anyio.open_file(target, "wb") as file:
        async for chunk in response.aiter_bytes():
            received += len(chunk)
            if received > limit:
                raise too_large(limit)
            await file.write(chunk)
