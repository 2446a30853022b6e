"""Logging in with an e-mail and a password, for an API key.

A login is three steps, so that the slow one holds nothing: the user is read in
a read-only unit, the password is checked on a worker thread outside any unit
(argon2 takes tens of milliseconds; holding SQLite's one writer that long would
stall every write), and the key is issued in a short read-write unit.

Failed logins are throttled (`LoginThrottle`) per client address and per
e-mail, whether or not the e-mail belongs to a user, and an unknown e-mail costs
the time of a password check (`kit.security.password_matches`), so neither the
answer nor its time tells which e-mails have an account.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from webinarium.accounts.errors import AuthenticationFailed
from webinarium.accounts.repository import AccountRepository
from webinarium.accounts.service import IssuedKey, issue_login_key
from webinarium.kit.db import Database
from webinarium.kit.errors import Throttled
from webinarium.kit.security import password_matches
from webinarium.kit.throttle import SlidingWindow

# A person mistyping gets several tries a minute; a script guessing gets 20 a
# minute from one address, and 10 per quarter hour at one e-mail from anywhere.
FAILURES_PER_ADDRESS = (20, 60.0)
FAILURES_PER_EMAIL = (10, 15 * 60.0)


@dataclass
class LoginThrottle:
    """Counts failed logins (`kit.throttle`: in this process only)."""

    by_address: SlidingWindow
    by_email: SlidingWindow

    @classmethod
    def create(cls, clock: Callable[[], float] = time.monotonic) -> LoginThrottle:
        return cls(
            by_address=SlidingWindow(*FAILURES_PER_ADDRESS, clock=clock),
            by_email=SlidingWindow(*FAILURES_PER_EMAIL, clock=clock),
        )

    def check(self, address: str, email: str) -> None:
        waits = [
            wait
            for wait in (self.by_address.retry_after(address), self.by_email.retry_after(email))
            if wait is not None
        ]
        if waits:
            raise Throttled("too many failed logins: try again later", max(waits))

    def failed(self, address: str, email: str) -> None:
        self.by_address.record(address)
        self.by_email.record(email)

    def succeeded(self, email: str) -> None:
        self.by_email.forget(email)


async def user_of_password(
    database: Database, throttle: LoginThrottle, *, email: str, password: str, address: str
) -> str:
    """The id of the user with this e-mail and password, or
    `AuthenticationFailed`, or `Throttled` before any password is checked. Opens
    its own read-only unit and checks the password after it closed; the API's
    login and the console's sign-in (console/auth.py) both go through here."""
    email = email.strip().lower()
    throttle.check(address, email)
    async with database.read() as session:
        user = await AccountRepository(session).get_user_by_email(email)
        user_id, password_hash = (user.id, user.password_hash) if user else (None, None)
    # Checked for an unknown e-mail too (it never matches), for the time it takes.
    matches = await password_matches(password_hash, password)
    if not matches or user_id is None:
        throttle.failed(address, email)
        raise AuthenticationFailed("invalid email or password")
    throttle.succeeded(email)
    return user_id


async def log_in(
    database: Database, throttle: LoginThrottle, *, email: str, password: str, address: str
) -> IssuedKey:
    """A new API key for the user with this e-mail and password
    (`accounts.service.issue_login_key`), or `AuthenticationFailed`, or
    `Throttled` before any password is checked."""
    user_id = await user_of_password(
        database, throttle, email=email, password=password, address=address
    )
    async with database.transaction() as session:
        return await issue_login_key(session, user_id)
