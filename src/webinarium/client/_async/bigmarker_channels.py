"""BigMarker's channels and what hangs on them (docs/bigmarker.md): "Manage
Channels" (channels, subscribers, categories, the channel block list),
"Manage Channel Admins", "Manage registration block list", "Manage Meeting
Space", "Manage Channel polls" and "Authentication"; and what the BigMarker
resources of this part share (bigmarker_reports uses them too): the paging
helper `_pages`, `_parse` (an answer into its model, or `APIError`), `_body`.

The lists page by themselves. BigMarker names its paging differently from one
list to the next (``page`` or ``current_page`` asked; ``total_pages`` answered,
or nothing): `_pages` asks page 1, 2, … until the answer's ``total_pages`` is
reached, or, where an answer gives no count, until a page comes back short,
empty, or the same as the one before (a server that ignores the paging
parameters answers the whole list each time).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import ValidationError

from webinarium.client._async._path import AsyncPathClient
from webinarium.client._exceptions import APIError
from webinarium.client.models._base import Model
from webinarium.client.models.bigmarker import Channel, Conference
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
    Result,
    Subscriber,
)

M = TypeVar("M", bound=Model)
T = TypeVar("T")
# ``[{"tag_api_name": "value"}]`` (a name of ``list`` here: resources have a ``list``).
Tags = list[dict[str, str]]


def _parse(model: type[M], answer: Any) -> M:
    """``answer`` read as ``model``; an answer of another shape is an `APIError`."""
    try:
        return model.model_validate(answer)
    except ValidationError as error:
        raise APIError(
            f"BigMarker answered a {type(answer).__name__} that is not a {model.__name__}: "
            f"{error.errors()[0]['msg']}"
        ) from error


def _reader(model: type[M]) -> Callable[[Any], M]:
    return lambda item: _parse(model, item)


def _result(answer: Any) -> Result:
    """A change's acknowledgement (an empty answer is one too)."""
    return _parse(Result, answer if answer is not None else {})


def _body(**fields: Any) -> dict[str, Any]:
    """A request body without the fields left None."""
    return {name: value for name, value in fields.items() if value is not None}


