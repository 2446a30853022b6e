"""Offers: calls to action (a title and a button opening a URL) that the staff
show in a conference's room (docs/room-protocol.md, "Offers").

Made and deleted through the native API, changed in the console (the staff in the room hear the new
list: ``offers.changed``); shown and hidden from the room. At
most one offer is shown at a time: showing another hides the one shown. Each
showing is a row (`OfferShow`), so "shown now" survives a restart and the
reports count shows; views and clicks are rows of the showing they belong to,
with who it was then.

A **view** is the offer's card shown on a member's page: the page says so
(``offer.view``) when it has put the card on screen, once per showing and
member (a reload or a second tab counts nothing more). The server does not
count the members present when it is shown: a socket in the room is not a page
that drew the card (a bot, a page in the background still reconnecting), and
members who come in later would need a count of their own; what a page reports
is what was seen. A **click** is every click on the button.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.admission import Member
from webinarium.conferences import lifecycle
from webinarium.content.errors import OfferNotFound, OfferNotShown
from webinarium.content.repository import OfferRepository
from webinarium.content.room import as_they_are
from webinarium.kit.errors import InvalidInput
from webinarium.kit.tenancy import ensure_owned
from webinarium.kit.time import utcnow
from webinarium.kit.urls import web_url
from webinarium.live import journal
from webinarium.models import Account, Conference, Offer, OfferClick, OfferShow, OfferView

# What the columns hold.
TITLE_MAX = 255
BUTTON_TEXT_MAX = 100


def _text(value: str, name: str, limit: int) -> str:
    text = value.strip()
    if not text:
        raise InvalidInput(f"an offer needs a {name}")
    if len(text) > limit:
        raise InvalidInput(f"{name} must be at most {limit} characters")
    return text


def offer_data(offer: Offer) -> dict[str, Any]:
    """An offer as the room shows it (``offer.shown``'s ``offer``)."""
    return {
        "id": offer.id,
        "title": offer.title,
        "button_text": offer.button_text,
        "url": offer.url,
    }


# Managing (the native API)


async def add_offer(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    *,
    title: str,
    button_text: str,
    url: str,
) -> Offer:
    ensure_owned(account, conference)
    target = web_url(url, "url")
    if target is None:
        raise InvalidInput("an offer needs a url")
    offer = Offer(
        account_id=account.id,
        conference_id=conference.id,
        title=_text(title, "title", TITLE_MAX),
        button_text=_text(button_text, "button_text", BUTTON_TEXT_MAX),
        url=target,
    )
    await OfferRepository(session, account.id).add(offer)
    await _offers_changed(session, account, conference)
    return offer


async def update_offer(
    session: AsyncSession,
    account: Account,
    conference: Conference,
    offer_id: str,
    *,
    title: str,
    button_text: str,
    url: str,
) -> Offer:
    """Changes an offer's title, button and URL (checked as `add_offer` checks
    them, all before anything changes); the staff in the room hear the new
    list, and an offer shown now keeps its showing (the next snapshot shows
    the new text)."""
    offer = await get_offer(session, account, conference, offer_id)
    target = web_url(url, "url")
    if target is None:
        raise InvalidInput("an offer needs a url")
    new_title = _text(title, "title", TITLE_MAX)
    new_button_text = _text(button_text, "button_text", BUTTON_TEXT_MAX)
    offer.title, offer.button_text, offer.url = new_title, new_button_text, target
    await session.flush()
    await _offers_changed(session, account, conference)
    return offer


async def list_offers(
    session: AsyncSession, account: Account, conference: Conference
) -> list[Offer]:
    """The conference's offers, oldest first."""
    ensure_owned(account, conference)
    return await OfferRepository(session, account.id).offers(conference.id)


async def get_offer(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str
) -> Offer:
    """An offer of ``conference``; another conference's, or a deleted one, is not found."""
    ensure_owned(account, conference)
    offer = await OfferRepository(session, account.id).get(offer_id.strip())
    if offer is None or offer.conference_id != conference.id or offer.deleted_at is not None:
        raise OfferNotFound(f"no offer {offer_id.strip()[:40]} in this conference")
    return offer


async def delete_offer(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str
) -> None:
    """Deletes an offer (its shows, views and clicks stay for the reports); the
    room hides it if it is shown."""
    offer = await get_offer(session, account, conference, offer_id)
    await _hide(session, account, conference, offer.id)
    offer.deleted_at = utcnow()
    await session.flush()
    await _offers_changed(session, account, conference)


async def _offers_changed(session: AsyncSession, account: Account, conference: Conference) -> None:
    """The staff in the room hear the conference's offers after the commit:
    ``offers.changed`` {``all_offers``}, as in the snapshot."""
    listed = [offer_data(o) for o in await list_offers(session, account, conference)]
    await journal.record(
        session, conference, "offers.changed", {"all_offers": listed}, audience=journal.STAFF
    )


# In the room


async def shown_now(
    session: AsyncSession, account: Account, conference: Conference
) -> tuple[OfferShow, Offer] | None:
    ensure_owned(account, conference)
    return await OfferRepository(session, account.id).shown(conference.id)


async def _hide(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str
) -> None:
    """Ends the showing of ``offer_id`` if it is shown: ``offer.hidden``."""
    await journal.hold_numbers(session, conference)
    shown = await shown_now(session, account, conference)
    if shown is None or shown[1].id != offer_id:
        return
    shown[0].hidden_at = utcnow()
    await session.flush()
    await journal.record(session, conference, "offer.hidden", {"offer_id": offer_id})


async def show_offer(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str, *, by: str
) -> None:
    """Shows an offer to everyone in the room (``offer.shown``), hiding the one
    shown before (``offer.hidden`` first). Showing the offer already shown
    changes nothing and sends nothing."""
    offer = await get_offer(session, account, conference, offer_id)
    lifecycle.ensure_not_closed(conference)
    # The room's numbers are held so that two shows at once are one after the
    # other: the second sees the first's showing and ends it.
    await journal.hold_numbers(session, conference)
    shown = await shown_now(session, account, conference)
    if shown is not None:
        if shown[1].id == offer.id:
            return
        await _hide(session, account, conference, shown[1].id)
    await OfferRepository(session, account.id).add(
        OfferShow(
            account_id=account.id,
            conference_id=conference.id,
            offer_id=offer.id,
            shown_by=by[:240],
        )
    )
    await journal.record(session, conference, "offer.shown", {"offer": offer_data(offer)})


async def hide_offer(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str
) -> None:
    """Hides the offer if it is shown (``offer.hidden``); one not shown: nothing."""
    offer = await get_offer(session, account, conference, offer_id)
    await _hide(session, account, conference, offer.id)


async def _showing(
    session: AsyncSession, account: Account, conference: Conference, offer_id: str
) -> tuple[OfferShow, Offer]:
    """The showing of ``offer_id`` going on now, or `OfferNotShown`."""
    offer = await get_offer(session, account, conference, offer_id)
    shown = await shown_now(session, account, conference)
    if shown is None or shown[1].id != offer.id:
        raise OfferNotShown(f"the offer {offer.id} is not shown now")
    return shown


async def click(
    session: AsyncSession, account: Account, conference: Conference, member: Member, offer_id: str
) -> Offer:
    """Logs a click on the offer shown now; the offer (its URL to open)."""
    show, offer = await _showing(session, account, conference, offer_id)
    await OfferRepository(session, account.id).add(
        OfferClick(
            account_id=account.id,
            conference_id=conference.id,
            offer_id=offer.id,
            show_id=show.id,
            **await as_they_are(session, account, member),
        )
    )
    return offer


async def view(
    session: AsyncSession, account: Account, conference: Conference, member: Member, offer_id: str
) -> bool:
    """Logs that ``member``'s page shows the offer shown now: once per showing
    and member. Whether this one counted."""
    # Held first, so that two tabs reporting at once are one after the other.
    await journal.hold_numbers(session, conference)
    show, offer = await _showing(session, account, conference, offer_id)
    repository = OfferRepository(session, account.id)
    if await repository.viewed(show.id, member.member_id):
        return False
    await repository.add(
        OfferView(
            account_id=account.id,
            conference_id=conference.id,
            offer_id=offer.id,
            show_id=show.id,
            **await as_they_are(session, account, member),
        )
    )
    return True


async def snapshot(
    session: AsyncSession, account: Account, conference: Conference, member: Member
) -> dict[str, Any]:
    """The snapshot's ``offer`` (shown now, or null) and ``all_offers`` (the
    conference's offers, for the staff; null for attendees)."""
    shown = await shown_now(session, account, conference)
    all_offers = None
    if member.staff:
        all_offers = [offer_data(o) for o in await list_offers(session, account, conference)]
    return {"offer": offer_data(shown[1]) if shown else None, "all_offers": all_offers}
