"""MyOwnConference's answers (docs/myownconference.md): the ``response`` of each
action, with the document's field names.

The document writes every value as a string; these models read them as what
they are: counts, minutes and bytes as ``int``, its flags (``YES``/``NO`` in
most places, ``0``/``1`` in the letters) as ``bool``. Dates stay the strings
the document gives, ``"YYYY-MM-DD HH:MM:SS"`` on the profile's clock (``""``
where there is none, such as a visit not left yet). Every field is optional:
the list actions answer only the ``fields`` asked for, and a server may add
more (kept as extra).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from webinarium.client.models._base import Model

_YES = frozenset({"yes", "y", "true", "t", "1", "on"})
_NO = frozenset({"no", "n", "false", "f", "0", "off"})


def _flag(value: Any) -> Any:
    """YES/NO in any letter case, 1/0 (the letters), true/false; blank is None."""
    if isinstance(value, str):
        word = value.strip().lower()
        if not word:
            return None
        if word in _YES:
            return True
        if word in _NO:
            return False
    return value


def _number(value: Any) -> Any:
    """A count sent as a string; blank is None."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


Flag = Annotated[bool | None, BeforeValidator(_flag)]
Number = Annotated[int | None, BeforeValidator(_number)]


class Success(Model):
    """What an action that changes something answers: ``{"success": "<message>"}``."""

    success: str | None = None


class Profile(Model):
    """profileGet: the fields asked for (all by default)."""

    name: str | None = None
    email: str | None = None
    # Minutes from GMT.
    timezone: Number = None
    # Whether daylight saving time is followed.
    timemove: Flag = None
    # EN, DE, ES, FR, PL, RU, UK.
    language: str | None = None
    # PAYSERA, PAYPAL, INTERKASSA (or blank).
    gateway: str | None = None
    subscribe: Flag = None
    company: str | None = None


class Moderator(Model):
    """An item of moderatorsList."""

    name: str | None = None
    email: str | None = None
    registered: str | None = None
    # The primary moderator: the account's own address.
    main: Flag = None
    # Whether an avatar was uploaded.
    avatar: Flag = None


class Room(Model):
    """A webinar as moderatorsRooms and attendeesRooms list it: ``start`` on the
    webinar's own clock, which ``timezone`` gives in minutes from GMT."""

    alias: str | None = None
    name: str | None = None
    description: str | None = None
    start: str | None = None
    timezone: Number = None
    duration: Number = None


class ModeratorRoom(Room):
    """An item of moderatorsRooms: the moderator's personal link into the room."""

    moderatorLink: str | None = None


class AttendeeRoom(Room):
    """An item of attendeesRooms: the participant's personal link into the room."""

    attendeeLink: str | None = None


class Attendee(Model):
    """An item of attendeesList's ``list`` (``name`` and ``email`` unless other
    ``fields`` are asked for)."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    skype: str | None = None
    company: str | None = None
    department: str | None = None
    city: str | None = None
    born: str | None = None
    creation_date: str | None = None
    country: str | None = None
    # ACTIVE, PENDING, BANNED.
    type: str | None = None
    notified: Number = None
    # The personal enter link (when the list is of one webinar, ``alias``).
    link: str | None = None


class AttendeePage(Model):
    """One page of attendeesList: ``count`` is the total of every page."""

    count: Number = None
    list_: list[Attendee] = Field(default_factory=list, alias="list")


class Group(Model):
    """A group of participants (attendeesGroupsList, attendeesCommonGroups)."""

    id: str | None = None
    name: str | None = None


class GroupCreated(Success):
    """attendeesCreateGroup: the new group's id (the other group actions call it ``id``)."""

    group_id: str | None = None


class WebinarLinks(Success):
    """webinarsCreate and webinarsClone: the new webinar's alias and links."""

    alias: str | None = None
    webinarLink: str | None = None
    mainModeratorLink: str | None = None


class Webinar(Model):
    """An item of webinarsList (the ``fields`` asked for)."""

    name: str | None = None
    description: str | None = None
    # GMT+0, unlike every other time.
    created: str | None = None
    alias: str | None = None
    start: str | None = None
    # The room's language: be, bg, de, en, es, … (lower case).
    language: str | None = None


class Theme(Model):
    bg: str | None = None
    text: str | None = None


