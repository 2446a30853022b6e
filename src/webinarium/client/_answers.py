"""What every API's typed methods share, outside ``_async/`` (so that it
exists once, not also in the generated ``_sync/``): reading an answer into its
model (`parse`, `reader`) and a body without what the caller left out
(`compact`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import ValidationError

from webinarium.client._exceptions import APIError
from webinarium.client.models._base import Model

M = TypeVar("M", bound=Model)
T = TypeVar("T")


class NotGiven:
    """Default of a field where None means something (a PATCH's null)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def parse(model: type[M], answer: Any, context: str | None = None) -> M:
    """``answer`` read as ``model``; an answer of another shape (a "success"
    answer that is not the model) is an `APIError` from pydantic's error.
    ``context`` (MyOwnConference's action) prefixes the message."""
    try:
        return model.model_validate(answer)
    except ValidationError as error:
        name = model.__name__
        if isinstance(answer, Mapping):
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            detail = f"{where + ': ' if where else ''}{first['msg']}"
        else:
            detail = f"{kind_of(answer)} where {name} was expected"
        prefix = f"{context}: " if context else ""
        raise APIError(f"{prefix}the answer is not a {name}: {detail}") from error


def reader(model: type[M]) -> Callable[[Any], M]:
    """`parse` for one model: what reads each item of a list."""
    return lambda item: parse(model, item)


def compact(values: Mapping[str, Any] | None = None, /, **fields: Any) -> dict[str, Any]:
    """A body (or query) without what the caller left out: the ``values``
    and ``fields`` that are not None (nor `NOT_GIVEN`)."""
    given = {**(values or {}), **fields}
    return {
        name: value for name, value in given.items() if value is not None and value is not NOT_GIVEN
    }


def kind_of(answer: Any) -> str:
    """What an answer is, for a message."""
    if answer is None:
        return "nothing"
    if isinstance(answer, str):
        return f"text ({answer[:60]!r})"
    return f"a {type(answer).__name__}"
