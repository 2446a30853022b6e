# Written by tools/unasync_sdk.py from _async/bigmarker_channels.py:
# change that file, then `make sdk`.
"""BigMarker's channels and what hangs on them (docs/bigmarker.md): "Manage
Channels" (channels, subscribers, categories, the channel block list),
"Manage Channel Admins", "Manage registration block list", "Manage Meeting
Space", "Manage Channel polls" and "Authentication".

The lists page by themselves (`bigmarker_pages`: page 1, 2, … until the answer
says it is the last, or, where it gives no count, until a page comes back
short, empty, or the same as the one before).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from webinarium.client._answers import compact, parse, reader
from webinarium.client._bigmarker import Tags, joined, success_of
from webinarium.client._sync._path import PathClient
from webinarium.client._sync.bigmarker_paging import bigmarker_pages
from webinarium.client.models.bigmarker import Channel, Conference, Success
from webinarium.client.models.bigmarker_channels import (
    BlockList,
    BlockListEntry,
    BlockListStatus,
    Category,
    ChannelAdmin,
    ChannelRegistration,
    Login,
    MeetingSpace,
    Poll,
    Subscriber,
)


class Channels:
    """``/channels``: the account's channels, their sub-channels, conferences,
    registrants, categories and block lists."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, *, per_page: int | None = None) -> Iterator[Channel]:
        """Every channel (with its ``channel_hosts``). BigMarker documents no
        paging here: ``per_page`` is sent, for a server that pages."""
        for channel in bigmarker_pages(
            self._client, "channels", "channels", reader(Channel), per_page=per_page
        ):
            yield channel

    def get(self, channel_id: str) -> Channel:
        """One channel, by its id (or URL segment)."""
        return parse(Channel, self._client.request("GET", f"channels/{channel_id}"))

    def conferences(
        self,
        channel_url: str,
        *,
        timing: str | None = None,
        show_template: bool | None = None,
        per_page: int | None = None,
        bmid: str | None = None,
        sort_start_date: str | None = None,
        webinar_tags: Tags | None = None,
    ) -> Iterator[Conference]:
        """The channel's webinars (``channel_url``: the channel's URL segment),
        ``timing`` ``future`` (BigMarker's default), ``past`` or ``all``;
        ``sort_start_date`` ``ascending`` or ``descending``; ``webinar_tags``
        ``[{"tag_api_name": "value"}]``."""
        params = {
            "timing": timing,
            "show_template": show_template,
            "per_page": per_page,
            "bmid": bmid,
            "sort_start_date": sort_start_date,
            "webinar_tags": None if webinar_tags is None else json.dumps(webinar_tags),
        }
        for conference in bigmarker_pages(
            self._client,
            f"channels/{channel_url}/conferences",
            "conferences",
            reader(Conference),
            params=params,
            per_page=per_page,
        ):
            yield conference

    def registrants(
        self,
        channel_id: str,
        *,
        per_page: int | None = None,
        use_api_name: bool | None = None,
        bmid: str | None = None,
        email: str | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
    ) -> Iterator[ChannelRegistration]:
        """Everyone registered for any of the channel's webinars (``start_time``,
        ``end_time``: registered after / before, Unix seconds)."""
        params = {
            "per_page": per_page,
            "use_api_name": use_api_name,
            "bmid": bmid,
            "email": email,
            "start_time": start_time,
            "end_time": end_time,
        }
        for registration in bigmarker_pages(
            self._client,
            f"conferences/registrations/channel/{channel_id}",
            "registrations",
            reader(ChannelRegistration),
            params=params,
            per_page=per_page,
        ):
            yield registration

    def create_subchannel(
        self,
        *,
        master_channel_id: str,
        channel_name: str,
        channel_url: str,
        organizer_email: str,
        organizer_first_name: str | None = None,
        organizer_last_name: str | None = None,
        organizer_temporary_password: str | None = None,
        background_image_url: str | None = None,
    ) -> Channel:
        """A new channel under ``master_channel_id`` (``channel_url``: its URL segment)."""
        body = compact(
            master_channel_id=master_channel_id,
            channel_name=channel_name,
            channel_url=channel_url,
            organizer_email=organizer_email,
            organizer_first_name=organizer_first_name,
            organizer_last_name=organizer_last_name,
            organizer_temporary_password=organizer_temporary_password,
            background_image_url=background_image_url,
        )
        return parse(Channel, self._client.request("POST", "channels", json=body))

    def subchannels(self, channel_url: str) -> Iterator[Channel]:
        """The channel's sub-channels (not paged)."""
        for channel in bigmarker_pages(
            self._client,
            f"channels/sub_channels/{channel_url}",
            "channels",
            reader(Channel),
            page_name=None,
        ):
            yield channel

    def remove_subchannel(self, channel_url: str) -> Success:
        """Deletes a sub-channel."""
        return success_of(self._client.request("DELETE", f"channels/{channel_url}"))

    def registered_conferences(
        self, channel_id: str, *, email: str, per_page: int | None = None
    ) -> Iterator[str]:
        """The ids of the channel's webinars ``email`` registered for (BigMarker
        answers ids, not conferences; pages as ``page``/``total_pages``)."""
        for conference_id in bigmarker_pages(
            self._client,
            f"channels/{channel_id}/list_registered_conferences",
            "conferences",
            str,
            params={"email": email},
            per_page=per_page,
        ):
            yield conference_id

    def delete_member(self, channel_id: str, *, email: str) -> Success:
        """Erases everything about ``email`` ("Delete all of a user's data" and
        "Delete a user data from your channel": one route; ``channel_id`` may be
        the channel's URL segment)."""
        answer = self._client.request(
            "DELETE", f"channels/{channel_id}/delete_member", params={"email": email}
        )
        return success_of(answer)


