"""The one core under every client, sync and async: the base URL, where the key
goes, the timeout, the retries and how an answer is read.

A call is retried, after a backoff with jitter, when it is idempotent (GET,
HEAD, PUT, DELETE, OPTIONS, or any call made with ``idempotent=True``) and met a
connection error, a timeout, 429 or a 5xx; ``Retry-After`` (seconds or an HTTP
date, at most `MAX_RETRY_AFTER`) says how long to wait when the server sends it.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import httpx

from webinarium import __version__
from webinarium.client._dialects import Dialect
from webinarium.client._exceptions import APIConnectionError, APITimeoutError

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
# Backoff: 0.5 s, 1 s, 2 s… up to 8 s, each less up to a quarter at random so
# that clients refused together do not come back together.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A longer Retry-After is not waited out in full: the caller decides what next.
MAX_RETRY_AFTER = 60.0
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
USER_AGENT = f"webinarium-python/{__version__}"

Params = Mapping[str, str | int | float | bool | None]


def retry_after(response: httpx.Response, now: datetime) -> float | None:
    """The wait the server asks for in ``Retry-After`` (seconds or an HTTP
    date), capped at `MAX_RETRY_AFTER`; None when it asks for none we can read."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def backoff(attempt: int) -> float:
    """The wait before retry number ``attempt`` (0 for the first)."""
    delay = min(INITIAL_RETRY_DELAY * 2.0**attempt, MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())


def _retryable(response: httpx.Response) -> bool:
    return response.status_code == 429 or response.status_code >= 500


def _body_of(response: httpx.Response) -> Any:
    if not response.content:
        return None
    if "json" in response.headers.get("content-type", ""):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text


class BaseClient:
    """What a sync and an async client share: their settings and how a call is
    built, judged and read."""

    dialect: Dialect

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("api_key is required")
        self.api_key = api_key
        self.base_url = httpx.URL(str(base_url).rstrip("/") + self.dialect.prefix + "/")
        self.timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.max_retries = max_retries
        self._headers = {"User-Agent": USER_AGENT, **(default_headers or {})}
        if self.dialect.key_header:
            self._headers[self.dialect.key_header] = api_key

    def _client_options(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "timeout": self.timeout, "headers": self._headers}

    def _build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        method: str,
        path: str,
        *,
        params: Params | None,
        json: Any,
        data: Mapping[str, Any] | None,
        files: Mapping[str, Any] | None = None,
    ) -> httpx.Request:
        query = {name: value for name, value in (params or {}).items() if value is not None}
        if self.dialect.key_param:
            query[self.dialect.key_param] = self.api_key
        return http.build_request(
            method.upper(), path.lstrip("/"), params=query, json=json, data=data, files=files
        )

    def _may_retry(self, request: httpx.Request, idempotent: bool | None, attempt: int) -> bool:
        if attempt >= self.max_retries:
            return False
        return request.method in IDEMPOTENT_METHODS if idempotent is None else idempotent

    def _wait(self, attempt: int, response: httpx.Response | None) -> float:
        asked = retry_after(response, datetime.now(UTC)) if response is not None else None
        return backoff(attempt) if asked is None else asked

    def _result(self, response: httpx.Response) -> Any:
        """The answer's body (parsed JSON, else text; None when empty), or the
        exception the dialect reads in it."""
        body = _body_of(response)
        error = self.dialect.error_of(response, body)
        if error is not None:
            raise error
        return body


def _connection_error(error: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    return kind(
        f"{type(error).__name__}: {error}" if str(error) else type(error).__name__, request=request
    )


class SyncClient(BaseClient):
    """A blocking client. ``transport``: any `httpx.BaseTransport` (tests give
    one; None: the network)."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._http = httpx.Client(transport=transport, **self._client_options())

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        request = self._build(
            self._http, method, path, params=params, json=json, data=data, files=files
        )
        attempt = 0
        while True:
            try:
                response = self._http.send(request)
            except httpx.TransportError as error:
                if not self._may_retry(request, idempotent, attempt):
                    raise _connection_error(error, request) from error
                time.sleep(self._wait(attempt, None))
            else:
                if not (_retryable(response) and self._may_retry(request, idempotent, attempt)):
                    return self._result(response)
                response.close()
                time.sleep(self._wait(attempt, response))
            attempt += 1

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(BaseClient):
    """A client for asyncio. ``transport``: any `httpx.AsyncBaseTransport`
    (`httpx.ASGITransport(app)` runs the calls in-process; None: the network)."""

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._http = httpx.AsyncClient(transport=transport, **self._client_options())

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        request = self._build(
            self._http, method, path, params=params, json=json, data=data, files=files
        )
        attempt = 0
        while True:
            try:
                response = await self._http.send(request)
            except httpx.TransportError as error:
                if not self._may_retry(request, idempotent, attempt):
                    raise _connection_error(error, request) from error
                await asyncio.sleep(self._wait(attempt, None))
            else:
                if not (_retryable(response) and self._may_retry(request, idempotent, attempt)):
                    return self._result(response)
                await response.aclose()
                await asyncio.sleep(self._wait(attempt, response))
            attempt += 1

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
