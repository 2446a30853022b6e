"""/openapi.json describes the three dialects as a client sees them; /docs
works without a network; a route cannot read a parameter it does not declare."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from openapi_spec_validator import validate

from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import MISSING_KEY, REPLIES, BigMarkerRoute
from webinarium.api.boomstream.transport import BoomstreamRoute
from webinarium.api.myownconference.table import ACTIONS, SECTIONS
from webinarium.api.myownconference.transport import MyOwnConferenceRoute
from webinarium.api.reads import Param, UndeclaredParameter, declaration_of, reads
from webinarium.app import create_app
from webinarium.settings import Settings

# BigMarker routes the document does not have, by the section they belong to.
ADDITIONS = {"registrations_webhook": "Conference Registrations"}
# BigMarker routes that take no API key.
NO_KEY = {"members_login", "registrations_webhook"}


@pytest.fixture(scope="module")
def document(http: httpx.Client) -> dict[str, Any]:
    response = http.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _operations(app: FastAPI) -> list[tuple[APIRoute, str, str]]:
    """(route, path, method) of every documented route of the app."""
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.include_in_schema:
            for method in sorted(context.methods or ()):
                found.append((route, context.path_format or "", method))
    return found


def _body_schema(operation: dict[str, Any], encoding: str) -> dict[str, Any]:
    schema: dict[str, Any] = operation["requestBody"]["content"][encoding]["schema"]
    return schema


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_of_the_dialects_is_described_with_its_parameters(
    app: FastAPI, document: dict[str, Any]
) -> None:
    dialects = (BigMarkerRoute, BoomstreamRoute, MyOwnConferenceRoute)
    operations = [op for op in _operations(app) if isinstance(op[0], dialects)]
    names = {type(route): set() for route, _, _ in operations}
    for route, _, _ in operations:
        names[type(route)].add(route.name)
    assert len(names[BoomstreamRoute]) == 11  # ten methods and the unknown one
    assert names[MyOwnConferenceRoute] == {"myownconference", "myownconference_path"}
    # Route names (three name two paths each): the document's and the
    # registration webhook (an addition, in ADDITIONS).
    assert len(names[BigMarkerRoute]) == 93
    for route, path, method in operations:
        operation = document["paths"][path][method.lower()]
        for name in route.param_convertors:
            assert {"name": name, "in": "path", "required": True}.items() <= next(
                p for p in operation["parameters"] if p["name"] == name
            ).items(), (path, name)
        if isinstance(route, MyOwnConferenceRoute):
            continue
        declared = [
            p
            for p in declaration_of(route).params
            if p.name not in route.param_convertors and p.name != "apikey"
        ]
        if method in ("GET", "DELETE"):
            described = {
                p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"
            }
            assert set(described) == {p.name for p in declared}, (method, path)
            for param in declared:
                assert described[param.name].get("required", False) == param.required
        elif declared:
            for encoding in (
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ):
                schema = _body_schema(operation, encoding)
                assert set(schema["properties"]) == {p.name for p in declared}, (method, path)
                assert set(schema.get("required", [])) == {p.name for p in declared if p.required}


def test_parameters_carry_their_types_choices_and_defaults(document: dict[str, Any]) -> None:
    listing = {p["name"]: p for p in document["paths"]["/api/v1/conferences"]["get"]["parameters"]}
    assert listing["type"]["schema"]["default"] == "future"
    assert "past_with_recording" in listing["type"]["schema"]["enum"]
    assert listing["per_page"]["schema"] == {
        "type": "integer",
        "default": 20,
        "description": "items per page",
    }
    assert listing["include_series"]["schema"]["type"] == "boolean"
    # A list of objects travels as JSON text in a query string.
    assert "application/json" in listing["webinar_tags"]["content"]

    create = _body_schema(
        document["paths"]["/api/v1/conferences"]["post"], "application/x-www-form-urlencoded"
    )
    assert {"channel_id", "title"} <= set(create["required"])
    # Settings come from ConferenceSettings, under their request names too.
    assert create["properties"]["enable_dial_in"]["type"] == "boolean"
    assert "registration_conf_emails" in create["properties"]
    assert "webinar_start_webhook_url" in create["properties"]


def test_every_myownconference_action_is_described_by_its_params_model(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    request = schemas["MyOwnConferenceRequest"]
    mapping = request["discriminator"]["mapping"]
    assert request["discriminator"]["propertyName"] == "action"
    assert len(request["oneOf"]) == len(ACTIONS) == 54
    for action in ACTIONS:
        for spelling in (action.name, *action.aliases):
            assert mapping[spelling] == f"#/components/schemas/MyOwnConference_{action.name}"
        described = schemas[f"MyOwnConference_{action.name}"]
        assert described["required"] == ["key", "action"]
        model_ref = described["properties"]["params"]["anyOf"][0]["$ref"]
        model = schemas[model_ref.rsplit("/", 1)[1]]
        wire_names = {field.alias or name for name, field in action.params.model_fields.items()}
        assert set(model.get("properties", {})) == wire_names, action.name
    for path in ("/", "/api/myownconference"):
        operation = document["paths"][path]["post"]
        content = operation["requestBody"]["content"]
        form = content["application/x-www-form-urlencoded"]
        assert form["schema"]["required"] == ["request"]
        assert form["encoding"]["request"]["contentType"] == "application/json"
        assert content["application/json"]["schema"]["$ref"].endswith("/MyOwnConferenceRequest")
        assert "no OpenAPI security scheme" in operation["description"]
        assert operation["tags"] == [f"MyOwnConference: {section}" for section in SECTIONS]


def test_security_schemes_are_the_three_ways_a_key_is_sent(
    app: FastAPI, document: dict[str, Any]
) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["API-KEY"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "API-KEY",
        "description": "",
    }
    assert (schemes["apikey"]["in"], schemes["apikey"]["name"]) == ("query", "apikey")
    for route, path, method in _operations(app):
        operation = document["paths"][path][method.lower()]
        if isinstance(route, BoomstreamRoute):
            assert operation["security"] == [{"apikey": []}]
        elif isinstance(route, BigMarkerRoute) and route.name not in NO_KEY:
            assert operation["security"] == [{"API-KEY": []}], route.name
    login = document["paths"]["/api/v1/members/login"]["post"]
    assert "security" not in login
    webhook = document["paths"]["/api/v1/webhooks/registrations/{token}"]["post"]
    assert "security" not in webhook


def test_bigmarker_errors_are_the_error_table_of_each_operation(
    app: FastAPI, document: dict[str, Any]
) -> None:
    for route, path, method in _operations(app):
        if not isinstance(route, BigMarkerRoute):
            continue
        responses = document["paths"][path][method.lower()]["responses"]
        assert "422" not in responses
        for reply in REPLIES.get(route.name, {}).values():
            assert str(reply.status) in responses, (route.name, reply)
            if reply.message:
                assert reply.message in responses[str(reply.status)]["description"]
    shown = document["paths"]["/api/v1/conferences/{conference_id}"]["get"]["responses"]
    assert shown["404"]["description"] == "Channel Not Found!"
    assert shown["401"]["description"] == MISSING_KEY.message
    # A route that names something may not find it; a plain listing has nothing to miss.
    register = document["paths"]["/api/v1/conferences/register"]["put"]["responses"]
    assert register["404"]["description"] == "what the request names is not found"
    assert "404" not in document["paths"]["/api/v1/channels"]["get"]["responses"]


def test_the_invite_page_documents_its_token(document: dict[str, Any]) -> None:
    for path in ("/invite", "/invite.html"):
        parameters = document["paths"][path]["get"]["parameters"]
        assert {p["name"] for p in parameters} == {"jwt", "token"}


def test_one_tag_per_section_of_the_documents(
    app: FastAPI, document: dict[str, Any], bigmarker_operations: dict[str, dict[str, Any]]
) -> None:
    for route, path, method in _operations(app):
        if isinstance(route, BigMarkerRoute):
            tags = document["paths"][path][method.lower()]["tags"]
            section = ADDITIONS.get(route.name) or bigmarker_operations[route.name]["section"]
            assert tags == ["BigMarker: " + section]
    names = [tag["name"] for tag in document["tags"]]
    assert len(names) == len(set(names))
    assert "Boomstream" in names


def test_docs_work_without_a_network(http: httpx.Client) -> None:
    page = http.get("/docs")
    assert page.status_code == 200
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert addresses
    assert "//" not in page.text.replace("</", "")
    for address in [*addresses, "/openapi.json"]:
        assert address.startswith("/"), address
        assert http.get(address).status_code == 200, address
    assert 'href="/docs"' in http.get("/").text


def _app_reading(settings: Settings, declared: tuple[Param, ...]) -> FastAPI:
    app = create_app(settings)
    router = APIRouter(route_class=BigMarkerRoute)

    # Under /api/v1, as a BigMarker route is: a one-segment path added after
    # create_app would be a channel's page (pages/channel.py is the last route).
    @router.get("/api/v1/reads-title", name="reads_title")
    @reads(declared)
    async def reads_title(params: RequestParams) -> dict[str, Any]:
        return {"title": params.text("title")}

    app.include_router(router)
    return app


def _get(app: FastAPI, path: str) -> httpx.Response:
    async def scenario() -> httpx.Response:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                response: httpx.Response = await client.get(path)
                return response

    return asyncio.run(scenario())


def test_a_route_cannot_read_a_parameter_it_does_not_declare(settings: Settings) -> None:
    declared = _app_reading(settings, (Param("title"),))
    assert _get(declared, "/api/v1/reads-title?title=Hi").json() == {"title": "Hi"}
    undeclared = _app_reading(settings, (Param("other"),))
    with pytest.raises(UndeclaredParameter, match="reads 'title'"):
        _get(undeclared, "/api/v1/reads-title?title=Hi")
    # Outside the tests (production, and development: `make run`) an omission
    # never costs a client its request.
    for environment in ("production", "development"):
        served = settings.model_copy(update={"environment": environment})
        assert _get(_app_reading(served, ()), "/api/v1/reads-title?title=Hi").json() == {
            "title": "Hi"
        }


def test_the_evergreen_change_is_described_with_its_body(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/webinarium/v1/evergreen_webinars/{conference_id}"]["patch"]
    body = _body_schema(operation, "application/json")
    assert set(body["properties"]) == {"title", "time_zone", "session_times", "duration_minutes"}
    assert body.get("required", []) == []
    assert body["additionalProperties"] is False
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/EvergreenRead")
