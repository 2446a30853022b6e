"""Saved profiles: ``$XDG_CONFIG_HOME/webinarium/config.toml`` (default
``~/.config/webinarium/config.toml``), mode 0600, one table per profile::

    [profiles.default]
    base_url = "https://webinars.example.com"
    api_key = "…"

Read with tomllib; written by `save` (strings only, so a few lines do it).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class Profile:
    base_url: str | None = None
    api_key: str | None = None


class ProfileError(Exception):
    """The configuration file cannot be read."""


def config_path() -> Path:
    """Where the profiles are saved (XDG base directory rules)."""
    home = os.environ.get("XDG_CONFIG_HOME") or ""
    base = Path(home) if Path(home).is_absolute() else Path.home() / ".config"
    return base / "webinarium" / "config.toml"


def _read(path: Path) -> dict[str, dict[str, object]]:
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"cannot read {path}: {error}") from None
    profiles = document.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ProfileError(f"cannot read {path}: [profiles] is not a table")
    return {name: table for name, table in profiles.items() if isinstance(table, dict)}


def load(name: str) -> Profile | None:
    """The saved profile ``name``, or None when there is none by that name."""
    table = _read(config_path()).get(name)
    if table is None:
        return None
    base_url, api_key = table.get("base_url"), table.get("api_key")
    return Profile(
        base_url=base_url if isinstance(base_url, str) else None,
        api_key=api_key if isinstance(api_key, str) else None,
    )


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string: the same quotes and escapes
    # (\" \\ \b \f \n \r \t \uXXXX).
    return json.dumps(value)


def save(name: str, profile: Profile) -> Path:
    """Saves (or replaces) profile ``name``, keeping the others; the file is
    readable by its owner only. Returns its path."""
    path = config_path()
    profiles = {
        other: {key: value for key, value in table.items() if isinstance(value, str)}
        for other, table in _read(path).items()
    }
    profiles[name] = {"base_url": profile.base_url or "", "api_key": profile.api_key or ""}
    lines = ["# Webinarium command line profiles (webinarium login)."]
    for other, table in profiles.items():
        lines += ["", f"[profiles.{_toml_string(other)}]"]
        lines += [f"{key} = {_toml_string(value)}" for key, value in table.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)  # an older file keeps its mode on open
        file.write("\n".join(lines) + "\n")
    return path
