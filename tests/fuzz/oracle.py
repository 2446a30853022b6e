"""What every answer must be, whatever was asked: never a 5xx, always the
envelope of the dialect that was called, well-formed JSON or XML.

- BigMarker: JSON, an object or a list; an error (4xx) is an object with a
  text ``error``.
- MyOwnConference: HTTP 200, a JSON object of exactly ``request`` (the action
  and params echoed, never the key) and ``response`` (the document's shape, an
  object or a list; an error is exactly ``{"error": <text>}``).
- Boomstream: JSON or XML (``<Response>``), with ``Status`` ``Success`` or
  ``Failed`` (and a text ``Message`` when failed); XML that xml.etree reads.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

import httpx

from tests.fuzz.transport import describe


class WrongAnswer(AssertionError):
    pass


def _fail(problem: str, response: httpx.Response) -> WrongAnswer:
    text = response.text
    shown = text[:2000] + (f" … ({len(text)} characters)" if len(text) > 2000 else "")
    return WrongAnswer(
        f"{problem}\nrequest: {describe(response.request)}\n"
        f"answer: HTTP {response.status_code} {response.headers.get('content-type')}\n{shown}"
    )


def _json(response: httpx.Response) -> Any:
    if not response.headers.get("content-type", "").startswith("application/json"):
        raise _fail("the answer is not JSON", response)
    try:
        return json.loads(response.content)
    except ValueError as error:
        raise _fail(f"the answer is not valid JSON ({error})", response) from None


def _not_server_error(response: httpx.Response) -> None:
    if response.status_code >= 500:
        raise _fail(f"server error {response.status_code}", response)


def bigmarker(response: httpx.Response) -> Any:
    """The body of a BigMarker answer in its envelope."""
    _not_server_error(response)
    body = _json(response)
    if not isinstance(body, dict | list):
        raise _fail("a BigMarker answer is an object or a list", response)
    if response.status_code >= 400 and not (
        isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]
    ):
        raise _fail('a BigMarker error is {"error": <message>}', response)
    return body


def myownconference(response: httpx.Response) -> Any:
    """The ``response`` of a MyOwnConference answer in its envelope."""
    _not_server_error(response)
    if response.status_code != 200:
        raise _fail("MyOwnConference answers HTTP 200, errors included", response)
    body = _json(response)
    if not isinstance(body, dict) or set(body) != {"request", "response"}:
        raise _fail('a MyOwnConference answer is {"request": …, "response": …}', response)
    if not isinstance(body["request"], dict) or set(body["request"]) != {"action", "params"}:
        raise _fail('the echoed request is {"action", "params"}, never the key', response)
    answer = body["response"]
    if not isinstance(answer, dict | list):
        raise _fail("the response is an object or a list", response)
    if (
        isinstance(answer, dict)
        and "error" in answer
        and not (set(answer) == {"error"} and isinstance(answer["error"], str) and answer["error"])
    ):
        raise _fail('an error is {"error": <message>}', response)
    return answer


def _xml(response: httpx.Response) -> dict[str, Any]:
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError as error:
        line, column = error.position
        where = response.text.splitlines()[line - 1][max(0, column - 60) : column + 20]
        raise _fail(f"the answer is not well-formed XML ({error}): …{where!r}…", response) from None
    if root.tag != "Response":
        raise _fail("an XML answer is <Response>…</Response>", response)
    return {child.tag: child.text or "" for child in root}


def boomstream(response: httpx.Response, *, json_asked: bool) -> dict[str, Any]:
    """The top level of a Boomstream answer (XML leaves as text)."""
    _not_server_error(response)
    content_type = response.headers.get("content-type", "")
    if content_type.startswith("application/xml"):
        if json_asked:
            raise _fail("format=json was asked, the answer is XML", response)
        body = _xml(response)
    else:
        body = _json(response)
        if not isinstance(body, dict):
            raise _fail("a Boomstream answer is an object", response)
    if body.get("Status") not in ("Success", "Failed"):
        raise _fail("a Boomstream answer has Status Success or Failed", response)
    if body["Status"] == "Failed" and not (
        isinstance(body.get("Message"), str) and body["Message"]
    ):
        raise _fail("a failed Boomstream answer says why (Message)", response)
    return body


def succeeded(dialect: str, body: Any, response: httpx.Response) -> None:
    """For calls that must work (the listings after fuzzing)."""
    failed = (
        response.status_code != 200
        or (dialect == "myownconference" and isinstance(body, dict) and "error" in body)
        or (dialect == "boomstream" and body.get("Status") != "Success")
    )
    if failed:
        raise _fail("this call must succeed", response)
