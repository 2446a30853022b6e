"""Writes the SDK's blocking clients from its asyncio ones.

Every resource method of `webinarium.client` is written once, for asyncio, in
``src/webinarium/client/_async/``; this turns each file into its blocking twin
in ``_sync/`` (``async def`` → ``def``, ``await`` and ``async for`` dropped,
``AsyncBigMarker`` → ``BigMarker``), as httpcore builds its sync half, then
formats it. Run ``make sdk`` after changing ``_async/``;
tests/client/test_generated.py fails while ``_sync/`` is not what this writes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import unasync

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "src" / "webinarium" / "client"
ASYNC_NAME = re.compile(r"\bAsync(?=[A-Z])")
# Two lines: one would pass the line length with the longest file names.
HEADER = (
    "# Written by tools/unasync_sdk.py from _async/{name}:\n# change that file, then `make sdk`.\n"
)


class _Rule(unasync.Rule):  # type: ignore[misc]
    """unasync's rule, except that ``AsyncX`` becomes ``X`` (not ``SyncX``):
    the blocking clients carry the plain names."""

    def _unasync_name(self, name: str) -> str:
        if name in self.token_replacements:
            return str(self.token_replacements[name])
        if len(name) > 5 and name.startswith("Async") and name[5].isupper():
            return name[5:]
        return name


def generate(target: Path) -> list[Path]:
    """Writes the blocking twin of every ``_async/*.py`` into ``target``."""
    rule = _Rule(
        fromdir=str(CLIENT / "_async"),
        todir=str(target),
        additional_replacements={"_async": "_sync", "AsyncClient": "SyncClient"},
    )
    sources = sorted((CLIENT / "_async").glob("*.py"))
    unasync.unasync_files([str(path) for path in sources], [rule])
    written = [target / path.name for path in sources]
    for path, source in zip(written, sources, strict=True):
        # Docstrings and comments name the blocking classes too.
        text = ASYNC_NAME.sub("", path.read_text())
        path.write_text(HEADER.format(name=source.name) + text)
    # The project's settings wherever ``target`` is; only the imports are
    # fixed (their order changes with their names).
    ruff = [sys.executable, "-m", "ruff"]
    config = ["--config", str(ROOT / "pyproject.toml")]
    files = [str(path) for path in written]
    subprocess.run([*ruff, "check", *config, "--fix", "--quiet", "--select", "I,F401", *files])
    subprocess.run([*ruff, "format", *config, "--quiet", *files], check=True)
    return written


def main() -> None:
    """Writes ``_sync/``; ``--check [DIR]`` only says whether it (or a copy of
    it in DIR) is current."""
    arguments = sys.argv[1:]
    target = Path(arguments[1]) if arguments[1:] else CLIENT / "_sync"
    if arguments[:1] == ["--check"]:
        with tempfile.TemporaryDirectory() as scratch:
            fresh = {path.name: path.read_text() for path in generate(Path(scratch))}
        kept = {path.name: path.read_text() for path in target.glob("*.py")}
        stale = sorted(
            name for name in fresh.keys() | kept.keys() if fresh.get(name) != kept.get(name)
        )
        if stale:
            sys.exit(f"_sync/ is not what _async/ makes ({', '.join(stale)}): run make sdk")
        return
    for old in target.glob("*.py"):
        old.unlink()
    generate(target)


if __name__ == "__main__":
    main()
