# Written by tools/unasync_sdk.py from _async/myownconference.py:
# change that file, then `make sdk`.
"""`MyOwnConference`: the MyOwnConference action API
(docs/myownconference.md), the key inside each call's JSON.

Every action of the document is a typed method on a resource named after the
document's section: ``client.profile``, ``client.moderators``,
``client.attendees`` (Webinar participants), ``client.webinars`` and
``client.automated`` (Automated webinars); `request` reaches any action by its
name. Parameters keep the document's names (``newEmail``, ``onPage``,
``group_id``); flags are ``bool`` (sent as YES/NO), numbers ``int``, times a
``datetime`` or the document's ``"YYYY-MM-DD HH:MM:SS"``. Answers are the
models of `webinarium.client.models.myownconference`, the document's quirks
absorbed: lists keyed by id become lists, the groups' extra array is
unwrapped, history rows become models, the letters keyed by type a list.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Any

from webinarium.client._answers import M, parse
from webinarium.client._base import SyncClient
from webinarium.client._dialects import MYOWNCONFERENCE
from webinarium.client._myownconference import (
    DEFAULT_ON_PAGE,
    email_list,
    is_group,
    items_of,
    models_of,
    myownconference_form,
    myownconference_response,
    named,
    rows_of,
)
from webinarium.client.models.myownconference import (
    Attendee,
    AttendeePage,
    AttendeeRoom,
    Bot,
    BotAdded,
    ChatLine,
    File,
    Group,
    GroupCreated,
    Letter,
    Moderator,
    ModeratorRoom,
    OnlineList,
    Profile,
    Recording,
    Success,
    VisitLine,
    Webinar,
    WebinarInfo,
    WebinarLinks,
)


class MyOwnConference(SyncClient):
    """MyOwnConference: ``MyOwnConference(api_key=…, base_url=…)``. Calls
    are POSTs, so they are retried only with ``idempotent=True`` (the actions
    that only read, which the typed methods say themselves)."""

    dialect = MYOWNCONFERENCE

    def request(
        self,
        action: str,
        params: Mapping[str, Any] | list[Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        """Any action (``"webinarsList"``): the answer's ``response``."""
        form = myownconference_form(self.api_key, action, params)
        answer = self._send("POST", "", data=form, idempotent=idempotent)
        return myownconference_response(answer)

    @cached_property
    def profile(self) -> UserProfile:
        return UserProfile(self)

    @cached_property
    def moderators(self) -> Moderators:
        return Moderators(self)

    @cached_property
    def attendees(self) -> Attendees:
        return Attendees(self)

    @cached_property
    def webinars(self) -> Webinars:
        return Webinars(self)

    @cached_property
    def automated(self) -> Automated:
        return Automated(self)


