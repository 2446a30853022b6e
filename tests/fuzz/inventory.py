"""Every operation of the three documents, read from the reference inventory
(tests/reference/): method, path and the parameters with their documented
types, allowed values and defaults. The fuzz tests draw their requests from
here, so an operation the documents add is fuzzed without a new test."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REFERENCE = Path(__file__).parents[1] / "reference"


@dataclass(frozen=True)
class Param:
    name: str
    # "path", "query", "body" (BigMarker); "params" (MyOwnConference); "query" (Boomstream)
    location: str
    # The type as the document writes it: "String", "Integer", "array of strings", …
    type: str
    required: bool
    allowed: tuple[Any, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class Operation:
    dialect: str
    id: str
    # BigMarker: the HTTP method and path template; MyOwnConference: POST / and the
    # action's wire name in `action`; Boomstream: GET and /api/conference/<method>.
    method: str
    path: str
    params: tuple[Param, ...]
    action: str = ""
    # MyOwnConference: "named", "list" or "empty" (how `params` is written).
    params_style: str = "named"
    list_item: Param | None = None

    def __str__(self) -> str:
        return self.id


def _load(name: str) -> dict[str, Any]:
    with (REFERENCE / name).open() as f:
        document: dict[str, Any] = yaml.safe_load(f)
    return document


def _param(raw: dict[str, Any], location: str) -> Param:
    return Param(
        name=raw["name"],
        location=location,
        type=str(raw.get("type") or "String"),
        required=bool(raw.get("required")),
        allowed=tuple(raw.get("allowed_values") or ()),
        default=raw.get("default"),
    )


@cache
def bigmarker() -> tuple[Operation, ...]:
    return tuple(
        Operation(
            dialect="bigmarker",
            id=op["id"],
            method=op["method"],
            path=op["path"],
            params=tuple(
                _param(p, p["in"]) for p in op["request"]["params"] if p["in"] != "header"
            ),
        )
        for op in _load("bigmarker-api-v1.yaml")["operations"]
    )


@cache
def myownconference() -> tuple[Operation, ...]:
    operations = []
    for action in _load("myownconference-api.yaml")["actions"]:
        style = action["params_style"]
        item = action.get("params_list_items")
        operations.append(
            Operation(
                dialect="myownconference",
                id=action["id"],
                method="POST",
                path="/",
                action=action["action"],
                params=tuple(_param(p, "params") for p in action.get("params") or ()),
                # profileGet's "empty array or list of field names" is a list.
                params_style=style if style in ("named", "empty") else "list",
                list_item=_param({"name": "item", **item}, "params") if item else None,
            )
        )
    return tuple(operations)


@cache
def boomstream() -> tuple[Operation, ...]:
    return tuple(
        Operation(
            dialect="boomstream",
            id=op["id"],
            method="GET",
            path=op["path"],
            params=tuple(_param(p, "query") for p in op["params"] if p["name"] != "apikey"),
        )
        for op in _load("boomstream-conference-api.yaml")["operations"]
    )
