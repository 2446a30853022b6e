"""How Boomstream's calls are shaped and its answers read (the parts of
`_async/boomstream.py` that need no asyncio, and the refusal reader of
`_dialects.py`): the query, and one reader for its JSON and XML answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from webinarium.client._exceptions import APIError

if TYPE_CHECKING:
    from webinarium.client._base import Params

# The XML elements that hold a list (one child element per item).
XML_LISTS = frozenset({"conferences", "Clients", "Versions"})


def boomstream_params(params: Params | None) -> dict[str, Any]:
    """JSON answers unless the caller asks for XML (then the answer is its text)."""
    return {"format": "json", **(params or {})}


def xml_value(element: ElementTree.Element) -> Any:
    if element.tag in XML_LISTS:
        return [xml_value(child) for child in element]
    if len(element) == 0:
        return element.text or ""
    return {child.tag: xml_value(child) for child in element}


def fields_of(answer: Any) -> dict[str, Any]:
    """An answer's fields, whether it came as JSON (a dict) or as XML text
    (``<Response><Status>Success</Status>…</Response>``); else `APIError`."""
    if isinstance(answer, str) and answer.lstrip().startswith("<"):
        try:
            answer = xml_value(ElementTree.fromstring(answer.strip()))
        except ElementTree.ParseError as error:
            raise APIError(f"the answer is not Boomstream's XML: {error}") from error
    if not isinstance(answer, dict):
        raise APIError(f"the answer is not Boomstream's JSON or XML: {str(answer)[:200]!r}")
    return answer


def yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")
