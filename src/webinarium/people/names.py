"""People's names, written once for every dialect and domain.

A person is stored with a first and a last name. Dialects that take one "first
and last name" field (MyOwnConference's ``name``/``newName``, Boomstream's
``name``) split it with `split_full_name`, and every place that shows one name
joins the two with `full_name`, so a name sent in one field reads back the same
in every dialect.

The rule: the last word is the last name, the words before it are the first
name ("Ada King Lovelace" → "Ada King" + "Lovelace"; "Mary Ann Smith" → "Mary
Ann" + "Smith"); a single word is a first name. That keeps middle names with the
first name, as the MyOwnConference document's "first and last name" reads.

`FORBIDDEN_NAME_CHARACTERS` are the characters the MyOwnConference document
forbids in names (of moderators, participants, virtual participants and the
profile) and in the participants' text details; `refuse_forbidden_characters`
is that check, for the dialect's validators. BigMarker and Boomstream document
no such rule, so names sent through them are kept as sent.
"""

from __future__ import annotations

from typing import Protocol

# The longest first or last name (the columns of `models.Person`).
NAME_MAX = 100
FORBIDDEN_NAME_CHARACTERS = "^~!@#$%&*()+=[{}]\\|:;,<>/?."


class Named(Protocol):
    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str: ...


def split_full_name(text: str) -> tuple[str, str]:
    """(first name, last name) of a full name; spaces are collapsed."""
    first, _, last = " ".join(text.split()).rpartition(" ")
    return (first, last) if first else (last, "")


def full_name(person: Named) -> str:
    """First and last name as one, "" when the person has neither."""
    return " ".join(part for part in (person.first_name, person.last_name) if part)


def refuse_forbidden_characters(value: str) -> str:
    """``value`` unchanged; a ValueError naming the characters when it has one."""
    if set(FORBIDDEN_NAME_CHARACTERS) & set(value):
        raise ValueError(f"must not contain any of {FORBIDDEN_NAME_CHARACTERS}")
    return value
