"""BigMarker's per-webinar webhook fields ↔ the conference's webhook subscriptions.

Each outgoing hook is a switch and a URL (``enable_webinar_start_webhook`` and
``webinar_start_webhook_url``), one subscription labelled with the hook's name;
``webhook_url``, the older field for new registration data, has no switch: it is
on while it has a URL. ``enable_create_webinar_reg_webhook`` is not one of them
(it lets the webinar *accept* registrations by webhook) and stays a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from webinarium.api.params import Params
from webinarium.api.reads import Param
from webinarium.kit.errors import InvalidInput
from webinarium.models import WebhookSubscription
from webinarium.webhooks.schemas import EventType, WebhookChange


@dataclass(frozen=True)
class Hook:
    label: str
    event_type: EventType
    url_field: str
    switch_field: str | None


HOOKS = (
    Hook("webhook_url", EventType.REGISTRATION_CREATED, "webhook_url", None),
    Hook(
        "new_reg_webhook",
        EventType.REGISTRATION_CREATED,
        "new_reg_webhook_url",
        "enable_new_reg_webhook",
    ),
    Hook(
        "webinar_start_webhook",
        EventType.CONFERENCE_STARTED,
        "webinar_start_webhook_url",
        "enable_webinar_start_webhook",
    ),
    Hook(
        "waiting_room_open_webhook",
        EventType.CONFERENCE_WAITING_ROOM_OPENED,
        "waiting_room_open_webhook_url",
        "enable_waiting_room_open_webhook",
    ),
    Hook(
        "webinar_end_webhook",
        EventType.CONFERENCE_ENDED,
        "webinar_end_webhook_url",
        "enable_webinar_end_webhook",
    ),
    Hook(
        "live_attendee_data_webhook",
        EventType.ATTENDANCE_LIVE_DATA,
        "live_attendee_data_webhook_url",
        "enable_live_attendee_data_webhook",
    ),
    Hook(
        "on_demand_viewer_webhook",
        EventType.RECORDING_VIEWED,
        "on_demand_viewer_webhook_url",
        "enable_on_demand_viewer_webhook",
    ),
)


# What `changes` reads: each hook's URL and switch.
PARAMS = tuple(
    param
    for hook in HOOKS
    for param in (
        Param(hook.url_field, str, description=f"where {hook.event_type} is posted"),
        *([Param(hook.switch_field, bool, default=False)] if hook.switch_field else []),
    )
)


class _Fields(BaseModel):
    """The types of the fields, as Create/Update Conference give them."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    switch: bool = False


def changes(params: Params) -> list[WebhookChange]:
    """The subscription changes a Create or Update Conference request asks for."""
    result: list[WebhookChange] = []
    for hook in HOOKS:
        given: dict[str, Any] = {}
        if hook.url_field in params.values:
            given["url"] = params.raw(hook.url_field)
        if hook.switch_field is not None and hook.switch_field in params.values:
            given["switch"] = params.raw(hook.switch_field)
        if not given:
            continue
        try:
            fields = _Fields.model_validate(given)
        except ValidationError as exc:
            error = exc.errors()[0]
            name = hook.url_field if error["loc"][0] == "url" else hook.switch_field
            raise InvalidInput(f"{name}: {error['msg']}") from None
        change: dict[str, Any] = {"label": hook.label, "event_type": hook.event_type}
        if "url" in given:
            change["url"] = fields.url
        if hook.switch_field is None:
            change["enabled"] = fields.url is not None
        elif "switch" in given:
            change["enabled"] = fields.switch
        result.append(WebhookChange(**change))
    return result


def fields(subscriptions: list[WebhookSubscription]) -> dict[str, Any]:
    """Every hook field as Show Conference answers it."""
    by_label = {row.label: row for row in subscriptions}
    shown: dict[str, Any] = {}
    for hook in HOOKS:
        row = by_label.get(hook.label)
        shown[hook.url_field] = row.url if row else None
        if hook.switch_field is not None:
            shown[hook.switch_field] = row.enabled if row else False
    return shown
