"""The links a mail carries that come back to us: the open pixel, each tracked
click and the unsubscribe link. Signed links (`kit.signed_links`) naming the
account and the mail (and, for a click, the target), so nothing is stored for
them and a changed target is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from webinarium.kit.signed_links import LinkRefused, read_link, sign_link

OPEN = "mail-open"
CLICK = "mail-click"
UNSUBSCRIBE = "mail-unsubscribe"
# A mail is read, and its links followed, long after it is sent; an
# unsubscribe link must keep working as long as anyone keeps the mail.
LIFETIME = timedelta(days=3650)
PATH = "/mail"


@dataclass(frozen=True)
class LinkedMail:
    account_id: str
    mail_id: str
    # A click's target.
    target: str = ""


def _token(secret_key: str, purpose: str, account_id: str, mail_id: str, **more: str) -> str:
    claims = {"account": account_id, "mail": mail_id, **more}
    return sign_link(secret_key, purpose, claims, lifetime=LIFETIME)


def open_pixel_url(base_url: str, secret_key: str, account_id: str, mail_id: str) -> str:
    return f"{base_url}{PATH}/open/{_token(secret_key, OPEN, account_id, mail_id)}.gif"


def click_url(base_url: str, secret_key: str, account_id: str, mail_id: str, target: str) -> str:
    token = _token(secret_key, CLICK, account_id, mail_id, target=target)
    return f"{base_url}{PATH}/click/{token}"


def unsubscribe_url(base_url: str, secret_key: str, account_id: str, mail_id: str) -> str:
    return f"{base_url}{PATH}/unsubscribe/{_token(secret_key, UNSUBSCRIBE, account_id, mail_id)}"


def read_mail_link(secret_key: str, purpose: str, token: str) -> LinkedMail:
    """What a link names, or `LinkRefused`."""
    claims = read_link(secret_key, purpose, token)
    account_id, mail_id = claims.get("account"), claims.get("mail")
    target = claims.get("target", "")
    if not isinstance(account_id, str) or not isinstance(mail_id, str):
        raise LinkRefused("this link is not valid")
    if purpose == CLICK and not (
        isinstance(target, str) and target.startswith(("https://", "http://"))
    ):
        raise LinkRefused("this link is not valid")
    return LinkedMail(account_id, mail_id, target if isinstance(target, str) else "")
