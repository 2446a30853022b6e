"""BigMarker "Manage Channel polls": create, update, open/close/reopen, delete.

"Update polls" and "Open polls" share ``PUT /polls``: a body with ``action``
opens, closes or reopens the polls named by ``poll_ids`` (or ``poll_id``), or
those of ``conference_id``; any other body updates the poll ``poll_id``.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from fastapi import APIRouter

from webinarium.api.bigmarker import wire_polls
from webinarium.api.bigmarker.auth import CurrentAccount
from webinarium.api.bigmarker.common import RequestParams
from webinarium.api.bigmarker.errors import BigMarkerRoute
from webinarium.api.bigmarker.inputs import parse_time
from webinarium.api.deps import Session
from webinarium.api.params import Params
from webinarium.api.reads import Param, reads
from webinarium.kit.errors import InvalidInput, validated
from webinarium.kit.time import TimeRefused, is_date_alone, parse_day
from webinarium.polls import service
from webinarium.polls.schemas import (
    OPTION_NAMES,
    PollAction,
    PollChanges,
    PollDraft,
    PollOptions,
    SelectionMethod,
)

router = APIRouter(route_class=BigMarkerRoute, tags=["BigMarker: Manage Channel polls"])

ACTIONS: dict[str, tuple[PollAction, str]] = {
    "open": ("open", "opened"),
    "close": ("close", "closed"),
    "reopen": ("reopen", "reopened"),
}


def close_time(params: Params) -> datetime | None:
    """``poll_close_time``: a date alone (the poll closes at the end of that day),
    "2024-10-30 15:00" or ISO 8601 (wall clock of the conference unless an offset
    is given), or Unix seconds."""
    value = (params.text("poll_close_time") or "").strip()
    if not value:
        return None
    if not is_date_alone(value):
        return parse_time("poll_close_time", value)
    try:
        return datetime.combine(parse_day(value), time(23, 59, 59))
    except TimeRefused as refused:
        raise InvalidInput(f"poll_close_time {refused}") from None


def choices(params: Params) -> list[str] | None:
    """An array (or a JSON array string) of texts, or of {"choice": text} objects as
    responses show them; a plain string is one choice (choices may hold commas)."""
    value = params.structured("choices")
    if value is None:
        return None
    if isinstance(value, str):
        return [value] if value.strip() else []
    if not isinstance(value, list):
        raise InvalidInput('choices must be a list such as ["option1", "option2"]')
    texts: list[str] = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("choice"), str):
            texts.append(item["choice"])
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            texts.append(str(item))
        else:
            raise InvalidInput('choices must be a list such as ["option1", "option2"]')
    return texts


def options(params: Params) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in OPTION_NAMES:
        if not params.has(name):
            continue
        if name == "attendee_can_select_answer_number":
            values[name] = params.integer(name)
        elif name == "display_question":
            text = params.text(name)
            values[name] = text.strip() if text and text.strip() else None
        else:
            values[name] = params.boolean(name)
    return values


# What `_common` reads: the poll and its display switches.
_POLL = (
    Param("question"),
    Param("selection_method", choices=[m.value for m in SelectionMethod]),
    Param("choices", list[str], description='["option1", "option2"]'),
    Param("poll_close_time", description='a date ("2024-10-30"), a date and time, or Unix seconds'),
    *(Param(name, PollOptions.model_fields[name].annotation) for name in OPTION_NAMES),
)


def _common(params: Params) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "question": params.text("question"),
        "selection_method": params.text("selection_method"),
        "choices": choices(params),
    }
    fields = {name: value for name, value in fields.items() if value is not None}
    if params.has("poll_close_time"):
        fields["close_at"] = close_time(params)
    fields["options"] = options(params)
    return fields


@router.post("/polls", name="polls_create")
@reads(Param("conference_id", required=True), _POLL)
async def create_poll(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    fields = _common(params)
    fields["conference_id"] = params.text("conference_id") or ""
    if not fields["conference_id"].strip():
        raise InvalidInput("conference_id is required")
    fields.setdefault("question", "")
    draft = validated(PollDraft, fields)
    return wire_polls.poll(await service.create_poll(session, account, draft))


@router.put("/polls", name="polls_update")
@reads(
    Param("poll_id", description="the poll to update; with action, the polls to open or close"),
    Param("action", choices=list(ACTIONS), description="opens, closes or reopens polls"),
    Param("poll_ids", list[str], description="with action: the polls"),
    Param("conference_id", description="with action: every poll of this conference"),
    _POLL,
)
async def update_poll_or_set_status(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, Any]:
    if params.has("action"):
        return await _set_status(session, account, params)
    poll_id = (params.text("poll_id") or "").strip()
    if not poll_id:
        raise InvalidInput("poll_id is required (or action, to open, close or reopen polls)")
    changes = validated(PollChanges, _common(params))
    return wire_polls.poll(await service.update_poll(session, account, poll_id, changes))


async def _set_status(session: Session, account: CurrentAccount, params: Params) -> dict[str, Any]:
    """The document's "Open polls"."""
    name = (params.text("action") or "").strip().lower()
    if name not in ACTIONS:
        raise InvalidInput("action must be one of open, close, reopen")
    action, done = ACTIONS[name]
    poll_ids = params.text_list("poll_ids")
    if poll_ids is None:
        poll_ids = params.text_list("poll_id")
    conference_id = (params.text("conference_id") or "").strip() or None
    polls = await service.set_status(
        session, account, action, poll_ids=poll_ids or [], conference_id=conference_id
    )
    return {
        "status": "success",
        "message": f"Successfully {done} {','.join(p.id for p in polls)} polls",
    }


@router.delete("/polls", name="polls_delete")
@reads(Param("poll_id", required=True))
async def delete_poll(
    session: Session, account: CurrentAccount, params: RequestParams
) -> dict[str, str]:
    poll_id = (params.text("poll_id") or "").strip()
    if not poll_id:
        raise InvalidInput("poll_id is required")
    await service.delete_poll(session, account, poll_id)
    return {"success": "Your poll has been deleted!"}
