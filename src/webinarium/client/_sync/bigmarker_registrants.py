# Written by tools/unasync_sdk.py from _async/bigmarker_registrants.py:
# change that file, then `make sdk`.
"""BigMarker "Conference Registrations" (``client.registrants``) and Show
Conference Attendees (``client.attendees``).

Register, Register or Update and Unregister send form data, as the document
does (``custom_fields`` a JSON string keyed by custom field id); the
conference goes in the body's ``id``, the SDK takes it first, positionally.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from webinarium.client._answers import parse, reader
from webinarium.client._bigmarker import (
    registration_form,
)
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_paging import bigmarker_pages
from webinarium.client.models.bigmarker import (
    Attendee,
    Registered,
    Registrant,
    RegistrationStatus,
    Success,
)


class Registrants:
    """The registrants of a conference."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(
        self,
        conference_id: str,
        *,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        email: str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Registrant]:
        """List Registrants: ``GET /conferences/registrations/{conference_id}``,
        page after page; ``start_time`` / ``end_time`` (registered between,
        Unix seconds), ``email`` (that one registrant)."""
        return bigmarker_pages(
            self._client,
            f"conferences/registrations/{conference_id}",
            "registrations",
            reader(Registrant),
            params={"start_time": start_time, "end_time": end_time, "email": email},
            per_page=per_page,
        )

    def list_with_fields(
        self,
        conference_id: str,
        *,
        use_api_name: bool | None = None,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        email: str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Registrant]:
        """List Registrants with Custom Fields: ``GET
        /conferences/registrations_with_fields/{conference_id}``, each with its
        answers in ``custom_fields`` (keyed by the field's title, or by its api
        name with ``use_api_name``)."""
        params = {
            "use_api_name": use_api_name,
            "start_time": start_time,
            "end_time": end_time,
            "email": email,
        }
        return bigmarker_pages(
            self._client,
            f"conferences/registrations_with_fields/{conference_id}",
            "registrations",
            reader(Registrant),
            params=params,
            per_page=per_page,
        )

    def checked_in(
        self,
        conference_id: str,
        *,
        start_time: int | str | None = None,
        end_time: int | str | None = None,
        per_page: int | None = None,
    ) -> Iterator[Registrant]:
        """List Checked-In Registrants: ``GET
        /conferences/checked_in_registrants/{conference_id}``, page after page."""
        return bigmarker_pages(
            self._client,
            f"conferences/checked_in_registrants/{conference_id}",
            "registrations",
            reader(Registrant),
            params={"start_time": start_time, "end_time": end_time},
            per_page=per_page,
        )

    def register(
        self,
        conference_id: str,
        *,
        email: str,
        first_name: str,
        last_name: str,
        temporary_password: str | None = None,
        custom_fields: Mapping[str, str] | str | None = None,
        utm_bmcr_source: str | None = None,
        custom_user_id: str | None = None,
    ) -> Registered:
        """Register a User: ``PUT /conferences/register`` (form data);
        ``custom_fields``: ``{"<custom field id>": "answer"}``."""
        body = registration_form(
            {
                "id": conference_id,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "temporary_password": temporary_password,
                "custom_fields": custom_fields,
                "utm_bmcr_source": utm_bmcr_source,
                "custom_user_id": custom_user_id,
            }
        )
        return parse(Registered, self._client.request("PUT", "conferences/register", data=body))

    def register_or_update(
        self,
        conference_id: str,
        *,
        email: str,
        first_name: str,
        last_name: str,
        temporary_password: str | None = None,
        custom_fields: Mapping[str, str] | str | None = None,
        utm_bmcr_source: str | None = None,
        custom_user_id: str | None = None,
        show_full_data: bool | None = None,
    ) -> Registered:
        """Register or Update a Registrant: ``POST /conferences/register_or_update``
        (form data); ``show_full_data`` adds the registration to the answer."""
        body = registration_form(
            {
                "id": conference_id,
                "email": email,
                "first_name": first_name,
                "last_name": last_name,
                "temporary_password": temporary_password,
                "custom_fields": custom_fields,
                "utm_bmcr_source": utm_bmcr_source,
                "custom_user_id": custom_user_id,
                "show_full_data": show_full_data,
            }
        )
        answer = self._client.request("POST", "conferences/register_or_update", data=body)
        return parse(Registered, answer)

    def unregister(self, conference_id: str, *, email: str) -> Success:
        """Unregister a User: ``DELETE /conferences/register`` (form data)."""
        body = {"id": conference_id, "email": email}
        return parse(Success, self._client.request("DELETE", "conferences/register", data=body))

    def check_status(
        self, conference_id: str, *, bmid: str | None = None, email: str | None = None
    ) -> RegistrationStatus:
        """Check Registration Status: ``GET
        /conferences/{conference_id}/check_registration_status``, by ``email``
        or ``bmid``."""
        answer = self._client.request(
            "GET",
            f"conferences/{conference_id}/check_registration_status",
            params={"bmid": bmid, "email": email},
        )
        return parse(RegistrationStatus, answer)


class Attendees:
    """Who attended a conference that has ended."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, conference_id: str, *, per_page: int | None = None) -> Iterator[Attendee]:
        """Show Conference Attendees: ``GET /conferences/{conference_id}/attendees``,
        page after page (paged with ``current_page``; the document's default
        page is 500)."""
        return bigmarker_pages(
            self._client,
            f"conferences/{conference_id}/attendees",
            "attendees",
            reader(Attendee),
            per_page=per_page,
            page_name="current_page",
        )