class Subscribers:
    """``/channels/{channel_id}/…subscriber…``: a channel's subscribers."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, channel_id: str, *, per_page: int | None = None) -> Iterator[Subscriber]:
        """Every subscriber of the channel (BigMarker documents no paging; this
        server pages when asked)."""
        for subscriber in bigmarker_pages(
            self._client,
            f"channels/{channel_id}/subscribers",
            "subscribers",
            reader(Subscriber),
            per_page=per_page,
        ):
            yield subscriber

    def add(
        self,
        channel_id: str,
        *,
        email: str,
        first_name: str | None = None,
        last_name: str | None = None,
        temporary_password: str | None = None,
    ) -> Subscriber:
        """Subscribes ``email`` to the channel (the document's curl: a JSON POST)."""
        body = compact(
            email=email,
            first_name=first_name,
            last_name=last_name,
            temporary_password=temporary_password,
        )
        answer = self._client.request("POST", f"channels/{channel_id}/add_subscriber", json=body)
        return parse(Subscriber, answer)

    def delete(self, channel_id: str, *, email: str) -> Success:
        """Unsubscribes ``email`` (a DELETE with a JSON body)."""
        answer = self._client.request(
            "DELETE", f"channels/{channel_id}/remove_subscriber", json={"email": email}
        )
        return success_of(answer)


class Categories:
    """``/category``: a channel's categories of webinars, by name."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def create(self, *, channel_id: str, category_name: str) -> Category:
        body = {"channel_id": channel_id, "category_name": category_name}
        return parse(Category, self._client.request("POST", "category", json=body))

    def delete(self, *, channel_id: str, category_name: str) -> Success:
        body = {"channel_id": channel_id, "category_name": category_name}
        return success_of(self._client.request("DELETE", "category", json=body))

    def add_conference(
        self, *, channel_id: str, category_name: str, conference_id: str
    ) -> Category:
        """Files a webinar under the category; the category, with its ``conferences``."""
        body = {
            "channel_id": channel_id,
            "category_name": category_name,
            "conference_id": conference_id,
        }
        answer = self._client.request("POST", "category/add_conference", json=body)
        return parse(Category, answer)

    def remove_conference(
        self, *, channel_id: str, category_name: str, conference_id: str
    ) -> Success:
        body = {
            "channel_id": channel_id,
            "category_name": category_name,
            "conference_id": conference_id,
        }
        return success_of(self._client.request("DELETE", "category/remove_conference", json=body))


class ChannelAdmins:
    """``/channel_admins``: who runs a channel."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def list(self, channel_url: str) -> Iterator[ChannelAdmin]:
        """The channel's admins (BigMarker answers a bare array, not paged)."""
        for admin in bigmarker_pages(
            self._client,
            f"channel_admins/{channel_url}",
            "channel_admins",
            reader(ChannelAdmin),
            page_name=None,
        ):
            yield admin

    def create(
        self,
        *,
        channel_id: str,
        email: str,
        first_name: str | None = None,
        last_name: str | None = None,
        temporary_password: str | None = None,
        photo_url: str | None = None,
        title: str | None = None,
        bio: str | None = None,
    ) -> ChannelAdmin:
        body = compact(
            channel_id=channel_id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            temporary_password=temporary_password,
            photo_url=photo_url,
            title=title,
            bio=bio,
        )
        return parse(ChannelAdmin, self._client.request("POST", "channel_admins", json=body))

    def update(
        self,
        admin_id: str,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        photo_url: str | None = None,
        title: str | None = None,
        bio: str | None = None,
    ) -> ChannelAdmin:
        """Changes what is given (``photo_url="delete"`` removes the photo)."""
        body = compact(
            first_name=first_name, last_name=last_name, photo_url=photo_url, title=title, bio=bio
        )
        answer = self._client.request("PUT", f"channel_admins/{admin_id}", json=body)
        return parse(ChannelAdmin, answer)

    def delete(self, admin_id: str) -> Success:
        """Removes the admin (the id goes in a DELETE's JSON body, as documented)."""
        answer = self._client.request("DELETE", "channel_admins", json={"admin_id": admin_id})
        return success_of(answer)


class BlockLists:
    """Block and allow lists: a channel's (``/channels/block_list/…``, JSON) and
    a webinar's registration lists (``/registration_block_list/…``, forms).

    "Get emails from the list" and "add emails to the list" are both ``POST
    /registration_block_list/{conference_id}``, told apart by the body: a read
    sends no ``emails`` (and may be retried), an addition sends some."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def channel(
        self, channel_id: str, *, list_type: str | None = None, per_page: int | None = None
    ) -> Iterator[BlockListEntry]:
        """The channel's ``block_list`` or ``allow_list`` (``list_data``)."""
        for entry in bigmarker_pages(
            self._client,
            f"channels/block_list/{channel_id}",
            ("list_data", "list"),
            reader(BlockListEntry),
            params={"list_type": list_type},
            per_page=per_page,
        ):
            yield entry

    def add_to_channel(
        self, channel_id: str, *, emails: Sequence[str] | str, list_type: str | None = None
    ) -> Success:
        """``emails``: addresses or domains (a list, or ``"a, b"`` as the document sends)."""
        body = compact(list_type=list_type, emails=joined(emails))
        answer = self._client.request("POST", f"channels/block_list/{channel_id}", json=body)
        return success_of(answer)

    def remove_from_channel(
        self, channel_id: str, *, emails: Sequence[str] | str, list_type: str | None = None
    ) -> Success:
        """(BigMarker's answer says "Successfully added!" for a removal too.)"""
        body = compact(list_type=list_type, emails=joined(emails))
        answer = self._client.request("DELETE", f"channels/block_list/{channel_id}", json=body)
        return success_of(answer)

    def registration(
        self, conference_id: str, *, list_type: str, per_page: int | None = None
    ) -> Iterator[BlockListEntry]:
        """A webinar's ``block_list``, ``allow_list``, ``block_except_list`` or
        ``allow_except_list`` ("get emails from the list": a POST without emails)."""
        for entry in bigmarker_pages(
            self._client,
            f"registration_block_list/{conference_id}",
            "list",
            reader(BlockListEntry),
            per_page=per_page,
            method="POST",
            body={"list_type": list_type},
            body_as="form",
        ):
            yield entry

    def add_to_registration(
        self, conference_id: str, *, list_type: str, emails: Sequence[str] | str
    ) -> BlockList:
        """Adds ``emails`` to the webinar's list; the list as it is then (its
        first page)."""
        data = {"list_type": list_type, "emails": joined(emails)}
        answer = self._client.request("POST", f"registration_block_list/{conference_id}", data=data)
        return parse(BlockList, answer)

    def remove_from_registration(
        self, conference_id: str, *, list_type: str, emails: Sequence[str] | str
    ) -> Success:
        data = {"list_type": list_type, "emails": joined(emails)}
        answer = self._client.request(
            "DELETE", f"registration_block_list/{conference_id}", data=data
        )
        return success_of(answer)

    def enable_registration(self, conference_id: str, *, list_type: str) -> BlockListStatus:
        """Turns the webinar's ``block_list`` or ``allow_list`` on."""
        answer = self._client.request(
            "POST",
            f"registration_block_list/enable/{conference_id}",
            data={"list_type": list_type},
        )
        return parse(BlockListStatus, answer)


class MeetingSpaces:
    """``/meeting_spaces``: always-open rooms."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def create(
        self,
        *,
        channel_id: str,
        title: str,
        url: str | None = None,
        knock_to_enter: str | None = None,
        auto_share_camera: bool | None = None,
        display_dial_in: bool | None = None,
        meeting_style: str | None = None,
        logo: str | None = None,
        logo_url: str | None = None,
        background_image: str | None = None,
        preview_image: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> MeetingSpace:
        """``url``: the subdomain (the document marks it required; its curl omits it)."""
        body = compact(
            channel_id=channel_id,
            title=title,
            url=url,
            knock_to_enter=knock_to_enter,
            auto_share_camera=auto_share_camera,
            display_dial_in=display_dial_in,
            meeting_style=meeting_style,
            logo=logo,
            logo_url=logo_url,
            background_image=background_image,
            preview_image=preview_image,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        return parse(MeetingSpace, self._client.request("POST", "meeting_spaces", json=body))

    def get(self, meeting_space_id: str) -> MeetingSpace:
        answer = self._client.request("GET", f"meeting_spaces/{meeting_space_id}")
        return parse(MeetingSpace, answer)

    def update(
        self,
        meeting_space_id: str,
        *,
        title: str | None = None,
        url: str | None = None,
        knock_to_enter: str | None = None,
        auto_share_camera: bool | None = None,
        display_dial_in: bool | None = None,
        meeting_style: str | None = None,
        logo: str | None = None,
        logo_url: str | None = None,
        background_image: str | None = None,
        preview_image: str | None = None,
        email: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> MeetingSpace:
        """Changes what is given (the document marks title and url required;
        its curl sends the title alone)."""
        body = compact(
            title=title,
            url=url,
            knock_to_enter=knock_to_enter,
            auto_share_camera=auto_share_camera,
            display_dial_in=display_dial_in,
            meeting_style=meeting_style,
            logo=logo,
            logo_url=logo_url,
            background_image=background_image,
            preview_image=preview_image,
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        answer = self._client.request("PUT", f"meeting_spaces/{meeting_space_id}", json=body)
        return parse(MeetingSpace, answer)


class Polls:
    """``/polls``: a webinar's polls. "Update polls" and "Open polls" share ``PUT
    /polls``: `update` sends ``poll_id``, `set_status` sends ``action``."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def create(
        self,
        *,
        conference_id: str,
        question: str,
        selection_method: str | None = None,
        choices: Sequence[str] | None = None,
        set_display_question: bool | None = None,
        display_question: str | None = None,
        attendee_can_select_answer_number: int | None = None,
        allow_answer_poll_on_landing_page: bool | None = None,
        allow_user_to_skip_poll: bool | None = None,
        display_as_slide_out: bool | None = None,
        attendee_can_view_poll_results: bool | None = None,
        show_in_recording_player: bool | None = None,
        poll_close_time: str | None = None,
    ) -> Poll:
        """``selection_method``: single, multi, score or short_answer;
        ``poll_close_time``: a date ("2024-10-30") or a date and time."""
        body = compact(
            conference_id=conference_id,
            question=question,
            selection_method=selection_method,
            choices=None if choices is None else list(choices),
            set_display_question=set_display_question,
            display_question=display_question,
            attendee_can_select_answer_number=attendee_can_select_answer_number,
            allow_answer_poll_on_landing_page=allow_answer_poll_on_landing_page,
            allow_user_to_skip_poll=allow_user_to_skip_poll,
            display_as_slide_out=display_as_slide_out,
            attendee_can_view_poll_results=attendee_can_view_poll_results,
            show_in_recording_player=show_in_recording_player,
            poll_close_time=poll_close_time,
        )
        return parse(Poll, self._client.request("POST", "polls", json=body))

    def update(
        self,
        poll_id: str,
        *,
        question: str | None = None,
        selection_method: str | None = None,
        choices: Sequence[str] | None = None,
        set_display_question: bool | None = None,
        display_question: str | None = None,
        attendee_can_select_answer_number: int | None = None,
        allow_answer_poll_on_landing_page: bool | None = None,
        allow_user_to_skip_poll: bool | None = None,
        display_as_slide_out: bool | None = None,
        attendee_can_view_poll_results: bool | None = None,
        show_in_recording_player: bool | None = None,
        poll_close_time: str | None = None,
    ) -> Poll:
        """Changes what is given ("Update polls": ``poll_id`` in the body)."""
        body = compact(
            poll_id=poll_id,
            question=question,
            selection_method=selection_method,
            choices=None if choices is None else list(choices),
            set_display_question=set_display_question,
            display_question=display_question,
            attendee_can_select_answer_number=attendee_can_select_answer_number,
            allow_answer_poll_on_landing_page=allow_answer_poll_on_landing_page,
            allow_user_to_skip_poll=allow_user_to_skip_poll,
            display_as_slide_out=display_as_slide_out,
            attendee_can_view_poll_results=attendee_can_view_poll_results,
            show_in_recording_player=show_in_recording_player,
            poll_close_time=poll_close_time,
        )
        return parse(Poll, self._client.request("PUT", "polls", json=body))

    def set_status(
        self,
        *,
        action: str,
        poll_ids: Sequence[str] | str | None = None,
        conference_id: str | None = None,
    ) -> Success:
        """``action`` ``open``, ``close`` or ``reopen`` the polls ``poll_ids``, or
        every poll of ``conference_id`` ("Open polls"); ``message`` says which."""
        body = compact(action=action, poll_ids=joined(poll_ids), conference_id=conference_id)
        return success_of(self._client.request("PUT", "polls", json=body))

    def delete(self, poll_id: str) -> Success:
        return success_of(self._client.request("DELETE", "polls", json={"poll_id": poll_id}))


class Members:
    """``/members``: BigMarker's Authentication."""

    def __init__(self, client: PathClient) -> None:
        self._client = client

    def login(self, *, email: str, password: str) -> Login:
        """The API key of the account ``email`` logs in to (a form POST; this
        call needs no key: the client's own is sent and not looked at)."""
        answer = self._client.request(
            "POST", "members/login", data={"email": email, "password": password}
        )
        return parse(Login, answer)