class _Section:
    """A section of the document: its actions, on one client."""

    def __init__(self, client: MyOwnConference) -> None:
        self._client = client

    def _call(
        self,
        model: type[M],
        action: str,
        params: dict[str, Any] | list[Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> M:
        answer = self._client.request(action, params, idempotent=idempotent)
        return parse(model, answer, action)

    def _read(self, action: str, params: dict[str, Any] | list[Any] | None = None) -> Any:
        """An action that only reads (retried): its raw ``response``."""
        return self._client.request(action, params, idempotent=True)


class UserProfile(_Section):
    """User profile: profileGet, profileSet."""

    def get(self, fields: Sequence[str] | None = None) -> Profile:
        """profileGet: every field, or only ``fields`` (``["name", "timezone"]``)."""
        return parse(Profile, self._read("profileGet", list(fields or [])), "profileGet")

    def update(
        self,
        *,
        name: str | None = None,
        language: str | None = None,
        gateway: str | None = None,
        subscribe: bool | None = None,
        company: str | None = None,
        timemove: bool | None = None,
        timezone: int | None = None,
    ) -> Success:
        """profileSet: changes the fields given (``timezone`` in minutes from GMT)."""
        params = named(
            name=name,
            language=language,
            gateway=gateway,
            subscribe=subscribe,
            company=company,
            timemove=timemove,
            timezone=timezone,
        )
        return self._call(Success, "profileSet", params)


class Moderators(_Section):
    """Webinar moderators, named by e-mail: moderators*."""

    def create(self, *, name: str, email: str) -> Success:
        """moderatorsCreate: ``name`` is the first and last name."""
        return self._call(Success, "moderatorsCreate", named(name=name, email=email))

    def delete(self, emails: str | Sequence[str]) -> Success:
        """moderatorsDelete: one moderator or several (its params are a list)."""
        return self._call(Success, "moderatorsDelete", email_list(emails))

    def update(
        self,
        email: str,
        *,
        newEmail: str | None = None,
        newName: str | None = None,
        avatar: str | None = None,
    ) -> Success:
        """moderatorsSet: a new address, name or avatar (Base64 JPEG or PNG;
        ``""`` removes it)."""
        params = named(email=email, newEmail=newEmail, newName=newName, avatar=avatar)
        return self._call(Success, "moderatorsSet", params)

    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        alias: str | None = None,
        search: str | None = None,
    ) -> builtins.list[Moderator]:
        """moderatorsList: every moderator (the primary one first), those of the
        webinar ``alias``, or those whose name or address has ``search``."""
        params = named(fields=list(fields) if fields else None, alias=alias, search=search)
        return models_of(Moderator, self._read("moderatorsList", params), "moderatorsList")

    def add_to_webinar(
        self, alias: str, *, email: str | Sequence[str], sendInvite: bool | None = None
    ) -> Success:
        """moderatorsAddToWebinar: attaches the moderators to the webinar
        (``sendInvite``: mail them their link)."""
        params = named(alias=alias, email=email_list(email), sendInvite=sendInvite)
        return self._call(Success, "moderatorsAddToWebinar", params)

    def remove_from_webinar(self, alias: str, *, email: str | Sequence[str]) -> Success:
        """moderatorsRemoveFromWebinar: detaches the moderators from the webinar."""
        params = named(alias=alias, email=email_list(email))
        return self._call(Success, "moderatorsRemoveFromWebinar", params)

    def rooms(self, email: str) -> builtins.list[ModeratorRoom]:
        """moderatorsRooms: the webinars the moderator is attached to, by start."""
        answer = self._read("moderatorsRooms", named(email=email))
        return models_of(ModeratorRoom, answer, "moderatorsRooms", key="alias")


class Attendees(_Section):
    """Webinar participants, named by e-mail, and their groups: attendees*."""

    def create(self, *, email: str, name: str) -> Success:
        """attendeesCreate: ``name`` is the first and last name."""
        return self._call(Success, "attendeesCreate", named(email=email, name=name))

    def update(
        self,
        email: str,
        *,
        newemail: str | None = None,
        name: str | None = None,
        phone: str | None = None,
        skype: str | None = None,
        company: str | None = None,
        department: str | None = None,
        city: str | None = None,
        born: str | date | None = None,
    ) -> Success:
        """attendeesSet: changes the fields given (``""`` clears one;
        ``born`` a date or ``"YYYY-MM-DD"``)."""
        params = named(
            email=email,
            newemail=newemail,
            name=name,
            phone=phone,
            skype=skype,
            company=company,
            department=department,
            city=city,
            born=born,
        )
        return self._call(Success, "attendeesSet", params)

    def delete(self, emails: str | Sequence[str]) -> Success:
        """attendeesDelete: off the participant list, every webinar and group
        (its params are a list)."""
        return self._call(Success, "attendeesDelete", email_list(emails))

    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        onPage: int = DEFAULT_ON_PAGE,
        alias: str | None = None,
        search: str | None = None,
        order: str | None = None,
        orderField: str | None = None,
        type: str | None = None,
        imported: bool | None = None,
        webinars: Sequence[str] | None = None,
        webinarsOrder: str | None = None,
        withEmail: bool | None = None,
        group: str | None = None,
    ) -> Iterator[Attendee]:
        """attendeesList: every participant that matches, ``onPage`` to a page,
        page after page (``page`` is the iterator's own). ``fields`` (default
        ``name`` and ``email``), ``alias`` (that webinar's, with their
        ``link``), ``order`` ASC/DESC by ``orderField``, ``type`` ACTIVE,
        PENDING or BANNED, ``webinars`` with ``webinarsOrder`` IN/OUT."""
        params = named(
            fields=list(fields) if fields else None,
            alias=alias,
            search=search,
            order=order,
            orderField=orderField,
            type=type,
            imported=imported,
            webinars=list(webinars) if webinars is not None else None,
            webinarsOrder=webinarsOrder,
            withEmail=withEmail,
            group=group,
        )
        for attendee in self._pages("attendeesList", params, onPage):
            yield attendee

    def _pages(self, action: str, params: dict[str, Any], on_page: int) -> Iterator[Attendee]:
        """Pages numbered from 1, ``onPage`` each, until ``count`` items came,
        a page came short, or a page repeated the last (a server that does not
        page and says no ``count``)."""
        page, seen = 1, 0
        last: builtins.list[Attendee] | None = None
        while True:
            asked = {**params, "page": str(page), "onPage": str(on_page)}
            answer = parse(AttendeePage, self._read(action, asked), action)
            if answer.list_ == last:
                return
            for item in answer.list_:
                yield item
            seen += len(answer.list_)
            if len(answer.list_) < on_page or (answer.count is not None and seen >= answer.count):
                return
            last = answer.list_
            page += 1

    def add_to_webinar(self, alias: str, *, attendees: str | Sequence[str]) -> Success:
        """attendeesAddToWebinar: registers the participants for the webinar."""
        params = named(alias=alias, attendees=email_list(attendees))
        return self._call(Success, "attendeesAddToWebinar", params)

    def remove_from_webinar(self, alias: str, *, attendees: str | Sequence[str]) -> Success:
        """attendeesRemoveFromWebinar: revokes their registrations."""
        params = named(alias=alias, attendees=email_list(attendees))
        return self._call(Success, "attendeesRemoveFromWebinar", params)

    def rooms(self, email: str) -> builtins.list[AttendeeRoom]:
        """attendeesRooms: the participant's webinars, by start, each with their link."""
        answer = self._read("attendeesRooms", named(email=email))
        return models_of(AttendeeRoom, answer, "attendeesRooms", key="alias")

    def create_group(self, *, name: str) -> GroupCreated:
        """attendeesCreateGroup: the new group's ``group_id``."""
        return self._call(GroupCreated, "attendeesCreateGroup", named(name=name))

    def rename_group(self, id: str, *, newname: str) -> Success:
        """attendeesGroupsRename."""
        return self._call(Success, "attendeesGroupsRename", named(id=id, newname=newname))

    def delete_group(self, id: str) -> Success:
        """attendeesDeleteGroup."""
        return self._call(Success, "attendeesDeleteGroup", named(id=id))

    def groups(self) -> builtins.list[Group]:
        """attendeesGroupsList: every group (the answer's extra array unwrapped)."""
        answer = self._read("attendeesGroupsList")
        items = items_of(answer, "attendeesGroupsList")
        if items and all(isinstance(item, list | dict) and not is_group(item) for item in items):
            items = [group for inner in items for group in items_of(inner, "attendeesGroupsList")]
        return models_of(Group, items, "attendeesGroupsList")

    def assign_to_group(self, group_id: str, *, attendees: str | Sequence[str]) -> Success:
        """attendeesAssignToGroup."""
        params = named(group_id=group_id, attendees=email_list(attendees))
        return self._call(Success, "attendeesAssignToGroup", params)

    def unassign_from_group(self, group_id: str, *, attendees: str | Sequence[str]) -> Success:
        """attendeesUnAssignFromGroup."""
        params = named(group_id=group_id, attendees=email_list(attendees))
        return self._call(Success, "attendeesUnAssignFromGroup", params)

    def common_groups(self, emails: str | Sequence[str]) -> builtins.list[Group]:
        """attendeesCommonGroups: the groups all the participants share (its
        params are a list)."""
        answer = self._read("attendeesCommonGroups", email_list(emails))
        return models_of(Group, answer, "attendeesCommonGroups")

    def unban(self, email: str | Sequence[str]) -> Success:
        """attendeesUnbanned: makes banned participants active again (several
        as one list: the document's example repeats the ``email`` key)."""
        return self._call(Success, "attendeesUnbanned", named(email=email_list(email)))


