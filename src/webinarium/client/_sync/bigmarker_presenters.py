# Written by tools/unasync_sdk.py from _async/bigmarker_presenters.py:
# change that file, then `make sdk`.
"""BigMarker "Conference Presenters": ``client.presenters``.

Add and Update name the presenter's email, names and password as the answer
does (``email``, ``display_name``, ``first_name``, ``last_name``,
``temporary_password``) and send them as the document's ``presenter_email``,
``name``, ``presenter_first_name``, ``presenter_last_name``,
``presenter_temporary_password``; the rest keep the document's names.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator

from webinarium.client._answers import compact, parse, reader
from webinarium.client._bigmarker import (
    parse_list,
    success_of,
)
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_paging import bigmarker_pages
from webinarium.client.models.bigmarker import Conference, Presenter, Success


class Presenters:
    """The presenters of a conference, and the conferences of a presenter."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def add(
        self,
        conference_id: str,
        *,
        email: str,
        display_name: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        temporary_password: str | None = None,
        photo_url: str | None = None,
        bio: str | None = None,
        title: str | None = None,
        can_manage: bool | None = None,
        is_moderator: bool | None = None,
        send_email_invite: bool | None = None,
        add_to_channel_subscriber_list: bool | None = None,
        enter_as_attendee: bool | None = None,
        display_on_landing_page: bool | None = None,
        remove_bigmarker_contact_option: bool | None = None,
        show_on_networking_center: bool | None = None,
        show_chat_icon_in_booth_or_session_room: bool | None = None,
    ) -> Presenter:
        """Add a Presenter: ``POST /presenters`` (JSON). ``first_name`` and
        ``last_name`` are needed for someone the account does not know yet."""
        body = compact(
            {
                "conference_id": conference_id,
                "presenter_email": email,
                "name": display_name,
                "presenter_first_name": first_name,
                "presenter_last_name": last_name,
                "presenter_temporary_password": temporary_password,
                "photo_url": photo_url,
                "bio": bio,
                "title": title,
                "can_manage": can_manage,
                "is_moderator": is_moderator,
                "send_email_invite": send_email_invite,
                "add_to_channel_subscriber_list": add_to_channel_subscriber_list,
                "enter_as_attendee": enter_as_attendee,
                "display_on_landing_page": display_on_landing_page,
                "remove_bigmarker_contact_option": remove_bigmarker_contact_option,
                "show_on_networking_center": show_on_networking_center,
                "show_chat_icon_in_booth_or_session_room": show_chat_icon_in_booth_or_session_room,
            }
        )
        return parse(Presenter, self._client.request("POST", "presenters", json=body))

    def update(
        self,
        presenter_id: str,
        *,
        conference_id: str | None = None,
        email: str | None = None,
        display_name: str | None = None,
        temporary_password: str | None = None,
        photo_url: str | None = None,
        bio: str | None = None,
        title: str | None = None,
        can_manage: bool | None = None,
        is_moderator: bool | None = None,
        enter_as_attendee: bool | None = None,
        display_on_landing_page: bool | None = None,
        remove_bigmarker_contact_option: bool | None = None,
        show_on_networking_center: bool | None = None,
        show_chat_icon_in_booth_or_session_room: bool | None = None,
    ) -> Presenter:
        """Update a Presenter: ``PUT /presenters/{presenter_id}`` (JSON), only
        the fields given (``conference_id``, which the document does not ask
        for, is sent when given)."""
        body = compact(
            {
                "conference_id": conference_id,
                "presenter_email": email,
                "name": display_name,
                "presenter_temporary_password": temporary_password,
                "photo_url": photo_url,
                "bio": bio,
                "title": title,
                "can_manage": can_manage,
                "is_moderator": is_moderator,
                "enter_as_attendee": enter_as_attendee,
                "display_on_landing_page": display_on_landing_page,
                "remove_bigmarker_contact_option": remove_bigmarker_contact_option,
                "show_on_networking_center": show_on_networking_center,
                "show_chat_icon_in_booth_or_session_room": show_chat_icon_in_booth_or_session_room,
            }
        )
        answer = self._client.request("PUT", f"presenters/{presenter_id}", json=body)
        return parse(Presenter, answer)

    def remove(self, presenter_id: str, *, conference_id: str | None = None) -> Success:
        """Remove a Presenter: ``DELETE /presenters/{presenter_id}`` (with the
        ``conference_id`` in a JSON body when given)."""
        body = compact({"conference_id": conference_id}) or None
        answer = self._client.request("DELETE", f"presenters/{presenter_id}", json=body)
        return success_of(answer)

    def list(self, conference_id: str) -> builtins.list[Presenter]:
        """All Presenters of a conference: ``GET /conferences/{conference_id}/presenters``."""
        answer = self._client.request("GET", f"conferences/{conference_id}/presenters")
        return parse_list(Presenter, answer, "presenters")

    def conferences(
        self, presenter_id: str, *, channel_id: str | None = None, per_page: int | None = None
    ) -> Iterator[Conference]:
        """List Conferences of a presenter: ``GET
        /presenters/{presenter_id}/list_conferences`` (the presenter's member
        id), page after page; ``channel_id`` narrows them to one channel."""
        return bigmarker_pages(
            self._client,
            f"presenters/{presenter_id}/list_conferences",
            "conferences",
            reader(Conference),
            params={"channel_id": channel_id},
            per_page=per_page,
        )
