"""Dialect-neutral inputs about people."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from webinarium.people.names import NAME_MAX


class PersonDetails(BaseModel):
    """Changes to a person's details. A field left out is left unchanged; an
    empty string clears a text field, ``born=None`` given explicitly clears the
    date of birth."""

    email: str | None = None
    first_name: str | None = Field(default=None, max_length=NAME_MAX)
    last_name: str | None = Field(default=None, max_length=NAME_MAX)
    phone: str | None = Field(default=None, max_length=32)
    skype: str | None = Field(default=None, max_length=64)
    company: str | None = Field(default=None, max_length=255)
    department: str | None = Field(default=None, max_length=255)
    city: str | None = Field(default=None, max_length=255)
    born: date | None = None
