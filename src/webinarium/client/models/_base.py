"""What every answer model shares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """An answer: the documented fields typed, anything more kept as extra
    (``model_extra``), numbers sent as strings read as numbers."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
