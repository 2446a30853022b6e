"""A conference's offers (calls to action the room shows):
``POST``/``GET /api/webinarium/v1/conferences/{conference_id}/offers`` and
``GET``/``DELETE …/offers/{offer_id}``. The conference id is the one every API
uses (BigMarker's ``conference_id``); another account's conference is not found."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from webinarium.api.bigmarker.auth import CurrentAccount, ReadAccount
from webinarium.api.deps import ReadSession, Session
from webinarium.api.webinarium.bodies import json_object
from webinarium.api.webinarium.errors import NativeRoute
from webinarium.conferences.service import get_conference
from webinarium.content import offers
from webinarium.kit.errors import validated
from webinarium.models import Offer

router = APIRouter(route_class=NativeRoute, tags=["Webinarium: Offers"])
PATH = "/conferences/{conference_id}/offers"


class OfferInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=offers.TITLE_MAX * 2)
    button_text: str = Field(max_length=offers.BUTTON_TEXT_MAX * 2)
    # http or https only.
    url: str = Field(max_length=4096)


class OfferRead(BaseModel):
    id: str
    conference_id: str
    title: str
    button_text: str
    url: str
    created_at: datetime

    @classmethod
    def of(cls, offer: Offer) -> OfferRead:
        return cls(
            id=offer.id,
            conference_id=offer.conference_id,
            title=offer.title,
            button_text=offer.button_text,
            url=offer.url,
            created_at=offer.created_at,
        )


@router.post(
    PATH,
    name="native_offers_create",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": OfferInput.model_json_schema()}},
        }
    },
)
async def create_offer(
    conference_id: str, request: Request, session: Session, account: CurrentAccount
) -> OfferRead:
    """A new offer of the conference: ``title``, ``button_text``, ``url`` (http or https)."""
    given = validated(OfferInput, await json_object(request, "{title, button_text, url}"))
    conference = await get_conference(session, account, conference_id)
    offer = await offers.add_offer(
        session,
        account,
        conference,
        title=given.title,
        button_text=given.button_text,
        url=given.url,
    )
    return OfferRead.of(offer)


@router.get(PATH, name="native_offers_list")
async def list_offers(
    conference_id: str, session: ReadSession, account: ReadAccount
) -> list[OfferRead]:
    """The conference's offers, oldest first."""
    conference = await get_conference(session, account, conference_id)
    return [OfferRead.of(o) for o in await offers.list_offers(session, account, conference)]


@router.get(PATH + "/{offer_id}", name="native_offers_show")
async def show_offer(
    conference_id: str, offer_id: str, session: ReadSession, account: ReadAccount
) -> OfferRead:
    conference = await get_conference(session, account, conference_id)
    return OfferRead.of(await offers.get_offer(session, account, conference, offer_id))


@router.delete(PATH + "/{offer_id}", name="native_offers_delete", status_code=204)
async def delete_offer(
    conference_id: str, offer_id: str, session: Session, account: CurrentAccount
) -> Response:
    """Deletes the offer (the room hides it if shown); its shows, views and
    clicks are kept for the reports."""
    conference = await get_conference(session, account, conference_id)
    await offers.delete_offer(session, account, conference, offer_id)
    return Response(status_code=204)
