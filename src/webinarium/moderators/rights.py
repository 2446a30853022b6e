"""Who has moderator rights at a conference: one rule for every dialect and the room.

A person moderates a conference when they are the account's own address (the
primary moderator, who moderates every conference) or present at it with
``is_moderator`` — whichever dialect gave the right: BigMarker's presenter
``is_moderator``, MyOwnConference's moderatorsAddToWebinar, Boomstream's invite
``moderator=yes``. Moderator rights at a conference make the person a moderator
of the account too (MyOwnConference's moderator list; the presenters service
sees to it), so each dialect finds them where it looks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from webinarium.models import Account, Person
from webinarium.presenters.schemas import PresenterDetails


def is_primary(account: Account, person: Person) -> bool:
    """Whether the person is the account's own address, the primary moderator."""
    return person.email == account.email.strip().lower()


@dataclass(frozen=True)
class ConferenceModerators:
    """The people with moderator rights at one conference: ``person in moderators``."""

    account: Account
    # Presenters of the conference with is_moderator (the primary need not present).
    presenter_ids: frozenset[str]

    @classmethod
    def of(cls, account: Account, presenters: Iterable[PresenterDetails]) -> ConferenceModerators:
        return cls(account, frozenset(p.person.id for p in presenters if p.presenter.is_moderator))

    def __contains__(self, person: object) -> bool:
        return isinstance(person, Person) and (
            person.id in self.presenter_ids or is_primary(self.account, person)
        )
