"""Objects for the fuzz requests to act on: a conference, a registrant, a
presenter… made through the dialects before an operation is fuzzed, so a
valid-looking id names something that exists and the request reaches the
code behind the look-up. Only what the operation's parameters name is made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from tests.conftest import Tenant
from webinarium.kit.ids import new_id

Known = dict[str, list[Any]]


def _ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


class Seeder:
    """Makes, once each, the objects whose ids ``names`` ask for."""

    def __init__(self, http: httpx.Client, tenant: Tenant) -> None:
        self.http = http
        self.tenant = tenant
        self.known: Known = {
            "channel_id": [tenant.channel_id],
            "master_channel_id": [tenant.channel_id],
            "channel_url": [tenant.channel_url],
        }
        self.tag = new_id()[-8:]

    def _bigmarker(self, method: str, path: str, body: dict[str, Any]) -> Any:
        return _ok(
            self.http.request(method, f"/api/v1{path}", headers=self.tenant.headers, json=body)
        )

    def _moc(self, action: str, params: Any) -> Any:
        request = json.dumps({"key": self.tenant.api_key, "action": action, "params": params})
        answer = _ok(self.http.post("/", data={"request": request}))["response"]
        assert not (isinstance(answer, dict) and "error" in answer), answer
        return answer

    def _boomstream(self, method: str, **params: str) -> Any:
        values = {"apikey": self.tenant.api_key, "format": "json", **params}
        answer = _ok(self.http.get(f"/api/conference/{method}", params=values))
        assert answer["Status"] == "Success", answer
        return answer

    def _conference(self) -> str:
        if "conference_id" not in self.known:
            conference = self._bigmarker(
                "POST",
                "/conferences",
                {
                    "channel_id": self.tenant.channel_id,
                    "title": "Fuzzed webinar",
                    "start_time": "2030-01-01 15:00",
                },
            )
            for name in (
                "conference_id",
                "id",
                "conference_ids",
                "session_ids",
                "conference_copy_id",
            ):
                self.known[name] = [conference["id"]]
        conference_id: str = self.known["conference_id"][0]
        return conference_id

    def _registrant(self) -> None:
        email = f"registrant-{self.tag}@example.test"
        registration = self._bigmarker(
            "PUT",
            "/conferences/register",
            {"id": self._conference(), "email": email, "first_name": "Reg", "last_name": "Istrant"},
        )
        for name in ("email", "attendee_email", "emails"):
            self.known.setdefault(name, []).append(email)
        if "bmid" in registration:
            self.known["bmid"] = [registration["bmid"]]

    def _presenter(self) -> None:
        presenter = self._bigmarker(
            "POST",
            "/presenters",
            {
                "conference_id": self._conference(),
                "presenter_email": f"presenter-{self.tag}@example.test",
                "presenter_first_name": "Pre",
                "presenter_last_name": "Senter",
            },
        )
        self.known["presenter_id"] = [presenter.get("presenter_id") or presenter["id"]]
        self.known["presenter_email"] = [f"presenter-{self.tag}@example.test"]

    def _handout(self) -> None:
        handout = self._bigmarker(
            "POST",
            f"/conferences/{self._conference()}/add_handout_with_url",
            {"title": "Handout", "handout_url": "https://files.example.test/a.pdf"},
        )
        self.known["handout_id"] = [handout.get("handout_id") or handout["id"]]

    def _meeting_space(self) -> None:
        space = self._bigmarker(
            "POST", "/meeting_spaces", {"channel_id": self.tenant.channel_id, "title": "Space"}
        )
        self.known["meeting_space_id"] = [space.get("meeting_space_id") or space["id"]]

    def _poll(self) -> None:
        poll = self._bigmarker(
            "POST",
            "/polls",
            {"conference_id": self._conference(), "question": "Which?", "choices": ["A", "B"]},
        )
        self.known["poll_id"] = self.known["poll_ids"] = [poll["id"]]

    def _admin(self) -> None:
        email = f"admin-{self.tag}@example.test"
        admin = self._bigmarker(
            "POST",
            "/channel_admins",
            {"channel_id": self.tenant.channel_id, "email": email, "first_name": "Ad"},
        )
        self.known["admin_id"] = self.known["channel_admin_id"] = [admin["admin_id"]]

    def _series(self) -> None:
        series = self._bigmarker(
            "POST", "/series", {"channel_id": self.tenant.channel_id, "title": "Series"}
        )
        self.known["series_id"] = [series.get("series_id") or series["id"]]

    def _webinar(self) -> None:
        created = self._moc(
            "webinarsCreate", {"name": "Fuzzed", "start": "2030-01-01 15:00:00", "duration": "60"}
        )
        email = f"participant-{self.tag}@example.test"
        self._moc("attendeesCreate", {"email": email, "name": "Par Ticipant"})
        self._moc("attendeesAddToWebinar", {"alias": created["alias"], "attendees": [email]})
        group = self._moc("attendeesCreateGroup", {"name": f"Group {self.tag}"})
        self.known["alias"] = [created["alias"]]
        self.known["email"] = [email]
        self.known["attendees"] = [[email]]
        self.known["group"] = [f"Group {self.tag}"]
        self.known["id"] = self.known["group_id"] = [group["group_id"]]

    def _boomstream_conference(self) -> None:
        code = self._boomstream("create", title="Fuzzed")["Code"]
        email = f"client-{self.tag}@example.test"
        self._boomstream("invite", code=code, email=email, name="Client")
        clients = self._boomstream("client/list", code=code)["Clients"]
        self.known["client_code"] = [client["code"] for client in clients]
        self.known["code"] = [code, *self.known["client_code"]]
        self.known["email"] = [email]

    def _makers(self, dialect: str) -> dict[str, Callable[[], object]]:
        if dialect == "myownconference":
            names = ("alias", "email", "attendees", "group", "group_id", "id")
            return dict.fromkeys(names, self._webinar)
        if dialect == "boomstream":
            return {"code": self._boomstream_conference, "email": self._boomstream_conference}
        return {
            "conference_id": self._conference,
            "id": self._conference,
            "conference_ids": self._conference,
            "session_ids": self._conference,
            "conference_copy_id": self._conference,
            "email": self._registrant,
            "attendee_email": self._registrant,
            "emails": self._registrant,
            "bmid": self._registrant,
            "presenter_id": self._presenter,
            "presenter_email": self._presenter,
            "handout_id": self._handout,
            "meeting_space_id": self._meeting_space,
            "poll_id": self._poll,
            "poll_ids": self._poll,
            "admin_id": self._admin,
            "channel_admin_id": self._admin,
            "series_id": self._series,
        }

    def seed(self, dialect: str, names: Iterable[str]) -> Known:
        makers = self._makers(dialect)
        for name in names:
            if name in makers and name not in self.known:
                makers[name]()
        return self.known
