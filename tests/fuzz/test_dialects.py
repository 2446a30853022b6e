"""Fuzz: every operation of the three documents, called with valid-looking and
hostile parameters, sent every way a client might (issue 10).

Each answer must be in the envelope of the dialect (tests/fuzz/oracle.py):
no 5xx, no framework default body, well-formed JSON and XML. Per operation:

1. every parameter once with the worst values of its kind, the others valid
   (deterministic: what the issue found is found on every run);
2. Hypothesis: requests drawn from the documented parameters, mostly valid
   with a few hostile values, in every encoding, with and without a valid key
   (bounded and derandomized: CI sends the same requests every run; a failure
   is shrunk to a small request and printed);
3. the account's listings in all three dialects still work.

All failures of an operation are reported together, each with its request.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Tenant
from tests.fuzz import cases, inventory, oracle
from tests.fuzz.conftest import Accounts, bounded, check_listings
from tests.fuzz.seeds import Seeder
from tests.fuzz.transport import send

# Hypothesis requests per operation: about 500 per dialect in all.
BIGMARKER_EXAMPLES = 6
MYOWNCONFERENCE_EXAMPLES = 10
BOOMSTREAM_EXAMPLES = 50


class Failures:
    """Collects the failures of one operation's three parts, then fails once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def run(self, part: Callable[[], object]) -> None:
        try:
            part()
        except Exception as error:  # also Hypothesis' own (a flaky failure)
            notes = getattr(error, "__notes__", [])
            text = str(error) if isinstance(error, AssertionError) else repr(error)
            self.messages.append("\n".join([text, *notes]))

    def check(self) -> None:
        if self.messages:
            pytest.fail("\n\n".join(self.messages), pytrace=False)


@pytest.mark.parametrize("operation", inventory.bigmarker(), ids=str)
def test_bigmarker(
    operation: inventory.Operation,
    fuzz_http: httpx.Client,
    fuzz_tenant: Tenant,
    fuzz_accounts: Accounts,
) -> None:
    http = fuzz_http
    known = Seeder(http, fuzz_tenant).seed("bigmarker", [p.name for p in operation.params])
    key = fuzz_tenant.api_key

    @bounded(BIGMARKER_EXAMPLES)
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        oracle.bigmarker(send(http, data.draw(cases.bigmarker(operation, known, key))))

    failures = Failures()
    for request in cases.worst_bigmarker(operation, known, key):
        failures.run(lambda request=request: oracle.bigmarker(send(http, request)))
    failures.run(fuzz)
    failures.run(lambda: check_listings(http, fuzz_accounts))
    failures.check()


@pytest.mark.parametrize("operation", inventory.myownconference(), ids=str)
def test_myownconference(
    operation: inventory.Operation,
    fuzz_http: httpx.Client,
    fuzz_tenant: Tenant,
    fuzz_accounts: Accounts,
) -> None:
    names = [p.name for p in operation.params] + (["email"] if operation.list_item else [])
    http = fuzz_http
    known = Seeder(http, fuzz_tenant).seed("myownconference", names)
    key = fuzz_tenant.api_key

    @bounded(MYOWNCONFERENCE_EXAMPLES)
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        oracle.myownconference(send(http, data.draw(cases.myownconference(operation, known, key))))

    failures = Failures()
    for request in cases.worst_myownconference(operation, known, key):
        failures.run(lambda request=request: oracle.myownconference(send(http, request)))
    failures.run(fuzz)
    failures.run(lambda: check_listings(http, fuzz_accounts))
    failures.check()


@pytest.mark.parametrize("operation", inventory.boomstream(), ids=str)
def test_boomstream(
    operation: inventory.Operation,
    fuzz_http: httpx.Client,
    fuzz_tenant: Tenant,
    fuzz_accounts: Accounts,
) -> None:
    http = fuzz_http
    known = Seeder(http, fuzz_tenant).seed("boomstream", [p.name for p in operation.params])
    key = fuzz_tenant.api_key

    @bounded(BOOMSTREAM_EXAMPLES)
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        request, json_asked = data.draw(cases.boomstream(operation, known, key))
        oracle.boomstream(send(http, request), json_asked=json_asked)

    failures = Failures()
    for request in cases.worst_boomstream(operation, known, key):
        failures.run(
            lambda request=request: oracle.boomstream(send(http, request), json_asked=False)
        )
    failures.run(fuzz)
    failures.run(lambda: check_listings(http, fuzz_accounts))
    failures.check()
