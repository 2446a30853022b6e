"""What the engagement pages show of a poll and an offer (console/macros.html
poll_fields, offer_fields, edit_delete_actions; engagement_edit.html): each
item's Edit link and Delete form, the edit pages' fields filled with what is
kept, posting where the change is saved, and a refusal next to its field."""

from __future__ import annotations

import html
import re

import httpx

from tests.conftest import Tenant
from tests.console.helpers import console_client, submit
from tests.pages.helpers import bigmarker_webinar

_POLL_LINK = re.compile(r"/engagement/polls/([0-9a-f]+)/edit")
_OFFER_LINK = re.compile(r"/engagement/offers/([0-9a-f]+)/edit")


def _input_value(page: str, name: str) -> str:
    found = re.search(
        rf'<input type="[a-z]+" value="([^"]*)" id="field-{name}" name="{name}"', page
    )
    assert found is not None, name
    return html.unescape(found.group(1))


def test_polls_and_offers_pages_show_what_is_kept_and_post_where_it_is_saved(
    server_url: str, http: httpx.Client, fresh_tenant: Tenant
) -> None:
    webinar = bigmarker_webinar(http, fresh_tenant, title="Engagement pages")
    base = f"/console/webinars/{webinar['id']}/engagement"
    with console_client(server_url, fresh_tenant) as client:
        made = submit(
            client,
            f"{base}/polls",
            {"question": "Tea or coffee?", "selection_method": "single", "choices": "Tea\nCoffee"},
        )
        assert made.status_code == 303, made.text
        offered = submit(
            client,
            f"{base}/offers",
            {"title": "Mugs & more", "button_text": "Shop", "url": "https://shop.test/mugs"},
        )
        assert offered.status_code == 303, offered.text

        page = client.get(base).text
        (poll_id,) = _POLL_LINK.findall(page)
        (offer_id,) = _OFFER_LINK.findall(page)
        for kind, item_id, confirm in (
            ("polls", poll_id, "Delete this poll and its votes?"),
            ("offers", offer_id, "Delete this offer?"),
        ):
            assert f'href="{base}/{kind}/{item_id}/edit">Edit</a>' in page
            assert (
                f'<form method="post" action="{base}/{kind}/{item_id}/delete"'
                f' data-confirm="{confirm}">'
            ) in page
        # The create forms: the poll's hint, the offer's own label for its title.
        assert "For one or several choices: at least two." in page
        assert '<label for="field-title">Offer title' in page

        poll_page = client.get(f"{base}/polls/{poll_id}/edit")
        assert poll_page.status_code == 200
        assert "Edit the poll" in poll_page.text
        assert f'action="{base}/polls/{poll_id}"' in poll_page.text
        assert _input_value(poll_page.text, "question") == "Tea or coffee?"
        assert ">Tea\nCoffee</textarea>" in poll_page.text
        assert "A choice kept keeps its votes." in poll_page.text
        assert f'<a class="button" href="{base}">Cancel</a>' in poll_page.text

        offer_page = client.get(f"{base}/offers/{offer_id}/edit")
        assert offer_page.status_code == 200
        assert "Edit the offer" in offer_page.text
        assert f'action="{base}/offers/{offer_id}"' in offer_page.text
        assert '<label for="field-title">Title' in offer_page.text
        assert _input_value(offer_page.text, "title") == "Mugs & more"
        assert _input_value(offer_page.text, "url") == "https://shop.test/mugs"

        refused = submit(
            client,
            f"{base}/offers/{offer_id}",
            {"title": "Cups", "button_text": "", "url": "https://shop.test/cups"},
        )
        assert refused.status_code == 400
        assert "Edit the offer" in refused.text
        assert 'id="field-button_text-error"' in refused.text
        # What was typed is shown again, not what is kept.
        assert _input_value(refused.text, "title") == "Cups"
