"""The one rule for answers to a webinar's registration questions (custom
fields) typed by a person: the public registration and on-demand pages
(`access.joining`), the console's "Add a registrant" and its CSV import
(`registrations.adding`). Every question's answer is checked against its type,
required ones present. Each problem is said per question (a stable code and an
English sentence), so a form shows it next to its field, in its language.

The APIs store answers as sent: BigMarker's register documents ``custom_fields``
as optional and no refusal for an answer (docs/public-pages.md, "One rule for
answers").

- text, textarea: any text (kept as typed, trimmed), at most 2,000 characters;
- number: a finite number ("12", "-3.5"; a comma as the decimal mark is taken);
- date: ``YYYY-MM-DD``;
- dropdown, radio: one of the question's options (when it has options; the
  letter case need not match, the option is kept as written);
- checkbox: ticked (yes, true, 1, on, x) or not (no, false, 0, off, blank);
  a required checkbox must be ticked. A ticked box is answered ``yes``.

Answers come back keyed by the question's ``api_name`` (the registrations
service stores them by the question's id); an unticked box or a blank answer
is left out.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from webinarium.access.errors import FieldProblem
from webinarium.models import CustomField, Registration

_TICKED = frozenset({"yes", "true", "1", "on", "x", "y"})
_UNTICKED = frozenset({"", "no", "false", "0", "off", "n"})
# A typed answer is short text: longer is a paste gone wrong.
MAX_ANSWER_LENGTH = 2000


@dataclass(frozen=True)
class CheckedAnswers:
    # By api_name: what to store.
    answers: dict[str, str]
    # By api_name: why the answer to that question is refused.
    problems: dict[str, FieldProblem]

    @property
    def errors(self) -> dict[str, str]:
        """By api_name: the refusals' sentences."""
        return {name: problem.message for name, problem in self.problems.items()}


def _finite_number(value: str) -> bool:
    try:
        return math.isfinite(float(value.replace(",", ".")))
    except ValueError:
        return False


def _checked(custom: CustomField, value: str) -> tuple[str | None, FieldProblem | None]:
    """(the answer to keep or None, the problem or None)."""
    kind = custom.field_type
    if kind == "checkbox":
        word = value.lower()
        if word in _TICKED:
            return "yes", None
        if word in _UNTICKED:
            return None, FieldProblem("required", "tick this box") if custom.required else None
        return None, FieldProblem("yes_no", "answer yes or no")
    if not value:
        return None, FieldProblem(
            "required", "this answer is required"
        ) if custom.required else None
    if len(value) > MAX_ANSWER_LENGTH:
        return None, FieldProblem("too_long", f"at most {MAX_ANSWER_LENGTH} characters")
    if kind == "number" and not _finite_number(value):
        return None, FieldProblem("number", "write a number, like 42 or 3.5")
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return None, FieldProblem("date", "write a date as YYYY-MM-DD")
    elif kind in ("dropdown", "radio") and custom.options:
        chosen = [o for o in custom.options if o.strip().lower() == value.lower()]
        if not chosen:
            return None, FieldProblem("choice", "choose one of: " + ", ".join(custom.options))
        return chosen[0], None
    return value, None


def check_answers(fields: Sequence[CustomField], given: Mapping[str, str]) -> CheckedAnswers:
    """The answers to ``fields`` in ``given`` (keyed by api_name), checked."""
    answers: dict[str, str] = {}
    problems: dict[str, FieldProblem] = {}
    for custom in fields:
        kept, problem = _checked(custom, (given.get(custom.api_name) or "").strip())
        if problem is not None:
            problems[custom.api_name] = problem
        elif kept is not None:
            answers[custom.api_name] = kept
    return CheckedAnswers(answers, problems)


def stored_answer(registration: Registration, custom: CustomField) -> str:
    """The registrant's answer to the question as stored (by the question's id,
    or by its api name when a client sent one the conference did not know
    then), as text; "" when unanswered."""
    value = registration.answers.get(custom.id, registration.answers.get(custom.api_name))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
