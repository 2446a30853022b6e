"""What a route reads, declared once: the declaration documents the route's
parameters in ``/openapi.json`` (api/openapi.py) and is what the route reads
through, so the two cannot drift apart.

Routes that read the lenient merged parameters (`api.params.Params`: BigMarker
and Boomstream) declare them with ``@reads(Param(...), ...)`` on the endpoint.
`declared` hands the endpoint its parameters; in the test environment, reading
a name the route does not declare raises `UndeclaredParameter`, so the test
suite, which drives every route, finds a parameter read but not documented.
Elsewhere (development included: `make run`) nothing is checked, since an
omission must not cost a client its request.
MyOwnConference actions need none of this: their pydantic params models are
both what they read and what the document shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import TypeAdapter
from starlette.requests import Request

from webinarium.api import params as merged

F = TypeVar("F", bound=Callable[..., Any])
_DECLARATION = "__webinarium_reads__"


@dataclass(frozen=True)
class Param:
    """One request parameter: its wire name, the Python type its value is read
    as (its JSON schema comes from pydantic), whether it is required, its
    default, the words it may be (``choices``) and what it means."""

    name: str
    type: Any = str
    required: bool = False
    default: Any = None
    choices: Collection[str] = ()
    description: str = ""

    def schema(self, ref_template: str) -> dict[str, Any]:
        schema: dict[str, Any] = TypeAdapter(self.type).json_schema(ref_template=ref_template)
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.default is not None:
            schema["default"] = self.default
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class Reads:
    params: tuple[Param, ...] = ()
    names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(p.name for p in self.params))


ParamGroup = Param | Iterable["ParamGroup"]


def _flat(params: Iterable[ParamGroup]) -> list[Param]:
    return [p for item in params for p in ([item] if isinstance(item, Param) else _flat(item))]


def reads(*params: ParamGroup) -> Callable[[F], F]:
    """Declares the parameters an endpoint reads (`Param`s, or groups of them)."""
    flat = _flat(params)
    names = [p.name for p in flat]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"parameters declared twice: {', '.join(sorted(duplicates))}")

    def mark(endpoint: F) -> F:
        setattr(endpoint, _DECLARATION, Reads(tuple(flat)))
        return endpoint

    return mark


def declaration_of(route: Any) -> Reads:
    """What ``route`` reads: its endpoint's ``@reads`` and the parameters its
    route class reads for every route of the dialect (``common_params``)."""
    own: Reads = getattr(getattr(route, "endpoint", None), _DECLARATION, Reads())
    common: tuple[Param, ...] = getattr(route, "common_params", ())
    return Reads((*common, *own.params))


class UndeclaredParameter(RuntimeError):
    """A route read a parameter that its ``@reads`` does not declare."""


class _DeclaredValues(dict[str, Any]):
    """The merged parameters, refusing to be asked for an undeclared name."""

    def __init__(self, values: dict[str, Any], names: frozenset[str], route: str) -> None:
        super().__init__(values)
        self.names = names
        self.route = route

    def _check(self, name: object) -> None:
        if name not in self.names:
            raise UndeclaredParameter(
                f"route {self.route!r} reads {name!r}, which its @reads does not declare"
            )

    def get(self, name: str, default: Any = None) -> Any:
        self._check(name)
        return super().get(name, default)

    def __getitem__(self, name: str) -> Any:
        self._check(name)
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        self._check(name)
        return super().__contains__(name)


def declared(request: Request, params: merged.Params) -> merged.Params:
    """``params`` as the request's route may read them (see the module's docstring)."""
    if request.app.state.settings.environment != "test":
        return params
    route = request.scope.get("route")
    names = declaration_of(route).names | set(request.path_params)
    params.values = _DeclaredValues(params.values, names, getattr(route, "name", "?"))
    return params


# How the declarations are documented (api/openapi.py puts them together).

REF_TEMPLATE = "#/components/schemas/{model}"
# Every encoding `api.params.read_params` reads a body in.
BODY_ENCODINGS = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


class Components:
    """The document's ``components.schemas``; each schema's ``$defs`` land there."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = document.setdefault("components", {}).setdefault(
            "schemas", {}
        )

    def add_defs(self, schema: dict[str, Any]) -> dict[str, Any]:
        for name, definition in schema.pop("$defs", {}).items():
            if self.schemas.setdefault(name, definition) != definition:
                raise ValueError(f"two different schemas are named {name}")
        return schema

    def schema_of(self, param: Param) -> dict[str, Any]:
        return self.add_defs(param.schema(REF_TEMPLATE))


def _structured(schema: dict[str, Any]) -> bool:
    """A list of objects or an object: sent as JSON text in a query or a form."""
    items = schema.get("items", {})
    return schema.get("type") == "object" or "$ref" in items or items.get("type") == "object"


def query_parameters(params: Iterable[Param], components: Components) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = []
    for param in params:
        schema = components.schema_of(param)
        described: dict[str, Any] = {"name": param.name, "in": "query"}
        if param.required:
            described["required"] = True
        if _structured(schema):
            described["content"] = {"application/json": {"schema": schema}}
        else:
            described["schema"] = schema
        parameters.append(described)
    return parameters


def request_body(params: Iterable[Param], components: Components) -> dict[str, Any] | None:
    """One object schema, in every encoding the body may come in."""
    params = tuple(params)
    properties = {param.name: components.schema_of(param) for param in params}
    if not properties:
        return None
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [param.name for param in params if param.required]
    if required:
        schema["required"] = required
    as_json = {
        name: {"contentType": "application/json"}
        for name, property_schema in properties.items()
        if _structured(property_schema)
    }
    content: dict[str, Any] = {}
    for encoding in BODY_ENCODINGS:
        content[encoding] = {"schema": schema}
        if as_json and encoding != "application/json":
            content[encoding]["encoding"] = as_json
    return {"required": bool(required), "content": content}


def describe_params(
    route: Any,
    operation: dict[str, Any],
    params: Iterable[Param],
    components: Components,
    in_body: bool,
) -> None:
    """Adds ``params`` to ``operation``: those the path names as path
    parameters (also when the endpoint reads them through `declared` only),
    the rest as query parameters or, ``in_body``, as the request body."""
    in_path = set(route.param_convertors)
    params = tuple(params)
    parameters = operation.setdefault("parameters", [])
    documented = {p["name"] for p in parameters if p.get("in") == "path"}
    declared_types = {p.name: p for p in params}
    for name in sorted(in_path - documented):
        schema = components.schema_of(declared_types.get(name, Param(name)))
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    rest = [p for p in params if p.name not in in_path]
    if not in_body:
        parameters.extend(query_parameters(rest, components))
        return
    body = request_body(rest, components)
    if body is not None:
        operation["requestBody"] = body