class WebinarSettings(Model):
    """webinarsGetInfo's ``settings``: the room's settings as the document shows
    them (``theme.bg``/``theme.text``, ``loginFields`` and the group's name,
    where webinarsSet takes ``themebg``/``themetext``, ``loginfields`` and the
    group's id). The recording mode's own key (``recordWhole``…) is extra."""

    userList: Flag = None
    flags: Flag = None
    chat: Flag = None
    buttonQuestion: Flag = None
    buttonVoice: Flag = None
    showBeforeTimer: Flag = None
    showLoginStart: Flag = None
    showLoginName: Flag = None
    showLoginModerators: Flag = None
    showSocialButtons: Flag = None
    showLoginCounter: Flag = None
    emailIdntLogin: Flag = None
    emailIdntRecord: Flag = None
    sendRecord: Flag = None
    theme: Theme | None = None
    loginFields: list[str] | None = None
    group: str | None = None
    webcamPosition: str | None = None
    beforeStartTime: Number = None
    cameraSize: str | None = None
    recordMode: str | None = None
    recordUsers: Flag = None
    recordModer: Flag = None
    recordChat: Flag = None
    recordQuality: Number = None
    sendRecordTo: str | None = None


class WebinarInfo(Model):
    """webinarsGetInfo ("the quantity and format of the returned data may vary")."""

    alias: str | None = None
    name: str | None = None
    description: str | None = None
    start: str | None = None
    duration: Number = None
    # Private: only the participants attached to it may enter.
    close: Flag = None
    language: str | None = None
    google_id: str | None = None
    created: str | None = None
    # ACTIVE or FINISHED.
    status: str | None = None
    # How many recordings it has.
    records: Number = None
    settings: WebinarSettings | None = None
    logo: str | None = None
    logotype_url: str | None = None
    banner: str | None = None
    banner_url: str | None = None
    # Webinarium's additions: registrations in force, people who attended.
    registrants: Number = None
    attendees: Number = None


class Letter(Model):
    """One letter of webinarsGetLettersInfo. The answer is an object keyed by
    the letter's type; the type is put in ``type`` and the letters listed."""

    # REGISTRATIONCONFIRM, 3DAY, 1DAY, 1HOUR, STARTED, FINISHED.
    type: str | None = None
    # "1"/"0" in the answer (YES/NO when set).
    enabled: Flag = None
    # "wait" until a mail of it went out, then "end".
    status: str | None = None
    text: str | None = None


class OnlinePerson(Model):
    name: str | None = None
    email: str | None = None
    virtual: Flag = None


class OnlineList(Model):
    """webinarsOnlineList: who is in the room now."""

    moderators: list[OnlinePerson] = Field(default_factory=list)
    guests: list[OnlinePerson] = Field(default_factory=list)


class Recording(Model):
    """An item of webinarsRecordsList."""

    id: str | None = None
    name: str | None = None
    # "ready", or "wait" while it is processed.
    status: str | None = None
    added: str | None = None
    # Bytes.
    size: Number = None
    # Seconds.
    duration: Number = None
    link: str | None = None
    download_link: str | None = None


class File(Model):
    """An item of webinarsFilesList."""

    id: str | None = None
    name: str | None = None
    added: str | None = None
    # Bytes.
    size: Number = None
    # Seconds (a video) or pages (a presentation).
    duration: Number = None
    link: str | None = None
    download_link: str | None = None
    # PRESENTATION or MEDIA.
    type: str | None = None


class ChatLine(Model):
    """A row of webinarsHistory with ``type`` ``chats``; the answer's positional
    array ``[time, name, text, "g"|"m", email, virtual]`` read into names."""

    time: str | None = None
    name: str | None = None
    text: str | None = None
    # "g" (a guest) or "m" (a moderator).
    role: str | None = None
    email: str | None = None
    virtual: Flag = None


class VisitLine(Model):
    """A row of webinarsHistory with ``type`` ``visits``:
    ``[entered, name, left, "g"|"m", email, virtual]`` (``left`` blank while
    the person is still there)."""

    entered: str | None = None
    name: str | None = None
    left: str | None = None
    role: str | None = None
    email: str | None = None
    virtual: Flag = None


class Bot(Model):
    """A virtual attendee (webinarsGetBotsList)."""

    id: str | None = None
    name: str | None = None
    country: str | None = None
    virtual: Flag = None


class BotAdded(Success):
    """webinarsAddBotToRoom: the virtual attendee's id."""

    id: str | None = None