def _items(answer: Any, keys: tuple[str, ...]) -> list[Any]:
    """The list in an answer: under the first of ``keys`` it has; else its only
    list (a key the document leaves undocumented, e.g. email analytics'
    ``xxx``); or the answer itself when it is a bare array (some calls answer one)."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for key in keys:
            if isinstance(answer.get(key), list):
                return list(answer[key])
        lists = [value for value in answer.values() if isinstance(value, list)]
        if len(lists) == 1:
            return list(lists[0])
        # Nothing listed: the list key null, or absent.
        if not lists and not any(answer.get(key) is not None for key in keys):
            return []
    raise APIError(f"BigMarker answered no list under {' or '.join(keys)}: {answer!r:.200}")


def _total_pages(answer: Any) -> int | None:
    if isinstance(answer, dict):
        value = answer.get("total_pages")
        if isinstance(value, int | str) and str(value).isdigit():
            return int(value)
    return None


async def _pages(
    client: AsyncPathClient,
    path: str,
    keys: tuple[str, ...],
    read: Callable[[Any], T],
    params: Mapping[str, Any] | None = None,
    *,
    page_name: str | None = "page",
    method: str = "GET",
) -> AsyncIterator[T]:
    """Every item of the list at ``method path``, ``read`` from each item under
    the first of ``keys`` the answer has; ``params`` sent with every page (None
    values dropped; in a form body for a POST, which is retried as a read),
    ``page_name`` the page's number, from 1 (None: a list not paged, asked once).

    The next page is asked until the answer's ``total_pages`` is reached; where
    an answer gives no count, until a page comes back shorter than the
    ``per_page`` asked, empty, or the same as the one before."""
    query = {name: value for name, value in (params or {}).items() if value is not None}
    per_page = query.get("per_page")
    page = 1
    previous: list[Any] | None = None
    while True:
        sent = query if page_name is None else {**query, page_name: page}
        if method == "GET":
            answer = await client.request(method, path, params=sent)
        else:
            answer = await client.request(method, path, data=sent, idempotent=True)
        items = _items(answer, keys)
        if not items or items == previous:
            return
        for item in items:
            yield read(item)
        if page_name is None:
            return
        total = _total_pages(answer)
        if total is not None:
            if page >= total:
                return
        elif per_page is not None and len(items) < int(per_page):
            return
        previous = items
        page += 1


def _joined(values: Sequence[str] | str | None) -> str | None:
    """A list the document sends as one text: ``"a,b,c"``."""
    if values is None or isinstance(values, str):
        return values
    return ",".join(values)


class AsyncChannels:
    """``/channels``: the account's channels, their sub-channels, conferences,
    registrants, categories and block lists."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def list(self, *, per_page: int | None = None) -> AsyncIterator[Channel]:
        """Every channel (with its ``channel_hosts``). BigMarker documents no
        paging here: ``per_page`` is sent, for a server that pages."""
        async for channel in _pages(
            self._client, "channels", ("channels",), _reader(Channel), {"per_page": per_page}
        ):
            yield channel

    async def get(self, channel_id: str) -> Channel:
        """One channel, by its id (or URL segment)."""
        return _parse(Channel, await self._client.request("GET", f"channels/{channel_id}"))

    async def conferences(
        self,
        channel_url: str,
        *,
        timing: str | None = None,
        show_template: bool | None = None,
        per_page: int | None = None,
        bmid: str | None = None,
        sort_start_date: str | None = None,
        webinar_tags: Tags | None = None,
    ) -> AsyncIterator[Conference]:
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
        async for conference in _pages(
            self._client,
            f"channels/{channel_url}/conferences",
            ("conferences",),
            _reader(Conference),
            params,
        ):
            yield conference

    async def registrants(
        self,
        channel_id: str,
        *,
        per_page: int | None = None,
        use_api_name: bool | None = None,
        bmid: str | None = None,
        email: str | None = None,
        start_time: int | None = None,
        end_time: int | None = None,
    ) -> AsyncIterator[ChannelRegistration]:
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
        async for registration in _pages(
            self._client,
            f"conferences/registrations/channel/{channel_id}",
            ("registrations",),
            _reader(ChannelRegistration),
            params,
        ):
            yield registration

    async def create_subchannel(
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
        body = _body(
            master_channel_id=master_channel_id,
            channel_name=channel_name,
            channel_url=channel_url,
            organizer_email=organizer_email,
            organizer_first_name=organizer_first_name,
            organizer_last_name=organizer_last_name,
            organizer_temporary_password=organizer_temporary_password,
            background_image_url=background_image_url,
        )
        return _parse(Channel, await self._client.request("POST", "channels", json=body))

    async def subchannels(self, channel_url: str) -> AsyncIterator[Channel]:
        """The channel's sub-channels (not paged)."""
        async for channel in _pages(
            self._client,
            f"channels/sub_channels/{channel_url}",
            ("channels",),
            _reader(Channel),
            page_name=None,
        ):
            yield channel

    async def remove_subchannel(self, channel_url: str) -> Result:
        """Deletes a sub-channel."""
        return _result(await self._client.request("DELETE", f"channels/{channel_url}"))

    async def registered_conferences(
        self, channel_id: str, *, email: str, per_page: int | None = None
    ) -> AsyncIterator[str]:
        """The ids of the channel's webinars ``email`` registered for (BigMarker
        answers ids, not conferences; pages as ``page``/``total_pages``)."""
        async for conference_id in _pages(
            self._client,
            f"channels/{channel_id}/list_registered_conferences",
            ("conferences",),
            str,
            {"email": email, "per_page": per_page},
        ):
            yield conference_id

    async def delete_member(self, channel_id: str, *, email: str) -> Result:
        """Erases everything about ``email`` ("Delete all of a user's data" and
        "Delete a user data from your channel": one route; ``channel_id`` may be
        the channel's URL segment)."""
        answer = await self._client.request(
            "DELETE", f"channels/{channel_id}/delete_member", params={"email": email}
        )
        return _result(answer)


class AsyncSubscribers:
    """``/channels/{channel_id}/…subscriber…``: a channel's subscribers."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def list(
        self, channel_id: str, *, per_page: int | None = None
    ) -> AsyncIterator[Subscriber]:
        """Every subscriber of the channel (BigMarker documents no paging; this
        server pages when asked)."""
        async for subscriber in _pages(
            self._client,
            f"channels/{channel_id}/subscribers",
            ("subscribers",),
            _reader(Subscriber),
            {"per_page": per_page},
        ):
            yield subscriber

    async def add(
        self,
        channel_id: str,
        *,
        email: str,
        first_name: str | None = None,
        last_name: str | None = None,
        temporary_password: str | None = None,
    ) -> Subscriber:
        """Subscribes ``email`` to the channel (the document's curl: a JSON POST)."""
        body = _body(
            email=email,
            first_name=first_name,
            last_name=last_name,
            temporary_password=temporary_password,
        )
        answer = await self._client.request(
            "POST", f"channels/{channel_id}/add_subscriber", json=body
        )
        return _parse(Subscriber, answer)

    async def delete(self, channel_id: str, *, email: str) -> Result:
        """Unsubscribes ``email`` (a DELETE with a JSON body)."""
        answer = await self._client.request(
            "DELETE", f"channels/{channel_id}/remove_subscriber", json={"email": email}
        )
        return _result(answer)


class AsyncCategories:
    """``/category``: a channel's categories of webinars, by name."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def create(self, *, channel_id: str, category_name: str) -> Category:
        body = {"channel_id": channel_id, "category_name": category_name}
        return _parse(Category, await self._client.request("POST", "category", json=body))

    async def delete(self, *, channel_id: str, category_name: str) -> Result:
        body = {"channel_id": channel_id, "category_name": category_name}
        return _result(await self._client.request("DELETE", "category", json=body))

    async def add_conference(
        self, *, channel_id: str, category_name: str, conference_id: str
    ) -> Category:
        """Files a webinar under the category; the category, with its ``conferences``."""
        body = {
            "channel_id": channel_id,
            "category_name": category_name,
            "conference_id": conference_id,
        }
        answer = await self._client.request("POST", "category/add_conference", json=body)
        return _parse(Category, answer)

    async def remove_conference(
        self, *, channel_id: str, category_name: str, conference_id: str
    ) -> Result:
        body = {
            "channel_id": channel_id,
            "category_name": category_name,
            "conference_id": conference_id,
        }
        return _result(
            await self._client.request("DELETE", "category/remove_conference", json=body)
        )


class AsyncChannelAdmins:
    """``/channel_admins``: who runs a channel."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def list(self, channel_url: str) -> AsyncIterator[ChannelAdmin]:
        """The channel's admins (BigMarker answers a bare array, not paged)."""
        async for admin in _pages(
            self._client,
            f"channel_admins/{channel_url}",
            ("channel_admins",),
            _reader(ChannelAdmin),
            page_name=None,
        ):
            yield admin

    async def create(
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
        body = _body(
            channel_id=channel_id,
            email=email,
            first_name=first_name,
            last_name=last_name,
            temporary_password=temporary_password,
            photo_url=photo_url,
            title=title,
            bio=bio,
        )
        return _parse(ChannelAdmin, await self._client.request("POST", "channel_admins", json=body))

    async def update(
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
        body = _body(
            first_name=first_name, last_name=last_name, photo_url=photo_url, title=title, bio=bio
        )
        answer = await self._client.request("PUT", f"channel_admins/{admin_id}", json=body)
        return _parse(ChannelAdmin, answer)

    async def delete(self, admin_id: str) -> Result:
        """Removes the admin (the id goes in a DELETE's JSON body, as documented)."""
        answer = await self._client.request("DELETE", "channel_admins", json={"admin_id": admin_id})
        return _result(answer)


class AsyncBlockLists:
    """Block and allow lists: a channel's (``/channels/block_list/…``, JSON) and
    a webinar's registration lists (``/registration_block_list/…``, forms).

    "Get emails from the list" and "add emails to the list" are both ``POST
    /registration_block_list/{conference_id}``, told apart by the body: a read
    sends no ``emails`` (and may be retried), an addition sends some."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def channel(
        self, channel_id: str, *, list_type: str | None = None, per_page: int | None = None
    ) -> AsyncIterator[BlockListEntry]:
        """The channel's ``block_list`` or ``allow_list`` (``list_data``)."""
        async for entry in _pages(
            self._client,
            f"channels/block_list/{channel_id}",
            ("list_data", "list"),
            _reader(BlockListEntry),
            {"list_type": list_type, "per_page": per_page},
        ):
            yield entry

    async def add_to_channel(
        self, channel_id: str, *, emails: Sequence[str] | str, list_type: str | None = None
    ) -> Result:
        """``emails``: addresses or domains (a list, or ``"a, b"`` as the document sends)."""
        body = _body(list_type=list_type, emails=_joined(emails))
        answer = await self._client.request("POST", f"channels/block_list/{channel_id}", json=body)
        return _result(answer)

    async def remove_from_channel(
        self, channel_id: str, *, emails: Sequence[str] | str, list_type: str | None = None
    ) -> Result:
        """(BigMarker's answer says "Successfully added!" for a removal too.)"""
        body = _body(list_type=list_type, emails=_joined(emails))
        answer = await self._client.request(
            "DELETE", f"channels/block_list/{channel_id}", json=body
        )
        return _result(answer)

    async def registration(
        self, conference_id: str, *, list_type: str, per_page: int | None = None
    ) -> AsyncIterator[BlockListEntry]:
        """A webinar's ``block_list``, ``allow_list``, ``block_except_list`` or
        ``allow_except_list`` ("get emails from the list": a POST without emails)."""
        async for entry in _pages(
            self._client,
            f"registration_block_list/{conference_id}",
            ("list",),
            _reader(BlockListEntry),
            {"list_type": list_type, "per_page": per_page},
            method="POST",
        ):
            yield entry

    async def add_to_registration(
        self, conference_id: str, *, list_type: str, emails: Sequence[str] | str
    ) -> BlockList:
        """Adds ``emails`` to the webinar's list; the list as it is then (its
        first page)."""
        data = {"list_type": list_type, "emails": _joined(emails)}
        answer = await self._client.request(
            "POST", f"registration_block_list/{conference_id}", data=data
        )
        return _parse(BlockList, answer)

    async def remove_from_registration(
        self, conference_id: str, *, list_type: str, emails: Sequence[str] | str
    ) -> Result:
        data = {"list_type": list_type, "emails": _joined(emails)}
        answer = await self._client.request(
            "DELETE", f"registration_block_list/{conference_id}", data=data
        )
        return _result(answer)

    async def enable_registration(self, conference_id: str, *, list_type: str) -> BlockListStatus:
        """Turns the webinar's ``block_list`` or ``allow_list`` on."""
        answer = await self._client.request(
            "POST",
            f"registration_block_list/enable/{conference_id}",
            data={"list_type": list_type},
        )
        return _parse(BlockListStatus, answer)


class AsyncMeetingSpaces:
    """``/meeting_spaces``: always-open rooms."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def create(
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
        body = _body(
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
        return _parse(MeetingSpace, await self._client.request("POST", "meeting_spaces", json=body))

    async def get(self, meeting_space_id: str) -> MeetingSpace:
        answer = await self._client.request("GET", f"meeting_spaces/{meeting_space_id}")
        return _parse(MeetingSpace, answer)

    async def update(
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
        body = _body(
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
        answer = await self._client.request("PUT", f"meeting_spaces/{meeting_space_id}", json=body)
        return _parse(MeetingSpace, answer)


class AsyncPolls:
    """``/polls``: a webinar's polls. "Update polls" and "Open polls" share ``PUT
    /polls``: `update` sends ``poll_id``, `set_status` sends ``action``."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def create(
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
        body = _body(
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
        return _parse(Poll, await self._client.request("POST", "polls", json=body))

    async def update(
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
        body = _body(
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
        return _parse(Poll, await self._client.request("PUT", "polls", json=body))

    async def set_status(
        self,
        *,
        action: str,
        poll_ids: Sequence[str] | str | None = None,
        conference_id: str | None = None,
    ) -> Result:
        """``action`` ``open``, ``close`` or ``reopen`` the polls ``poll_ids``, or
        every poll of ``conference_id`` ("Open polls"); ``message`` says which."""
        body = _body(action=action, poll_ids=_joined(poll_ids), conference_id=conference_id)
        return _result(await self._client.request("PUT", "polls", json=body))

    async def delete(self, poll_id: str) -> Result:
        return _result(await self._client.request("DELETE", "polls", json={"poll_id": poll_id}))


class AsyncMembers:
    """``/members``: BigMarker's Authentication."""

    def __init__(self, client: AsyncPathClient) -> None:
        self._client = client

    async def login(self, *, email: str, password: str) -> Login:
        """The API key of the account ``email`` logs in to (a form POST; this
        call needs no key: the client's own is sent and not looked at)."""
        answer = await self._client.request(
            "POST", "members/login", data={"email": email, "password": password}
        )
        return _parse(Login, answer)
