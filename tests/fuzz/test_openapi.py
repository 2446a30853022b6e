"""Schemathesis over the application's own OpenAPI document (issue 10):
every route the application declares, called with what the schema allows and
the key of a real account, must never answer a server error.

The dialects read their parameters leniently from the raw request (see
api/params.py), so the schema declares few of them: this test covers the
routes as FastAPI sees them (including /healthz, the invite page and the file
route), and tests/fuzz/test_dialects.py covers the documents' parameters.

The schema is read from an application built here (the routes do not depend
on settings) and the calls go to the test server: schemathesis' lazy loader
(`from_fixture`) does not run under pytest 9.
"""

from __future__ import annotations

import warnings

import schemathesis
from schemathesis.checks import not_a_server_error

from tests.fuzz.conftest import Accounts, bounded
from webinarium.app import create_app
from webinarium.settings import Settings

with warnings.catch_warnings():
    # Routes that take GET and POST share one operation id (reported, harmless here).
    warnings.simplefilter("ignore", UserWarning)
    OPENAPI = create_app(Settings(environment="development")).openapi()

# /readyz answers 503 by design when this process may not serve (tests/ops/test_health.py
# tells each case); the shared test server runs no worker, so its answer is 503.
schema = schemathesis.openapi.from_dict(OPENAPI).exclude(path="/readyz")


@schema.parametrize()
@bounded(5)
def test_no_route_answers_a_server_error(
    case: schemathesis.Case, server_url: str, fuzz_accounts: Accounts
) -> None:
    case.call_and_validate(
        base_url=server_url,
        headers=fuzz_accounts.current().headers,
        checks=[not_a_server_error],
    )
