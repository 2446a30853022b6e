"""The ICE settings (media/ice.py): what is refused at start, and the ICE
servers each configuration gives."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from tests.test_startup import WEBINARIUM, _env
from webinarium.media.ice import ice_servers
from webinarium.settings import Settings

NOW = datetime(2031, 5, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("env", "said"),
    [
        (
            {"WEBINARIUM_TURN_URLS": "turn:turn.example.test:3478"},
            "WEBINARIUM_TURN_URLS is set without WEBINARIUM_TURN_SECRET",
        ),
        (
            {"WEBINARIUM_TURN_SECRET": "s3cret"},
            "WEBINARIUM_TURN_SECRET is set without WEBINARIUM_TURN_URLS",
        ),
        (
            {"WEBINARIUM_TURN_URLS": "https://turn.example.test", "WEBINARIUM_TURN_SECRET": "s"},
            "'https://turn.example.test' is not a turn: or turns: URL",
        ),
        (
            {"WEBINARIUM_STUN_URLS": "turn:turn.example.test"},
            "'turn:turn.example.test' is not a stun: or stuns: URL",
        ),
    ],
)
def test_a_turn_setting_that_cannot_work_stops_the_start(
    env: dict[str, str], said: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    done = subprocess.run(
        [str(WEBINARIUM), "migrate"],
        cwd=tmp_path,
        env=_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert said in done.stderr
    assert "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr
    assert not data_dir.exists()  # refused before touching anything


@pytest.mark.parametrize(
    "urls",
    [
        "turn:",
        "turn:host name",
        "turn:turn.example.test:3478?transport=sctp",
        "turn:turn.example.test:port",
        "turns://turn.example.test",
    ],
)
def test_a_turn_url_outside_rfc_7065_is_refused(urls: str) -> None:
    with pytest.raises(ValidationError, match="is not a turn: or turns: URL"):
        Settings(turn_urls=urls, turn_secret="s")


def test_a_stun_url_names_no_transport() -> None:
    with pytest.raises(ValidationError, match="only a TURN URL names its transport"):
        Settings(stun_urls="stun:stun.example.test?transport=udp")


def test_nothing_configured_gives_no_ice_servers() -> None:
    assert ice_servers(Settings(), "member", NOW) == []


def test_stun_alone_gives_stun_without_a_credential() -> None:
    settings = Settings(stun_urls="stun:stun.example.test:3478, stuns:[2001:db8::1]:5349")
    assert ice_servers(settings, "member", NOW) == [
        {"urls": ["stun:stun.example.test:3478", "stuns:[2001:db8::1]:5349"]}
    ]


def test_the_expiry_is_the_ttl_after_now() -> None:
    settings = Settings(turn_urls="turn:198.51.100.7:3478", turn_secret="s", turn_ttl_seconds=600)
    (turn,) = ice_servers(settings, "member", NOW)
    assert turn["urls"] == ["turn:198.51.100.7:3478"]
    assert turn["username"] == f"{int(NOW.timestamp()) + 600}:member"
