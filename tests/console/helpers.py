"""Driving the organiser console in tests: a client signed in through the real
sign-in form, the CSRF token of a page, a form POSTed with it, a browser signed
in, and other users of an account (docs/console.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import httpx
from playwright.sync_api import Page
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Tenant, in_database
from webinarium.accounts import people as console_people
from webinarium.kit.ids import new_id
from webinarium.settings import Settings

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class _SignedInClient(httpx.Client):
    """Opened already (it signed in): ``with`` only closes it at the end."""

    def __enter__(self) -> _SignedInClient:
        return self


def console_client(server_url: str, tenant: Tenant) -> httpx.Client:
    """A client signed in as ``tenant``'s user through the sign-in form (its
    cookie kept); redirects are not followed. Use it as a context manager."""
    client = _SignedInClient(base_url=server_url, timeout=30, follow_redirects=False)
    response = client.post(
        "/console/sign-in", data={"email": tenant.email, "password": tenant.password}
    )
    if response.status_code != 303:
        client.close()
        raise AssertionError(f"sign-in refused: {response.status_code} {response.text[:300]}")
    return client


def csrf_of(html: str) -> str:
    """The CSRF token of a console page."""
    found = _CSRF.search(html)
    if found is None:
        raise AssertionError("no csrf_token on this page")
    return found.group(1)


class _FormReader(HTMLParser):
    """The fields a browser sends for the form posted to ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = found.get("action") == self.action
        if not self.inside or (tag in ("input", "select", "textarea") and not found.get("name")):
            return
        if tag == "input" and found.get("type") not in ("file", "submit", "button"):
            if found.get("type") not in ("checkbox", "radio") or "checked" in found:
                self.fields.append((found["name"], found.get("value", "")))
        elif tag == "select":
            self._select, self._options = found["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((found.get("value", ""), "selected" in found))
        elif tag == "textarea":
            self._textarea, self._text = found["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            # None selected: the browser sends the first.
            chosen = [value for value, selected in self._options if selected]
            chosen += [value for value, _ in self._options[:1]]
            if chosen:
                self.fields.append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser sends a textarea's lines ended by CRLF; its first newline is markup.
            text = self._text.replace("\r\n", "\n").removeprefix("\n").replace("\n", "\r\n")
            self.fields.append((self._textarea, text))
            self._textarea = None


def form_of(html: str, action: str) -> list[tuple[str, str]]:
    """What a browser sends when the form of ``html`` posted to ``action`` is
    submitted as shown (its CSRF token included)."""
    reader = _FormReader(action)
    reader.feed(html)
    if not reader.fields:
        raise AssertionError(f"no form posted to {action} on this page")
    return reader.fields


def _token_of(client: httpx.Client) -> str:
    token: str | None = getattr(client, "_console_csrf", None)
    if token is None:
        page = client.get("/console/webinars")
        assert page.status_code == 200, page.status_code
        token = csrf_of(page.text)
        client._console_csrf = token  # type: ignore[attr-defined]
    return token


def submit(
    client: httpx.Client,
    path: str,
    data: dict[str, str] | Sequence[tuple[str, str]],
    files: dict[str, Any] | None = None,
) -> httpx.Response:
    """POSTs a console form with the session's CSRF token."""
    pairs = list(data.items()) if isinstance(data, dict) else list(data)
    # httpx sends repeated names from a mapping of lists.
    fields: dict[str, list[str]] = {}
    for name, value in [*pairs, ("csrf_token", _token_of(client))]:
        fields.setdefault(name, []).append(value)
    return client.post(path, data=fields, files=files)


def sign_in(page: Page, server_url: str, tenant: Tenant) -> None:
    """Signs ``tenant``'s user in through the browser's sign-in page."""
    page.goto(f"{server_url}/console/sign-in")
    page.get_by_label("E-mail").fill(tenant.email)
    page.get_by_label("Password").fill(tenant.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server_url}/console/webinars")


def add_user(
    settings: Settings, tenant: Tenant, *, role: str, channel_ids: Sequence[str] = ()
) -> Tenant:
    """Another user of ``tenant``'s account, made through the service; the
    Tenant returned signs in as that user."""
    email = f"{new_id()}@example.test"
    password = "another horse battery"

    async def create(session: AsyncSession) -> None:
        await console_people.add_user(
            session,
            tenant.account_id,
            email=email,
            name=f"{role.replace('_', ' ').title()} {email[:6]}",
            password=password,
            role=role,
            channel_ids=list(channel_ids),
        )

    in_database(settings, create)
    return replace(tenant, email=email, password=password)
