from __future__ import annotations

from webinarium.kit.errors import Conflict, InvalidInput, NotFound


class PresenterNotFound(NotFound):
    """No such presenter in the caller's account (another account's included)."""

    code = "presenter_not_found"


class PresenterExists(Conflict):
    """The person already presents at the conference."""

    code = "presenter_exists"


class PresenterNamesRequired(InvalidInput):
    """The e-mail names nobody the account knows, and no names were given to
    create the person with."""

    code = "presenter_names_required"
