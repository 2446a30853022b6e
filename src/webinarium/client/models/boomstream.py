"""Boomstream's conference API answers (docs/boomstream.md): the document's
field names, every field optional (the document shows some answers only in
part) but the code ``create`` answers, the envelope's ``Status`` on each answer.

Its inconsistencies are absorbed here: ``create`` answers ``Code`` (capital
C) where every other answer says ``code`` — read as ``code``; a client's
``moderator`` and ``is_deleted`` are "yes"/"no" where ``invite`` answers
``isModerator`` true/false — all read as booleans; ``added`` is
"YYYY-MM-DD HH:MM:SS" — read as a datetime. Whether an answer came as JSON or
XML makes no difference (the client reads both into these models).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AliasChoices, Field

from webinarium.client.models._base import Model


class Answer(Model):
    # "Success" (a "Failed" answer is raised as an exception instead).
    Status: str | None = None


class ApiVersion(Model):
    """One of ``info``'s ``Versions``."""

    version: str | None = None
    description: str | None = None


class Conference(Answer):
    """A conference: ``list``'s items, ``info`` and ``update`` (which also
    answers ``folderCode``)."""

    title: str | None = None
    # The conference's code (a UUID).
    code: str | None = None
    description: str | None = None
    folderCode: str | None = None
    # ``info`` only: the API version that answered, those there are, and the
    # request's path and query (its ``apikey`` too).
    Version: str | None = None
    Versions: list[ApiVersion] | None = None
    RequestURI: str | None = None


class ConferenceCreated(Answer):
    """``create``: the new conference's code (the document's ``Code``;
    required: an answer without it created nothing the caller can name)."""

    code: str = Field(validation_alias=AliasChoices("code", "Code"))


class Invitation(Answer):
    """``invite``: the person invited and their link."""

    name: str | None = None
    email: str | None = None
    # The conference's number (the document's 198), and its code.
    codeConference: int | None = None
    code: str | None = None
    isModerator: bool | None = None
    token: str | None = None
    inviteLink: str | None = None


class Client(Answer):
    """A person invited to a conference: ``client/list``'s items and ``client/info``."""

    email: str | None = None
    name: str | None = None
    # The client's own code (8 characters), and their conference's.
    code: str | None = None
    conferenceCode: str | None = None
    moderator: bool | None = None
    added: datetime | None = None
    is_deleted: bool | None = None


class Result(Answer):
    """``delete``, ``client/update``, ``client/delete``: a message (and the client's code)."""

    message: str | None = None
    clientCode: str | None = None
