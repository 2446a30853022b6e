"""Runtime settings, read from ``WEBINARIUM_*`` environment variables.

Every setting has a default that runs on a laptop with nothing configured; the
secret key is the one default that is refused outside development.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET_KEY = "development-secret-key-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEBINARIUM_", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    data_dir: Path = Path("data")
    # Empty means "a SQLite file in data_dir"; sqlite:/// and postgresql:// URLs are
    # accepted as users write them, the async driver is picked in `database_url_async`.
    database_url: str = ""
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str = DEVELOPMENT_SECRET_KEY
    # The file store's root (kit.files); empty means "files" in data_dir.
    files_dir: Path | None = None
    # 10 MB: the largest JSON or form body any dialect documents is a few kB.
    max_body_bytes: int = 10 * 1024 * 1024

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "development" and self.secret_key == DEVELOPMENT_SECRET_KEY:
            raise ValueError(
                "WEBINARIUM_SECRET_KEY must be set to a random value outside development"
            )
        return self

    @cached_property
    def base_url(self) -> str:
        """PUBLIC_URL without a trailing slash: the prefix of every URL the API returns."""
        return self.public_url.rstrip("/")

    @property
    def files_root(self) -> Path:
        return self.files_dir or self.data_dir / "files"

    @cached_property
    def database_url_async(self) -> str:
        url = self.database_url or f"sqlite:///{(self.data_dir / 'webinarium.db').resolve()}"
        for plain, driver in (
            ("sqlite://", "sqlite+aiosqlite://"),
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
        ):
            if url.startswith(plain):
                return driver + url[len(plain) :]
        return url

    @property
    def is_sqlite(self) -> bool:
        return self.database_url_async.startswith("sqlite")

    # The room's socket (room/).
    # A room ticket's lifetime: the room page gets a new one with every load, and
    # its socket reconnects with it, so it lasts a long webinar.
    room_ticket_seconds: int = 4 * 3600
    # A socket silent this long is closed (the protocol's 60 s).
    room_idle_seconds: float = 60
    # A member whose last socket dropped leaves the room only after this long: a
    # reloaded page or a network blip is not an exit.
    room_exit_grace_seconds: float = 15
    # presence.count goes out at most once per interval.
    room_count_interval_seconds: float = 1
    # Chat messages per member: a burst of this many, then one more per refill.
    room_chat_burst: int = 5
    room_chat_refill_seconds: float = 2
    # How rooms hear each other's events: "" is the in-process broker (one
    # process serves the rooms); redis://… comes with several processes.
    broker_url: str = ""
