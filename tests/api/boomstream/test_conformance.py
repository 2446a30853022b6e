"""Each of the ten methods, from the document's own request example, in JSON
and in XML, GET and POST: the answer carries the keys the document's response
example shows, in its order."""

from __future__ import annotations

import re
import uuid
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from tests.api.boomstream.helpers import (
    BASE,
    DOC_CLIENT,
    DOC_KEY,
    OPERATIONS,
    call,
    client_code,
    clients,
    create,
    example_url,
    get,
    invite,
    ok,
    parse,
    reference,
)
from tests.conftest import Tenant

FORMATS = ["json", "xml"]
DOC_CONFERENCES = (
    "0c5db8c0-c2ab-4833-bda8-bf5e8d03da35",
    "3e33df55-b6bf-4b59-ad1d-6eb2bea78872",
    "03d71d2d-2f1c-418e-96f5-c92ce2ed430b",
)


def documented_keys(method: str) -> list[str]:
    """The top-level keys of the document's response example, in order (the
    XML examples' child elements)."""
    example = OPERATIONS[method]["response_example"]
    if example["format"] == "xml":
        return [child.tag for child in ElementTree.fromstring(example["text"])]
    keys: list[str] = example["top_level_keys"]
    return keys


def documented_client_keys() -> list[str]:
    text = OPERATIONS["client/list"]["response_example"]["text"]
    return re.findall(r'^"(\w+)": ', text.split("{", 1)[1].split("}", 1)[0], flags=re.MULTILINE)


def in_format(url: str, fmt: str) -> str:
    return url.replace("format=json", f"format={fmt}")


def replacements(tenant: Tenant, code: str, client: str = DOC_CLIENT) -> dict[str, str]:
    return {DOC_KEY: tenant.api_key, **dict.fromkeys(DOC_CONFERENCES, code), DOC_CLIENT: client}


def test_the_reference_has_the_ten_methods() -> None:
    document = reference()
    assert document["operation_count"] == 10
    assert list(OPERATIONS) == [
        "info",
        "list",
        "create",
        "update",
        "invite",
        "client/list",
        "client/info",
        "client/update",
        "client/delete",
        "delete",
    ]


