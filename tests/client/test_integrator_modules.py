"""The no-code integrator's 22 BigMarker modules (tests/reference/integrator-modules.yaml)
are each one SDK call and one CLI command, documented with an example in
docs/sdk.md and docs/cli.md (issue 16's "done when"):

- docs/sdk.md's table names each module once, in the inventory's order, with a
  call of `BigMarker` that exists (on `AsyncBigMarker` too) and is the method
  the SDK has for the module's BigMarker operation (the operation → call map
  of test_every_operation.py, which proves that call sends the documented
  request);
- docs/cli.md's table names each module once with its command, the command is
  one the installed ``webinarium`` lists, and its "Examples" section runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.client.test_every_operation import BIGMARKER
from tests.conftest import REFERENCE
from webinarium.client import AsyncBigMarker, BigMarker

DOCS = Path(__file__).resolve().parents[2] / "docs"
MODULES: list[dict[str, Any]] = yaml.safe_load((REFERENCE / "integrator-modules.yaml").read_text())[
    "modules"
]
# "Make an API Call" is any call: the SDK's `request`, the CLI's `api`.
ANY_CALL = "(any)"
UNUSED = "http://127.0.0.1:9"


def _table(document: str, heading: str) -> dict[str, list[str]]:
    """The table under ``heading``: its cells by the first column's text."""
    text = (DOCS / document).read_text()
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        assert cells[0] not in rows, f"{cells[0]} twice in {document}"
        rows[cells[0]] = cells[1:]
    rows.pop("module")  # the header
    return rows


class _Noted:
    """Stands for a client: notes the attribute path of every call made on it."""

    def __init__(self, calls: list[str], path: str = "bm") -> None:
        self._calls = calls
        self._path = path

    def __getattr__(self, name: str) -> _Noted:
        return _Noted(self._calls, f"{self._path}.{name}")

    def __call__(self, *args: object, **kwargs: object) -> None:
        self._calls.append(self._path)


def _sdk_method(operation: str) -> str:
    calls: list[str] = []
    BIGMARKER[operation](_Noted(calls))  # type: ignore[arg-type]
    (call,) = calls
    return call


def _resolves(client: Any, dotted: str) -> bool:
    """``bm.conferences.list`` names a method of ``client``."""
    _, *names = dotted.split(".")
    target = client
    for name in names:
        target = getattr(target, name, None)
        if target is None:
            return False
    return callable(target)


def test_the_inventory_has_the_22_modules() -> None:
    assert len(MODULES) == 22
    assert len({m["name_inferred"] for m in MODULES}) == 22


def test_each_module_is_one_sdk_call_in_docs_sdk() -> None:
    # Made, never used: nothing is sent.
    clients = [kind(api_key="unused", base_url=UNUSED) for kind in (BigMarker, AsyncBigMarker)]
    table = _table("sdk.md", "The integrator's 22 modules")
    assert list(table) == [m["name_inferred"] for m in MODULES]
    for module in MODULES:
        (example,) = table[module["name_inferred"]]
        called = re.findall(r"\bbm(?:\.\w+)+(?=\()", example)
        assert called, (module["id"], example)
        dotted = called[0]
        (operation,) = module["bigmarker_operations"]
        expected = "bm.request" if operation == ANY_CALL else _sdk_method(operation)
        assert dotted == expected, module["id"]
        for client in clients:
            assert _resolves(client, dotted), (type(client).__name__, dotted)


@cache
def _listed_commands(group: str) -> str:
    """What ``webinarium GROUP --help`` says (the group's commands)."""
    done = subprocess.run(
        [sys.executable, "-m", "webinarium", group, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("module", MODULES, ids=[m["id"] for m in MODULES])
def test_each_module_is_one_cli_command_with_an_example(module: dict[str, Any]) -> None:
    table = _table("cli.md", "The integrator's 22 modules")
    assert list(table) == [m["name_inferred"] for m in MODULES]
    command_cell, _sdk_cell = table[module["name_inferred"]]
    words = re.findall(r"[a-z]+", command_cell.strip("`").split(" [")[0].split(" --")[0])
    group, *command = words[:2] if words[0] != "api" else words[:1]
    if command:
        assert re.search(rf"^\W*{command[0]}\b", _listed_commands(group), re.MULTILINE), (
            group,
            command,
        )
    else:
        assert "PATCH" in _listed_commands(group)  # any method, PATCH included
    # The example: under the module's name in "Examples", a console line running it.
    examples = (DOCS / "cli.md").read_text().split("\n## Examples\n", 1)[1]
    shown = examples.split(f"**{module['name_inferred']}**", 1)
    assert len(shown) == 2, f"no example for {module['name_inferred']}"
    block = shown[1].split("\n**", 1)[0]
    assert re.search(rf"^\$ webinarium {' '.join([group, *command])}\b", block, re.MULTILINE), (
        module["id"]
    )
