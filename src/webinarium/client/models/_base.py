"""What every answer model shares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """An answer: the documented fields typed, anything more kept as extra
    (``model_extra``); pydantic's lax mode reads numbers sent as strings, and
    an id sent as a number is read into a ``str`` field."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)