class Webinars(_Section):
    """Webinars, named by alias: webinars* (planning, settings, letters, who
    is in the room, recordings, files, history)."""

    def create(
        self,
        *,
        name: str,
        start: str | datetime,
        duration: int,
        description: str | None = None,
    ) -> WebinarLinks:
        """webinarsCreate: ``start`` on the profile's clock, ``duration`` in
        minutes; the answer has the new ``alias`` and links."""
        params = named(name=name, description=description, start=start, duration=duration)
        return self._call(WebinarLinks, "webinarsCreate", params)

    def update(
        self,
        alias: str,
        *,
        name: str | None = None,
        description: str | None = None,
        start: str | datetime | None = None,
        duration: int | None = None,
        close: bool | None = None,
        language: str | None = None,
        logo: str | None = None,
        logotype_url: str | None = None,
        banner: str | None = None,
        banner_url: str | None = None,
        google_id: str | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Success:
        """webinarsSet: the fields given. ``logo``/``banner`` are Base64 JPEG or
        PNG; ``settings`` the room's (``{"chat": False, "themebg": "#fff",
        "loginfields": ["name", "email"], "recordWhole": ""}``: flags as bool
        or YES/NO)."""
        params = named(
            alias=alias,
            name=name,
            description=description,
            start=start,
            duration=duration,
            close=close,
            language=language,
            logo=logo,
            logotype_url=logotype_url,
            banner=banner,
            banner_url=banner_url,
            google_id=google_id,
            settings=settings,
        )
        return self._call(Success, "webinarsSet", params)

    def delete(self, alias: str) -> Success:
        """webinarsDelete."""
        return self._call(Success, "webinarsDelete", named(alias=alias))

    def clone(self, alias: str, *, date: str | date) -> WebinarLinks:
        """webinarsClone: a copy starting on ``date`` at the original's time of day."""
        return self._call(WebinarLinks, "webinarsClone", named(alias=alias, date=date))

    def list(
        self,
        *,
        fields: Sequence[str] | None = None,
        status: str | None = None,
        date: str | date | None = None,
    ) -> builtins.list[Webinar]:
        """webinarsList: the scheduled webinars, by start (``status`` ACTIVE or
        FINISHED, ``date`` one day on the profile's clock)."""
        params = named(fields=list(fields) if fields else None, status=status, date=date)
        return models_of(Webinar, self._read("webinarsList", params), "webinarsList", "alias")

    def get_info(self, alias: str) -> WebinarInfo:
        """webinarsGetInfo: the webinar and its room's settings."""
        answer = self._read("webinarsGetInfo", named(alias=alias))
        return parse(WebinarInfo, answer, "webinarsGetInfo")

    def letters(self, alias: str) -> builtins.list[Letter]:
        """webinarsGetLettersInfo: its letters (the answer's object keyed by
        type made a list, the type in ``type``; ``enabled`` a bool)."""
        answer = self._read("webinarsGetLettersInfo", named(alias=alias))
        return models_of(Letter, answer, "webinarsGetLettersInfo", key="type")

    def set_letter(
        self, alias: str, *, type: str, enabled: bool | None = None, text: str | None = None
    ) -> Success:
        """webinarsSetLetters: switches a letter (``type`` REGISTRATIONCONFIRM,
        3DAY, 1DAY, 1HOUR, STARTED, FINISHED) on or off, or sets its text."""
        params = named(alias=alias, type=type, enabled=enabled, text=text)
        return self._call(Success, "webinarsSetLetters", params)

    def letters_off(self, alias: str) -> Success:
        """webinarsLettersOff: no letter goes out for the webinar."""
        return self._call(Success, "webinarsLettersOff", named(alias=alias))

    def letters_on(self, alias: str) -> Success:
        """webinarsLettersOn: the enabled letters go out again."""
        return self._call(Success, "webinarsLettersOn", named(alias=alias))

    def online(self, alias: str) -> OnlineList:
        """webinarsOnlineList: the moderators and guests in the room now."""
        answer = self._read("webinarsOnlineList", named(alias=alias))
        return parse(OnlineList, answer, "webinarsOnlineList")

    def records(self, alias: str) -> builtins.list[Recording]:
        """webinarsRecordsList: the webinar's recordings."""
        answer = self._read("webinarsRecordsList", named(alias=alias))
        return models_of(Recording, answer, "webinarsRecordsList")

    def delete_record(self, id: str) -> Success:
        """webinarsRecordDelete: a recording, by its id alone."""
        return self._call(Success, "webinarsRecordDelete", named(id=id))

    def files(self, alias: str, *, type: str | None = None) -> builtins.list[File]:
        """webinarsFilesList: its files, or those of ``type`` PRESENTATION or MEDIA."""
        answer = self._read("webinarsFilesList", named(alias=alias, type=type))
        return models_of(File, answer, "webinarsFilesList")

    def chat_history(self, alias: str) -> builtins.list[ChatLine]:
        """webinarsHistory with ``type`` ``chats``: the chat, each row a `ChatLine`."""
        answer = self._read("webinarsHistory", named(alias=alias, type="chats"))
        fields = ("time", "name", "text", "role", "email", "virtual")
        return rows_of(ChatLine, fields, answer, "webinarsHistory")

    def visit_history(self, alias: str) -> builtins.list[VisitLine]:
        """webinarsHistory with ``type`` ``visits``: who came and left, each row
        a `VisitLine`."""
        answer = self._read("webinarsHistory", named(alias=alias, type="visits"))
        fields = ("entered", "name", "left", "role", "email", "virtual")
        return rows_of(VisitLine, fields, answer, "webinarsHistory")


class Automated(_Section):
    """Automated webinars, named by alias: virtual moderators and attendees,
    their messages, the chat's locks, the presentation and video shown,
    finishing."""

    def add_moderator(self, alias: str, *, email: str, name: str) -> Success:
        """webinarsAddModerToRoom: a virtual moderator in the room."""
        params = named(alias=alias, email=email, name=name)
        return self._call(Success, "webinarsAddModerToRoom", params)

    def remove_moderator(self, alias: str, *, email: str) -> Success:
        """webinarsRemoveModerFromRoom."""
        params = named(alias=alias, email=email)
        return self._call(Success, "webinarsRemoveModerFromRoom", params)

    def add_bot(self, alias: str, *, name: str, country: str) -> BotAdded:
        """webinarsAddBotToRoom: a virtual attendee (``country`` two letters);
        the answer has its ``id``."""
        params = named(alias=alias, name=name, country=country)
        return self._call(BotAdded, "webinarsAddBotToRoom", params)

    def remove_bot(self, alias: str, *, id: str) -> Success:
        """webinarsRemoveBotFromRoom."""
        return self._call(Success, "webinarsRemoveBotFromRoom", named(alias=alias, id=id))

    def bots(self, alias: str) -> list[Bot]:
        """webinarsGetBotsList: the virtual attendees in the room."""
        answer = self._read("webinarsGetBotsList", named(alias=alias))
        return models_of(Bot, answer, "webinarsGetBotsList")

    def bot_message(self, alias: str, *, bot: str, text: str) -> Success:
        """webinarsBotMessage: ``bot`` is a virtual moderator's e-mail or a
        virtual attendee's id."""
        params = named(alias=alias, bot=bot, text=text)
        return self._call(Success, "webinarsBotMessage", params)

    def lock_chat(self, alias: str) -> Success:
        """webinarsLockChat: participants can no longer write in the chat."""
        return self._call(Success, "webinarsLockChat", named(alias=alias))

    def unlock_chat(self, alias: str) -> Success:
        """webinarsUnlockChat."""
        return self._call(Success, "webinarsUnlockChat", named(alias=alias))

    def lock_links(self, alias: str) -> Success:
        """webinarsLinkLockInChat: no links in the chat."""
        return self._call(Success, "webinarsLinkLockInChat", named(alias=alias))

    def unlock_links(self, alias: str) -> Success:
        """webinarsLinkUnlockInChat."""
        return self._call(Success, "webinarsLinkUnlockInChat", named(alias=alias))

    def start_presentation(self, alias: str, *, id: str, slide: int) -> Success:
        """webinarsStartPresentation: shows file ``id`` at ``slide`` (from 1)."""
        params = named(alias=alias, id=id, slide=slide)
        return self._call(Success, "webinarsStartPresentation", params)

    def stop_presentation(self, alias: str) -> Success:
        """webinarStopPresentation (the document's singular name)."""
        return self._call(Success, "webinarStopPresentation", named(alias=alias))

    def start_video(self, alias: str, *, id: str) -> Success:
        """webinarsStartVideo: plays file ``id``."""
        return self._call(Success, "webinarsStartVideo", named(alias=alias, id=id))

    def stop_video(self, alias: str) -> Success:
        """webinarsStopVideo."""
        return self._call(Success, "webinarsStopVideo", named(alias=alias))

    def finish(self, alias: str) -> Success:
        """webinarsFinish: ends a started webinar."""
        return self._call(Success, "webinarsFinish", named(alias=alias))
