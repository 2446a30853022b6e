"""Automated webinars: virtual moderators and attendees, their chat messages, the
chat and link locks, the presentation and the video shown in the room, and
finishing a webinar (see docs/myownconference.md).

Every action names the webinar by its ``alias``; the room lives in
``webinarium.live``. Virtual participants are always marked ``"virtual": true``
where they are listed.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator

from webinarium.api.myownconference.actions import Action, Context, WebinarParams
from webinarium.api.myownconference.values import Email, PersonName
from webinarium.conferences.service import get_conference_by_alias
from webinarium.kit.actors import API
from webinarium.live import service as live
from webinarium.models import Bot, Conference

_COUNTRY = re.compile(r"[A-Za-z]{2}")


class AddModerator(WebinarParams):
    email: Email
    name: PersonName


class RemoveModerator(WebinarParams):
    email: Email


class AddBot(WebinarParams):
    name: PersonName
    country: str

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        value = value.strip()
        if not _COUNTRY.fullmatch(value):
            raise ValueError("must be a two-letter country code (US, DE, UK, FR, PL, UA …)")
        return value.upper()


class RemoveBot(WebinarParams):
    id: str


class BotMessage(WebinarParams):
    bot: str
    text: str = Field(min_length=1)


class StartPresentation(WebinarParams):
    id: str
    slide: int = Field(ge=1)


class StartVideo(WebinarParams):
    id: str


async def _webinar(ctx: Context, alias: str) -> Conference:
    return await get_conference_by_alias(ctx.session, ctx.account, alias)


def _success(message: str) -> dict[str, str]:
    return {"success": message}


async def add_moderator(ctx: Context, params: AddModerator) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.add_virtual_moderator(
        ctx.session, ctx.account, conference, email=params.email, name=params.name
    )
    return _success("Virtual moderator added to the webinar room")


async def remove_moderator(ctx: Context, params: RemoveModerator) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.remove_virtual_moderator(ctx.session, ctx.account, conference, email=params.email)
    return _success("Virtual moderator removed from the webinar room")


async def add_bot(ctx: Context, params: AddBot) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    bot = await live.add_virtual_attendee(
        ctx.session, ctx.account, conference, name=params.name, country=params.country
    )
    return {"success": "Virtual attendee added to the webinar room", "id": bot.id}


async def remove_bot(ctx: Context, params: RemoveBot) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.remove_virtual_attendee(ctx.session, ctx.account, conference, params.id)
    return _success("Virtual attendee removed from the webinar room")


async def bots_list(ctx: Context, params: WebinarParams) -> list[Bot]:
    conference = await _webinar(ctx, params.alias)
    return await live.bots(ctx.session, ctx.account, conference, role=live.ATTENDEE)


def render_bots(_: Context, bots: list[Bot]) -> list[dict[str, Any]]:
    return [
        {"id": bot.id, "name": bot.name, "country": bot.country or "", "virtual": True}
        for bot in bots
    ]


async def bot_message(ctx: Context, params: BotMessage) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    # The document: a virtual moderator's e-mail or a virtual attendee's id.
    if "@" in params.bot:
        await live.say_as_virtual_moderator(
            ctx.session, ctx.account, conference, email=params.bot, text=params.text
        )
    else:
        await live.say_as_virtual_attendee(
            ctx.session, ctx.account, conference, bot_id=params.bot, text=params.text
        )
    return _success("Message sent to the webinar chat")


async def lock_chat(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.lock_chat(ctx.session, ctx.account, conference, locked=True)
    return _success("Chat disabled for the webinar attendees")


async def unlock_chat(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.lock_chat(ctx.session, ctx.account, conference, locked=False)
    return _success("Chat enabled for the webinar attendees")


async def lock_links(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.lock_links(ctx.session, ctx.account, conference, locked=True)
    return _success("Links disabled in the webinar chat")


async def unlock_links(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.lock_links(ctx.session, ctx.account, conference, locked=False)
    return _success("Links enabled in the webinar chat")


async def start_presentation(ctx: Context, params: StartPresentation) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.show_presentation(
        ctx.session, ctx.account, conference, file_id=params.id, slide=params.slide
    )
    return _success(f"Presentation started at slide {params.slide}")


async def stop_presentation(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.stop_presentation(ctx.session, ctx.account, conference)
    return _success("Presentation stopped")


async def start_video(ctx: Context, params: StartVideo) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.play_video(ctx.session, ctx.account, conference, file_id=params.id)
    return _success("Video started")


async def stop_video(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.stop_video(ctx.session, ctx.account, conference)
    return _success("Video stopped")


async def finish(ctx: Context, params: WebinarParams) -> dict[str, str]:
    conference = await _webinar(ctx, params.alias)
    await live.finish(ctx.session, ctx.account, conference, by=API)
    return _success("Webinar finished")


ACTIONS = [
    Action("webinarsAddModerToRoom", AddModerator, add_moderator),
    Action("webinarsRemoveModerFromRoom", RemoveModerator, remove_moderator),
    Action("webinarsAddBotToRoom", AddBot, add_bot),
    Action("webinarsRemoveBotFromRoom", RemoveBot, remove_bot),
    Action("webinarsGetBotsList", WebinarParams, bots_list, render_bots, read_only=True),
    Action("webinarsBotMessage", BotMessage, bot_message),
    Action("webinarsLockChat", WebinarParams, lock_chat, aliases=("webinarLockChat",)),
    Action("webinarsUnlockChat", WebinarParams, unlock_chat),
    Action("webinarsLinkLockInChat", WebinarParams, lock_links),
    Action("webinarsLinkUnlockInChat", WebinarParams, unlock_links),
    Action("webinarsStartPresentation", StartPresentation, start_presentation),
    Action(
        "webinarStopPresentation",
        WebinarParams,
        stop_presentation,
        aliases=("webinarsStopPresentation",),
    ),
    Action("webinarsStartVideo", StartVideo, start_video),
    Action("webinarsStopVideo", WebinarParams, stop_video),
    Action("webinarsFinish", WebinarParams, finish),
]
