"""Registering people from a CSV file the organiser uploads (the console's
import).

The file: UTF-8 (a byte-order mark is fine), fields separated by ``,`` or ``;``
(whichever the header row has more of), a header row naming the columns in
any letter case: ``email`` (required; ``e-mail`` too), ``first_name`` and
``last_name`` (``first name``…), and the webinar's questions by their api name
or their text. Other columns are ignored and named in the result. At most
`MAX_IMPORT_BYTES` and `MAX_IMPORT_ROWS` rows: a bigger file is refused whole.

Each row is checked before anything is written — the e-mail, the names, the
answers (`registrations.answers`, the rule of every form), the block and allow
lists, a second row for one address, someone registered already — and a row
that fails is listed with its line number and the reason. The rows that pass
are registered as the API registers (`registrations.service.register_at`:
events, the confirmation mail unless the organiser unticks it, ``pending``
when the webinar asks for approval). All of it is one transaction: the import
is stored whole, or (an error no check foresaw) not at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from webinarium.access.service import Venue
from webinarium.kit.errors import InvalidInput
from webinarium.models import Account, CustomField
from webinarium.registrations import sources
from webinarium.registrations.adding import (
    RegistrantRefused,
    TypedRegistrant,
    check_registrant,
    register_checked,
)
from webinarium.registrations.service import registration_records

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000

_EMAIL_HEADERS = frozenset({"email", "e_mail", "mail", "email_address"})
# How a refusal names the field (the e-mail's messages say it themselves).
_LABELS = {"email": "", "first_name": "first name", "last_name": "last name"}
_NAME_HEADERS = {
    "first_name": "first_name",
    "firstname": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
}


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    first_name: str = ""
    last_name: str = ""
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RefusedRow:
    line: int
    email: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    registered: list[ImportRow]
    refused: list[RefusedRow]
    ignored_columns: list[str]


@dataclass(frozen=True)
class _Table:
    rows: list[ImportRow]
    ignored_columns: list[str]


def _key(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def _decoded(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"the file is over {MAX_IMPORT_BYTES // (1024 * 1024)} MB: split it into smaller files"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            "the file is not UTF-8 text: save it as “CSV UTF-8” and upload it again"
        ) from None


def read_table(data: bytes, fields: Sequence[CustomField]) -> _Table:
    """The rows of the file (blank ones skipped), or `InvalidInput` for a file
    that cannot be read as a whole."""
    text = _decoded(data)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise InvalidInput("the file is empty: its first row names the columns (email, …)")
        questions = {_key(f.api_name): f for f in fields} | {_key(f.field_name): f for f in fields}
        columns: list[tuple[str, str] | None] = []  # (what, api name) per column
        ignored = []
        for name in header:
            key = _key(name)
            if key in _EMAIL_HEADERS:
                columns.append(("email", ""))
            elif key in _NAME_HEADERS:
                columns.append((_NAME_HEADERS[key], ""))
            elif key in questions:
                columns.append(("answer", questions[key].api_name))
            else:
                columns.append(None)
                if name.strip():
                    ignored.append(name.strip())
        if not any(c is not None and c[0] == "email" for c in columns):
            raise InvalidInput("the first row must name an “email” column")
        rows: list[ImportRow] = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) == MAX_IMPORT_ROWS:
                raise InvalidInput(
                    f"the file has more than {MAX_IMPORT_ROWS:,} rows: split it into smaller files"
                )
            found: dict[str, str] = {}
            answers: dict[str, str] = {}
            for column, value in zip(columns, values, strict=False):
                if column is None:
                    continue
                what, api_name = column
                if what == "answer":
                    answers[api_name] = value.strip()
                else:
                    found[what] = value.strip()
            rows.append(
                ImportRow(
                    line=reader.line_num,
                    email=found.get("email", ""),
                    first_name=found.get("first_name", ""),
                    last_name=found.get("last_name", ""),
                    answers=answers,
                )
            )
    except csv.Error as error:
        raise InvalidInput(f"line {reader.line_num}: the file is not valid CSV ({error})") from None
    return _Table(rows, ignored)


async def import_registrants(
    session: AsyncSession,
    account: Account,
    venue: Venue,
    fields: Sequence[CustomField],
    data: bytes,
    *,
    send_confirmations: bool,
) -> ImportResult:
    """Registers the file's valid rows and lists the others (see the module doc)."""
    table = read_table(data, fields)
    _, records = await registration_records(session, account, venue.conference.id)
    registered_already = {p.email for r, p in records if r.revoked_at is None}
    first_line: dict[str, int] = {}
    labels = {f.api_name: f.field_name for f in fields} | _LABELS
    accepted: list[ImportRow] = []
    refused: list[RefusedRow] = []
    for row in table.rows:
        typed = TypedRegistrant(row.email, row.first_name, row.last_name, row.answers)
        address = row.email.strip().lower()
        if address in first_line:
            reason = f"duplicate: the same address as line {first_line[address]}"
            refused.append(RefusedRow(row.line, row.email, reason))
            continue
        first_line[address] = row.line
        if address in registered_already:
            refused.append(RefusedRow(row.line, row.email, "duplicate: registered already"))
            continue
        try:
            checked = await check_registrant(session, account, venue, fields, typed)
        except RegistrantRefused as refusal:
            reason = "; ".join(
                f"{labels[k]}: {v}" if labels.get(k) else v for k, v in refusal.errors.items()
            )
            refused.append(RefusedRow(row.line, row.email, reason))
            continue
        await register_checked(
            session,
            account,
            venue,
            typed,
            checked,
            source=sources.IMPORT,
            send_confirmation=send_confirmations,
        )
        accepted.append(
            ImportRow(row.line, checked.email, row.first_name, row.last_name, checked.answers)
        )
    return ImportResult(accepted, refused, table.ignored_columns)
