"""Every dialect reads the yes/no words the same way (api.params.yes_no_word):
yes/no, true/false, y/n, t/f, 1/0, on/off, in any letter case; any other word
is refused in the dialect's own envelope."""

from __future__ import annotations

import httpx
import pytest

from tests.api.bigmarker.helpers import create_conference
from tests.api.boomstream import helpers as boomstream
from tests.api.myownconference import helpers as myownconference
from tests.conftest import Tenant
from webinarium.kit.ids import new_id

WORDS = [
    ("YES", True), ("y", True), ("True", True), ("t", True), ("1", True), ("On", True),
    ("no", False), ("N", False), ("FALSE", False), ("f", False), ("0", False), ("oFF", False),
]  # fmt: skip


@pytest.mark.parametrize(("word", "flag"), WORDS)
def test_bigmarker_reads_the_words(
    http: httpx.Client, alice: Tenant, word: str, flag: bool
) -> None:
    conference = create_conference(http, alice)
    body = {
        "conference_id": conference["id"],
        "presenter_email": f"{new_id()}@example.test",
        "presenter_first_name": "Ada",
        "presenter_last_name": "Lovelace",
        "can_manage": word,
    }
    response = http.post("/api/v1/presenters", headers=alice.headers, data=body)
    assert response.status_code == 200, response.text
    assert response.json()["can_manage"] is flag


@pytest.mark.parametrize(("word", "flag"), WORDS)
def test_myownconference_reads_the_words(
    http: httpx.Client, fresh_tenant: Tenant, word: str, flag: bool
) -> None:
    myownconference.ok(http, fresh_tenant, "profileSet", {"subscribe": word})
    shown = myownconference.ok(http, fresh_tenant, "profileGet", ["subscribe"])
    assert shown["subscribe"] == ("YES" if flag else "NO")


@pytest.mark.parametrize(("word", "flag"), WORDS)
def test_boomstream_reads_the_words(
    http: httpx.Client, alice: Tenant, word: str, flag: bool
) -> None:
    code = boomstream.create(http, alice)
    email = f"{new_id()}@example.test"
    boomstream.invite(http, alice, code, email, moderator=word)
    (client,) = [c for c in boomstream.clients(http, alice, code) if c["email"] == email]
    assert client["moderator"] == ("yes" if flag else "no")


def test_another_word_is_refused_by_every_dialect(http: httpx.Client, alice: Tenant) -> None:
    conference = create_conference(http, alice)
    refused = http.post(
        "/api/v1/presenters",
        headers=alice.headers,
        data={
            "conference_id": conference["id"],
            "presenter_email": f"{new_id()}@example.test",
            "presenter_first_name": "Ada",
            "presenter_last_name": "Lovelace",
            "can_manage": "maybe",
        },
    )
    assert refused.status_code == 400
    assert "can_manage" in refused.json()["error"]
    assert "subscribe" in myownconference.error(http, alice, "profileSet", {"subscribe": "maybe"})
    code = boomstream.create(http, alice)
    message = boomstream.failed(
        http, alice.api_key, "invite", code=code, email="ada@example.test", moderator="maybe"
    )
    assert "moderator" in message
