"""Every ORM model, one table per module, imported here so the metadata is complete."""

from webinarium.models.access_list_entry import AccessListEntry
from webinarium.models.account import Account
from webinarium.models.api_key import ApiKey
from webinarium.models.base import Base
from webinarium.models.channel import Channel
from webinarium.models.conference import Conference
from webinarium.models.conference_file import ConferenceFile
from webinarium.models.conference_tag import ConferenceTag
from webinarium.models.custom_field import CustomField
from webinarium.models.handout import Handout
from webinarium.models.person import Person
from webinarium.models.registration import Registration
from webinarium.models.user import User

__all__ = [
    "AccessListEntry",
    "Account",
    "ApiKey",
    "Base",
    "Channel",
    "Conference",
    "ConferenceFile",
    "ConferenceTag",
    "CustomField",
    "Handout",
    "Person",
    "Registration",
    "User",
]
