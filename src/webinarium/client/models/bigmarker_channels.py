"""BigMarker v1's answers about channels and what hangs on them (docs/bigmarker.md):
subscribers, channel admins, categories, meeting spaces, block lists, polls and
the login. The document's field names; every field optional (a server may
leave some out and add more, kept as extra)."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, field_validator, model_validator

from webinarium.client.models._base import Model


class Subscriber(Model):
    """A channel's subscriber: List Subscribers' and Add a Subscriber's fields."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    bmid: str | None = None


class ChannelRegistration(Model):
    """A registrant of one of the channel's webinars: List Channel Registrants'
    fields (``custom_fields`` an array of objects, or one object)."""

    id: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    conference_id: str | None = None
    enter_url: str | None = None
    bmid: str | None = None
    referral_domain: str | None = None
    source: str | None = None
    tracking_code: str | None = None
    custom_fields: list[Any] | dict[str, Any] | None = None
    registered_at: str | None = None


class Category(Model):
    """A channel's category. The document's example wraps it in
    ``{"category": …}`` while its table lists the fields flat: both are read.
    ``club`` is the channel (the table: "Admin first name")."""

    name: str | None = None
    club: str | None = None
    conferences: list[str] | str | None = None

    @model_validator(mode="before")
    @classmethod
    def _unwrapped(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("category"), dict):
            return data["category"]
        return data


class ChannelAdmin(Model):
    """A channel admin: Add, Update and View Channel Admins' fields."""

    admin_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    bio: str | None = None
    title: str | None = None
    status: str | None = None
    bmid: str | None = None
    email: str | None = None
    photo_url: str | None = None
    channel_id: str | None = None


class BlockListEntry(Model):
    """An address (or domain) on a block or allow list."""

    email: str | None = None
    created_at: str | None = None


class BlockList(Model):
    """A registration block/allow list as "add emails to the list" answers it:
    the entries (the document's ``list``, ``list_data`` in the channel's) and,
    where given, the paging fields of that first page."""

    entries: list[BlockListEntry] = Field(
        default_factory=list, validation_alias=AliasChoices("list", "list_data", "entries")
    )
    per_page: int | None = None
    current_page: int | None = None
    total_entries: int | None = None
    total_pages: int | None = None


class BlockListStatus(Model):
    """Which of a webinar's registration lists is on: ``"enable"`` or ``"disable"``."""

    block_list: str | None = None
    allow_list: str | None = None


class MeetingSpace(Model):
    """A MeetingSpace: Create, Show and Update's fields."""

    id: str | None = None
    title: str | None = None
    url: str | None = None
    knock_to_enter: str | None = None
    auto_share_camera: bool | None = None
    display_dial_in: bool | None = None
    meeting_style: str | None = None
    logo: str | None = None
    logo_url: str | None = None
    background_image: str | None = None
    preview_image: str | None = None


class PollChoice(Model):
    id: str | None = None
    choice: str | None = None


class Poll(Model):
    """A poll: Create and Update polls' example (``club_profile_id`` is the
    channel; ``status`` ``queue`` until opened)."""

    id: str | None = None
    club_profile_id: str | None = None
    selection_method: str | None = None
    question: str | None = None
    status: str | None = None
    choices: list[PollChoice] | None = None
    conference_id: str | None = None
    set_display_question: bool | None = None
    display_question: str | None = None
    attendee_can_select_answer_number: int | None = None
    allow_answer_poll_on_landing_page: bool | None = None
    allow_user_to_skip_poll: bool | None = None
    display_as_slide_out: bool | None = None
    attendee_can_view_poll_results: bool | None = None
    show_in_recording_player: bool | None = None
    poll_close_time: str | None = None

    @field_validator("choices", mode="before")
    @classmethod
    def _choice_objects(cls, value: Any) -> Any:
        """Choices sent back as plain texts are read as ``{"choice": text}``."""
        if isinstance(value, list):
            return [{"choice": item} if isinstance(item, str) else item for item in value]
        return value


class Login(Model):
    """Login's answer: the account's API key (the document's example is an
    array of one such object; the table a single one — both are read)."""

    api_token: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _first(cls, data: Any) -> Any:
        if isinstance(data, list) and len(data) == 1:
            return data[0]
        return data
