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
    # How long a request waits for the database (SQLite's write lock held by
    # another process, PostgreSQL accepting a new connection) before it is
    # answered 503 with Retry-After (a connection of the pool is waited for
    # longer: kit.db.POOL_WAIT_SECONDS). A unit holds the lock for
    # milliseconds, so 5 s is a wedged database, not a busy one; a client waiting
    # longer than that for an answer is likely to give up and retry anyway.
    database_wait_seconds: float = 5.0

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
