"""Text helpers shared by the domains."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import Field

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# What XML 1.0 cannot carry, even escaped: the C0 controls but tab, line feed and
# carriage return, the non-characters U+FFFE and U+FFFF, and surrogates (a
# Python string holds one only alone, never as half of a pair).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,98}[a-z0-9])?$")


def slugify(text: str, fallback: str = "webinar") -> str:
    """Lower-case ASCII words joined by dashes: "Lead Generation 101" → "lead-generation-101"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:80].strip("-")
    return slug or fallback


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry: an XML answer stays
    well-formed whatever a stored title holds (JSON answers show it as stored)."""
    return _NOT_IN_XML.sub("", text)


# The longest text a search is given (a title, a name or an e-mail "contains"
# it): no field a search reads is longer (e-mail 320 characters, titles 200),
# so a longer text could match nothing, and SQLite refuses LIKE patterns over
# 50,000 bytes.
SEARCH_TEXT_MAX_LENGTH = 320
SearchText = Annotated[str, Field(max_length=SEARCH_TEXT_MAX_LENGTH)]
