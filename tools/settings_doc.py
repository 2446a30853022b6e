"""Writes docs/settings.md from the Settings class (src/webinarium/settings.py).

The class is the one place: each setting's name, type and default are read
from it (pydantic's fields; the type as the source writes it), what the setting
changes from the comment above it in the source, read with ``ast`` and the
source's lines (comments are not kept at runtime), or from its
``Field(description=…)`` when it has one. A setting with neither is refused, so
none goes undocumented.

``make settings-doc`` writes the doc; ``--check`` only says whether it is what
this writes (tests/ops/test_settings_doc.py runs it).
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "webinarium" / "settings.py"
DOC = ROOT / "docs" / "settings.md"
CLASS = "Settings"
PREFIX = "WEBINARIUM_"

INTRO = f"""\
# Settings

<!-- Written by tools/settings_doc.py from {SOURCE.relative_to(ROOT)}: change the
comments there, then run `make settings-doc`. -->

Webinarium reads its settings from environment variables named `{PREFIX}<NAME>`
(upper or lower case), when a command starts (`webinarium serve`, `webinarium
worker`, `webinarium migrate` and the other server commands). Every setting has
a default that runs on a laptop with nothing configured; outside development
only `{PREFIX}SECRET_KEY` must be set. A value the class refuses (a number out
of its range, a malformed URL) stops the command with a message that names the
variable. Booleans are `true` or `false`; durations are in the unit the name
says.

This page is generated from the settings class, so it lists every variable
there is, with its type, its default and what it changes.
"""


class Undocumented(ValueError):
    """Settings with no comment and no description."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str
    default: str
    text: str


def entries(source: str, fields: dict[str, FieldInfo]) -> list[Entry]:
    """The settings of class `CLASS` in ``source``, in the order it declares them."""
    lines = source.splitlines()
    found: list[Entry] = []
    missing: list[str] = []
    for statement in _class_body(ast.parse(source)):
        if not (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)):
            continue
        name = statement.target.id
        field = fields[name]
        text = field.description or _comment_above(lines, statement.lineno)
        if not text:
            missing.append(name)
        found.append(Entry(name, ast.unparse(statement.annotation), _default(field), text))
    if missing:
        raise Undocumented(
            f"settings with no comment above them in {SOURCE.name}: {', '.join(missing)}"
        )
    return found


def render(source: str, fields: dict[str, FieldInfo]) -> str:
    parts = [INTRO]
    for entry in entries(source, fields):
        parts.append(
            f"\n## `{PREFIX}{entry.name.upper()}`\n\n"
            f"`{entry.kind}`, default: {entry.default}\n\n{entry.text}\n"
        )
    return "".join(parts)


def _class_body(module: ast.Module) -> list[ast.stmt]:
    for node in module.body:
        if isinstance(node, ast.ClassDef) and node.name == CLASS:
            return node.body
    raise ValueError(f"no class {CLASS}")


def _comment_above(lines: list[str], lineno: int) -> str:
    """The comment lines right above line ``lineno`` (1-based), as one paragraph."""
    comment: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        comment.insert(0, lines[index].strip().removeprefix("#").strip())
        index -= 1
    return " ".join(comment)


def _default(field: FieldInfo) -> str:
    value = field.default
    if value is PydanticUndefined:
        value = field.default_factory() if field.default_factory else None  # type: ignore[call-arg]
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return f"`{text}`" if text else "empty"


def _written() -> str:
    from webinarium.settings import Settings

    return render(SOURCE.read_text(), dict(Settings.model_fields))


def main(arguments: list[str]) -> int:
    """Writes the doc; ``--check`` only says whether it is what this writes."""
    try:
        written = _written()
    except Undocumented as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if arguments[:1] == ["--check"]:
        if not DOC.exists() or DOC.read_text() != written:
            print(f"{DOC.relative_to(ROOT)} is stale: run `make settings-doc`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(written)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
