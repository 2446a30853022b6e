"""User profile: profileGet, profileSet.

The profile's time zone is minutes from GMT. It is stored as a fixed offset
("UTC+03:00"); `timemove` (daylight saving) is stored and shown, but a bare
offset cannot say when a clock changes, so times are read at the fixed offset.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from webinarium.accounts.schemas import ProfileChanges
from webinarium.accounts.service import update_profile
from webinarium.api.myownconference.actions import Action, Context, Params
from webinarium.api.myownconference.values import PersonName, YesNo, upper_word, yes_no
from webinarium.kit.errors import InvalidInput
from webinarium.kit.time import fixed_offset_zone, offset_minutes
from webinarium.models import Account

FIELDS = ("name", "email", "timezone", "timemove", "language", "gateway", "subscribe", "company")
LANGUAGES = ("EN", "DE", "ES", "FR", "PL", "RU", "UK")


class ProfileGet(Params):
    fields: list[str] = Field(default_factory=list)


class ProfileSet(Params):
    name: PersonName | None = None
    language: str | None = None
    gateway: Literal["PAYSERA", "PAYPAL"] | None = None
    subscribe: YesNo | None = None
    company: str | None = Field(default=None, max_length=1000)
    timemove: YesNo | None = None
    timezone: int | None = Field(default=None, ge=-720, le=840)

    _upper = field_validator("language", "gateway", mode="before")(upper_word)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value


def profile(account: Account) -> dict[str, Any]:
    return {
        "name": account.name,
        "email": account.email,
        "timezone": str(offset_minutes(account.time_zone)),
        "timemove": yes_no(account.observes_dst),
        "language": account.language.upper(),
        "gateway": account.payment_gateway or "",
        "subscribe": yes_no(account.newsletter),
        "company": account.company,
    }


async def profile_get(ctx: Context, params: ProfileGet) -> dict[str, Any]:
    unknown = [name for name in params.fields if name not in FIELDS]
    if unknown:
        raise InvalidInput(f"unknown profile fields: {', '.join(unknown)}")
    everything = profile(ctx.account)
    wanted = params.fields or list(FIELDS)
    return {name: everything[name] for name in wanted}


async def profile_set(ctx: Context, params: ProfileSet) -> dict[str, str]:
    changes = ProfileChanges(
        name=params.name,
        language=params.language.lower() if params.language else None,
        time_zone=fixed_offset_zone(params.timezone) if params.timezone is not None else None,
        observes_dst=params.timemove,
        payment_gateway=params.gateway,
        newsletter=params.subscribe,
        company=params.company,
    )
    await update_profile(ctx.session, ctx.account, changes)
    return {"success": "Profile updated"}


ACTIONS = [
    Action("profileGet", ProfileGet, profile_get, list_field="fields", read_only=True),
    Action("profileSet", ProfileSet, profile_set),
]
