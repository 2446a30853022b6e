"""Every action of the dialect, by wire name (aliases and any letter case too)."""

from __future__ import annotations

from webinarium.api.myownconference import (
    automation,
    moderators,
    participants,
    profile,
    webinars,
)
from webinarium.api.myownconference.actions import Action

# The document's sections, each with its actions (the tags of /openapi.json).
SECTIONS: dict[str, list[Action]] = {
    "User profile": profile.ACTIONS,
    "Webinar moderators": moderators.ACTIONS,
    "Webinar participants": participants.ACTIONS,
    "Webinars": webinars.ACTIONS,
    "Automated webinars": automation.ACTIONS,
}
ACTIONS: list[Action] = [action for actions in SECTIONS.values() for action in actions]
TABLE: dict[str, Action] = {action.name: action for action in ACTIONS}
_BY_LOWER_NAME: dict[str, Action] = {
    name.lower(): action for action in ACTIONS for name in (action.name, *action.aliases)
}


def find(name: str) -> Action | None:
    """The action called ``name`` as the document spells it, by an alias, or in
    another letter case (the document writes attendeesUnAssignFromGroup too)."""
    return TABLE.get(name) or _BY_LOWER_NAME.get(name.strip().lower())
