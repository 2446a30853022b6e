# Written by tools/unasync_sdk.py from _async/myownconference.py: change that file, then `make sdk`.
"""`MyOwnConference`: the MyOwnConference action API
(docs/myownconference.md), the key inside each call's JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webinarium.client._base import SyncClient
from webinarium.client._dialects import MYOWNCONFERENCE
from webinarium.client._shapes import myownconference_form, myownconference_response


class MyOwnConference(SyncClient):
    """MyOwnConference: ``MyOwnConference(api_key=…, base_url=…)``. Calls
    are POSTs, so they are retried only with ``idempotent=True`` (the actions
    that only read)."""

    dialect = MYOWNCONFERENCE

    def request(
        self,
        action: str,
        params: Mapping[str, Any] | list[Any] | None = None,
        *,
        idempotent: bool | None = None,
    ) -> Any:
        """Any action (``"webinarsList"``): the answer's ``response``."""
        form = myownconference_form(self.api_key, action, params)
        answer = self._send("POST", "", data=form, idempotent=idempotent)
        return myownconference_response(answer)
