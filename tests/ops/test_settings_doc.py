"""docs/settings.md is what tools/settings_doc.py writes from the Settings class:
every WEBINARIUM_* variable, its default and its comment (issue 19)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from webinarium.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "settings_doc.py"
DOC = ROOT / "docs" / "settings.md"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("settings_doc", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclass looks its module up while it is made.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_doc_is_what_the_generator_writes() -> None:
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr


def _sections(doc: str) -> dict[str, str]:
    """The doc's sections by their variable."""
    parts = re.split(r"^## `(WEBINARIUM_[A-Z0-9_]+)`$", doc, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_setting_has_its_variable_default_and_comment() -> None:
    sections = _sections(DOC.read_text())
    assert list(sections) == [f"WEBINARIUM_{name.upper()}" for name in Settings.model_fields]
    for variable, section in sections.items():
        lines = [line for line in section.strip().splitlines() if line]
        assert len(lines) >= 2, variable
        assert lines[0].split(", default: ")[1], variable
    # A few read as the class gives them.
    assert sections["WEBINARIUM_DATABASE_URL"].strip().startswith("`str`, default: empty\n")
    assert "`bool`, default: `true`" in sections["WEBINARIUM_WORKER_IN_SERVE"]
    assert "`float`, default: `45`" in sections["WEBINARIUM_WORKER_SILENT_SECONDS"]
    assert "`str`, default: `20000-40000`" in sections["WEBINARIUM_JANUS_RTP_PORTS"]
    assert sections["WEBINARIUM_SECRET_KEY"].strip() == (
        "`str`, default: empty\n\nSigns invite tokens. Empty: in development, the key kept in"
        " data_dir."
    )


def test_a_setting_without_a_comment_is_refused(tool: ModuleType) -> None:
    source = "class Settings:\n    # Said above it.\n    told: int = 1\n\n    untold: str = ''\n"
    fields = dict.fromkeys(("told", "untold"), Settings.model_fields["worker_concurrency"])
    with pytest.raises(tool.Undocumented, match=r": untold$"):
        tool.entries(source, fields)
    entries = tool.entries(source.replace("    untold", "    # Now told.\n    untold"), fields)
    assert [(entry.name, entry.text) for entry in entries] == [
        ("told", "Said above it."),
        ("untold", "Now told."),
    ]
