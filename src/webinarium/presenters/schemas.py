"""Dialect-neutral presenter inputs and the typed switches document.

In inputs, ``None`` means "not given": the presenter keeps what it has (a new
one gets the default).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from webinarium.models import Person, Presenter
from webinarium.people.names import NAME_MAX

DISPLAY_NAME_MAX = 200
TITLE_MAX = 200
BIO_MAX = 10_000
URL_MAX = 2048


class PresenterOptions(BaseModel):
    """The switches the presenters table has no column for, stored as
    ``Presenter.options``. Defaults are the documented ones."""

    model_config = ConfigDict(extra="ignore")

    # Read by the e-mail outbox when it exists: invite the presenter on creation.
    send_email_invite: bool = True
    # Acted on when the presenter is added: the person joins the channel's subscribers.
    add_to_channel_subscriber_list: bool = True
    enter_as_attendee: bool = False
    remove_bigmarker_contact_option: bool = True
    show_on_networking_center: bool = True
    show_chat_icon_in_booth_or_session_room: bool = True


OPTION_NAMES: tuple[str, ...] = tuple(PresenterOptions.model_fields)


class PresenterChanges(BaseModel):
    """What an update may change. ``email``, when given, must be the presenter's
    own: it names the presenter to update, it does not re-address the person."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = None
    display_name: str | None = Field(default=None, max_length=DISPLAY_NAME_MAX)
    # "" removes the photo.
    photo_url: str | None = Field(default=None, max_length=URL_MAX)
    title: str | None = Field(default=None, max_length=TITLE_MAX)
    bio: str | None = Field(default=None, max_length=BIO_MAX)
    can_manage: bool | None = None
    is_moderator: bool | None = None
    display_on_landing_page: bool | None = None
    enter_as_attendee: bool | None = None
    remove_bigmarker_contact_option: bool | None = None
    show_on_networking_center: bool | None = None
    show_chat_icon_in_booth_or_session_room: bool | None = None


class PresenterDraft(PresenterChanges):
    """A new presenter: the account's person with ``email``, or a new person,
    who then needs both names."""

    conference_id: str
    email: str
    first_name: str | None = Field(default=None, max_length=NAME_MAX)
    last_name: str | None = Field(default=None, max_length=NAME_MAX)
    send_email_invite: bool | None = None
    add_to_channel_subscriber_list: bool | None = None


@dataclass(frozen=True)
class PresenterDetails:
    """A presenter with the person presenting."""

    presenter: Presenter
    person: Person

    @property
    def options(self) -> PresenterOptions:
        return PresenterOptions.model_validate(self.presenter.options or {})
