"""`AsyncWebinarium`: the native API (docs/native-api.md).

Each resource is an object on the client (``client.files``,
``client.webhook_endpoints``…) with a typed method for every route; `request`
reaches any route as well. The lists page by themselves: iterating asks for
the next page (the server's ``after`` / ``next_after`` cursor) when the
current one is used up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from functools import cached_property
from typing import IO, Literal

from webinarium.client._answers import NOT_GIVEN, M, NotGiven, compact, parse
from webinarium.client._async._path import AsyncPathClient
from webinarium.client._dialects import NATIVE
from webinarium.client._exceptions import APIError
from webinarium.client._native import event_type_list, path_of
from webinarium.client.models.native import (
    AttendanceChecks,
    AttendanceMonitorSettings,
    CheckIn,
    ConferenceFile,
    Event,
    EventPage,
    EvergreenWebinar,
    File,
    Offer,
    RegistrationWebhook,
    SigningSecret,
    Survey,
    SurveyAnswers,
    SurveyQuestionInput,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
)


async def _pages(
    client: AsyncPathClient,
    path: str,
    model: type[M],
    *,
    items: str | None,
    params: Mapping[str, str | int | None] | None = None,
) -> AsyncIterator[M]:
    """Every item of a list, page after page: the answer's ``items`` list (the
    answer itself when None: a list in one page), the next page asked with
    ``after`` = its ``next_after`` until that is null, the page is empty or
    the cursor stays (the event feed's end)."""
    query: dict[str, str | int | None] = dict(params or {})
    while True:
        answer = await client.request("GET", path, params=query)
        if items is None:
            page, next_after = answer, None
        elif isinstance(answer, dict):
            page, next_after = answer.get(items), answer.get("next_after")
        else:
            page = next_after = None
        if not isinstance(page, list):
            shape = "a list" if items is None else f"{{{items!r}: [...], 'next_after': ...}}"
            raise APIError(f"the answer to GET {path} is not {shape}")
        for item in page:
            yield parse(model, item)
        if next_after is None or not page or next_after == query.get("after"):
            return
        query["after"] = next_after


class AsyncWebinarium(AsyncPathClient):
    """The native API: ``AsyncWebinarium(api_key=…, base_url="https://…")``."""

    dialect = NATIVE

    @cached_property
    def files(self) -> AsyncFiles:
        return AsyncFiles(self)

    @cached_property
    def conference_files(self) -> AsyncConferenceFiles:
        return AsyncConferenceFiles(self)

    @cached_property
    def offers(self) -> AsyncOffers:
        return AsyncOffers(self)

    @cached_property
    def surveys(self) -> AsyncSurveys:
        return AsyncSurveys(self)

    @cached_property
    def attendance_monitor(self) -> AsyncAttendanceMonitor:
        return AsyncAttendanceMonitor(self)

    @cached_property
    def check_ins(self) -> AsyncCheckIns:
        return AsyncCheckIns(self)

    @cached_property
    def evergreen_webinars(self) -> AsyncEvergreenWebinars:
        return AsyncEvergreenWebinars(self)

    @cached_property
    def registration_webhooks(self) -> AsyncRegistrationWebhooks:
        return AsyncRegistrationWebhooks(self)

    @cached_property
    def webhook_endpoints(self) -> AsyncWebhookEndpoints:
        return AsyncWebhookEndpoints(self)

    @cached_property
    def webhook_deliveries(self) -> AsyncWebhookDeliveries:
        return AsyncWebhookDeliveries(self)

    @cached_property
    def webhook_signing_secret(self) -> AsyncWebhookSigningSecret:
        return AsyncWebhookSigningSecret(self)

    @cached_property
    def events(self) -> AsyncEvents:
        return AsyncEvents(self)


class _Resource:
    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client


class AsyncFiles(_Resource):
    """``/files``: the account's file store."""

    async def upload(self, file: bytes | IO[bytes], *, file_name: str | None = None) -> File:
        """``POST /files`` (multipart field ``file``): the file stored and read.
        ``file_name`` defaults to an open file's own name; the type is read
        from the bytes."""
        name = file_name or getattr(file, "name", None) or "upload"
        content = file if isinstance(file, bytes) else file.read()
        answer = await self._client.request(
            "POST", "files", files={"file": (str(name).rsplit("/", 1)[-1], content)}
        )
        return parse(File, answer)

    async def get(self, file_id: str) -> File:
        """``GET /files/{id}``."""
        return parse(File, await self._client.request("GET", path_of("files", file_id)))

    def list(
        self, *, state: Literal["ready", "fetching", "failed"] | None = None
    ) -> AsyncIterator[File]:
        """``GET /files``: the newest 100 files, newest first; ``state`` filters."""
        return _pages(self._client, "files", File, items=None, params={"state": state})


class AsyncConferenceFiles(_Resource):
    """``/conferences/{id}/files``: a conference's pre-loaded files."""

    async def attach(self, conference_id: str, *, file_id: str) -> ConferenceFile:
        """``POST``: a ready file of the store becomes a pre-loaded file."""
        answer = await self._client.request(
            "POST", path_of("conferences", conference_id, "files"), json={"file_id": file_id}
        )
        return parse(ConferenceFile, answer)

    def list(self, conference_id: str) -> AsyncIterator[ConferenceFile]:
        """``GET``: oldest first, attached and fetched alike."""
        path = path_of("conferences", conference_id, "files")
        return _pages(self._client, path, ConferenceFile, items=None)

    async def delete(self, conference_id: str, conference_file_id: str) -> None:
        """``DELETE …/files/{id}``; the stored file stays in the store."""
        path = path_of("conferences", conference_id, "files", conference_file_id)
        await self._client.request("DELETE", path)


class AsyncOffers(_Resource):
    """``/conferences/{id}/offers``: calls to action the room shows."""

    async def create(self, conference_id: str, *, title: str, button_text: str, url: str) -> Offer:
        """``POST``: ``url`` http or https."""
        answer = await self._client.request(
            "POST",
            path_of("conferences", conference_id, "offers"),
            json=compact(title=title, button_text=button_text, url=url),
        )
        return parse(Offer, answer)

    def list(self, conference_id: str) -> AsyncIterator[Offer]:
        """``GET``: oldest first."""
        return _pages(
            self._client, path_of("conferences", conference_id, "offers"), Offer, items=None
        )

    async def get(self, conference_id: str, offer_id: str) -> Offer:
        path = path_of("conferences", conference_id, "offers", offer_id)
        return parse(Offer, await self._client.request("GET", path))

    async def delete(self, conference_id: str, offer_id: str) -> None:
        """``DELETE``: hidden in the room if shown; its showings stay for the reports."""
        await self._client.request(
            "DELETE", path_of("conferences", conference_id, "offers", offer_id)
        )


class AsyncSurveys(_Resource):
    """``/conferences/{id}/survey``: the questions attendees answer at the end."""

    async def replace(
        self, conference_id: str, *, questions: Sequence[SurveyQuestionInput]
    ) -> Survey:
        """``PUT``: every question, in order (refused 409 once someone answered)."""
        answer = await self._client.request(
            "PUT",
            path_of("conferences", conference_id, "survey"),
            json={"questions": [dict(question) for question in questions]},
        )
        return parse(Survey, answer)

    async def get(self, conference_id: str) -> Survey:
        path = path_of("conferences", conference_id, "survey")
        return parse(Survey, await self._client.request("GET", path))

    async def answers(self, conference_id: str) -> SurveyAnswers:
        """``GET …/survey/answers``: oldest first."""
        path = path_of("conferences", conference_id, "survey", "answers")
        return parse(SurveyAnswers, await self._client.request("GET", path))


class AsyncAttendanceMonitor(_Resource):
    """``/conferences/{id}/attendance-monitor``: "are you still there?" checks."""

    async def update(
        self,
        conference_id: str,
        *,
        enabled: bool | None = None,
        interval_minutes: int | None = None,
        answer_seconds: int | None = None,
    ) -> AttendanceMonitorSettings:
        """``PUT``: the settings given change, the others stay."""
        answer = await self._client.request(
            "PUT",
            path_of("conferences", conference_id, "attendance-monitor"),
            json=compact(
                enabled=enabled, interval_minutes=interval_minutes, answer_seconds=answer_seconds
            ),
        )
        return parse(AttendanceMonitorSettings, answer)

    async def get(self, conference_id: str) -> AttendanceMonitorSettings:
        path = path_of("conferences", conference_id, "attendance-monitor")
        return parse(AttendanceMonitorSettings, await self._client.request("GET", path))

    async def checks(self, conference_id: str) -> AttendanceChecks:
        """``GET …/checks``: every attendee asked, oldest check first."""
        path = path_of("conferences", conference_id, "attendance-monitor", "checks")
        return parse(AttendanceChecks, await self._client.request("GET", path))


class AsyncCheckIns(_Resource):
    """``/conferences/{id}/check-ins``: registrants who came in person."""

    async def create(self, conference_id: str, *, qr_code_value: str) -> CheckIn:
        """``POST``: checks the registrant in; again, ``already`` is True and
        ``checked_in_at`` the first time."""
        answer = await self._client.request(
            "POST",
            path_of("conferences", conference_id, "check-ins"),
            json={"qr_code_value": qr_code_value},
        )
        return parse(CheckIn, answer)

    def list(self, conference_id: str, *, limit: int | None = None) -> AsyncIterator[CheckIn]:
        """``GET``: first checked in first, ``limit`` (1-500) to a page."""
        path = path_of("conferences", conference_id, "check-ins")
        return _pages(self._client, path, CheckIn, items="check_ins", params={"limit": limit})


class AsyncEvergreenWebinars(_Resource):
    """``/evergreen_webinars``: webinars every day at the same times."""

    async def create(
        self,
        *,
        title: str,
        time_zone: str,
        session_times: Sequence[str],
        duration_minutes: int,
        channel_id: str | None = None,
    ) -> EvergreenWebinar:
        """``POST``: ``session_times`` "HH:MM" on ``time_zone``'s clock; the
        answer holds its first session."""
        answer = await self._client.request(
            "POST",
            "evergreen_webinars",
            json=compact(
                title=title,
                time_zone=time_zone,
                session_times=list(session_times),
                duration_minutes=duration_minutes,
                channel_id=channel_id,
            ),
        )
        return parse(EvergreenWebinar, answer)

    async def get(self, conference_id: str) -> EvergreenWebinar:
        """``GET …/{id}``: with every session so far (the last is the upcoming one)."""
        path = path_of("evergreen_webinars", conference_id)
        return parse(EvergreenWebinar, await self._client.request("GET", path))

    async def update(
        self,
        conference_id: str,
        *,
        title: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        session_times: Sequence[str] | NotGiven = NOT_GIVEN,
        duration_minutes: int | NotGiven = NOT_GIVEN,
    ) -> EvergreenWebinar:
        """``PATCH …/{id}``: the fields given (at least one). The upcoming
        session moves to the new schedule unless someone has registered for it;
        the sessions after it follow the new schedule."""
        body = compact(
            title=title,
            time_zone=time_zone,
            session_times=(
                session_times if isinstance(session_times, NotGiven) else list(session_times)
            ),
            duration_minutes=duration_minutes,
        )
        path = path_of("evergreen_webinars", conference_id)
        return parse(EvergreenWebinar, await self._client.request("PATCH", path, json=body))


class AsyncRegistrationWebhooks(_Resource):
    """``/conferences/{id}/registration-webhook``: the URL that registers people."""

    async def get(self, conference_id: str) -> RegistrationWebhook:
        path = path_of("conferences", conference_id, "registration-webhook")
        return parse(RegistrationWebhook, await self._client.request("GET", path))

    async def replace(self, conference_id: str) -> RegistrationWebhook:
        """``POST``: a new URL; the old one answers 404 from now on."""
        path = path_of("conferences", conference_id, "registration-webhook")
        return parse(RegistrationWebhook, await self._client.request("POST", path))


class AsyncWebhookEndpoints(_Resource):
    """``/webhook_endpoints``: where the account's webhooks go."""

    async def create(
        self,
        *,
        url: str,
        event_types: Sequence[str] | Literal["all"] | None = None,
        conference_id: str | None = None,
        enabled: bool | None = None,
    ) -> WebhookEndpointWithSecret:
        """``POST``: every event type unless ``event_types`` says which; the
        answer's ``secret`` is shown this once."""
        answer = await self._client.request(
            "POST",
            "webhook_endpoints",
            json=compact(
                url=url,
                event_types=event_type_list(event_types),
                conference_id=conference_id,
                enabled=enabled,
            ),
        )
        return parse(WebhookEndpointWithSecret, answer)

    def list(self, *, limit: int | None = None) -> AsyncIterator[WebhookEndpoint]:
        """Every endpoint, oldest first, ``limit`` (1-200) to a page."""
        return _pages(
            self._client,
            "webhook_endpoints",
            WebhookEndpoint,
            items="data",
            params={"limit": limit},
        )

    async def get(self, endpoint_id: str) -> WebhookEndpoint:
        path = path_of("webhook_endpoints", endpoint_id)
        return parse(WebhookEndpoint, await self._client.request("GET", path))

    async def update(
        self,
        endpoint_id: str,
        *,
        url: str | None = None,
        event_types: Sequence[str] | Literal["all"] | None = None,
        conference_id: str | NotGiven | None = NOT_GIVEN,
        enabled: bool | None = None,
    ) -> WebhookEndpoint:
        """``PATCH``: the fields given. ``conference_id=None`` widens the
        endpoint to the whole account (left out, it stays); ``enabled=True`` on a
        disabled endpoint sends what it missed."""
        body = compact(url=url, event_types=event_type_list(event_types), enabled=enabled)
        if conference_id is None or isinstance(conference_id, str):
            body["conference_id"] = conference_id
        path = path_of("webhook_endpoints", endpoint_id)
        return parse(WebhookEndpoint, await self._client.request("PATCH", path, json=body))

    async def delete(self, endpoint_id: str) -> None:
        """``DELETE``: with its deliveries."""
        await self._client.request("DELETE", path_of("webhook_endpoints", endpoint_id))

    async def rotate_secret(self, endpoint_id: str) -> WebhookEndpointWithSecret:
        """A new ``secret`` (in this answer only); the old one signs as well for 24 hours."""
        path = path_of("webhook_endpoints", endpoint_id, "rotate_secret")
        return parse(WebhookEndpointWithSecret, await self._client.request("POST", path))

    async def test(self, endpoint_id: str) -> WebhookDelivery:
        """Queues a ``webhook.test`` message to this endpoint: its delivery."""
        path = path_of("webhook_endpoints", endpoint_id, "test")
        return parse(WebhookDelivery, await self._client.request("POST", path))

    def deliveries(
        self, endpoint_id: str, *, limit: int | None = None
    ) -> AsyncIterator[WebhookDelivery]:
        """The endpoint's deliveries, newest first, each with its attempts."""
        path = path_of("webhook_endpoints", endpoint_id, "deliveries")
        return _pages(self._client, path, WebhookDelivery, items="data", params={"limit": limit})


class AsyncWebhookDeliveries(_Resource):
    """``/webhook_deliveries``."""

    async def redeliver(self, delivery_id: str) -> WebhookDelivery:
        """Sends it again (same ``webhook-id`` and body) on a fresh schedule."""
        path = path_of("webhook_deliveries", delivery_id, "redeliver")
        return parse(WebhookDelivery, await self._client.request("POST", path))


class AsyncWebhookSigningSecret(_Resource):
    """``/webhook_signing_secret``: signs BigMarker's per-webinar hooks."""

    async def get(self) -> SigningSecret:
        """The secret (made at its first use)."""
        answer = await self._client.request("GET", "webhook_signing_secret")
        return parse(SigningSecret, answer)

    async def rotate(self) -> SigningSecret:
        """A new secret; the old one signs as well for 24 hours."""
        answer = await self._client.request("POST", "webhook_signing_secret")
        return parse(SigningSecret, answer)


class AsyncEvents(_Resource):
    """``GET /events``: the account's event feed."""

    async def list(self, *, after: int = 0, limit: int | None = None) -> EventPage:
        """One page: the events numbered above ``after``, oldest first."""
        answer = await self._client.request(
            "GET", "events", params={"after": after, "limit": limit}
        )
        return parse(EventPage, answer)

    def iter_events(self, after: int = 0, *, limit: int | None = None) -> AsyncIterator[Event]:
        """Every event above ``after``, page after page, until none is new."""
        return _pages(
            self._client, "events", Event, items="data", params={"after": after, "limit": limit}
        )
