from __future__ import annotations

from webinarium.kit.errors import NotFound


class MailNotFound(NotFound):
    code = "mail_not_found"