@pytest.mark.parametrize("method", list(OPERATIONS))
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_method_answers_in_the_envelope(http: httpx.Client, method: str, fmt: str) -> None:
    """Routed (not a 404), GET and POST, and a missing key is a Failed envelope."""
    for response in (
        http.get(f"{BASE}/{method}", params={"format": fmt}),
        http.post(f"{BASE}/{method}", data={"format": fmt}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(f"application/{fmt}")
    body = call(http, "", method, fmt)
    assert body == {"Status": "Failed", "Message": "Missing required parameter: apikey"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    url = in_format(example_url("create", {DOC_KEY: alice.api_key}), fmt)
    body = get(http, url)
    assert list(body) == documented_keys("create") == ["Code", "Status"]
    assert body["Status"] == "Success"
    assert str(uuid.UUID(body["Code"])) == body["Code"]
    shown = ok(http, alice, "info", code=body["Code"])
    assert (shown["title"], shown["description"]) == ("Testik", "testovaya")


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_by_post_form(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    body = call(
        http, alice.api_key, "create", fmt, post=True, title="Posted", description="by form"
    )
    assert body["Status"] == "Success"
    shown = ok(http, alice, "info", code=body["Code"])
    assert (shown["title"], shown["description"]) == ("Posted", "by form")


@pytest.mark.parametrize("fmt", FORMATS)
def test_info_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice, "Testik", description="testovaya")
    url = in_format(example_url("info", replacements(alice, code)), fmt)
    body = get(http, url)
    assert list(body) == documented_keys("info")
    assert body["title"] == "Testik"
    assert body["code"] == code
    assert body["description"] == "testovaya"
    assert body["Status"] == "Success"
    assert body["Version"] == "1.0"
    assert body["Versions"] == [
        {"version": v["version"], "description": v["description"]}
        for v in reference()["api"]["versions"]
    ]
    assert body["RequestURI"] == url


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_info_reports_the_version_asked_for(
    http: httpx.Client, alice: Tenant, fmt: str, version: str
) -> None:
    code = create(http, alice)
    assert ok(http, alice, "info", fmt, code=code, ver=version)["Version"] == version


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_as_the_example(http: httpx.Client, fresh_tenant: Tenant, fmt: str) -> None:
    first = create(http, fresh_tenant, "Testik", description="poppi")
    second = create(http, fresh_tenant, "Testik", description="testovaya")
    body = get(http, in_format(example_url("list", {DOC_KEY: fresh_tenant.api_key}), fmt))
    assert list(body) == documented_keys("list")
    assert body["conferences"] == [
        {"title": "Testik", "code": first, "description": "poppi"},
        {"title": "Testik", "code": second, "description": "testovaya"},
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_update_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice, folderCode="a8GESjhK")
    body = get(http, in_format(example_url("update", replacements(alice, code)), fmt))
    assert list(body) == documented_keys("update")
    assert body == {
        "title": "Konfa",
        "code": code,
        "folderCode": "a8GESjhK",
        "description": "vottak",
        "Status": "Success",
    }
    shown = ok(http, alice, "info", code=code)
    assert (shown["title"], shown["description"]) == ("Konfa", "vottak")


def test_update_without_format_answers_xml_as_the_example(
    http: httpx.Client, alice: Tenant
) -> None:
    code = create(http, alice)
    url = example_url("update", replacements(alice, code)).replace("&format=json", "")
    response = http.get(url)
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert [child.tag for child in root] == documented_keys("update")
    assert root.findtext("title") == "Konfa"
    assert root.findtext("Status") == "Success"


@pytest.mark.parametrize("fmt", FORMATS)
def test_update_changes_only_what_is_sent_by_post(
    http: httpx.Client, alice: Tenant, fmt: str
) -> None:
    code = create(http, alice, "Kept", description="old", folderCode="F0LDER01")
    body = call(http, alice.api_key, "update", fmt, post=True, code=code, description="new")
    assert body == {
        "title": "Kept",
        "code": code,
        "folderCode": "F0LDER01",
        "description": "new",
        "Status": "Success",
    }
    body = call(http, alice.api_key, "update", fmt, code=code, folderCode="")
    assert body["folderCode"] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_invite_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    """The example URL as printed, "¬ifyEmail" included."""
    code = create(http, alice, "Invited to")
    url = in_format(example_url("invite", replacements(alice, code)), fmt)
    assert "3600\u00acifyEmail=yes" in url
    body = get(http, url)
    assert list(body) == documented_keys("invite")
    assert body["name"] == "Nik"
    assert body["email"] == "n.kuznetsov@hwdmedia.com"
    assert int(body["codeConference"]) >= 1
    assert body["code"] == code
    assert body["isModerator"] in (True, "true")
    assert body["token"].startswith("eyJ")
    assert body["inviteLink"] == f"https://webinars.example.test/invite?jwt={body['token']}"
    assert body["Status"] == "Success"
    (listed,) = clients(http, alice, code)
    assert (listed["email"], listed["moderator"]) == ("n.kuznetsov@hwdmedia.com", "yes")


def test_invite_code_conference_counts_the_accounts_conferences(
    http: httpx.Client, fresh_tenant: Tenant
) -> None:
    create(http, fresh_tenant)
    code = create(http, fresh_tenant)
    body = invite(http, fresh_tenant, code, "second@example.test")
    assert body["codeConference"] == 2
    assert body["isModerator"] is False


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_list_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice)
    invite(http, alice, code, "n.kuznetsov@hwdmedia.com", name="Nik", moderator="yes")
    invite(http, alice, code, "plain@example.test")
    body = get(http, in_format(example_url("client/list", replacements(alice, code)), fmt))
    assert list(body) == documented_keys("client/list")
    first, second = body["Clients"]
    assert list(first) == documented_client_keys()
    assert first["email"] == "n.kuznetsov@hwdmedia.com"
    assert first["name"] == "Nik"
    assert re.fullmatch(r"[A-Za-z0-9]{8}", first["code"])
    assert first["conferenceCode"] == code
    assert first["moderator"] == "yes"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", first["added"])
    assert first["is_deleted"] == "no"
    assert (second["email"], second["name"], second["moderator"]) == (
        "plain@example.test",
        "",
        "no",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_info_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice)
    invite(http, alice, code, "info@example.test", name="Info Person")
    user = client_code(http, alice, code, "info@example.test")
    body = get(http, in_format(example_url("client/info", replacements(alice, code, user)), fmt))
    assert list(body) == [*documented_client_keys(), "Status"]
    (listed,) = clients(http, alice, code)
    assert body == {**listed, "Status": "Success"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_update_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice)
    invite(http, alice, code, "n.kuznetsov@hwdmedia.com", name="Nik", moderator="yes")
    user = client_code(http, alice, code, "n.kuznetsov@hwdmedia.com")
    body = get(http, in_format(example_url("client/update", replacements(alice, code, user)), fmt))
    assert list(body) == documented_keys("client/update")
    assert body == {
        "message": "Client changed successfully",
        "clientCode": user,
        "Status": "Success",
    }
    shown = ok(http, alice, "client/info", code=user)
    assert (shown["email"], shown["name"], shown["moderator"]) == (
        "tany@hwdmedia.com",
        "Nikita",
        "no",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_client_delete_as_the_example(http: httpx.Client, alice: Tenant, fmt: str) -> None:
    code = create(http, alice)
    invite(http, alice, code, "leaving@example.test")
    user = client_code(http, alice, code, "leaving@example.test")
    body = get(http, in_format(example_url("client/delete", replacements(alice, code, user)), fmt))
    assert list(body) == documented_keys("client/delete")
    assert body == {
        "message": "Client is deleted successfully",
        "clientCode": user,
        "Status": "Success",
    }
    assert ok(http, alice, "client/info", code=user)["is_deleted"] == "yes"
    assert [c["is_deleted"] for c in clients(http, alice, code)] == ["yes"]


def test_delete_as_the_example_answers_xml(http: httpx.Client, alice: Tenant) -> None:
    """The example sends no format and its answer is XML."""
    code = create(http, alice)
    invite(http, alice, code, "guest@example.test")
    url = example_url("delete", replacements(alice, code))
    assert "format=" not in url
    response = http.get(url)
    assert response.headers["content-type"].startswith("application/xml")
    assert list(parse(response)) == documented_keys("delete")
    root = ElementTree.fromstring(response.content)
    assert [child.tag for child in root] == documented_keys("delete")
    assert root.findtext("message") == "Client is deleted successful"
    assert root.findtext("Status") == "Success"
    assert call(http, alice.api_key, "info", code=code) == {
        "Status": "Failed",
        "Message": "Conference not found",
    }


def test_delete_in_json(http: httpx.Client, alice: Tenant) -> None:
    code = create(http, alice)
    body = ok(http, alice, "delete", code=code)
    assert body == {"message": "Client is deleted successful", "Status": "Success"}
    assert code not in [c["code"] for c in ok(http, alice, "list")["conferences"]]


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("info", {}),
        ("list", {}),
        ("create", {"title": "By POST"}),
        ("update", {"title": "Posted title"}),
        ("invite", {"email": "posted@example.test", "name": "Posted"}),
        ("client/list", {}),
        ("delete", {}),
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_conference_methods_by_post_form(
    http: httpx.Client, alice: Tenant, method: str, params: dict[str, Any], fmt: str
) -> None:
    code = create(http, alice)
    if method != "create":
        params = {"code": code, **params}
    body = call(http, alice.api_key, method, fmt, post=True, **params)
    assert body["Status"] == "Success", body


@pytest.mark.parametrize("method", ["client/info", "client/update", "client/delete"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_client_methods_by_post_form(
    http: httpx.Client, alice: Tenant, method: str, fmt: str
) -> None:
    code = create(http, alice)
    invite(http, alice, code, "form@example.test")
    user = client_code(http, alice, code, "form@example.test")
    body = call(http, alice.api_key, method, fmt, post=True, code=user, name="Formed")
    assert body["Status"] == "Success", body
    assert ok(http, alice, "client/info", code=user)["code"] == user


def test_post_reads_parameters_from_the_query_string_too(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        f"{BASE}/create?apikey={alice.api_key}&format=json", data={"title": "Mixed"}
    )
    body = response.json()
    assert body["Status"] == "Success"
    assert ok(http, alice, "info", code=body["Code"])["title"] == "Mixed"
