"""Hostile and pathological input (issue 10, items 1, 6 and 8).

A body that is not strict JSON must cost about what a strict one costs, and no
request may hold the event loop: `/healthz` answers while a big body is parsed.
Input that breaks a parser, an encoder or the database (deep nesting, NaN, a
lone surrogate, a key-less tag, a huge search text) is a clear refusal in the
dialect's envelope, never a 500; so are a body over the limit and a form field
over the form parser's limit.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx
import pytest

from tests.api.myownconference.helpers import call as moc_call
from tests.conftest import Tenant
from webinarium.api.params import parse_json_leniently
from webinarium.kit.text import SEARCH_TEXT_MAX_LENGTH
from webinarium.settings import Settings

MEGABYTE = 1024 * 1024


def _big_object(size: int) -> dict[str, Any]:
    """An object of about ``size`` bytes of JSON, of many small items as a
    real list would be (``attendees``: an unknown parameter, ignored)."""
    item = {"email": "someone@example.test", "name": "Some One", "phone": "+1 555 0100"}
    count = size // len(json.dumps(item))
    return {"attendees": [dict(item, n=n) for n in range(count)]}


def _moc_body(key: str, params: dict[str, Any], *, trailing_comma: bool) -> str:
    """A MyOwnConference request sent as a raw JSON body, as the issue sent it."""
    text = json.dumps({"key": key, "action": "profileGet", "params": [], "extra": params})
    # The defect of the issue: one trailing comma, at the very end.
    return text[:-1] + ",}" if trailing_comma else text


# --- Item 1: lenient parsing costs what strict parsing costs -------------------


def test_the_repair_pass_keeps_every_leniency() -> None:
    cases = {
        '{"a": 1, "b": [1, 2,],}': {"a": 1, "b": [1, 2]},
        '{"a": 1, // a comment\n "b": /* another */ 2}': {"a": 1, "b": 2},
        "{“error”: “Not found”}": {"error": "Not found"},
        "{‘a’: ‘b’}": {"a": "b"},
        '{"emails": [\n  "a@example.test",\n  ...\n  "b@example.test",\n],}': {
            "emails": ["a@example.test", "b@example.test"]
        },
        '["a", …, "b"]': ["a", "b"],
        '{"list_type": "block_list", emails": "a@example.test"}': {
            "list_type": "block_list",
            "emails": "a@example.test",
        },
        '{key: "value", other_key: true}': {"key": "value", "other_key": True},
        "{'single': 'it\\'s'}": {"single": "it's"},
        # Nothing in a string is repaired.
        '{"text": "a, ] // not a comment ... ‘x’ key: 1",}': {
            "text": "a, ] // not a comment ... ‘x’ key: 1"
        },
    }
    for text, expected in cases.items():
        assert parse_json_leniently(text) == expected, text


@pytest.mark.parametrize(
    "text", ['{"a": 1}x', '{"a": "unterminated}', "{'a': 1,}}", "[1, 2", '{"a": /* open'], ids=repr
)
def test_what_the_repair_pass_cannot_fix_is_invalid(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_json_leniently(text)


def _seconds(send: Any) -> float:
    started = time.perf_counter()
    send()
    return time.perf_counter() - started


def test_a_lenient_megabyte_costs_a_small_multiple_of_a_strict_one(
    http: httpx.Client, alice: Tenant
) -> None:
    """The issue's request: a big object with one trailing comma, at the end,
    sent to ``POST /`` as a raw body."""
    bulk = _big_object(MEGABYTE)
    strict = _moc_body(alice.api_key, bulk, trailing_comma=False)
    lenient = _moc_body(alice.api_key, bulk, trailing_comma=True)

    def send(text: str) -> None:
        response = http.post("/", content=text)
        assert response.status_code == 200
        assert "error" not in response.json()["response"], response.text[:300]

    send(lenient)  # warm up both paths once
    send(strict)
    # The fastest of interleaved rounds: what a request costs when nothing
    # else on the shared machine got in its way.
    strict_times, lenient_times = [], []
    for _ in range(7):
        strict_times.append(_seconds(lambda: send(strict)))
        lenient_times.append(_seconds(lambda: send(lenient)))
    strict_time, lenient_time = min(strict_times), min(lenient_times)
    assert lenient_time <= 3 * strict_time, (lenient_time, strict_time)


@pytest.mark.parametrize("dialect", ["myownconference", "bigmarker", "boomstream"])
def test_healthz_answers_while_a_lenient_megabyte_is_parsed(
    dialect: str, server_url: str, fresh_tenant: Tenant
) -> None:
    """The body is a megabyte of small objects, each with a trailing comma,
    so repairing it takes several times as long as a strict parse. Parsed on
    the event loop, it would hold a /healthz polled meanwhile for most of the
    request (81 s for 1.5 MB in the issue); parsed in a worker thread, the
    loop waits at most for one step the parser takes in C.

    The bound is 100 ms. On a machine shared with other work the loop can wait
    longer for reasons of its own (measured at load 20 on 2 cores: /healthz
    beside small requests took up to 350 ms), and the requests slow down with
    it: the bound grows to half the median time of a request, and must hold
    in one of five rounds (three did not suffice with two suites running at
    once, load 30). A tenant of its own keeps what the requests do once
    parsed small."""
    tenant = fresh_tenant
    bulk = {"attendees": [{"n": n} for n in range(MEGABYTE // len('{"n": 10000}, '))]}
    if dialect == "myownconference":
        # No key: the key is inside the body, so the body must be parsed first.
        strict = json.dumps({"key": "", "action": "profileGet", **bulk})
        request: dict[str, Any] = {"url": "/"}
    elif dialect == "bigmarker":
        strict = json.dumps({"channel_id": tenant.channel_id, "title": "Big", **bulk})
        request = {"url": "/api/v1/conferences", "headers": tenant.headers}
    else:
        strict = json.dumps({"apikey": tenant.api_key, **bulk})
        request = {"url": "/api/conference/list?format=json"}
    request["content"] = strict.replace("}", ",}")

    for _ in range(5):
        durations, waits = _healthz_waits_while_sent(server_url, request)
        bound = max(0.1, sorted(durations)[1] / 2)
        if max(waits) < bound:
            break
    assert max(waits) < bound, (bound, sorted(waits)[-5:])


def _healthz_waits_while_sent(
    server_url: str, request: dict[str, Any]
) -> tuple[list[float], list[float]]:
    """How long each of three ``request``s sent one after the other took, and
    how long each /healthz polled meanwhile waited for its answer. Both
    clients exist before the clock runs: making one loads certificates, and
    this process's threads share one interpreter lock with the server's."""
    done = threading.Event()
    durations: list[float] = []
    with (
        httpx.Client(base_url=server_url, timeout=60) as sender_client,
        httpx.Client(base_url=server_url, timeout=60) as poller,
    ):

        def send_big_requests() -> None:
            for _ in range(3):
                started = time.perf_counter()
                response = sender_client.post(**request)
                assert response.status_code == 200, response.text[:300]
                durations.append(time.perf_counter() - started)
            done.set()

        sender = threading.Thread(target=send_big_requests)
        sender.start()
        waits = []
        while not done.is_set() and sender.is_alive():
            started = time.perf_counter()
            assert poller.get("/healthz").status_code == 200
            waits.append(time.perf_counter() - started)
        sender.join()
    assert len(durations) == 3, "a request failed: see the sender's exception"
    assert len(waits) >= 3
    return durations, waits


def test_boomstream_checks_a_query_string_key_before_it_parses_the_body(
    http: httpx.Client,
) -> None:
    """A refused key in the query string is answered without parsing the body:
    a body that does not parse at all would otherwise be the answer."""
    response = http.post(
        "/api/conference/list?apikey=not-a-key&format=json", content=b"{not json at all"
    )
    assert response.status_code == 200
    assert response.json() == {"Status": "Failed", "Message": "Invalid apikey"}


# --- Item 6: pathological input ------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


def test_deep_nesting_is_refused_in_each_dialect(http: httpx.Client, alice: Tenant) -> None:
    bigmarker = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=f'{{"channel_id": "{alice.channel_id}", "title": "Deep", "x": {DEEP}}}',
    )
    assert bigmarker.status_code == 400, bigmarker.text[:300]
    assert "nested" in bigmarker.json()["error"]

    moc = moc_call_raw(http, f'{{"key": "{alice.api_key}", "action": "profileGet", "x": {DEEP}}}')
    assert "nested" in moc["response"]["error"]

    boomstream = http.post(
        f"/api/conference/list?apikey={alice.api_key}&format=json",
        content=f'{{"x": {DEEP}}}',
    )
    assert boomstream.status_code == 200
    assert boomstream.json()["Status"] == "Failed"
    assert "nested" in boomstream.json()["Message"]


def test_nesting_just_under_the_parser_limit_is_refused_too(
    http: httpx.Client, alice: Tenant
) -> None:
    """Deep enough for the encoder of the echoed request to fail, shallow enough
    for a parser to accept: the bound is far below either."""
    nested = "[" * 900 + "]" * 900
    moc = moc_call_raw(
        http, f'{{"key": "{alice.api_key}", "action": "profileGet", "params": {nested}}}'
    )
    assert "nested" in moc["response"]["error"]


def moc_call_raw(http: httpx.Client, request: str) -> dict[str, Any]:
    response = http.post("/", data={"request": request})
    assert response.status_code == 200, response.text[:300]
    body: dict[str, Any] = response.json()
    assert set(body) == {"request", "response"}
    return body


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_refused(constant: str, http: httpx.Client, alice: Tenant) -> None:
    moc = moc_call_raw(
        http,
        f'{{"key": "{alice.api_key}", "action": "webinarsCreate", '
        f'"params": {{"name": "NaN", "start": "2031-01-01 10:00:00", "duration": {constant}}}}}',
    )
    assert "not a number JSON allows" in moc["response"]["error"], moc
    body = f'{{"channel_id": "{alice.channel_id}", "title": "x", "duration_minutes": {constant}}}'
    bigmarker = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=body,
    )
    assert bigmarker.status_code == 400, bigmarker.text
    assert "not a number JSON allows" in bigmarker.json()["error"]


def test_a_lone_surrogate_is_answered_not_a_500(http: httpx.Client, alice: Tenant) -> None:
    moc = moc_call_raw(
        http,
        f'{{"key": "{alice.api_key}", "action": "profileSet", "params": {{"name": "A\\ud800B"}}}}',
    )
    # The echo shows the text as it was understood: the lone half replaced.
    assert moc["request"]["params"] == {"name": "A\ufffdB"}
    assert "error" in moc["response"] or "success" in moc["response"]

    bigmarker = http.post(
        "/api/v1/conferences",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=f'{{"channel_id": "{alice.channel_id}", "title": "Half \\udc00 pair"}}'.encode(),
    )
    assert bigmarker.status_code == 200, bigmarker.text
    shown = http.get(f"/api/v1/conferences/{bigmarker.json()['id']}", headers=alice.headers)
    assert shown.json()["title"] == "Half \ufffd pair"


def test_a_tag_without_a_name_is_a_400(http: httpx.Client, alice: Tenant) -> None:
    response = http.post(
        "/api/v1/conferences",
        headers=alice.headers,
        json={"channel_id": alice.channel_id, "title": "Tags", "webinar_tags": [{"": "x"}]},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"].startswith("webinar_tags")
    # The same filter of a list.
    listed = http.get(
        "/api/v1/conferences", headers=alice.headers, params={"webinar_tags": '[{"": "x"}]'}
    )
    assert listed.status_code == 400, listed.text
    assert listed.json()["error"].startswith("webinar_tags")


def test_a_search_text_over_the_bound_is_a_clear_refusal(http: httpx.Client, alice: Tenant) -> None:
    too_long = "x" * 50_000
    search = http.post(
        "/api/v1/conferences/search", headers=alice.headers, json={"title": too_long}
    )
    assert search.status_code == 400, search.text[:300]
    assert search.json()["error"] == (
        f"title: String should have at most {SEARCH_TEXT_MAX_LENGTH} characters"
    )
    listed = http.get("/api/v1/conferences", headers=alice.headers, params={"query": too_long})
    assert listed.status_code == 400, listed.text[:300]
    assert listed.json()["error"].startswith("query: ")

    attendees = moc_call(http, alice.api_key, "attendeesList", {"search": too_long})
    assert attendees["response"] == {
        "error": f"search: String should have at most {SEARCH_TEXT_MAX_LENGTH} characters"
    }

    # At the bound, a search runs (and finds nothing).
    at_bound = "y" * SEARCH_TEXT_MAX_LENGTH
    search = http.post(
        "/api/v1/conferences/search", headers=alice.headers, json={"title": at_bound}
    )
    assert search.status_code == 200, search.text[:300]
    assert search.json()["conferences"] == []


# --- Item 8: body limits in the dialect's envelope -------------------------------


def test_a_body_over_the_limit_is_answered_in_each_dialects_envelope(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    too_big = b"x" * (settings.max_body_bytes + 1)

    bigmarker = http.post("/api/v1/conferences", headers=alice.headers, content=too_big)
    assert bigmarker.status_code == 413
    assert bigmarker.json() == {"error": "the request body is over the limit of 10 MiB"}

    for path in ("/", "/api/myownconference"):
        moc = http.post(path, content=too_big)
        assert moc.status_code == 200
        assert moc.json() == {
            "request": {"action": None, "params": None},
            "response": {"error": "the request body is over the limit of 10 MiB"},
        }

    boomstream = http.post("/api/conference/list?format=json", content=too_big)
    assert boomstream.status_code == 200
    assert boomstream.json() == {
        "Status": "Failed",
        "Message": "the request body is over the limit of 10 MiB",
    }


def test_a_streamed_body_over_the_limit_is_answered_in_the_envelope(
    http: httpx.Client, settings: Settings, alice: Tenant
) -> None:
    """Without a Content-Length the limit is found while the body is read."""

    def chunks() -> Any:
        chunk = b"x" * MEGABYTE
        for _ in range(settings.max_body_bytes // MEGABYTE + 1):
            yield chunk

    bigmarker = http.post("/api/v1/conferences", headers=alice.headers, content=chunks())
    assert bigmarker.request.headers.get("transfer-encoding") == "chunked"
    assert bigmarker.status_code == 413
    assert bigmarker.json() == {"error": "the request body is over the limit of 10 MiB"}

    moc = http.post("/", content=chunks())
    assert moc.status_code == 200
    assert moc.json()["response"] == {"error": "the request body is over the limit of 10 MiB"}


def test_a_form_field_over_the_form_limit_is_answered_in_the_envelope(
    http: httpx.Client, alice: Tenant
) -> None:
    field = "x" * (MEGABYTE + 1)
    message = "a form field is over the limit of 1 MiB; send a big value in a JSON body"

    moc = http.post("/", data={"request": field})
    assert moc.status_code == 200
    assert moc.json()["response"] == {"error": message}
    multipart = http.post("/", files={"request": (None, field)})
    assert multipart.json()["response"] == {"error": message}

    bigmarker = http.post(
        "/api/v1/conferences", headers=alice.headers, files={"title": (None, field)}
    )
    assert bigmarker.status_code == 413
    assert bigmarker.json() == {"error": message}

    boomstream = http.post("/api/conference/list?format=json", files={"apikey": (None, field)})
    assert boomstream.json() == {"Status": "Failed", "Message": message}


@pytest.mark.parametrize("path", ["/", "/api/myownconference"])
def test_an_empty_multipart_form_is_answered_in_the_envelope(http: httpx.Client, path: str) -> None:
    """Found by schemathesis: a multipart form without the ``request`` field made
    the transport read the body a second time (500 "Stream consumed")."""
    boundary = "c637e12e2b1a998d80d1b087531af51c"
    response = http.post(
        path,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        content=f"--{boundary}--\r\n".encode(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["response"] == {
        "error": 'send the request as a POST form field named "request"'
    }
