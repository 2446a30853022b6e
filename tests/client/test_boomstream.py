"""Boomstream's ten methods through the typed client, against the real
application: as JSON (what the typed methods ask for) and as XML (a server
that ignores ``format`` answers Boomstream's default), read into the same
models; refusals with the server's message; ``create`` and ``invite`` never
retried. Sync over the network (the suite's server), async in-process."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.conftest import Tenant, create_tenant
from webinarium.app import create_app
from webinarium.client import (
    APIConnectionError,
    APIError,
    AsyncBoomstream,
    Boomstream,
    NotFoundError,
)
from webinarium.client._answers import parse
from webinarium.client._boomstream import fields_of
from webinarium.client.models.boomstream import (
    Client,
    Conference,
    ConferenceCreated,
    Invitation,
    Result,
)
from webinarium.settings import Settings


class _IgnoresFormat(httpx.BaseTransport):
    """The network, but the server never hears ``format``: it answers XML."""

    def __init__(self) -> None:
        self._network = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_remove_param("format")
        return self._network.handle_request(request)

    def close(self) -> None:
        self._network.close()


class _FailsOnce(httpx.BaseTransport):
    """The network, but the first call of each Boomstream method gets no
    answer (the connection breaks before it is sent); counts the attempts."""

    def __init__(self) -> None:
        self._network = httpx.HTTPTransport()
        self.attempts: dict[str, int] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        method = request.url.path.removeprefix("/api/conference/")
        self.attempts[method] = self.attempts.get(method, 0) + 1
        if self.attempts[method] == 1:
            raise httpx.ConnectError("connection broken", request=request)
        return self._network.handle_request(request)

    def close(self) -> None:
        self._network.close()


@pytest.mark.parametrize("answers", ["json", "xml"])
def test_every_method(server_url: str, settings: Settings, answers: str) -> None:
    tenant = create_tenant(settings, f"SDK Boomstream {answers}")
    transport = _IgnoresFormat() if answers == "xml" else None
    with Boomstream(api_key=tenant.api_key, base_url=server_url, transport=transport) as bs:
        if answers == "xml":  # the transport does what it says
            assert bs.request("list").lstrip().startswith("<?xml")
        made = bs.conferences.create(title="Testik", description="testovaya")
        assert isinstance(made, ConferenceCreated)
        assert made.Status == "Success"
        assert made.code is not None
        code = made.code

        info = bs.conferences.info(code)
        assert isinstance(info, Conference)
        assert (info.title, info.code, info.description, info.Status) == (
            "Testik",
            code,
            "testovaya",
            "Success",
        )
        assert info.Version == "1.0"
        assert info.Versions is not None
        assert [v.version for v in info.Versions] == ["1.0", "1.1", "1.2"]
        assert info.RequestURI is not None
        assert info.RequestURI.startswith("/api/conference/info?")

        other = bs.conferences.create(title="Other", folderCode="a8GESjhK")
        listed = list(bs.conferences.list())
        assert [(c.title, c.code, c.description) for c in listed] == [
            ("Testik", code, "testovaya"),
            ("Other", other.code, ""),
        ]

        changed = bs.conferences.update(code, title="Konfa", folderCode="a8GESjhK")
        assert (changed.title, changed.code, changed.description, changed.folderCode) == (
            "Konfa",
            code,
            "testovaya",
            "a8GESjhK",
        )
        assert bs.conferences.info(code).title == "Konfa"

        invited = bs.conferences.invite(
            code,
            email="nik@example.test",
            name="Nik",
            timeout=3600,
            notifyEmail=False,
            moderator=True,
        )
        assert isinstance(invited, Invitation)
        assert (invited.name, invited.email, invited.code, invited.isModerator) == (
            "Nik",
            "nik@example.test",
            code,
            True,
        )
        assert isinstance(invited.codeConference, int)
        assert invited.token
        assert invited.inviteLink is not None
        assert invited.inviteLink.endswith(invited.token)

        (client,) = bs.clients.list(code)
        assert isinstance(client, Client)
        assert (client.email, client.name, client.conferenceCode) == (
            "nik@example.test",
            "Nik",
            code,
        )
        # "yes"/"no" read as booleans, "YYYY-MM-DD HH:MM:SS" as a datetime.
        assert (client.moderator, client.is_deleted) == (True, False)
        assert isinstance(client.added, datetime)
        assert client.code is not None
        assert len(client.code) == 8
        shown = bs.clients.info(client.code)
        assert shown.model_dump(exclude={"Status"}) == client.model_dump(exclude={"Status"})
        assert shown.Status == "Success"

        updated = bs.clients.update(client.code, name="Nikita", moderator=False)
        assert isinstance(updated, Result)
        assert (updated.message, updated.clientCode) == ("Client changed successfully", client.code)
        again = bs.clients.info(client.code)
        assert (again.name, again.moderator) == ("Nikita", False)

        removed = bs.clients.delete(client.code)
        assert (removed.message, removed.clientCode) == (
            "Client is deleted successfully",
            client.code,
        )
        assert bs.clients.info(client.code).is_deleted is True

        deleted = bs.conferences.delete(code)
        assert (deleted.message, deleted.Status) == ("Client is deleted successful", "Success")
        with pytest.raises(NotFoundError, match=r": Conference not found$"):
            bs.conferences.info(code)
        with pytest.raises(NotFoundError, match=r": Client not found$"):
            bs.clients.info("nope1234")
        assert [c.code for c in bs.conferences.list()] == [other.code]


def test_one_parser_for_json_and_xml(server_url: str, alice: Tenant) -> None:
    with Boomstream(api_key=alice.api_key, base_url=server_url) as bs:
        code = bs.conferences.create(title="Both ways", description="<b>&</b>").code
        assert code is not None
        as_json = bs.request("info", {"code": code})
        as_xml = bs.request("info", {"code": code, "format": "xml"})
        assert isinstance(as_json, dict)
        assert isinstance(as_xml, str)
        # Equal but for RequestURI (it echoes the query: format=xml).
        assert {**fields_of(as_xml), "RequestURI": ""} == {**fields_of(as_json), "RequestURI": ""}
        assert Conference.model_validate(fields_of(as_xml)).description == "<b>&</b>"
        with pytest.raises(APIError, match="not Boomstream's JSON or XML"):
            fields_of("Bad Gateway")
        with pytest.raises(APIError, match="not Boomstream's XML"):
            fields_of("<Response><Status>")
        # A "Success" without the code it created is no answer of create.
        with pytest.raises(APIError, match="is not a ConferenceCreated"):
            parse(ConferenceCreated, fields_of("<Response><Status>Success</Status></Response>"))


def test_create_and_invite_are_never_retried(server_url: str, alice: Tenant) -> None:
    transport = _FailsOnce()
    with Boomstream(
        api_key=alice.api_key, base_url=server_url, transport=transport, max_retries=1
    ) as bs:
        # A call that only reads is tried again…
        assert isinstance(list(bs.conferences.list()), list)
        assert transport.attempts["list"] == 2
        # …one that creates is not: its lost answer may have created it.
        with pytest.raises(APIConnectionError):
            bs.conferences.create(title="Once")
        assert transport.attempts["create"] == 1
        code = bs.conferences.create(title="Once").code
        assert code is not None
        with pytest.raises(APIConnectionError):
            bs.conferences.invite(code, email="once@example.test")
        assert transport.attempts["invite"] == 1
        assert [c.title for c in bs.conferences.list() if c.code == code] == ["Once"]


def test_async_client_in_process(settings: Settings) -> None:
    tenant = create_tenant(settings, "SDK Boomstream async")

    async def main() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            common: dict[str, Any] = {
                "base_url": "http://app",
                "transport": httpx.ASGITransport(app=app),
            }
            async with AsyncBoomstream(api_key=tenant.api_key, **common) as bs:
                made = await bs.conferences.create(title="Async", description="in-process")
                assert made.code is not None
                listed = [c async for c in bs.conferences.list()]
                assert [(c.title, c.code) for c in listed] == [("Async", made.code)]
                invited = await bs.conferences.invite(made.code, email="a@example.test")
                assert (invited.email, invited.isModerator) == ("a@example.test", False)
                clients = [c async for c in bs.clients.list(made.code)]
                assert [c.email for c in clients] == ["a@example.test"]
                with pytest.raises(NotFoundError, match=r": Conference not found$"):
                    await bs.conferences.update("nope", title="x")

    asyncio.run(main())
